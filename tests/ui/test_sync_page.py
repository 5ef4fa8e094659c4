"""The sync page: outbox entries with state, attempts, next attempt and the translated error."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from koffer.app import Kit, build_kit
from koffer.domain.case import ServiceKind
from koffer.domain.messages import translate
from koffer.domain.person import Person
from koffer.settings import KofferSettings, SyncSettings
from koffer.ui.main_window import MainWindow
from koffer.ui.sync_page import OutboxColumn
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start


@pytest.fixture
def offline_kit(settings: KofferSettings) -> Iterator[Kit]:
    """A kit whose town hall does not answer (nothing listens on the port)."""
    configured = settings.model_copy(
        update={"sync": SyncSettings(townhall_url="http://127.0.0.1:9", timeout_s=2)}
    )
    kit = build_kit(configured)
    yield kit
    kit.close()


@pytest.fixture
def offline_window(qtbot: QtBot, offline_kit: Kit) -> Iterator[MainWindow]:
    main = MainWindow(offline_kit)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.shutdown()


def _queue_case(kit: Kit, citizen: Person) -> str:
    case = kit.case_flow().open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})
    with kit.store.unit_of_work() as uow:
        uow.enqueue(case.id)
    return case.reference


def _cell(window: MainWindow, row: int, column: OutboxColumn) -> str:
    model = window.sync_page.model
    return str(model.data(model.index(row, column)))


def test_a_failed_attempt_shows_attempts_next_try_and_the_reason_in_words(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    first_start(qtbot, window)
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
    reference = _queue_case(kit, citizen)
    with kit.store.unit_of_work() as uow:  # as the synchroniser records a refused packet
        entry = uow.due_outbox()[0]
        uow.mark_failed(entry.id, "sync.server_error: HTTP 500 boom", timedelta(minutes=5))

    window.show_page(window.sync_page)
    qtbot.waitUntil(lambda: window.sync_page.model.rowCount() == 1, timeout=SIGNAL_TIMEOUT_MS)

    assert _cell(window, 0, OutboxColumn.REFERENCE) == reference
    assert _cell(window, 0, OutboxColumn.STATE) == "✗ Fehlgeschlagen, neuer Versuch geplant"
    assert _cell(window, 0, OutboxColumn.ATTEMPTS) == "1"
    assert _cell(window, 0, OutboxColumn.ERROR) == translate("sync.server_error", "de")
    model = window.sync_page.model
    detail = model.data(model.index(0, OutboxColumn.ERROR), Qt.ItemDataRole.ToolTipRole)
    assert detail == "HTTP 500 boom"
    assert _cell(window, 0, OutboxColumn.NEXT) != "–"


def test_an_unreachable_town_hall_is_named_and_the_case_keeps_waiting(
    qtbot: QtBot, offline_window: MainWindow, offline_kit: Kit, citizen: Person
) -> None:
    window = offline_window
    first_start(qtbot, window)
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
    _queue_case(offline_kit, citizen)
    window.show_page(window.sync_page)

    with qtbot.waitSignal(window.sync_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        qtbot.mouseClick(window.sync_page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync_page.model.rowCount() == 1, timeout=SIGNAL_TIMEOUT_MS)

    assert finished.args == [False]
    assert translate("sync.unreachable", "de") in window.sync_page.status_label.text()
    assert _cell(window, 0, OutboxColumn.STATE) == "○ Wartet"
    assert window.sync_page.sync_button.isEnabled()


def test_the_sync_page_lists_a_waiting_case_before_the_first_attempt(
    qtbot: QtBot, offline_window: MainWindow, offline_kit: Kit, citizen: Person
) -> None:
    window = offline_window
    first_start(qtbot, window)
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
    reference = _queue_case(offline_kit, citizen)

    window.show_page(window.sync_page)
    qtbot.waitUntil(lambda: window.sync_page.model.rowCount() == 1, timeout=SIGNAL_TIMEOUT_MS)

    assert _cell(window, 0, OutboxColumn.REFERENCE) == reference
    assert _cell(window, 0, OutboxColumn.STATE) == "○ Wartet"
    assert _cell(window, 0, OutboxColumn.ATTEMPTS) == "0"
    assert _cell(window, 0, OutboxColumn.ERROR) == "–"


def test_a_delivered_case_is_listed_as_transmitted(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    first_start(qtbot, window)
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
    _queue_case(kit, citizen)
    window.show_page(window.sync_page)

    with qtbot.waitSignal(window.sync_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert finished.args == [True]

    qtbot.waitUntil(
        lambda: (
            window.sync_page.model.rowCount() == 1
            and _cell(window, 0, OutboxColumn.STATE).startswith("✓")
        ),
        timeout=SIGNAL_TIMEOUT_MS,
    )
    assert "Übermittelt: 1" in window.sync_page.status_label.text()
