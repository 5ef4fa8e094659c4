"""Registration certificate (Meldebescheinigung, BMG §18(1)): the simple form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page
from koffer.domain.person import Person

TITLE = "Meldebescheinigung"


@dataclass(frozen=True)
class RegistrationCertificate:
    """What the certificate states."""

    person: Person
    reference: str
    issued_on: date
    place: str
    fee_cents: int
    status_link: str = ""  # the QR code's text (page.status_link); none if empty


def render(certificate: RegistrationCertificate, letterhead: page.Letterhead) -> bytes:
    """Return the certificate as a PDF with the font embedded."""
    person = certificate.person

    def body(canvas: Canvas, y: float) -> None:
        regular, _bold = fonts.register()
        canvas.setFont(regular, 10)
        canvas.drawString(
            page.LEFT,
            y,
            "einfache Meldebescheinigung nach § 18 Absatz 1 des Bundesmeldegesetzes (BMG)",
        )
        y -= 8 * mm
        canvas.drawString(page.LEFT, y, "Im Melderegister ist folgende Person eingetragen:")
        y -= 12 * mm
        rows = [
            ("Familienname", person.surname),
            ("Vornamen", person.given_names),
            ("Doktorgrad", person.doctoral_degree or "—"),
            ("Geburtsdatum", person.birth_date.strftime("%d.%m.%Y")),
            ("Anschrift (Hauptwohnung)", person.address.one_line()),
        ]
        y = page.field_rows(canvas, y, rows, 55 * mm)
        y -= 10 * mm
        canvas.setFont(regular, 10)
        canvas.drawString(page.LEFT, y, f"Gebühr: {page.euro(certificate.fee_cents)}")
        y -= 20 * mm
        canvas.drawString(
            page.LEFT,
            y,
            f"{certificate.place}, den {certificate.issued_on.strftime('%d.%m.%Y')}",
        )
        y -= 6 * mm
        canvas.drawString(page.LEFT, y, "Im Auftrag")
        y -= 18 * mm
        canvas.line(page.LEFT, y, page.LEFT + 70 * mm, y)
        canvas.setFont(regular, 8)
        canvas.drawString(page.LEFT, y - 4 * mm, "Unterschrift / Dienstsiegel")

    footer = (
        f"Vorgang {certificate.reference} · erstellt mit dem Bürgerkoffer am "
        f"{certificate.issued_on.isoformat()}"
    )
    return page.render(TITLE, letterhead, footer, body, qr=certificate.status_link)
