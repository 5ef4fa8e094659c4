"""The confirmation on a pension provider's life-certificate form: the scanned form, stamped.

The stamp states that the person named appeared in person on that day, how their identity
was established, place and date, the office, the clerk's signature and the seal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from koffer.documents import stamped

IDENTITY = {
    "id_card": "Personalausweis",
    "passport": "Reisepass",
    "residence_permit": "Aufenthaltstitel",
    "known_to_clerk": "persönlich bekannt",
}


@dataclass(frozen=True)
class LifeConfirmation:
    """What the stamp says."""

    name: str
    birth_date: date
    identity_document: str
    provider: str
    place: str
    day: date
    office: str
    reference: str


def stamp_lines(confirmation: LifeConfirmation) -> list[str]:
    """The stamp's text, line by line."""
    seen = IDENTITY.get(confirmation.identity_document, confirmation.identity_document)
    return [
        "Lebensbescheinigung",
        f"{confirmation.name}, geb. {confirmation.birth_date:%d.%m.%Y}, ist heute persönlich",
        f"erschienen und lebt. Identität festgestellt durch: {seen}.",
        f"Für: {confirmation.provider}",
        f"{confirmation.place}, den {confirmation.day:%d.%m.%Y} – {confirmation.office}",
    ]


def render(confirmation: LifeConfirmation, scans: Sequence[bytes]) -> bytes:
    """Return the form's scanned pages with the confirmation stamped on the last."""
    lines = stamp_lines(confirmation)
    return stamped.render("Lebensbescheinigung", confirmation.reference, scans, lines)
