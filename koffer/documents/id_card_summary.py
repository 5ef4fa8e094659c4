"""ID-card application summary: what will be submitted, for the citizen to check and sign.

It shows every recorded field of PAuswG §5(2) that the kit captured, who applies (holder,
custodian, guardian, representative with power of attorney, or a witness when the holder
cannot sign), which steps were left out and why, the fee, and the photo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import fonts, page
from koffer.domain.fees import FeeBreakdown
from koffer.domain.messages import translate
from koffer.domain.person import Person

TITLE = "Antrag auf einen Personalausweis"
APPLICANTS = {
    "holder": "die antragstellende Person selbst",
    "custodian": "sorgeberechtigte Person",
    "legal_guardian": "rechtliche Betreuung",
    "authorised_representative": "bevollmächtigte Person (beglaubigte Vollmacht)",
}
DOCUMENTS = {
    "id_card": "Personalausweis",
    "temporary_id_card": "vorläufiger Personalausweis",
    "replacement_id_card": "Ersatz-Personalausweis",
}


@dataclass(frozen=True)
class IdCardSummary:
    """What the summary shows."""

    person: Person
    reference: str
    details: dict[str, object]
    fee: FeeBreakdown
    place: str
    day: date
    photo_jpeg: bytes = b""
    left_out: list[str] = field(default_factory=list)  # message keys of skipped steps
    status_link: str = ""


def render(summary: IdCardSummary, letterhead: page.Letterhead) -> bytes:
    """Return the summary as a PDF."""
    person, details = summary.person, summary.details

    def body(canvas: Canvas, y: float) -> None:
        regular, bold = fonts.register()
        if summary.photo_jpeg:
            width = 35 * mm  # the passport-photo size, 35 x 45 mm
            canvas.drawImage(
                ImageReader(BytesIO(summary.photo_jpeg)),
                page.RIGHT - width, y - 45 * mm, width, 45 * mm,
            )  # fmt: skip
        height = details.get("height_cm")
        rows = [
            ("Dokument", DOCUMENTS.get(str(details.get("document")), str(details.get("document")))),
            ("Familienname", person.surname),
            ("Vornamen", person.given_names),
            ("Doktorgrad", person.doctoral_degree or "—"),
            ("Geburtsdatum", person.birth_date.strftime("%d.%m.%Y")),
            ("Geburtsort", person.birth_place or "—"),
            ("Anschrift", person.address.one_line()),
            ("Größe", f"{height} cm" if height else "---"),
            ("Augenfarbe", str(details.get("eye_colour") or "—")),
            ("Online-Ausweisfunktion", "eingeschaltet" if details.get("eid_on") else "aus"),
            ("Zustellung", "per Post" if details.get("postal_delivery") else "Abholung"),
        ]
        y = page.field_rows(canvas, y, rows, 50 * mm) - 2 * mm
        applicant = str(details.get("applicant", "holder"))
        canvas.setFont(regular, 10)
        line = f"Antrag gestellt durch: {APPLICANTS.get(applicant, applicant)}"
        if details.get("representative"):
            line += f" – {details['representative']}"
        canvas.drawString(page.LEFT, y, line)
        y -= 7 * mm
        for key in summary.left_out:
            canvas.drawString(page.LEFT, y, f"Entfällt: {translate(key, 'de')}")
            y -= 6 * mm
        y -= 4 * mm
        canvas.setFont(bold, 10)
        canvas.drawString(page.LEFT, y, f"Gebühr: {page.euro(summary.fee.total_cents)}")
        y -= 14 * mm
        canvas.setFont(regular, 9)
        canvas.drawString(
            page.LEFT, y, "Ich habe die Angaben geprüft; sie sind richtig und vollständig."
        )
        y -= 18 * mm
        canvas.line(page.LEFT, y, page.LEFT + 75 * mm, y)
        canvas.line(page.LEFT + 90 * mm, y, page.RIGHT, y)
        canvas.setFont(regular, 8)
        canvas.drawString(page.LEFT, y - 4 * mm, f"{summary.place}, {summary.day:%d.%m.%Y}")
        signer = "Unterschrift Zeugin/Zeuge" if details.get("cannot_sign") else "Unterschrift"
        if details.get("cannot_sign") and details.get("witness"):
            signer += f" ({details['witness']})"
        canvas.drawString(page.LEFT + 90 * mm, y - 4 * mm, signer)
        del bold

    footer = f"Vorgang {summary.reference} · Antragsübersicht des Bürgerkoffers, {summary.day}"
    return page.render(TITLE, letterhead, footer, body, qr=summary.status_link)
