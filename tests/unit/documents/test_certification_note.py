"""Rule 12: the certification note carries every VwVfG §33(3) element, on the last page."""

from __future__ import annotations

import io
from datetime import date

import cv2
from pypdf import PdfReader

from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.documents import certification_note as note

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
