"""Starts the Qt application for a kit and closes the kit when the window is gone."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtWidgets import QApplication

from koffer.ui import i18n, style
from koffer.ui.activity import InputActivity
from koffer.ui.garbage import GuiThreadCollector
from koffer.ui.kit_start import KitStart
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
    """Show the main window until it closes; return the exit code.

    ``kit`` is an ``app.Kit`` or a :class:`~koffer.ui.kit_start.KitStart` (the kit is then built
    on the store worker's thread while the unlock screen is already up). The window's sync
    worker starts the embedded town hall when no town-hall URL is set. The worker threads are
    stopped before the kit is closed (store locked, town hall stopped). Garbage is collected
    only on the GUI thread meanwhile (see ``garbage``).
    """
    start = kit if isinstance(kit, KitStart) else KitStart.ready(kit)
    app = application()
    i18n.install(app, start.view.language)
    style.apply_appearance(app, start.view.font_scale, start.view.high_contrast)
    collector = GuiThreadCollector()
    collector.start()
    window = MainWindow(start)
    activity = InputActivity(window.touch_store, app)
    app.installEventFilter(activity)
    app.aboutToQuit.connect(window.shutdown)
    try:
        window.show()
        return app.exec()
    finally:
        window.shutdown()
        app.removeEventFilter(activity)
        start.close()
        collector.stop()
