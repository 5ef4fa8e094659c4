"""Fixtures for the Qt app: a real kit (simulated devices, embedded town hall) and its window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402 - the platform is chosen before Qt loads

import pytest  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from koffer.app import Kit, build_kit  # noqa: E402
from koffer.settings import KofferSettings  # noqa: E402
from koffer.ui.main_window import MainWindow  # noqa: E402
from koffer.ui.unlock import UnlockMode  # noqa: E402
from tests.conftest import CLERK, PASSPHRASE  # noqa: E402

SIGNAL_TIMEOUT_MS = 20_000


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


def first_start(qtbot: QtBot, window: MainWindow) -> None:
    """Enrol the first clerk through the form and wait for the case list."""
    wait_for_mode(qtbot, window, UnlockMode.FIRST_START)
    page = window.unlock_page
    page.login.setText(CLERK)
    page.passphrase.setText(PASSPHRASE)
    page.repeat.setText(PASSPHRASE)
    with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS):
        page.submit_button.click()


def wait_for_mode(qtbot: QtBot, window: MainWindow, mode: UnlockMode) -> None:
    """Wait until the unlock page knows whether the kit has a clerk."""
    qtbot.waitUntil(lambda: window.unlock_page.mode is mode, timeout=SIGNAL_TIMEOUT_MS)


def unlock(qtbot: QtBot, window: MainWindow, login: str = CLERK,
           passphrase: str = PASSPHRASE) -> None:
    """Fill in the unlock form and wait for the case list."""
    wait_for_mode(qtbot, window, UnlockMode.UNLOCK)
    page = window.unlock_page
    page.login.setText(login)
    page.passphrase.setText(passphrase)
    with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS):
        page.submit_button.click()
