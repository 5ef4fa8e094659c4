"""Registration certificate (Meldebescheinigung, BMG §18): simple (§18(1)) or extended (§18(2)).

The simple one states names, doctoral degree, date of birth and the addresses marked main
or secondary residence; the extended one adds the further register data asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page
from koffer.domain.person import Address, Person

TITLE = "Meldebescheinigung"
SUBTITLES = {
    False: "einfache Meldebescheinigung nach § 18 Absatz 1 des Bundesmeldegesetzes (BMG)",
    True: "erweiterte Meldebescheinigung nach § 18 Absatz 2 des Bundesmeldegesetzes (BMG)",
}


@dataclass(frozen=True)
class RegistrationCertificate:
    """What the certificate states."""

    person: Person
    reference: str
    issued_on: date
    place: str
    fee_cents: int
    status_link: str = ""  # the QR code's text (page.status_link); none if empty
    extended: bool = False
    extra_rows: tuple[tuple[str, str], ...] = ()  # §18(2) data: (label, value)
    secondary_addresses: tuple[Address, ...] = ()


def render(certificate: RegistrationCertificate, letterhead: page.Letterhead) -> bytes:
    """Return the certificate as a PDF with the font embedded."""
    person = certificate.person

    def body(canvas: Canvas, y: float) -> None:
        regular, _bold = fonts.register()
        canvas.setFont(regular, 10)
        canvas.drawString(page.LEFT, y, SUBTITLES[certificate.extended])
        y -= 8 * mm
        canvas.drawString(page.LEFT, y, "Im Melderegister ist folgende Person eingetragen:")
        y -= 12 * mm
        rows = [
            ("Familienname", person.surname),
            ("Vornamen", person.given_names),
            ("Doktorgrad", person.doctoral_degree or "—"),
            ("Geburtsdatum", person.birth_date.strftime("%d.%m.%Y")),
            ("Anschrift (Hauptwohnung)", person.address.one_line()),
            *(("Anschrift (Nebenwohnung)", a.one_line()) for a in certificate.secondary_addresses),
            *certificate.extra_rows,
        ]
        y = page.field_rows(canvas, y, rows, 55 * mm)
        y -= 10 * mm
        canvas.setFont(regular, 10)
        canvas.drawString(page.LEFT, y, f"Gebühr: {page.euro(certificate.fee_cents)}")
        y -= 20 * mm
        page.office_signature(canvas, y, certificate.place, certificate.issued_on)

    footer = (
        f"Vorgang {certificate.reference} · erstellt mit dem Bürgerkoffer am "
        f"{certificate.issued_on.isoformat()}"
    )
    return page.render(TITLE, letterhead, footer, body, qr=certificate.status_link)
