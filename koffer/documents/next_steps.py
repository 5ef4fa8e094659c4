"""The "what happens next" sheet (Hinweisblatt) in the citizen's language, one per service.

The texts are data, ``koffer.resources/next_steps/<language>.toml``: German, English,
Turkish, Ukrainian, Russian and Arabic. Arabic is written right to left with letters that
join: each line is shaped (arabic-reshaper picks the joined letter forms) and put into
display order (python-bidi, the Unicode bidirectional algorithm) before it is drawn flush
right; lines are broken on the logical text, so words stay in reading order from line to
line. The embedded DejaVu Sans has the Latin, Cyrillic and Arabic letters used.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import arabic_reshaper  # type: ignore[import-untyped]
from bidi import get_display  # type: ignore[import-untyped]
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page

LANGUAGES = ("de", "en", "tr", "uk", "ru", "ar")
_REQUIRED = ("language", "direction", "title", "intro", "reference", "service", "status",
             "questions", "date")  # fmt: skip


@dataclass(frozen=True)
class SheetTexts:
    """One language's texts: the frame and, per service, its name and steps."""

    language: str
    right_to_left: bool
    frame: Mapping[str, str]
    services: Mapping[str, tuple[str, tuple[str, ...]]]

    def service(self, kind: str) -> tuple[str, tuple[str, ...]]:
        """Name and steps for service ``kind``.

        Raises:
            KeyError: When the language file lacks the service.
        """
        return self.services[kind]


def _parse(language: str, data: Mapping[str, Any]) -> SheetTexts:
    missing = [key for key in _REQUIRED if not data.get(key)]
    if missing:
        raise ValueError(f"next_steps/{language}.toml lacks {missing}")
    services = {
        kind: (str(entry["name"]), tuple(str(step) for step in entry["steps"]))
        for kind, entry in data.get("services", {}).items()
    }
    return SheetTexts(
        language,
        data["direction"] == "rtl",
        {key: str(data[key]) for key in _REQUIRED},
        services,
    )


@cache
def texts(language: str) -> SheetTexts:
    """The packaged texts for ``language`` (read once per process).

    Raises:
        KeyError: For a language the kit has no sheet in.
    """
    if language not in LANGUAGES:
        raise KeyError(language)
    entry = resources.files("koffer.resources") / "next_steps" / f"{language}.toml"
    return _parse(language, tomllib.loads(entry.read_text("utf-8")))


@dataclass(frozen=True)
class NextStepsSheet:
    """What the sheet says: which service, which case, in which language."""

    service: str  # a ServiceKind value
    language: str
    reference: str
    issued_on: date
    status_link: str = ""


def for_display(text: str, right_to_left: bool) -> str:
    """``text`` as it is drawn: shaped and in display order for right-to-left scripts."""
    if not right_to_left:
        return text
    return str(get_display(arabic_reshaper.reshape(text)))


def _wrap(
    text: str, font: str, size: float, width: float, shape: Callable[[str], str]
) -> list[str]:
    """Break the logical text into lines whose drawn (shaped) form fits ``width``."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and stringWidth(shape(candidate), font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def render(sheet: NextStepsSheet, letterhead: page.Letterhead) -> bytes:
    """Return the sheet as a PDF.

    Raises:
        KeyError: For a language or service the texts do not cover.
    """
    language = texts(sheet.language)
    frame = language.frame
    name, steps = language.service(sheet.service)
    rtl = language.right_to_left

    def shape(text: str) -> str:
        return for_display(text, rtl)

    width = page.RIGHT - page.LEFT

    def paragraph(
        canvas: Canvas, y: float, text: str, font: str, size: float, *, indent: float = 0.0
    ) -> float:
        canvas.setFont(font, size)
        for line in _wrap(text, font, size, width - indent, shape):
            if rtl:
                canvas.drawRightString(page.RIGHT - indent, y, shape(line))
            else:
                canvas.drawString(page.LEFT + indent, y, line)
            y -= size * 1.45
        return y

    def body(canvas: Canvas, y: float) -> None:
        regular, bold = fonts.register()
        y = paragraph(canvas, y, f"{frame['service']}: {name}", bold, 13)
        y = paragraph(canvas, y - 1 * mm, f"{frame['reference']}: {sheet.reference}", regular, 11)
        y = paragraph(canvas, y, f"{frame['date']}: {sheet.issued_on:%d.%m.%Y}", regular, 11)
        y = paragraph(canvas, y - 5 * mm, frame["intro"], regular, 11)
        y -= 2 * mm
        for number, step in enumerate(steps, start=1):
            canvas.setFont(bold, 12)
            if rtl:
                canvas.drawRightString(page.RIGHT, y, f".{number}")
            else:
                canvas.drawString(page.LEFT, y, f"{number}.")
            y = paragraph(canvas, y, step, regular, 11.5, indent=8 * mm) - 3 * mm
        y = paragraph(canvas, y - 4 * mm, frame["status"], regular, 10.5)
        paragraph(canvas, y - 2 * mm, frame["questions"], regular, 10.5)

    footer = (
        f"Vorgang {sheet.reference} · Hinweisblatt ({shape(frame['language'])}) des Bürgerkoffers, "
        f"{sheet.issued_on.isoformat()}"
    )
    return page.render(
        shape(frame["title"]),
        letterhead,
        footer,
        body,
        qr=sheet.status_link,
        right_to_left=rtl,
        pdf_title=frame["title"],
    )
