"""The address sticker (Adressaufkleber) for the back of the ID card after an address change.

It repeats what the chip now holds, in capitals, on a 62 x 29 mm label (the common die-cut
address label of label printers). It goes onto the card itself, so it carries neither a
case reference nor a QR code.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts

LABEL = (62 * mm, 29 * mm)
MARGIN = 3 * mm
LARGEST = 10.0
SMALLEST = 6.0


def render(lines: Sequence[str]) -> bytes:
    """Return the sticker as a one-label PDF (text shrunk to fit the label's width)."""
    _regular, bold = fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LABEL, invariant=True, initialFontName=bold)
    canvas.setTitle("Adressaufkleber")
    canvas.setCreator("Koffer")
    width = LABEL[0] - 2 * MARGIN
    size = LARGEST
    while size > SMALLEST and any(canvas.stringWidth(line, bold, size) > width for line in lines):
        size -= 0.5
    y = LABEL[1] - MARGIN - size
    for line in lines:
        canvas.setFont(bold, size)
        canvas.drawString(MARGIN, y, line)
        y -= size * 1.3
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
