"""Certified copy: the scanned pages with the certification note stamped onto the last one.

The note carries every element VwVfG §33(3) requires: the exact description of the
document, the statement that the copy matches the original presented, the restriction
"nur zur Vorlage bei ..." when the original was not issued by an authority, place and date,
the official's name and signature, and the seal. A copy of several pages states how many
pages it has, and every page carries the reference and "Seite n von m" so no page can be
slipped in or taken out unnoticed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from koffer.documents import stamped


@dataclass(frozen=True)
class CertificationNote:
    """What the note states."""

    document_title: str
    pages: int
    presented_to: str  # empty when the original was issued by an authority
    place: str
    day: date
    official: str
    office: str
    reference: str
    status_link: str = ""


def note_lines(note: CertificationNote) -> list[str]:
    """The note's text, line by line (also what the tests check)."""
    pages = "einer Seite" if note.pages == 1 else f"{note.pages} Seiten"
    lines = [
        "Beglaubigungsvermerk",
        f"Die Übereinstimmung der vorstehenden Kopie ({pages}) mit dem vorgelegten Original",
        f"„{note.document_title}“ wird hiermit amtlich beglaubigt.",
    ]
    if note.presented_to:
        lines.append(f"Die Beglaubigung wird nur zur Vorlage bei {note.presented_to} erteilt.")
    lines += [
        f"{note.place}, den {note.day:%d.%m.%Y}",
        f"{note.office} – Im Auftrag: {note.official}",
    ]
    return lines


def render(note: CertificationNote, scans: Sequence[bytes]) -> bytes:
    """Return the certified copy: one page per scan (JPEG/PNG), the note on the last."""
    title = f"Beglaubigte Kopie: {note.document_title}"
    return stamped.render(title, note.reference, scans, note_lines(note), note.status_link)
