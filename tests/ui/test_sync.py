"""The sync indicator: offline when the town hall cannot be reached; the case stays queued."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from koffer.app import Kit, build_kit
from koffer.domain.case import CaseState
from koffer.domain.person import Person
from koffer.settings import KofferSettings, SyncSettings
from koffer.ui.main_window import MainWindow
from koffer.ui.sync_indicator import Connection
from tests.ui.helpers import (
    SIGNAL_TIMEOUT_MS,
    case_rows,
    fill_certificate,
    first_start,
    open_certificate_dialog,
)

CLOSED_PORT_URL = "http://127.0.0.1:9"  # discard port: nothing listens on loopback here


@pytest.fixture
def offline_kit(settings: KofferSettings) -> Iterator[Kit]:
    built = build_kit(
        settings.model_copy(update={"sync": SyncSettings(townhall_url=CLOSED_PORT_URL)})
    )
    yield built
    built.close()


@pytest.fixture
def offline_window(qtbot: QtBot, offline_kit: Kit) -> Iterator[MainWindow]:
    window = MainWindow(offline_kit)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.shutdown()


def test_an_unreachable_town_hall_shows_offline_and_keeps_the_case_queued(
    qtbot: QtBot, offline_window: MainWindow, citizen: Person
) -> None:
    window = offline_window
    first_start(qtbot, window)
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
    assert window.sync_indicator.connection is Connection.OFFLINE
    dialog = open_certificate_dialog(qtbot, window)
    fill_certificate(dialog, citizen)
    with qtbot.waitSignal(dialog.issued, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(window.sync_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        pass
    assert finished.args == [False]
    qtbot.waitUntil(lambda: window.sync_indicator.queued == 1, timeout=SIGNAL_TIMEOUT_MS)
    assert window.sync_indicator.connection is Connection.OFFLINE
    assert window.sync_indicator.state_label.text() == "● Offline"
    assert "Übertragung ans Rathaus fehlgeschlagen" in window.statusBar().currentMessage()
    assert [row.state for row in case_rows(window)] == [CaseState.QUEUED]
    assert window.sync_indicator.sync_button.isEnabled()  # the clerk may try again
