"""What the unlock screen needs before the kit is built, read without the heavy imports.

The clerk's app shows its unlock screen first and builds the kit (settings validated by
pydantic, the store with SQLAlchemy and the ciphers) on the store worker's thread while the
clerk types. The screen itself needs only a few settings: language, text size, contrast,
the office's name, the shortest passphrase and where the store lives (whether a clerk is
enrolled shows from its file). :func:`read_view` reads them from the same sources as
:class:`koffer.settings.KofferSettings` (``KOFFER_*`` environment, then the TOML file, then
the defaults defined here and used there). Should the validated settings differ (a value
the TOML file gets wrong), the kit's own answer wins once it is built.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import platformdirs

APP_NAME = "koffer"
DB_NAME = "kit.db"
DEFAULT_LANGUAGE: Final = "de"
DEFAULT_OFFICE = "Bürgerbüro Musterstadt"
DEFAULT_MIN_PASSPHRASE = 8
DEFAULT_FONT_SCALE = 100


def default_config_file() -> Path:
    """Return the TOML file read for settings."""
    override = os.environ.get("KOFFER_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "koffer.toml"


def default_data_dir() -> Path:
    """Return the directory holding the encrypted kit store."""
    return Path(platformdirs.user_data_dir(APP_NAME))


@dataclass(frozen=True)
class StartupView:
    """The settings the unlock screen is drawn with."""

    data_dir: Path
    language: str = DEFAULT_LANGUAGE
    font_scale: int = DEFAULT_FONT_SCALE
    high_contrast: bool = False
    office: str = DEFAULT_OFFICE
    min_passphrase: int = DEFAULT_MIN_PASSPHRASE

    @property
    def enrolled(self) -> bool:
        """Whether the kit's store exists (a first clerk was enrolled with it)."""
        return (self.data_dir / DB_NAME).is_file()

    @classmethod
    def of(cls, settings: Any) -> StartupView:
        """The view of validated settings (a ``KofferSettings``)."""
        return cls(
            data_dir=settings.data_dir,
            language=settings.language,
            font_scale=settings.ui.font_scale,
            high_contrast=settings.ui.high_contrast,
            office=settings.municipality.office,
            min_passphrase=settings.security.min_passphrase_length,
        )


def _toml() -> Mapping[str, Any]:
    try:
        with default_config_file().open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # reported by the full settings once the kit is built


def _value(toml: Mapping[str, Any], path: tuple[str, ...], convert: Callable[[Any], Any]) -> Any:
    """The environment's value for ``path`` (``KOFFER_A__B``), else the TOML file's."""
    raw: Any = os.environ.get("KOFFER_" + "__".join(path).upper())
    if raw is None:
        raw = toml
        for key in path:
            raw = raw.get(key) if isinstance(raw, Mapping) else None
    if raw is None:
        return None
    try:
        return convert(raw)
    except (TypeError, ValueError):
        return None


def _flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ValueError(text)


def read_view() -> StartupView:
    """Read the unlock screen's settings from the environment and the TOML file."""
    toml = _toml()
    found = {
        "data_dir": _value(toml, ("data_dir",), lambda raw: Path(str(raw))),
        "language": _value(toml, ("language",), str),
        "font_scale": _value(toml, ("ui", "font_scale"), lambda raw: min(max(int(raw), 100), 200)),
        "high_contrast": _value(toml, ("ui", "high_contrast"), _flag),
        "office": _value(toml, ("municipality", "office"), str),
        "min_passphrase": _value(toml, ("security", "min_passphrase_length"), int),
    }
    if found["data_dir"] is None:
        found["data_dir"] = default_data_dir()
    return StartupView(**{key: value for key, value in found.items() if value is not None})
