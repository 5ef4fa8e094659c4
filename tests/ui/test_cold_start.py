"""Cold start: the unlock screen comes first; the workspace is loaded while the clerk types."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from koffer.app import Kit, kit_start
from koffer.startup import StartupView
from koffer.ui.kit_start import KitStart
from koffer.ui.main_window import MainWindow
from koffer.ui.unlock import UnlockMode
from tests.conftest import CLERK, PASSPHRASE
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, unlock, wait_for_mode

ROOT = Path(__file__).resolve().parents[2]
# What only the unlocked workspace and its dialogs need.
HEAVY = (
    "pydantic",
    "sqlalchemy",
    "cryptography",
    "cv2",
    "numpy",
    "reportlab",
    "fastapi",
    "uvicorn",
    "httpx",
    "koffer.devices.registry",
    "koffer.workflows.engine",
    "koffer.workflows.overview",
    "koffer.ui.dashboard",
    "koffer.ui.certificate_dialog",
    "koffer.ui.id_card_dialog",
)


def test_the_unlock_screen_modules_import_nothing_the_workspace_needs() -> None:
    probe = (
        "import sys\n"
        "import koffer.app, koffer.cli, koffer.ui.application, koffer.ui.main_window\n"
        f"print(sorted(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_workspace_is_built_while_the_unlock_screen_waits(
    qtbot: QtBot, enrolled_window: MainWindow
) -> None:
    window = enrolled_window
    with qtbot.waitSignal(window.workspace_built, timeout=SIGNAL_TIMEOUT_MS):
        wait_for_mode(qtbot, window, UnlockMode.UNLOCK)

    assert window.pages.currentWidget() is window.unlock_page
    assert window.workspace.count() == len(window.page_actions) == 5
    assert not window.unlocked
    names = [thread.name for thread in window.worker_threads]
    assert names[0] == "koffer-store"
    assert {"koffer-certificate", "koffer-id-card", "koffer-sync"} <= set(names)
    assert all(thread.running for thread in window.worker_threads)


def test_unlocking_before_the_workspace_is_loaded_builds_it_then(
    qtbot: QtBot, enrolled_kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clerk is faster than the loader: here the loader never starts at all.
    monkeypatch.setattr(MainWindow, "_load_workspace_modules", lambda _self: None)
    window = MainWindow(enrolled_kit)
    qtbot.addWidget(window)
    window.show()
    built: list[bool] = []
    window.workspace_built.connect(lambda: built.append(True))
    try:
        unlock(qtbot, window)
        assert built == [True]
        assert window.pages.currentWidget() is window.workspace
        assert window.workspace.currentWidget() is window.dashboard
    finally:
        window.shutdown()


def test_closing_at_once_stops_the_loader_and_every_worker(
    qtbot: QtBot, enrolled_window: MainWindow
) -> None:
    window = enrolled_window
    wait_for_mode(qtbot, window, UnlockMode.UNLOCK)
    qtbot.waitUntil(lambda: window._loader is not None, timeout=SIGNAL_TIMEOUT_MS)
    loader = window._loader
    assert loader is not None

    window.close()

    assert not loader.running
    assert all(not thread.running for thread in window.worker_threads)


def test_a_part_asked_for_after_closing_starts_no_thread(
    qtbot: QtBot, enrolled_kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MainWindow, "_load_workspace_modules", lambda _self: None)
    window = MainWindow(enrolled_kit)
    qtbot.addWidget(window)
    window.show()
    wait_for_mode(qtbot, window, UnlockMode.UNLOCK)
    window.close()

    assert window.dashboard is not None  # built, for whoever still looks
    assert [thread.name for thread in window.worker_threads] == ["koffer-store"]
    assert not window.worker_threads[0].running


def test_the_form_takes_the_passphrase_before_the_kit_is_built(
    qtbot: QtBot, enrolled_kit: Kit
) -> None:
    """``koffer gui``: the store worker builds the kit; the form does not wait for it."""
    release = threading.Event()

    def slow_build() -> Kit:
        release.wait(SIGNAL_TIMEOUT_MS / 1000)
        return enrolled_kit

    start = KitStart(StartupView.of(enrolled_kit.settings), slow_build)
    window = MainWindow(start)
    qtbot.addWidget(window)
    window.show()
    try:
        page = window.unlock_page
        assert page.mode is UnlockMode.UNLOCK  # the store's file is there
        assert page.passphrase.isEnabled()
        page.login.setText(CLERK)
        page.passphrase.setText(PASSPHRASE)
        page.submit_button.click()  # waits in the store worker's queue
        assert start.kit is None
        with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS):
            release.set()
        assert window.unlocked
        assert window.start.kit is enrolled_kit
    finally:
        release.set()
        window.shutdown()


def test_settings_that_do_not_validate_are_shown_on_the_unlock_screen(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOFFER_DATA_DIR", str(tmp_path / "kit"))
    monkeypatch.setenv("KOFFER_CONFIG", str(tmp_path / "koffer.toml"))
    monkeypatch.setenv("KOFFER_SECURITY__MAX_OFFLINE_DAYS", "many")
    window = MainWindow(kit_start())
    qtbot.addWidget(window)
    shown: list[str] = []
    window.unlock_page.failure_shown.connect(shown.append)
    window.show()
    try:
        qtbot.waitUntil(lambda: bool(shown), timeout=SIGNAL_TIMEOUT_MS)
        assert "security.max_offline_days" in shown[0]
        assert "Einstellungen sind ungültig" in shown[0]
        assert window.start.kit is None
    finally:
        window.shutdown()
