"""The confirmation on a pension provider's life-certificate form: the scanned form, stamped.

The stamp states that the person named appeared in person on that day, how their identity
was established, place and date, the office, the clerk's signature and the seal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page

STAMP_HEIGHT = 48 * mm
IDENTITY = {
    "id_card": "Personalausweis",
    "passport": "Reisepass",
    "residence_permit": "Aufenthaltstitel",
    "known_to_clerk": "persönlich bekannt",
}


@dataclass(frozen=True)
class LifeConfirmation:
    """What the stamp says."""

    name: str
    birth_date: date
    identity_document: str
    provider: str
    place: str
    day: date
    office: str
    reference: str


def stamp_lines(confirmation: LifeConfirmation) -> list[str]:
    """The stamp's text, line by line."""
    seen = IDENTITY.get(confirmation.identity_document, confirmation.identity_document)
    return [
        "Lebensbescheinigung",
        f"{confirmation.name}, geb. {confirmation.birth_date:%d.%m.%Y}, ist heute persönlich",
        f"erschienen und lebt. Identität festgestellt durch: {seen}.",
        f"Für: {confirmation.provider}",
        f"{confirmation.place}, den {confirmation.day:%d.%m.%Y} – {confirmation.office}",
    ]


def render(confirmation: LifeConfirmation, scans: Sequence[bytes]) -> bytes:
    """Return the form's scanned pages with the confirmation stamped on the last."""
    regular, bold = fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1)
    canvas.setTitle("Lebensbescheinigung")
    canvas.setCreator("Koffer")
    width, height = A4
    for number, scan in enumerate(scans, start=1):
        last = number == len(scans)
        bottom = STAMP_HEIGHT + 12 * mm if last else 12 * mm
        canvas.drawImage(
            ImageReader(io.BytesIO(scan)), 10 * mm, bottom, width - 20 * mm,
            height - bottom - 10 * mm, preserveAspectRatio=True, anchor="n",
        )  # fmt: skip
        canvas.setFont(regular, 7)
        canvas.drawRightString(
            width - 10 * mm, 5 * mm, f"{confirmation.reference} · Seite {number} von {len(scans)}"
        )
        if last:
            lines = stamp_lines(confirmation)
            canvas.rect(
                page.LEFT - 4 * mm, 10 * mm, page.RIGHT - page.LEFT + 8 * mm, STAMP_HEIGHT - 2 * mm
            )
            canvas.setFont(bold, 10)
            canvas.drawString(page.LEFT, STAMP_HEIGHT, lines[0])
            canvas.setFont(regular, 9)
            y = STAMP_HEIGHT - 6 * mm
            for line in lines[1:]:
                canvas.drawString(page.LEFT, y, line)
                y -= 5 * mm
            canvas.line(page.LEFT, 15 * mm, page.LEFT + 60 * mm, 15 * mm)
            canvas.setFont(regular, 7)
            canvas.drawString(page.LEFT, 12 * mm, "Unterschrift")
            canvas.circle(page.RIGHT - 20 * mm, 26 * mm, 12 * mm)
            canvas.drawCentredString(page.RIGHT - 20 * mm, 26 * mm, "Dienstsiegel")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
