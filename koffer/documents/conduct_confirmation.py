"""Confirmation of a request for a certificate of good conduct (Führungszeugnis, BZRG §30).

What the citizen takes home: who applied, which kind (Belegart) for what purpose, where the
certificate goes (home, an authority, a local court for inspection), the fee and the case
reference under which the Federal Office of Justice's certificate can be asked after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page
from koffer.domain.person import Person

TITLE = "Antrag auf ein Führungszeugnis"
KINDS = {
    "N": "N – Führungszeugnis für private Zwecke",
    "O": "O – Führungszeugnis zur Vorlage bei einer Behörde",
    "NE": "NE – erweitertes Führungszeugnis für private Zwecke (§ 30a BZRG)",
    "OE": "OE – erweitertes Führungszeugnis zur Vorlage bei einer Behörde (§ 30a BZRG)",
    "P": "P – Führungszeugnis, zuerst zur Einsicht beim Amtsgericht",
}
NOTICE = (
    "Ihr Antrag wurde aufgenommen und wird an das Bundesamt für Justiz (Bundeszentralregister, "
    "53094 Bonn) übermittelt. Das Führungszeugnis wird dort erstellt und in der Regel innerhalb "
    "von zwei Wochen versandt. Bitte bewahren Sie diese Bestätigung auf; bei Rückfragen nennen "
    "Sie das Aktenzeichen."
)
GOES_TO = {
    "N": "an Ihre Anschrift",
    "NE": "an Ihre Anschrift",
    "O": "unmittelbar an die Behörde: {authority}",
    "OE": "unmittelbar an die Behörde: {authority}",
    "P": "an das Amtsgericht {court}; dort können Sie es einsehen",
}


@dataclass(frozen=True)
class ConductConfirmation:
    """What the confirmation states."""

    person: Person
    kind: str
    purpose: str
    recipient_authority: str
    inspection_court: str
    european: bool
    fee_cents: int
    reference: str
    place: str
    issued_on: date
    status_link: str = ""


def render(confirmation: ConductConfirmation, letterhead: page.Letterhead) -> bytes:
    """Return the confirmation as a PDF."""
    person = confirmation.person

    def body(canvas: Canvas, y: float) -> None:
        regular, _bold = fonts.register()
        canvas.setFont(regular, 10)
        canvas.drawString(page.LEFT, y, "Bestätigung nach § 30 des Bundeszentralregistergesetzes")
        y -= 12 * mm
        kind = KINDS.get(confirmation.kind, confirmation.kind)
        if confirmation.european:
            kind += " (Europäisches Führungszeugnis)"
        goes_to = GOES_TO.get(confirmation.kind, "").format(
            authority=confirmation.recipient_authority, court=confirmation.inspection_court
        )
        rows = [
            ("Antragsteller/in", person.full_name),
            ("Geburtsdatum", f"{person.birth_date:%d.%m.%Y}"),
            ("Belegart", kind),
            ("Verwendungszweck", confirmation.purpose or "—"),
            ("Versand", goes_to),
            ("Gebühr (bezahlt)", page.euro(confirmation.fee_cents)),
            ("Aktenzeichen", confirmation.reference),
        ]
        y = page.field_rows(canvas, y, rows, 42 * mm) - 6 * mm
        canvas.setFont(regular, 10)
        for line in page.wrap(NOTICE, regular, 10, page.RIGHT - page.LEFT):
            canvas.drawString(page.LEFT, y, line)
            y -= 5.5 * mm
        y -= 10 * mm
        page.office_signature(canvas, y, confirmation.place, confirmation.issued_on)

    footer = f"Vorgang {confirmation.reference} · Antrag auf ein Führungszeugnis, Bürgerkoffer"
    return page.render(TITLE, letterhead, footer, body, qr=confirmation.status_link)
