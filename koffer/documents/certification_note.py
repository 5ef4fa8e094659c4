"""Certified copy: the scanned pages with the certification note stamped onto the last one.

The note carries every element VwVfG §33(3) requires: the exact description of the
document, the statement that the copy matches the original presented, the restriction
"nur zur Vorlage bei ..." when the original was not issued by an authority, place and date,
the official's name and signature, and the seal. A copy of several pages states how many
pages it has, and every page carries the reference and "Seite n von m" so no page can be
slipped in or taken out unnoticed.

A certified signature (§34) is different: its note goes onto the signed document itself,
right by the signature, so the printer prints the note alone onto the original fed into it.
It states §34(3)'s elements: that the signature is genuine, whose it is, how their identity
was established and whether it was made or acknowledged before the official, for which
authority alone it is certified, place and date, the official's name, signature and seal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from koffer.documents import stamped
from koffer.documents.life_confirmation import IDENTITY


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
    signer: str = ""  # a certified signature: whose, with the date of birth; "": a copy
    identity_document: str = ""  # how the signer's identity was established
    acknowledged: bool = False  # signed before and acknowledged here, not signed here


def note_lines(note: CertificationNote) -> list[str]:
    """The note's text, line by line (also what the tests check)."""
    if note.signer:
        return _signature_lines(note)
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


def _signature_lines(note: CertificationNote) -> list[str]:
    seen = IDENTITY.get(note.identity_document, note.identity_document)
    before = "anerkannte" if note.acknowledged else "vollzogene"
    return [
        "Unterschriftsbeglaubigung",
        f"Die vorstehende, vor mir {before} Unterschrift von {note.signer}",
        f"(Identität festgestellt durch: {seen}) wird hiermit amtlich beglaubigt.",
        f"Schriftstück: „{note.document_title}“",
        f"Die Beglaubigung wird nur zur Vorlage bei {note.presented_to} erteilt.",
        f"{note.place}, den {note.day:%d.%m.%Y}",
        f"{note.office} – Im Auftrag: {note.official}",
    ]


def render(note: CertificationNote, scans: Sequence[bytes]) -> bytes:
    """Return the certified copy: one page per scan (JPEG/PNG), the note on the last.

    For a certified signature: the note alone, to be printed onto the signed original.
    """
    lines = note_lines(note)
    if note.signer:
        title = f"Unterschriftsbeglaubigung: {note.document_title}"
        return stamped.render_stamp(title, note.reference, lines, note.status_link)
    title = f"Beglaubigte Kopie: {note.document_title}"
    return stamped.render(title, note.reference, scans, lines, note.status_link)
