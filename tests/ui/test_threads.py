"""The GUI thread never calls the store, a device or the town hall; threads stop cleanly."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.domain.case import CaseState
from koffer.domain.person import Person
from koffer.ui.main_window import MainWindow
from tests.ui.helpers import (
    SIGNAL_TIMEOUT_MS,
    case_rows,
    fill_certificate,
    first_start,
    recording,
)


def test_store_devices_and_town_hall_are_only_used_on_worker_threads(
    qtbot: QtBot, kit: Kit, citizen: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    gui_thread = QApplication.instance().thread()
    gui_thread.setObjectName("gui")
    for name in ["is_initialised", "create", "unlock", "lock", "unit_of_work", "clerks"]:
        monkeypatch.setattr(kit.store, name, recording(calls, name, getattr(kit.store, name)))
    monkeypatch.setattr(
        kit.devices.printer, "print", recording(calls, "print", kit.devices.printer.print)
    )
    monkeypatch.setattr(
        kit.devices.payment, "pay", recording(calls, "pay", kit.devices.payment.pay)
    )
    for name in ["synchroniser", "start_embedded_townhall"]:
        monkeypatch.setattr(kit, name, recording(calls, name, getattr(kit, name)))

    window = MainWindow(kit)
    qtbot.addWidget(window)
    window.show()
    try:
        first_start(qtbot, window)
        qtbot.mouseClick(window.cases_page.new_button, Qt.MouseButton.LeftButton)
        dialog = window.certificate_dialog
        assert dialog is not None
        fill_certificate(dialog, citizen)
        with qtbot.waitSignal(dialog.issued, timeout=SIGNAL_TIMEOUT_MS):
            qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: [r.state for r in case_rows(window)] == [CaseState.ACKNOWLEDGED],
            timeout=SIGNAL_TIMEOUT_MS,
        )
        dialog.accept()
        qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
        with qtbot.waitSignal(window.store_locked, timeout=SIGNAL_TIMEOUT_MS):
            window.lock()
    finally:
        window.shutdown()

    called = {name for name, _thread in calls}
    assert {"is_initialised", "create", "unit_of_work", "lock", "print", "pay"} <= called
    assert {"synchroniser", "start_embedded_townhall"} <= called
    threads = {thread for _name, thread in calls}
    assert "gui" not in threads
    assert threads <= {"koffer-store", "koffer-certificate", "koffer-sync"}


def test_closing_the_window_joins_every_worker_thread(qtbot: QtBot, window: MainWindow) -> None:
    first_start(qtbot, window)
    window.request_sync()
    threads = [worker.thread for worker in window.worker_threads]
    assert all(thread.isRunning() for thread in threads)

    window.close()

    assert all(thread.isFinished() for thread in threads)
    assert not window.isVisible()
