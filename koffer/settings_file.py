"""Writes changed settings into the kit's TOML file, keeping everything else in it.

The settings page changes a few keys (device backends, printer queue, language, text size,
contrast); the rest of the file, written by the town's IT, stays as it was: its comments,
key order, blank lines and table layout included. ``tomlkit`` edits the parsed document in
place and writes it back unchanged except for the values set.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pydantic
import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.toml_document import TOMLDocument

from koffer.domain.errors import ValidationError
from koffer.settings import DeviceSettings, UiSettings, default_config_file

LANGUAGES = ("de", "en")


def read_config(path: Path | None = None) -> dict[str, Any]:
    """Return the TOML file's content (empty when there is no file yet).

    Raises:
        ValidationError: When the file is not valid TOML (it is left untouched).
    """
    path = path or default_config_file()
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError("settings", "error.settings_file", detail=str(exc)) from exc


def update_config(changes: Mapping[str, Any], path: Path | None = None) -> Path:
    """Merge ``changes`` (nested like the file) into the TOML file and return its path.

    The merged result is checked against the settings models first; the file is replaced
    atomically (mode 0600), so an error or a crash leaves the old file. Comments, key order
    and layout of the existing file are kept.

    Raises:
        ValidationError: When the file is not valid TOML or a value is not allowed
            (nothing is written).
    """
    path = path or default_config_file()
    document = _read_document(path)
    _merge(document, changes)
    _check(document.unwrap())
    text = tomlkit.dumps(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".koffer-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        Path(temp).chmod(0o600)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def _read_document(path: Path) -> TOMLDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return tomlkit.document()
    try:
        # tomllib is the reference the settings are read with: a file it refuses is broken
        # even where tomlkit would be lenient.
        tomllib.loads(text)
        return tomlkit.parse(text)
    except (tomllib.TOMLDecodeError, TOMLKitError) as exc:
        raise ValidationError("settings", "error.settings_file", detail=str(exc)) from exc


def _merge(target: Any, changes: Mapping[str, Any]) -> None:
    """Set ``changes`` in the document's (nested) tables, in place."""
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), Mapping):
            _merge(target[key], value)
        else:
            target[key] = _plain(value)


def _plain(value: Any) -> Any:
    """``value`` with paths as strings and tuples as lists, as TOML holds them."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _check(merged: Mapping[str, Any]) -> None:
    if merged.get("language", "de") not in LANGUAGES:
        raise ValidationError("language", "error.validation", detail=str(merged["language"]))
    for section, model in (("devices", DeviceSettings), ("ui", UiSettings)):
        try:
            model.model_validate(merged.get(section, {}))
        except pydantic.ValidationError as exc:
            field = ".".join(str(p) for p in exc.errors()[0]["loc"]) or section
            raise ValidationError(field, "error.validation", detail=str(exc)) from exc


def dumps(data: Mapping[str, Any]) -> str:
    """Return ``data`` (plain values, nested mappings as tables) as TOML."""
    return tomlkit.dumps(_plain(data))
