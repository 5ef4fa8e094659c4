"""The settings page writes the TOML file the settings are read from; text size applies at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.devices.errors import DeviceUnavailable
from koffer.domain.messages import describe
from koffer.settings import KofferSettings, default_config_file
from koffer.ui import style
from koffer.ui.main_window import MainWindow
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start


@pytest.fixture
def restored_appearance(qapp: QApplication) -> Iterator[None]:
    """Put text size and theme back for the tests that follow."""
    yield
    style.apply_appearance(qapp, 100, high_contrast=False)


def _choose(combo: object, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


@pytest.mark.usefixtures("restored_appearance")
def test_saved_settings_are_read_back_and_text_size_and_contrast_apply_at_once(
    qtbot: QtBot, window: MainWindow, qapp: QApplication
) -> None:
    first_start(qtbot, window)
    page = window.settings_page
    window.show_page(page)
    base = qapp.font().pointSizeF()
    _choose(page.backends["printer"], "cups")
    _choose(page.backends["scanner"], "sane")
    _choose(page.language, "en")
    _choose(page.font_scale, 150)
    page.high_contrast.setChecked(True)

    with qtbot.waitSignal(page.appearance_changed, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    read = KofferSettings()
    assert read.devices.printer == "cups"
    assert read.devices.scanner == "sane"
    assert read.language == "en"
    assert read.ui.font_scale == 150
    assert read.ui.high_contrast is True
    assert str(default_config_file()) in page.done_label.text()
    assert qapp.font().pointSizeF() == pytest.approx(base * 1.5)
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert style.high_contrast_on()


def test_other_keys_in_the_file_are_kept(qtbot: QtBot, window: MainWindow) -> None:
    path = default_config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('kit_name = "kit-essen-3"\n\n[municipality]\nname = "Essen"\n')
    first_start(qtbot, window)
    page = window.settings_page

    with qtbot.waitSignal(page.appearance_changed, timeout=SIGNAL_TIMEOUT_MS):
        page.save()

    read = KofferSettings()
    assert read.kit_name == "kit-essen-3"
    assert read.municipality.name == "Essen"
    assert path.stat().st_mode & 0o077 == 0


def test_a_broken_settings_file_is_reported_and_left_alone(
    qtbot: QtBot, window: MainWindow
) -> None:
    path: Path = default_config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("this is = = not toml\n")
    first_start(qtbot, window)
    page = window.settings_page
    window.show_page(page)

    page.save()
    qtbot.waitUntil(page.error_label.isVisible, timeout=SIGNAL_TIMEOUT_MS)

    assert "Einstellungsdatei ist fehlerhaft" in page.error_label.text()
    assert path.read_text() == "this is = = not toml\n"
    assert page.save_button.isEnabled()


def test_without_cupsd_the_queue_list_says_why_in_words(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    first_start(qtbot, window)
    page = window.settings_page
    window.show_page(page)

    qtbot.mouseClick(page.queues_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.queue_status.text()), timeout=SIGNAL_TIMEOUT_MS)

    expected = describe(DeviceUnavailable("printer", "CUPS"), "de").split(":")[0]
    assert page.queue_status.text().startswith(expected)
    assert page.queue.count() == 1  # only "CUPS's default queue"


def test_the_town_file_keeps_its_comments_and_key_order(qtbot: QtBot, window: MainWindow) -> None:
    path = default_config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    town_file = (
        "# set up by the town's IT - do not change by hand\n"
        'language = "de"\n'
        'kit_name = "kit-essen-3"  # the label on the case\n'
        "\n"
        "[municipality]\n"
        "# the council's fee decision of 2024\n"
        'name = "Essen"\n'
    )
    path.write_text(town_file, encoding="utf-8")
    first_start(qtbot, window)
    page = window.settings_page
    window.show_page(page)
    _choose(page.language, "en")
    _choose(page.backends["signature_pad"], "ui")

    with qtbot.waitSignal(page.appearance_changed, timeout=SIGNAL_TIMEOUT_MS):
        page.save()

    written = path.read_text(encoding="utf-8")
    assert written.startswith(town_file.replace('language = "de"', 'language = "en"'))
    assert KofferSettings().devices.signature_pad == "ui"
