"""The dashboard after unlocking: the day's plan from the town hall, drafts, queue, devices."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from koffer.app import Kit, build_kit
from koffer.devices.simulation import SimulatedDevice
from koffer.domain.case import ServiceKind
from koffer.domain.person import Person
from koffer.settings import KofferSettings, SyncSettings
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.ui.main_window import MainWindow
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start

TOKEN = "enrol-dashboard"
ADMIN = "admin-dashboard"


@pytest.fixture
def townhall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedTownhall]:
    """A town hall whose back office has planned today for every kit."""
    with EmbeddedTownhall(tmp_path_factory.mktemp("townhall"), TOKEN, admin_token=ADMIN) as running:
        today = date.today().isoformat()  # noqa: DTZ011 - the kit's calendar day
        for entry in (
            {
                "day": today,
                "kind": "service_point_day",
                "place": "Seniorenzentrum Lindenhof",
                "starts_at": "09:00:00",
                "ends_at": "12:00:00",
            },
            {"day": today, "kind": "appointment", "place": "Hausbesuch Ahornweg 3"},
        ):
            answer = httpx.post(
                f"{running.url}/v1/admin/schedule",
                json=entry,
                headers={"Authorization": f"Bearer {ADMIN}"},
                timeout=10,
            )
            assert answer.status_code in {200, 201}, answer.text
        yield running


@pytest.fixture
def planned_window(
    qtbot: QtBot, settings: KofferSettings, townhall: EmbeddedTownhall
) -> Iterator[MainWindow]:
    """The window on a kit that synchronises with ``townhall``."""
    configured = settings.model_copy(
        update={"sync": SyncSettings(townhall_url=townhall.url, enrolment_token=TOKEN)}
    )
    kit = build_kit(configured)
    main = MainWindow(kit)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.shutdown()
    kit.close()


def _texts(widget: object) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]  # type: ignore[attr-defined]


def test_the_dashboard_shows_todays_plan_pulled_from_the_town_hall(
    qtbot: QtBot, planned_window: MainWindow
) -> None:
    window = planned_window
    first_start(qtbot, window)

    assert window.workspace.currentWidget() is window.dashboard
    qtbot.waitUntil(
        lambda: any("Lindenhof" in text for text in _texts(window.dashboard.schedule)),
        timeout=SIGNAL_TIMEOUT_MS,
    )
    assert _texts(window.dashboard.schedule) == [
        "Termin: Hausbesuch Ahornweg 3",
        "09:00–12:00 Sprechtag: Seniorenzentrum Lindenhof",
    ]
    assert "Plan vom Rathaus" in window.dashboard.schedule_source.text()
    assert window.dashboard.connection_label.text().startswith("● Online")
    assert "Zuletzt synchronisiert" in window.dashboard.last_sync_label.text()


def test_before_any_sync_the_dashboard_says_so(qtbot: QtBot, settings: KofferSettings) -> None:
    unreachable = settings.model_copy(
        update={"sync": SyncSettings(townhall_url="http://127.0.0.1:9", timeout_s=2)}
    )
    kit = build_kit(unreachable)
    window = MainWindow(kit)
    qtbot.addWidget(window)
    window.show()
    try:
        first_start(qtbot, window)
        qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
        qtbot.waitUntil(
            lambda: "Offline" in window.dashboard.connection_label.text(),
            timeout=SIGNAL_TIMEOUT_MS,
        )
        assert window.dashboard.connection_label.text().startswith("✗ Offline")
        assert window.dashboard.last_sync_label.text() == "Noch nie synchronisiert"
        assert "nächsten Synchronisation" in window.dashboard.schedule_source.text()
    finally:
        window.shutdown()
        kit.close()


def test_an_unfinished_case_is_offered_to_resume(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    first_start(qtbot, window)
    case = kit.case_flow().open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})
    window.overview_requested.emit()
    drafts = window.dashboard.drafts
    # Earlier answers (after the first sync) may still arrive: wait for the one with the case.
    qtbot.waitUntil(
        lambda: drafts.count() == 1 and case.reference in drafts.item(0).text(),
        timeout=SIGNAL_TIMEOUT_MS,
    )
    assert "Führungszeugnis" in drafts.item(0).text()
    assert window.dashboard.cases_today.text() == "Heute angelegte Vorgänge: 1"

    drafts.setCurrentRow(0)
    qtbot.mouseClick(window.dashboard.resume_button, Qt.MouseButton.LeftButton)

    assert window.workspace.currentWidget() is window.cases_page
    qtbot.waitUntil(lambda: window.cases_page.selected_case() == case.id)


def test_the_device_bar_names_a_fault_in_words_not_only_in_colour(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    first_start(qtbot, window)
    bar = window.dashboard.device_bar
    qtbot.waitUntil(lambda: None not in bar.states.values(), timeout=SIGNAL_TIMEOUT_MS)
    assert all("✓ bereit" in label.text() for label in bar.entries.values())

    printer = kit.devices.printer
    assert isinstance(printer, SimulatedDevice)
    printer.unplug()
    with qtbot.waitSignal(window.devices_refreshed, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(window.dashboard.devices_button, Qt.MouseButton.LeftButton)

    assert bar.entries["printer"].text() == "Drucker: ✗ nicht verfügbar"
    assert bar.entries["camera"].text() == "Kamera: ✓ bereit"


def test_locking_clears_the_dashboard(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    first_start(qtbot, window)
    kit.case_flow().open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})
    window.overview_requested.emit()
    qtbot.waitUntil(
        lambda: (
            window.dashboard.overview is not None and len(window.dashboard.overview.drafts) == 1
        ),
        timeout=SIGNAL_TIMEOUT_MS,
    )
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)

    window.lock()

    assert window.dashboard.drafts.count() == 0
    assert citizen.surname not in window.dashboard.cases_today.text()
