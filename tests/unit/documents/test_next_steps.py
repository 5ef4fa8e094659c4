"""The "what happens next" sheet: every service in every language, extracted exactly; Arabic
shaped and set right to left."""

from __future__ import annotations

import io
import shutil
import subprocess
import tomllib
import unicodedata
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFile

from koffer.documents import next_steps, page
from koffer.domain.case import ServiceKind
from tests.conftest import require_real

LETTERHEAD = page.Letterhead("Bürgerbüro Musterstadt", "Stadt Musterstadt")
REFERENCE = "K-2026-AAAA-BBBB"
DAY = date(2026, 11, 21)


def _sheet(service: str, language: str) -> bytes:
    return next_steps.render(
        next_steps.NextStepsSheet(service, language, REFERENCE, DAY, f"KOFFER:{REFERENCE}"),
        LETTERHEAD,
    )


def _pdftotext(pdf: bytes, tmp_path: Path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        require_real("pdftotext (poppler-utils)")
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    command = ["pdftotext", *options, "sheet.pdf", "-"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True,
                          timeout=60)  # fmt: skip
    return done.stdout


def test_every_language_has_every_service_with_steps() -> None:
    folder = resources.files("koffer.resources") / "next_steps"
    files = sorted(e.name for e in folder.iterdir() if e.name.endswith(".toml"))
    assert files == sorted(f"{language}.toml" for language in next_steps.LANGUAGES)
    for language in next_steps.LANGUAGES:
        texts = next_steps.texts(language)
        assert set(texts.services) == {str(kind) for kind in ServiceKind}, language
        for kind, (name, steps) in texts.services.items():
            assert name, (language, kind)
            assert len(steps) == 3, (language, kind)
            assert all(unicodedata.is_normalized("NFC", s) for s in steps), (language, kind)
    assert next_steps.texts("ar").right_to_left
    assert not any(next_steps.texts(lang).right_to_left for lang in ("de", "en", "tr", "uk", "ru"))


@pytest.mark.parametrize("language", ["de", "en", "tr", "uk", "ru"])
def test_left_to_right_sheets_extract_exactly(language: str, tmp_path: Path) -> None:
    texts = next_steps.texts(language)
    name, steps = texts.service("registration")
    text = " ".join(_pdftotext(_sheet("registration", language), tmp_path).split())
    for expected in (texts.frame["title"], name, REFERENCE, *steps[0].split(". ")[:1]):
        assert " ".join(expected.split()) in text, expected


def test_arabic_is_shaped_and_set_right_to_left(tmp_path: Path) -> None:
    texts = next_steps.texts("ar")
    pdf = _sheet("id_card", "ar")
    raw = _pdftotext(pdf, tmp_path, "-raw")
    # Joined letter forms (Arabic Presentation Forms-B) are on the page, not isolated ones.
    assert any("\ufe70" <= c <= "\ufeff" for c in raw)
    letters = {c for c in unicodedata.normalize("NFKC", raw) if "\u0600" <= c <= "\u06ff"}
    title_letters = {c for c in texts.frame["title"] if "\u0600" <= c <= "\u06ff"}
    assert title_letters <= letters
    assert REFERENCE in raw  # Latin runs keep their order inside the Arabic line
    # Flush right: every body line ends at the right margin.
    bbox = _pdftotext(pdf, tmp_path, "-bbox-layout")
    right = page.RIGHT
    lines = [line for line in bbox.splitlines() if line.strip().startswith("<line ")]
    ends = [float(line.split('xMax="')[1].split('"')[0]) for line in lines]
    assert sum(abs(end - right) < 2 for end in ends) >= 8


def test_all_sheets_render(tmp_path: Path) -> None:
    for language in next_steps.LANGUAGES:
        for kind in ServiceKind:
            pdf = _sheet(str(kind), language)
            assert len(PdfReader(io.BytesIO(pdf)).pages) == 1, (language, kind)


def test_a_broken_language_file_is_refused() -> None:
    data = tomllib.loads('language = "X"\ndirection = "ltr"\n')
    with pytest.raises(ValueError, match="lacks"):
        next_steps._parse("xx", data)  # the parser behind texts()
    with pytest.raises(KeyError):
        next_steps.texts("fr")


def test_the_embedded_font_has_every_letter_the_sheets_draw() -> None:
    folder = resources.files("koffer.resources") / "fonts"
    with resources.as_file(folder / "DejaVuSans.ttf") as path:
        covered = set(TTFontFile(str(path)).charToGlyph)
    for language in next_steps.LANGUAGES:
        texts = next_steps.texts(language)
        strings = [*texts.frame.values()]
        for name, steps in texts.services.values():
            strings += [name, *steps]
        drawn = "".join(next_steps.for_display(s, texts.right_to_left) for s in strings)
        missing = sorted({c for c in drawn if ord(c) not in covered})
        assert missing == [], (language, [f"U+{ord(c):04X}" for c in missing])
