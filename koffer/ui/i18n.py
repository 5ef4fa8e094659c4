"""Qt Linguist translations: where the .ts/.qm files are, building them, loading them.

German is the source language of every screen, so German needs no file. The clerk's screens
exist in German and English; the citizen's screens also in Turkish, Arabic (right to left),
Ukrainian and Russian. The ``.ts`` files are the sources and are kept in the repository; the
``.qm`` files are built from them with ``pyside6-lrelease`` from the PySide6 wheel
(``make translations``, or ``build()``) and are not, as they can always be built again.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator

SOURCE_LANGUAGE = "de"
CLERK_LANGUAGES = ("de", "en")
CITIZEN_LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru")
RIGHT_TO_LEFT = frozenset({"ar"})
# Each language in its own words, as a citizen looks for it.
ENDONYMS = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
}


def translations_dir() -> Path:
    """The folder with the ``koffer_<language>.ts`` sources and the built ``.qm`` files."""
    # find_spec, not importlib.resources: that one costs the app's start-up ~10 ms of imports.
    spec = importlib.util.find_spec("koffer.resources")
    if spec is None or not spec.submodule_search_locations:
        msg = "the package koffer.resources is not installed"
        raise FileNotFoundError(msg)
    return Path(next(iter(spec.submodule_search_locations))) / "translations"


def qm_file(language: str, folder: Path | None = None) -> Path:
    """The compiled translation for ``language``."""
    return (folder or translations_dir()) / f"koffer_{language}.qm"


def lrelease() -> str:
    """The ``pyside6-lrelease`` next to this Python, else the one on PATH."""
    import shutil  # building translations only: not on the app's start-up path

    beside = Path(sys.executable).with_name("pyside6-lrelease")
    if beside.exists():
        return str(beside)
    found = shutil.which("pyside6-lrelease")
    if found is None:
        msg = "pyside6-lrelease not found (it comes with the PySide6 wheel)"
        raise FileNotFoundError(msg)
    return found


def build(folder: Path | None = None) -> list[Path]:
    """Compile every ``.ts`` in ``folder`` whose ``.qm`` is missing or older; return those.

    Each file is written under a temporary name and renamed, so a test run and a ``make``
    building at the same time never load half a file.
    """
    import subprocess
    import tempfile

    folder = folder or translations_dir()
    built = []
    for source in sorted(folder.glob("koffer_*.ts")):
        target = source.with_suffix(".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        handle, temp = tempfile.mkstemp(prefix=".koffer-", suffix=".qm", dir=folder)
        os.close(handle)
        try:
            subprocess.run(
                [lrelease(), "-silent", str(source), "-qm", temp],
                check=True,
                capture_output=True,
            )
            Path(temp).replace(target)
        finally:
            Path(temp).unlink(missing_ok=True)
        built.append(target)
    return built


def translator(language: str, parent: QCoreApplication | None = None) -> QTranslator | None:
    """Load the translator for ``language``; None for German (the source) or a missing file."""
    if language == SOURCE_LANGUAGE:
        return None
    loaded = QTranslator(parent)
    if not loaded.load(str(qm_file(language))):
        return None
    return loaded


def install(app: QCoreApplication, language: str) -> QTranslator | None:
    """Make ``language`` the clerk's: replace the translator installed before, if any."""
    previous = app.property("kofferTranslator")
    if isinstance(previous, QTranslator):
        app.removeTranslator(previous)
    loaded = translator(language, app)
    if loaded is not None:
        app.installTranslator(loaded)
    app.setProperty("kofferTranslator", loaded)
    QLocale.setDefault(QLocale(language))
    return loaded


def direction(language: str) -> Qt.LayoutDirection:
    """The layout direction a text in ``language`` reads in."""
    if language in RIGHT_TO_LEFT:
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


class Wording:
    """Translates one screen's texts into a language without touching the clerk's language.

    The clerk's translator is installed application-wide; the citizen's screen needs another
    language at the same time, so it asks its own translator directly.
    """

    def __init__(self, language: str, context: str) -> None:
        """Load ``language``'s translations for the texts of ``context``."""
        self.language = language
        self.context = context
        self._translator = translator(language)

    def __call__(self, source: str) -> str:
        """Return ``source`` (German) in this language; German when a text is missing."""
        if self._translator is None:
            return source
        return self._translator.translate(self.context, source) or source
