"""The settings file writer: merged, checked, atomic, read back by the settings."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from koffer.domain.errors import ValidationError
from koffer.domain.messages import describe
from koffer.settings import KofferSettings
from koffer.settings_file import dumps, update_config


def test_changes_are_merged_and_read_back_by_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "config" / "koffer.toml"  # KOFFER_CONFIG points here (tests/conftest)
    path.parent.mkdir()
    path.write_text('kit_name = "kit-7"\n[devices]\nprinter_queue = "Büro 2"\n')

    update_config({"devices": {"printer": "cups"}, "ui": {"font_scale": 175}}, path)

    read = KofferSettings()
    assert read.kit_name == "kit-7"
    assert read.devices.printer == "cups"
    assert read.devices.printer_queue == "Büro 2"
    assert read.ui.font_scale == 175
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "changes",
    [
        {"devices": {"printer": "laser"}},
        {"ui": {"font_scale": 250}},
        {"language": "fr"},
    ],
)
def test_a_value_the_settings_refuse_is_not_written(tmp_path: Path, changes: dict) -> None:
    path = tmp_path / "koffer.toml"
    path.write_text('kit_name = "kit-7"\n')

    with pytest.raises(ValidationError) as error:
        update_config(changes, path)

    assert path.read_text() == 'kit_name = "kit-7"\n'
    assert describe(error.value, "de").startswith("Eingabe ungültig")
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_a_broken_file_is_named_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "koffer.toml"
    path.write_text("= broken")

    with pytest.raises(ValidationError) as error:
        update_config({"ui": {"high_contrast": True}}, path)

    assert "Einstellungsdatei" in describe(error.value, "de")
    assert path.read_text() == "= broken"


def test_strings_with_quotes_control_characters_and_umlauts_survive() -> None:
    data = {
        "name": 'Bürgerbüro "Mitte"\n\t\x7f\\',
        "devices": {"usb_ids": {"fingerprint": "1c7a:0570"}, "camera_preview": [1280, 720]},
        "ui": {"high_contrast": False, "font_scale": 150},
        "municipality": {"fee": 9.5},
    }
    assert tomllib.loads(dumps(data)) == data


TOWN_FILE = """\
# Koffer settings for the van of the Bürgerbüro Mitte (town IT, ticket 4711)
kit_name = "kit-mitte-1"  # as on the label

[municipality]
# fees as decided by the council
name = "Essen"
registration_certificate_fee_cents = 900

[devices]
printer_queue = "Büro 2"  # the printer in the van
camera = "sim"
printer = "sim"
"""


def test_comments_key_order_and_layout_of_the_town_file_survive_a_change(
    tmp_path: Path,
) -> None:
    path = tmp_path / "koffer.toml"
    path.write_text(TOWN_FILE, encoding="utf-8")

    update_config(
        {"devices": {"printer": "cups", "signature_pad": "ui"}, "ui": {"font_scale": 150}}, path
    )

    written = path.read_text(encoding="utf-8")
    expected = (
        TOWN_FILE.replace('printer = "sim"', 'printer = "cups"')
        + 'signature_pad = "ui"\n\n[ui]\nfont_scale = 150\n'
    )
    assert written == expected
    assert tomllib.loads(written)["devices"]["printer"] == "cups"
    assert path.stat().st_mode & 0o777 == 0o600
