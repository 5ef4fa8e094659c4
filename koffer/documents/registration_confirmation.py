"""Registration confirmation (Meldebestätigung, BMG §24(2)): free, handed over at the Anmeldung.

It names every person registered on the form (a family registers together only with the same
move-in data), the new dwelling, whether it is the main or a secondary residence, and the
move-in day. A late registration is confirmed like any other; the lateness is the office's
matter, not the citizen's paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page
from koffer.domain.person import Address, Person

TITLE = "Meldebestätigung"
RESIDENCES = {"main": "Hauptwohnung", "secondary": "Nebenwohnung"}


@dataclass(frozen=True)
class RegistrationConfirmation:
    """What the confirmation states."""

    person: Person
    family: list[tuple[str, date]] = field(default_factory=list)  # (name, birth date)
    new_address: Address | None = None
    residence: str = "main"
    moved_in: date | None = None
    reference: str = ""
    place: str = ""
    issued_on: date | None = None
    status_link: str = ""


def render(confirmation: RegistrationConfirmation, letterhead: page.Letterhead) -> bytes:
    """Return the confirmation as a PDF."""
    person = confirmation.person
    address = confirmation.new_address or person.address
    issued = confirmation.issued_on or date.today()  # noqa: DTZ011 - the office's local day

    def body(canvas: Canvas, y: float) -> None:
        regular, bold = fonts.register()
        canvas.setFont(regular, 10)
        canvas.drawString(page.LEFT, y, "nach § 24 Absatz 2 des Bundesmeldegesetzes (BMG)")
        y -= 10 * mm
        canvas.drawString(page.LEFT, y, "Angemeldet wurden:")
        y -= 8 * mm
        people = [(person.full_name, person.birth_date), *confirmation.family]
        for name, born in people:
            canvas.setFont(bold, 11)
            canvas.drawString(page.LEFT + 5 * mm, y, name)
            canvas.setFont(regular, 10)
            canvas.drawString(page.LEFT + 100 * mm, y, f"geb. {born:%d.%m.%Y}")
            y -= 7 * mm
        y -= 4 * mm
        rows = [
            ("Neue Wohnung", address.one_line()),
            ("Art der Wohnung", RESIDENCES.get(confirmation.residence, confirmation.residence)),
            ("Einzug am", f"{confirmation.moved_in:%d.%m.%Y}" if confirmation.moved_in else "—"),
            ("Gebühr", "gebührenfrei"),
        ]
        y = page.field_rows(canvas, y, rows, 45 * mm) - 10 * mm
        page.office_signature(canvas, y, confirmation.place, issued)

    footer = f"Vorgang {confirmation.reference} · Meldebestätigung des Bürgerkoffers, {issued}"
    return page.render(TITLE, letterhead, footer, body, qr=confirmation.status_link)
