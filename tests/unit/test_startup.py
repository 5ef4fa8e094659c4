"""The unlock screen's settings, read without pydantic, agree with the validated settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from koffer.app import kit_start
from koffer.domain.errors import ValidationError
from koffer.settings import KofferSettings
from koffer.startup import StartupView, read_view
from koffer.ui.kit_start import KitStart


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("DATA_DIR", "LANGUAGE", "UI__FONT_SCALE", "UI__HIGH_CONTRAST",
                 "MUNICIPALITY__OFFICE", "SECURITY__MIN_PASSPHRASE_LENGTH"):  # fmt: skip
        monkeypatch.delenv(f"KOFFER_{name}", raising=False)
    path = tmp_path / "koffer.toml"
    monkeypatch.setenv("KOFFER_CONFIG", str(path))
    return path


def test_defaults_agree(config: Path) -> None:
    assert not config.exists()
    assert read_view() == StartupView.of(KofferSettings())


def test_the_toml_file_agrees(config: Path, tmp_path: Path) -> None:
    config.write_text(
        f'data_dir = "{tmp_path / "kit"}"\nlanguage = "en"\n'
        "[ui]\nfont_scale = 150\nhigh_contrast = true\n"
        '[municipality]\noffice = "Bürgerbüro Beispielhausen"\n'
        "[security]\nmin_passphrase_length = 12\n",
        encoding="utf-8",
    )
    view = read_view()
    assert view == StartupView.of(KofferSettings())
    assert (view.language, view.font_scale, view.high_contrast) == ("en", 150, True)
    assert view.office == "Bürgerbüro Beispielhausen"
    assert view.min_passphrase == 12


def test_the_environment_wins_over_the_file_as_it_does_for_the_settings(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.write_text('language = "de"\n[ui]\nfont_scale = 120\n', encoding="utf-8")
    monkeypatch.setenv("KOFFER_LANGUAGE", "en")
    monkeypatch.setenv("KOFFER_UI__FONT_SCALE", "175")
    monkeypatch.setenv("KOFFER_UI__HIGH_CONTRAST", "true")
    monkeypatch.setenv("KOFFER_DATA_DIR", str(tmp_path / "elsewhere"))
    view = read_view()
    assert view == StartupView.of(KofferSettings())
    assert (view.language, view.font_scale, view.high_contrast) == ("en", 175, True)


def test_a_broken_file_leaves_the_defaults_for_the_screen(config: Path) -> None:
    config.write_text("language = [unclosed\n", encoding="utf-8")
    assert read_view().language == "de"


def test_enrolled_means_the_store_file_exists(tmp_path: Path) -> None:
    view = StartupView(data_dir=tmp_path)
    assert not view.enrolled
    (tmp_path / "kit.db").write_bytes(b"")
    assert view.enrolled


def test_the_kit_is_built_once(tmp_path: Path) -> None:
    built: list[object] = []

    class FakeKit:
        def close(self) -> None:
            built.append("closed")

    def build() -> FakeKit:
        built.append("built")
        return FakeKit()

    start = KitStart(StartupView(data_dir=tmp_path), build)
    assert start.kit is None
    assert start.load() is start.load() is start.kit
    start.close()
    assert built == ["built", "closed"]


def test_settings_that_do_not_validate_become_a_translated_error(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOFFER_UI__FONT_SCALE", "500")
    with pytest.raises(ValidationError) as error:
        kit_start().load()
    assert error.value.message_key == "error.settings_invalid"
    assert "ui.font_scale" in str(error.value.params["detail"])
