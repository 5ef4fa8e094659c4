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
def window(qtbot: QtBot, kit: Kit) -> Iterator[MainWindow]:
    """The main window, shown; its worker threads are stopped before the kit closes."""
    main = MainWindow(kit)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.shutdown()


def wait_for_mode(qtbot: QtBot, window: MainWindow, mode: UnlockMode) -> None:
    """Wait until the unlock page knows whether the kit has a clerk."""
    qtbot.waitUntil(lambda: window.unlock_page.mode is mode, timeout=SIGNAL_TIMEOUT_MS)


def unlock(qtbot: QtBot, window: MainWindow, login: str = CLERK,
           passphrase: str = PASSPHRASE) -> None:
    """Fill in the unlock form and wait for the case list."""
    page = window.unlock_page
    page.login.setText(login)
    page.passphrase.setText(passphrase)
    with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS):
        page.submit_button.click()
