"""The Qt binding itself: a defect there takes the whole app down, whatever our code does."""

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_calls_that_return_nothing_leave_none_referenced(qtbot: QtBot) -> None:
    # PySide6 6.12.0 took one reference off None per such call; when the count reached zero
    # CPython aborted ("none_dealloc"), after a few minutes of live camera preview.
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.update()
        label.setText("Koffer")
    assert sys.getrefcount(None) - before < 10
