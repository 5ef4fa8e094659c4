"""Scanned pages with an official stamp on the last one (certified copies, life certificates).

Every page carries the case reference and "Seite n von m", so no page can be slipped in or
taken out unnoticed; the stamp box on the last page holds a heading, the text lines, a
signature line, the seal and, when given, the status QR code.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page

STAMP_HEIGHT = 62 * mm


def render(
    title: str, reference: str, scans: Sequence[bytes], lines: Sequence[str], qr: str = ""
) -> bytes:
    """Return one page per scan (JPEG/PNG) with ``lines`` (heading first) stamped on the last."""
    regular, bold = fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1)
    canvas.setTitle(title)
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
            width - 10 * mm, 5 * mm, f"{reference} · Seite {number} von {len(scans)}"
        )
        if last:
            _stamp(canvas, lines, qr, regular, bold)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _stamp(canvas: Canvas, lines: Sequence[str], qr: str, regular: str, bold: str) -> None:
    left, top = page.LEFT, STAMP_HEIGHT + 6 * mm
    canvas.rect(left - 4 * mm, 10 * mm, page.RIGHT - left + 8 * mm, STAMP_HEIGHT - 2 * mm)
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
    if qr:
        page.draw_qr(canvas, qr, page.RIGHT - 58 * mm, 14 * mm, 20 * mm)
