"""Certified copy: the scanned pages with the certification note stamped onto the last one.

The note carries every element VwVfG §33(3) requires: the exact description of the
document, the statement that the copy matches the original presented, the restriction
"nur zur Vorlage bei ..." when the original was not issued by an authority, place and date,
the official's name and signature, and the seal. A copy of several pages states how many
pages it has, and every page carries the reference and "Seite n von m" so no page can be
slipped in or taken out unnoticed.
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

NOTE_HEIGHT = 62 * mm


@dataclass(frozen=True)
class CertificationNote:
    """What the note states."""

    document_title: str
    pages: int
    presented_to: str  # empty when the original was issued by an authority
    place: str
    day: date
    official: str
    office: str
    reference: str
    status_link: str = ""


def note_lines(note: CertificationNote) -> list[str]:
    """The note's text, line by line (also what the tests check)."""
    pages = "einer Seite" if note.pages == 1 else f"{note.pages} Seiten"
    lines = [
        "Beglaubigungsvermerk",
        f"Die Übereinstimmung der vorstehenden Kopie ({pages}) mit dem vorgelegten Original",
        f"„{note.document_title}“ wird hiermit amtlich beglaubigt.",
    ]
    if note.presented_to:
        lines.append(f"Die Beglaubigung wird nur zur Vorlage bei {note.presented_to} erteilt.")
    lines += [
        f"{note.place}, den {note.day:%d.%m.%Y}",
        f"{note.office} – Im Auftrag: {note.official}",
    ]
    return lines


def render(note: CertificationNote, scans: Sequence[bytes]) -> bytes:
    """Return the certified copy: one page per scan (JPEG/PNG), the note on the last."""
    regular, bold = fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1)
    canvas.setTitle(f"Beglaubigte Kopie: {note.document_title}")
    canvas.setCreator("Koffer")
    width, height = A4
    total = len(scans)
    for number, scan in enumerate(scans, start=1):
        last = number == total
        bottom = NOTE_HEIGHT + 12 * mm if last else 12 * mm
        canvas.drawImage(
            ImageReader(io.BytesIO(scan)), 10 * mm, bottom, width - 20 * mm,
            height - bottom - 10 * mm, preserveAspectRatio=True, anchor="n",
        )  # fmt: skip
        canvas.setFont(regular, 7)
        canvas.drawRightString(
            width - 10 * mm, 5 * mm, f"{note.reference} · Seite {number} von {total}"
        )
        if last:
            _stamp(canvas, note, regular, bold)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _stamp(canvas: Canvas, note: CertificationNote, regular: str, bold: str) -> None:
    left, top = page.LEFT, NOTE_HEIGHT + 6 * mm
    canvas.rect(left - 4 * mm, 10 * mm, page.RIGHT - left + 8 * mm, NOTE_HEIGHT - 2 * mm)
    lines = note_lines(note)
    canvas.setFont(bold, 10)
    canvas.drawString(left, top - 6 * mm, lines[0])
    canvas.setFont(regular, 9)
    y = top - 12 * mm
    for line in lines[1:]:
        canvas.drawString(left, y, line)
        y -= 5 * mm
    canvas.line(left, 16 * mm, left + 60 * mm, 16 * mm)
    canvas.setFont(regular, 7)
    canvas.drawString(left, 12.5 * mm, "Unterschrift")
    canvas.circle(page.RIGHT - 22 * mm, 28 * mm, 14 * mm)
    canvas.drawCentredString(page.RIGHT - 22 * mm, 28 * mm, "Dienstsiegel")
    if note.status_link:
        page.draw_qr(canvas, note.status_link, page.RIGHT - 58 * mm, 14 * mm, 20 * mm)
