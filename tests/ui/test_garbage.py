"""Garbage is collected on the GUI thread's timer, not wherever Python happens to allocate."""

import gc

from pytestqt.qtbot import QtBot

from koffer.ui.garbage import GuiThreadCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_collector_takes_over_from_python_and_gives_back(qtbot: QtBot) -> None:
    outer_enabled = gc.isenabled()
    collector = GuiThreadCollector(interval_ms=10)
    collector.start()
    try:
        assert not gc.isenabled()
        threshold = gc.get_threshold()[0]
        for _ in range(threshold + 10):
            _Cycle()
        qtbot.waitUntil(lambda: gc.get_count()[0] < threshold, timeout=5_000)
    finally:
        collector.stop()
    assert gc.isenabled() == outer_enabled
