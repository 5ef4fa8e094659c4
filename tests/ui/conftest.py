"""Fixtures for the Qt app: a real kit (simulated devices, embedded town hall) and its window."""

from __future__ import annotations

import os

# Before Qt loads: the tests need no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit, build_kit
from koffer.settings import KofferSettings
from koffer.ui import i18n
from koffer.ui.garbage import GuiThreadCollector
from koffer.ui.main_window import MainWindow
from tests.conftest import CLERK, PASSPHRASE


@pytest.fixture(scope="session", autouse=True)
def _translations_built() -> None:
    """Build the .qm files from the .ts sources, as ``make translations`` does."""
    i18n.build()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As ``run()`` does: a worker thread must never collect (and so destroy) Qt objects."""
    collector = GuiThreadCollector()
    collector.start()
    yield
    collector.stop()


@pytest.fixture
def kit(settings: KofferSettings) -> Iterator[Kit]:
    """The kit the app runs on; closed (store locked, town hall stopped) after the test."""
    built = build_kit(settings)
    yield built
    built.close()


@pytest.fixture
def enrolled_kit(kit: Kit) -> Kit:
    """A kit whose first clerk exists already (locked again)."""
    kit.store.create(CLERK, PASSPHRASE)
    kit.store.lock()
    return kit


def _shown(qtbot: QtBot, kit: Kit) -> Iterator[MainWindow]:
    main = MainWindow(kit)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.shutdown()  # joins the worker threads before the kit closes


@pytest.fixture
def window(qtbot: QtBot, kit: Kit) -> Iterator[MainWindow]:
    """The main window on a new kit (first start)."""
    yield from _shown(qtbot, kit)


@pytest.fixture
def enrolled_window(qtbot: QtBot, enrolled_kit: Kit) -> Iterator[MainWindow]:
    """The main window on a kit with a clerk (unlock screen)."""
    yield from _shown(qtbot, enrolled_kit)
