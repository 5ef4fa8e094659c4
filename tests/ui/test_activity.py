"""Typing and clicking keep the kit unlocked; an untouched window lets it lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from koffer.ui.activity import EVERY_S, InputActivity


def test_key_presses_and_clicks_are_reported_at_most_every_few_seconds(qtbot: QtBot) -> None:
    touches: list[float] = []
    clock = [1000.0]
    app = QApplication.instance()
    assert app is not None
    watcher = InputActivity(lambda: touches.append(clock[0]), clock=lambda: clock[0])
    app.installEventFilter(watcher)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    try:
        qtbot.keyClicks(field, "Meyer1")
        assert touches == [1000.0]  # six key presses, one report
        clock[0] += EVERY_S
        qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        assert touches == [1000.0, 1000.0 + EVERY_S]
        field.setText("no input event")  # a program change is not the clerk's activity
        clock[0] += EVERY_S
        assert len(touches) == 2
    finally:
        app.removeEventFilter(watcher)
