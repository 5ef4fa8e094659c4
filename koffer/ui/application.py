"""Starts the Qt application for a kit and closes the kit when the window is gone."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtWidgets import QApplication

from koffer.ui import i18n, style
from koffer.ui.activity import InputActivity
from koffer.ui.garbage import GuiThreadCollector
from koffer.ui.main_window import MainWindow
from koffer.ui.style import STYLE_SHEET

APP_NAME = "Koffer"
ORGANISATION = "Koffer"


def application() -> QApplication:
    """Return the running QApplication, creating it with the app's names and style."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setStyleSheet(STYLE_SHEET)
    return app


def run(kit: Any) -> int:
    """Show the main window for ``kit`` (an ``app.Kit``) until it closes; return the exit code.

    The window's sync worker starts the embedded town hall when no town-hall URL is set. The
    worker threads are stopped before ``kit.close()`` locks the store and stops the town hall.
    Garbage is collected only on the GUI thread meanwhile (see ``garbage``).
    """
    app = application()
    i18n.install(app, kit.settings.language)
    style.apply_appearance(app, kit.settings.ui.font_scale, kit.settings.ui.high_contrast)
    collector = GuiThreadCollector()
    collector.start()
    activity = InputActivity(kit.store.touch, app)
    app.installEventFilter(activity)
    window = MainWindow(kit)
    app.aboutToQuit.connect(window.shutdown)
    try:
        window.show()
        return app.exec()
    finally:
        window.shutdown()
        app.removeEventFilter(activity)
        kit.close()
        collector.stop()
