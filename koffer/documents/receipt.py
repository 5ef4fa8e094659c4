"""Receipt (Quittung) for a fee paid at the card terminal, itemised as the fee was computed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page
from koffer.domain.fees import FeeBreakdown
from koffer.domain.messages import translate

TITLE = "Quittung"


@dataclass(frozen=True)
class Receipt:
    """What a receipt states: for which case, which items, how it was paid."""

    reference: str
    service_title: str
    fee: FeeBreakdown
    paid_on: date
    card: str  # as the terminal prints it, e.g. "girocard **** 1234"
    terminal_id: str
    trace_number: int
    authorisation_code: str
    place: str
    status_link: str = ""


def render(receipt: Receipt, letterhead: page.Letterhead) -> bytes:
    """Return the receipt as a PDF."""

    def body(canvas: Canvas, y: float) -> None:
        regular, bold = fonts.register()
        canvas.setFont(regular, 10)
        canvas.drawString(
            page.LEFT, y, f"für: {receipt.service_title}, Vorgang {receipt.reference}"
        )
        y -= 12 * mm
        for item in receipt.fee.items:
            label = translate(item.message_key, "de")
            if item.quantity != 1:
                label = f"{item.quantity} × {label}"
            canvas.setFont(regular, 10)
            canvas.drawString(page.LEFT, y, label)
            canvas.drawRightString(page.RIGHT, y, page.euro(item.cents))
            y -= 7 * mm
        canvas.line(page.LEFT, y + 3 * mm, page.RIGHT, y + 3 * mm)
        canvas.setFont(bold, 11)
        canvas.drawString(page.LEFT, y - 2 * mm, "Summe")
        canvas.drawRightString(page.RIGHT, y - 2 * mm, page.euro(receipt.fee.total_cents))
        y -= 16 * mm
        rows = [
            ("Bezahlt mit", receipt.card),
            ("Terminal", receipt.terminal_id),
            ("Beleg-Nr.", str(receipt.trace_number)),
            ("Genehmigung", receipt.authorisation_code),
        ]
        y = page.field_rows(canvas, y, rows, 45 * mm)
        canvas.setFont(regular, 10)
        canvas.drawString(
            page.LEFT, y - 8 * mm, f"{receipt.place}, den {receipt.paid_on.strftime('%d.%m.%Y')}"
        )

    footer = f"Vorgang {receipt.reference} · Quittung des Bürgerkoffers"
    return page.render(TITLE, letterhead, footer, body, qr=receipt.status_link)
