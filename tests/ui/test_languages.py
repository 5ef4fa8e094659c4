"""Qt Linguist translations: complete .ts files, built .qm files, and the app in English."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit, build_kit
from koffer.settings import KofferSettings
from koffer.ui import i18n
from koffer.ui.main_window import MainWindow
from koffer.ui.unlock import UnlockMode
from tests.ui.helpers import first_start, wait_for_mode

UI_DIR = Path(__file__).parents[2] / "koffer" / "ui"


def _unfinished(ts: Path) -> list[str]:
    root = ET.parse(ts).getroot()  # noqa: S314 - our own file
    return [
        str(message.findtext("source"))
        for message in root.iter("message")
        if (translation := message.find("translation")) is not None
        and (translation.get("type") == "unfinished" or not translation.text)
    ]


@pytest.mark.parametrize("language", [lang for lang in i18n.CITIZEN_LANGUAGES if lang != "de"])
def test_every_ts_file_is_translated_completely(language: str) -> None:
    ts = i18n.translations_dir() / f"koffer_{language}.ts"
    assert _unfinished(ts) == []
    assert i18n.qm_file(language).exists()  # built from it by the session's set-up


def test_the_english_ts_holds_every_text_of_the_clerk_screens(tmp_path: Path) -> None:
    # lupdate over today's sources into a copy: a text added to the UI since the .ts was
    # last updated shows up as unfinished ("make translations-update", then translate it).
    lupdate = Path(i18n.lrelease()).with_name("pyside6-lupdate")
    copy = tmp_path / "koffer_en.ts"
    shutil.copy(i18n.translations_dir() / "koffer_en.ts", copy)
    sources = sorted(str(p) for p in UI_DIR.rglob("*.py"))
    subprocess.run(
        [str(lupdate), *sources, "-source-language", "de", "-target-language", "en",
         "-no-obsolete", "-locations", "none", "-ts", str(copy)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    assert _unfinished(copy) == []


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The clerk's language is English for one test."""
    assert i18n.install(qapp, "en") is not None
    yield
    i18n.install(qapp, "de")


@pytest.fixture
def english_window(qtbot: QtBot, settings: KofferSettings, english: None) -> Iterator[MainWindow]:
    kit: Kit = build_kit(settings.model_copy(update={"language": "en"}))
    main = MainWindow(kit)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.shutdown()
    kit.close()


def test_switched_to_english_the_screens_speak_english(
    qtbot: QtBot, english_window: MainWindow
) -> None:
    window = english_window
    wait_for_mode(qtbot, window, UnlockMode.FIRST_START)
    assert window.unlock_page.heading.text() == "First start: set up the kit"
    assert window.unlock_page.submit_button.text() == "&Set up kit"

    first_start(qtbot, window)

    tabs = [window.workspace.tabText(i) for i in range(window.workspace.count())]
    assert tabs == ["&Overview", "&Cases", "&Transmission", "&Settings", "&Kit check"]
    assert window.dashboard.drafts.accessibleName() == "Unfinished cases to resume"
    model = window.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["Reference", "Citizen", "Service"]
    assert window.cases_page.service_filter.itemText(0) == "All services"
    assert window.sync_page.sync_button.text() == "&Synchronise now"
    assert window.settings_page.save_button.text() == "&Save"
    assert window.kit_check_page.run_button.text() == "&Start check"
    qtbot.waitUntil(lambda: "ready" in window.dashboard.device_bar.entries["camera"].text())
    assert window.dashboard.device_bar.entries["camera"].text() == "Camera: ✓ ready"


def test_german_needs_no_file_and_a_missing_language_falls_back_to_german() -> None:
    assert i18n.translator("de") is None
    assert i18n.translator("xx") is None
    assert i18n.Wording("xx", "CitizenReview")("Sprache") == "Sprache"
