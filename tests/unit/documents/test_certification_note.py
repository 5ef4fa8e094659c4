"""Rule 12: the certification note carries every VwVfG §33(3) element, on the last page."""

from __future__ import annotations

import io
from datetime import date

import cv2
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.documents import certification_note as note
from koffer.documents import fonts, page, stamped

NOTE = note.CertificationNote(
    document_title="Arbeitszeugnis der Stadtwerke Essen vom 3. März 2024",
    pages=2,
    presented_to="der Agentur für Arbeit Essen",
    place="Essen",
    day=date(2026, 11, 21),
    official="Frau Şahin",
    office="Bürgerbüro Essen-Mitte",
    reference="K-2026-AAAA-BBBB",
)


def _scans() -> list[bytes]:
    scanner = SimDocumentScanner()
    scanner.feeder_pages = 2
    return [cv2.imencode(".jpg", p.image)[1].tobytes() for p in scanner.scan("feeder", dpi=60)]


def test_rule_12_the_note_has_every_element_of_section_33() -> None:
    reader = PdfReader(io.BytesIO(note.render(NOTE, _scans())))
    assert len(reader.pages) == 2
    first, last = (p.extract_text() for p in reader.pages)
    assert "Beglaubigungsvermerk" not in first
    assert "Seite 1 von 2" in first
    for element in (
        "Beglaubigungsvermerk",
        "Übereinstimmung der vorstehenden Kopie (2 Seiten) mit dem vorgelegten Original",
        "Arbeitszeugnis der Stadtwerke Essen vom 3. März 2024",
        "nur zur Vorlage bei der Agentur für Arbeit Essen",
        "Essen, den 21.11.2026",
        "Im Auftrag: Frau Şahin",
        "Unterschrift",
        "Dienstsiegel",
        "Seite 2 von 2",
    ):
        assert element in last, element
    assert all(len(p.images) == 1 for p in reader.pages)  # each scanned page is on its page


def test_rule_12_an_authority_document_is_certified_without_restriction() -> None:
    official = note.CertificationNote(**{**NOTE.__dict__, "presented_to": "", "pages": 1})
    lines = note.note_lines(official)
    assert not any("nur zur Vorlage" in line for line in lines)
    assert "(einer Seite)" in lines[1]


SIGNATURE = note.CertificationNote(
    **{
        **NOTE.__dict__,
        "document_title": "Antrag auf Witwenrente",
        "pages": 1,
        "presented_to": "der Deutschen Rentenversicherung Westfalen",
        "signer": "Zoë Łucja Ñúñez-Müller, geb. 02.03.1941",
        "identity_document": "passport",
    }
)


def test_a_certified_signature_states_every_element_of_section_34_and_prints_alone() -> None:
    reader = PdfReader(io.BytesIO(note.render(SIGNATURE, _scans())))
    assert len(reader.pages) == 1  # onto the signed original: no scan is printed
    assert not reader.pages[0].images
    text = " ".join(reader.pages[0].extract_text().split())  # lines wrapped in the stamp
    for element in (
        "Unterschriftsbeglaubigung",
        "vor mir vollzogene Unterschrift von Zoë Łucja Ñúñez-Müller, geb. 02.03.1941",
        "Identität festgestellt durch: Reisepass",
        "wird hiermit amtlich beglaubigt",
        "Antrag auf Witwenrente",
        "nur zur Vorlage bei der Deutschen Rentenversicherung Westfalen",
        "Essen, den 21.11.2026",
        "Im Auftrag: Frau Şahin",
        "Unterschrift",
        "Dienstsiegel",
    ):
        assert element in text, element
    assert "Kopie" not in text


def test_a_signature_acknowledged_before_the_official_says_so() -> None:
    acknowledged = note.CertificationNote(**{**SIGNATURE.__dict__, "acknowledged": True})
    assert "vor mir anerkannte Unterschrift" in note.note_lines(acknowledged)[1]
    assert "vor mir vollzogene Unterschrift" in note.note_lines(SIGNATURE)[1]


def _placed_text(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """Each piece of text on the last page: text, x, baseline y and font size (points)."""
    pieces: list[tuple[str, float, float, float]] = []

    def visit(text: str, _cm: object, tm: list[float], _fonts: object, size: float) -> None:
        if text.strip():
            pieces.append((text.strip(), tm[4], tm[5], size))

    PdfReader(io.BytesIO(pdf)).pages[-1].extract_text(visitor_text=visit)
    return pieces


def test_a_long_note_is_wrapped_inside_the_stamp_and_beside_the_seal() -> None:
    regular, _bold = fonts.register()
    long = note.CertificationNote(
        **{
            **NOTE.__dict__,
            "document_title": "Abschlusszeugnis der Gesamtschule Essen-Holsterhausen vom 1. Juli "
            "2025 mit Anlage Kursübersicht",
            "presented_to": "der Agentur für Arbeit Essen, Berliner Platz 10, 45127 Essen",
        }
    )
    pieces = _placed_text(note.render(long, _scans()))
    words = " ".join(text for text, *_ in pieces)
    for element in ("Kursübersicht", "45127 Essen erteilt.", "Im Auftrag: Frau Şahin"):
        assert element in words, element
    for text, x, y, size in pieces:
        if y > stamped.STAMP_HEIGHT or size < 8:  # the scan's page and the small print
            continue
        right = x + pdfmetrics.stringWidth(text, regular, size)
        seal = stamped.SEAL_WIDTH if y < stamped.SEAL_TOP else 0
        assert right <= page.RIGHT - seal + 0.5, text
        assert y >= stamped.TEXT_BOTTOM - 0.5, text
