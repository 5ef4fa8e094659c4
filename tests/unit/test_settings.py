from pathlib import Path

import pytest

from koffer.settings import KofferSettings


def test_defaults_use_simulators_and_the_user_data_dir(tmp_path: Path) -> None:
    settings = KofferSettings()
    assert settings.devices.printer == "sim"
    assert settings.data_dir == tmp_path / "data" / "koffer"


def test_toml_file_overrides_defaults_and_environment_overrides_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config" / "koffer.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        'language = "en"\n[devices]\nprinter = "cups"\nprinter_queue = "Buero"\n'
        '[municipality]\nname = "Köln"\n',
        encoding="utf-8",
    )
    from_file = KofferSettings()
    assert from_file.language == "en"
    assert from_file.devices.printer == "cups"
    assert from_file.municipality.name == "Köln"

    monkeypatch.setenv("KOFFER_DEVICES__PRINTER", "sim")
    monkeypatch.setenv("KOFFER_LANGUAGE", "de")
    from_env = KofferSettings()
    assert from_env.devices.printer == "sim"
    assert from_env.devices.printer_queue == "Buero"
    assert from_env.language == "de"


def test_unknown_backend_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOFFER_DEVICES__PRINTER", "laser9000")
    with pytest.raises(ValueError, match="printer"):
        KofferSettings()
