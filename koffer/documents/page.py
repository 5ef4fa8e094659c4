"""The page frame every Koffer document shares: letterhead, footer, text helpers."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts

LEFT = 25 * mm
RIGHT = A4[0] - 20 * mm
TOP = A4[1] - 20 * mm


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document."""

    office: str
    municipality: str


QR_SIZE = 24 * mm
QR_QUIET_ZONE = 2  # modules of white around the code


def status_link(status_url: str, reference: str) -> str:
    """What a document's QR code holds: the town's status lookup for this case.

    The lookup also asks for the date of birth, so the code alone reveals nothing.
    """
    if not status_url:
        return f"KOFFER:{reference}"
    separator = "&" if "?" in status_url else "?"
    return f"{status_url}{separator}ref={reference}"


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float = QR_SIZE) -> None:
    """Draw a QR code of ``text`` (error correction M) with its lower left corner at (x, y).

    Dark modules are drawn straight onto the canvas, a run of them per rectangle: ReportLab's
    QR widget builds the code twice and a drawing object per module, ten times slower.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    module = size / (count + 2 * QR_QUIET_ZONE)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row, modules in enumerate(code.modules):
        column = 0
        for dark, run in itertools.groupby(modules):
            length = len(list(run))
            if dark:
                left = x + (column + QR_QUIET_ZONE) * module
                top = y + size - (row + QR_QUIET_ZONE + 1) * module
                path.rect(left, top, length * module, module)
            column += length
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def render(
    title: str,
    letterhead: Letterhead,
    footer: str,
    draw: Callable[[Canvas, float], None],
    qr: str = "",
    *,
    right_to_left: bool = False,
    pdf_title: str = "",
) -> bytes:
    """Render one A4 page and return the PDF.

    Args:
        title: Document title (PDF metadata and heading).
        letterhead: The issuing office.
        footer: Small print at the bottom (reference, date).
        draw: Draws the body; gets the canvas and the y position below the heading.
        qr: Text of the QR code drawn top right (see :func:`status_link`); none if empty.
        right_to_left: The heading is set flush right and the QR code moves to the left
            (Arabic); ``title`` then comes already shaped for display.
        pdf_title: The title in the PDF's metadata when it differs from the heading.
    """
    regular, bold = fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1, initialFontName=regular)
    canvas.setTitle(pdf_title or title)
    canvas.setAuthor(letterhead.office)
    canvas.setCreator("Koffer")
    canvas.setFont(bold, 11)
    canvas.drawString(LEFT, TOP, letterhead.municipality)
    canvas.setFont(regular, 9)
    canvas.drawString(LEFT, TOP - 5 * mm, letterhead.office)
    canvas.line(LEFT, TOP - 8 * mm, RIGHT, TOP - 8 * mm)
    if qr:
        draw_qr(canvas, qr, LEFT if right_to_left else RIGHT - QR_SIZE, TOP - 10 * mm - QR_SIZE)
    canvas.setFont(bold, 16)
    if right_to_left:
        canvas.drawRightString(RIGHT, TOP - 25 * mm, title)
    else:
        canvas.drawString(LEFT, TOP - 25 * mm, title)
    draw(canvas, TOP - 38 * mm)
    canvas.setFont(regular, 7.5)
    canvas.drawString(LEFT, 15 * mm, footer)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def field_rows(canvas: Canvas, y: float, rows: list[tuple[str, str]], label_width: float) -> float:
    """Draw label/value rows and return the y below them; a long value wraps under itself."""
    regular, bold = fonts.register()
    for label, value in rows:
        canvas.setFont(regular, 10)
        canvas.drawString(LEFT, y, label)
        canvas.setFont(bold, 11)
        lines = wrap(value, bold, 11, RIGHT - LEFT - label_width) or [""]
        for number, line in enumerate(lines):
            if number:
                y -= 5.5 * mm
            canvas.drawString(LEFT + label_width, y, line)
        y -= 8 * mm
    return y


def office_signature(canvas: Canvas, y: float, place: str, issued_on: date) -> None:
    """Place and date, "Im Auftrag" and the line for the clerk's signature and seal."""
    regular, _bold = fonts.register()
    canvas.setFont(regular, 10)
    canvas.drawString(LEFT, y, f"{place}, den {issued_on:%d.%m.%Y}")
    y -= 6 * mm
    canvas.drawString(LEFT, y, "Im Auftrag")
    y -= 18 * mm
    canvas.line(LEFT, y, LEFT + 70 * mm, y)
    canvas.setFont(regular, 8)
    canvas.drawString(LEFT, y - 4 * mm, "Unterschrift / Dienstsiegel")


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` at blanks into lines no wider than ``width`` (a longer word stays whole)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def euro(cents: int) -> str:
    """An amount as printed: ``46,00 EUR``."""
    return f"{cents // 100},{cents % 100:02d} EUR"
