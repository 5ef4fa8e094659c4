"""``run(kit)``: names the application, shows the window, starts the town hall, closes the kit."""

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.ui.application import run
from koffer.ui.main_window import MainWindow
from koffer.ui.unlock import UnlockMode


def _close_when_ready(
    app: QApplication, seen: list[MainWindow], started: list[str]
) -> Callable[[], None]:
    def check() -> None:
        # A callback that raised would leave exec() running: end the loop whatever happens.
        try:
            windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
            ready = windows and windows[0].unlock_page.mode is not UnlockMode.CHECKING
            if ready and started:
                seen.append(windows[0])
                windows[0].close()
        except Exception:
            app.exit(2)
            raise

    return check


def test_run_shows_the_window_and_closes_the_kit_on_exit(
    qtbot: QtBot, qapp: QApplication, kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    start = kit.start_embedded_townhall

    def start_and_record() -> Any:
        started.append(QThread.currentThread().objectName())
        return start()

    monkeypatch.setattr(kit, "start_embedded_townhall", start_and_record)
    seen: list[MainWindow] = []
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(_close_when_ready(qapp, seen, started))
    poll.start()
    try:
        code = run(kit)
    finally:
        poll.stop()

    assert code == 0
    assert qapp.applicationName() == "Koffer"
    assert qapp.organizationName() == "Koffer"
    assert seen
    assert seen[0].unlock_page.mode is UnlockMode.FIRST_START
    assert all(thread.thread.isFinished() for thread in seen[0].worker_threads)
    assert started == ["koffer-sync"]  # the embedded town hall, started on the sync worker
    assert kit._embedded is None  # ... and stopped by kit.close()
    assert not kit.store.unlocked
