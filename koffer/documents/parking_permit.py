"""Resident parking permit (Bewohnerparkausweis) to lay behind the windscreen.

A framed A6 card to cut out of the A4 page: zone (large), registration number, period,
permit number and the issuing town. No name and no address: the card is seen from the
street.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page

TITLE = "Bewohnerparkausweis"
CARD = (148 * mm, 105 * mm)  # A6 landscape


@dataclass(frozen=True)
class ParkingPermit:
    """What the permit states."""

    zone: str
    zone_name: str
    plate: str
    valid_from: date
    valid_until: date
    reference: str
    place: str
    issued_on: date
    status_link: str = ""


def render(permit: ParkingPermit, letterhead: page.Letterhead) -> bytes:
    """Return the permit as a PDF."""

    def body(canvas: Canvas, y: float) -> None:
        regular, bold = fonts.register()
        left, top = page.LEFT, y
        bottom = top - CARD[1]
        canvas.setDash(3, 2)
        canvas.rect(left, bottom, CARD[0], CARD[1])
        canvas.setDash()
        canvas.setFont(bold, 12)
        canvas.drawString(
            left + 6 * mm, top - 10 * mm, f"Bewohnerparkausweis · Stadt {permit.place}"
        )
        canvas.setFont(regular, 9)
        canvas.drawString(left + 6 * mm, top - 15 * mm, "nach § 45 Absatz 1b Nummer 2a StVO")
        canvas.setFont(bold, 64)
        canvas.drawString(left + 6 * mm, top - 45 * mm, permit.zone)
        canvas.setFont(regular, 11)
        canvas.drawString(left + 6 * mm, top - 53 * mm, f"Zone {permit.zone} – {permit.zone_name}")
        canvas.setFont(bold, 26)
        canvas.drawRightString(left + CARD[0] - 6 * mm, top - 40 * mm, permit.plate)
        canvas.setFont(regular, 9)
        canvas.drawRightString(left + CARD[0] - 6 * mm, top - 47 * mm, "amtliches Kennzeichen")
        rows = [
            ("Gültig vom", f"{permit.valid_from:%d.%m.%Y}"),
            ("Gültig bis", f"{permit.valid_until:%d.%m.%Y}"),
            ("Ausweis-Nr.", permit.reference),
        ]
        row_y = top - 68 * mm
        for label, value in rows:
            canvas.setFont(regular, 10)
            canvas.drawString(left + 6 * mm, row_y, label)
            canvas.setFont(bold, 12)
            canvas.drawString(left + 36 * mm, row_y, value)
            row_y -= 7 * mm
        canvas.setFont(regular, 8)
        canvas.drawString(
            left + 6 * mm, bottom + 5 * mm, "Nur gültig für das genannte Kennzeichen in der Zone."
        )
        below = bottom - 12 * mm
        canvas.setFont(regular, 10)
        lines = [
            "Bitte entlang der gestrichelten Linie ausschneiden und gut lesbar von außen",
            "hinter der Windschutzscheibe auslegen. Der Ausweis berechtigt nicht zum Parken",
            "auf Plätzen mit anderer Beschilderung. Bei Umzug oder Fahrzeugwechsel bitte",
            "einen neuen Ausweis beantragen.",
        ]
        for line in lines:
            canvas.drawString(left, below, line)
            below -= 5.5 * mm
        canvas.drawString(left, below - 8 * mm, f"{permit.place}, den {permit.issued_on:%d.%m.%Y}")
        canvas.drawString(left, below - 14 * mm, "Im Auftrag")

    footer = f"Vorgang {permit.reference} · Bewohnerparkausweis des Bürgerkoffers"
    return page.render(TITLE, letterhead, footer, body, qr=permit.status_link)
