"""Deregistration confirmation (Abmeldebestätigung, BMG §24(2)), free, handed over on leaving.

It names the person, the dwelling given up (main or secondary residence), the day of
leaving and, when the person moves abroad, the new address there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page
from koffer.domain.person import Address, Person

TITLE = "Abmeldebestätigung"
RESIDENCES = {"main": "Hauptwohnung", "secondary": "Nebenwohnung"}


@dataclass(frozen=True)
class DeregistrationConfirmation:
    """What the confirmation states."""

    person: Person
    dwelling: Address
    residence: str
    leaving_on: date
    new_address_abroad: str
    reference: str
    place: str
    issued_on: date
    status_link: str = ""


def render(confirmation: DeregistrationConfirmation, letterhead: page.Letterhead) -> bytes:
    """Return the confirmation as a PDF."""
    person = confirmation.person

    def body(canvas: Canvas, y: float) -> None:
        regular, _bold = fonts.register()
        canvas.setFont(regular, 10)
        canvas.drawString(page.LEFT, y, "nach § 24 Absatz 2 des Bundesmeldegesetzes (BMG)")
        y -= 12 * mm
        rows = [
            ("Abgemeldet wurde", person.full_name),
            ("Geburtsdatum", f"{person.birth_date:%d.%m.%Y}"),
            ("Aufgegebene Wohnung", confirmation.dwelling.one_line()),
            ("Art der Wohnung", RESIDENCES.get(confirmation.residence, confirmation.residence)),
            ("Auszug am", f"{confirmation.leaving_on:%d.%m.%Y}"),
            ("Neue Anschrift", confirmation.new_address_abroad or "—"),
            ("Gebühr", "gebührenfrei"),
        ]
        y = page.field_rows(canvas, y, rows, 48 * mm) - 10 * mm
        page.office_signature(canvas, y, confirmation.place, confirmation.issued_on)

    footer = (
        f"Vorgang {confirmation.reference} · Abmeldebestätigung des Bürgerkoffers, "
        f"{confirmation.issued_on.isoformat()}"
    )
    return page.render(TITLE, letterhead, footer, body, qr=confirmation.status_link)
