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
SEAL_TOP = 45 * mm  # the seal and the QR code stand below this, on the right
SEAL_WIDTH = 60 * mm  # what they take of the stamp's width
TEXT_BOTTOM = 20 * mm  # the lowest baseline, above the line for the signature
TEXT_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0)  # a long note is set smaller to fit


def render(
    title: str, reference: str, scans: Sequence[bytes], lines: Sequence[str], qr: str = ""
) -> bytes:
    """Return one page per scan (JPEG/PNG) with ``lines`` (heading first) stamped on the last."""
    regular, bold = fonts.register()
    buffer = io.BytesIO()
    canvas = _canvas(buffer, title)
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


def render_stamp(title: str, reference: str, lines: Sequence[str], qr: str = "") -> bytes:
    """Return one page holding only the stamp, to be printed onto a sheet fed into the printer.

    A signature's certification goes onto the signed document itself, right by the signature:
    the page draws nothing where the document's own text stands.
    """
    regular, bold = fonts.register()
    buffer = io.BytesIO()
    canvas = _canvas(buffer, title)
    canvas.setFont(regular, 7)
    canvas.drawRightString(A4[0] - 10 * mm, 5 * mm, reference)
    _stamp(canvas, lines, qr, regular, bold)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _canvas(buffer: io.BytesIO, title: str) -> Canvas:
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Koffer")
    return canvas


def _stamp(canvas: Canvas, lines: Sequence[str], qr: str, regular: str, bold: str) -> None:
    left, top = page.LEFT, STAMP_HEIGHT + 6 * mm
    canvas.rect(left - 4 * mm, 10 * mm, page.RIGHT - left + 8 * mm, STAMP_HEIGHT - 2 * mm)
    canvas.setFont(bold, 10)
    canvas.drawString(left, top - 6 * mm, lines[0])
    for size in TEXT_SIZES:
        placed = _wrapped(canvas, lines[1:], regular, size, top - 12 * mm)
        if placed[-1][0] >= TEXT_BOTTOM:
            break
    canvas.setFont(regular, size)
    for y, line in placed:
        canvas.drawString(left, y, line)
    canvas.line(left, 16 * mm, left + 60 * mm, 16 * mm)
    canvas.setFont(regular, 7)
    canvas.drawString(left, 12.5 * mm, "Unterschrift")
    canvas.circle(page.RIGHT - 22 * mm, 28 * mm, 14 * mm)
    canvas.drawCentredString(page.RIGHT - 22 * mm, 28 * mm, "Dienstsiegel")
    if qr:
        page.draw_qr(canvas, qr, page.RIGHT - SEAL_WIDTH, 14 * mm, 20 * mm)


def _wrapped(
    canvas: Canvas, lines: Sequence[str], font: str, size: float, top: float
) -> list[tuple[float, str]]:
    """Break ``lines`` at spaces to fit the stamp, beside the seal once down at its height.

    Returns each printed line with its baseline, from ``top`` down.
    """
    leading = size * 1.25
    placed: list[tuple[float, str]] = []
    y = top
    for line in lines:
        current = ""
        for word in line.split(" "):
            width = page.RIGHT - page.LEFT - (SEAL_WIDTH if y < SEAL_TOP else 0)
            trial = f"{current} {word}" if current else word
            if current and canvas.stringWidth(trial, font, size) > width:
                placed.append((y, current))
                y -= leading
                current = word
            else:
                current = trial
        placed.append((y, current))
        y -= leading
    return placed
