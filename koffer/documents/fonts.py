"""The embedded font: DejaVu Sans covers every DIN 91379 letter; the PDF base fonts do not."""

from __future__ import annotations

from functools import cache
from importlib import resources

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register() -> tuple[str, str]:
    """Register the fonts with ReportLab once and return (regular, bold) names."""
    folder = resources.files("koffer.resources") / "fonts"
    for name in (REGULAR, BOLD):
        with resources.as_file(folder / f"{name}.ttf") as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return REGULAR, BOLD
