"""The overview screens use the store, devices, files and the kit check off the GUI thread."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.domain.case import ServiceKind
from koffer.domain.person import Person
from koffer.ui import kit_workers
from koffer.ui.main_window import MainWindow
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start, recording


def test_every_screen_does_its_work_on_a_worker_thread(
    qtbot: QtBot, kit: Kit, citizen: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    QApplication.instance().thread().setObjectName("gui")
    monkeypatch.setattr(
        kit.store, "unit_of_work", recording(calls, "store", kit.store.unit_of_work)
    )
    monkeypatch.setattr(kit.devices, "check", recording(calls, "devices", kit.devices.check))
    monkeypatch.setattr(
        kit_workers, "update_config", recording(calls, "settings file", kit_workers.update_config)
    )
    window = MainWindow(kit)
    qtbot.addWidget(window)
    window.device_worker._queues = recording(calls, "queues", lambda: ["Büro"])
    window.kit_check_worker._check = recording(
        calls, "kit check", lambda _dir: kit_workers.CheckReport(ready=True, lines=())
    )
    window.show()
    try:
        first_start(qtbot, window)
        case = kit.case_flow().open(
            ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"}
        )
        calls.clear()  # from here on only the screens' own work counts
        window.overview_requested.emit()
        qtbot.waitUntil(
            # The day read at unlocking may still be on its way: no item at all yet.
            lambda: any(
                case.reference in window.dashboard.drafts.item(row).text()
                for row in range(window.dashboard.drafts.count())
            ),
            timeout=SIGNAL_TIMEOUT_MS,
        )
        with qtbot.waitSignal(window.devices_refreshed, timeout=SIGNAL_TIMEOUT_MS):
            qtbot.mouseClick(window.dashboard.devices_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(window.outbox_refreshed, timeout=SIGNAL_TIMEOUT_MS):
            window.show_page(window.sync_page)
        with qtbot.waitSignal(window.review_opened, timeout=SIGNAL_TIMEOUT_MS):
            window.request_review(case.id)
        review = window.review_window
        assert review is not None
        with qtbot.waitSignal(window.review_answered, timeout=SIGNAL_TIMEOUT_MS):
            review.confirm_button.click()
        page = window.settings_page
        qtbot.mouseClick(page.queues_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.queue.findData("Büro") >= 0, timeout=SIGNAL_TIMEOUT_MS)
        with qtbot.waitSignal(page.appearance_changed, timeout=SIGNAL_TIMEOUT_MS):
            page.save()
        window.kit_check_page.start()
        qtbot.waitUntil(lambda: not window.kit_check_page.running, timeout=SIGNAL_TIMEOUT_MS)
    finally:
        window.shutdown()

    by_name: dict[str, set[str]] = {}
    for name, thread in calls:
        by_name.setdefault(name, set()).add(thread)
    assert by_name.pop("store") <= {"koffer-store", "koffer-sync"}  # sync runs in between
    assert by_name == {
        "devices": {"koffer-devices"},
        "queues": {"koffer-devices"},
        "settings file": {"koffer-settings"},
        "kit check": {"koffer-kit-check"},
    }
