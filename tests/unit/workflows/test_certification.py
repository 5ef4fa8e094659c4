"""Rule 12 on the engine: signatures (§34), the scanned original, and the note a case prints."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import cv2
import numpy as np
import pytest
from pypdf import PdfReader

from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.documents.scan_crop import Quad, find_page
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import MunicipalFees
from koffer.domain.messages import describe
from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows.engine import STEPS, CaseFlow
from koffer.workflows.services import all_services, certification

TODAY = date(2026, 11, 21)
PERSON = Person("Zoë", "Łukasik", date(1950, 5, 5), Address("Alte Gasse", "3", "45127", "Essen"))
TOWN = MunicipalSettings(name="Essen", office="Bürgerbüro Essen-Mitte")
COPY = {
    "document_title": "Arbeitszeugnis der Stadtwerke Essen",
    "pages": 2,
    "presented_to": "der Agentur für Arbeit Essen",
}
SIGNATURE = {
    "kind": "signature",
    "document_title": "Antrag auf Witwenrente",
    "text_present": True,
    "identity_document": "id_card",
    "presented_to": "der Deutschen Rentenversicherung Westfalen",
}


@pytest.fixture
def flow(store: KitStore) -> CaseFlow:
    fees = MunicipalFees(certification_per_page_cents=300)
    return CaseFlow(store, all_services(fees), today=lambda: TODAY)


def _refused(flow: CaseFlow, details: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        flow.open(ServiceKind.CERTIFICATION, PERSON, details)
    assert describe(error.value, "de") != describe(error.value, "en")  # translated, both
    return error.value


def test_rule_12_a_signature_needs_the_body_it_is_for_and_how_the_signer_was_identified(
    flow: CaseFlow,
) -> None:
    no_body = _refused(flow, {**SIGNATURE, "presented_to": ""})
    assert no_body.message_key == "error.certification_signature_presented_to"
    assert no_body.field == "presented_to"
    unknown = _refused(flow, {**SIGNATURE, "identity_document": "library_card"})
    assert (unknown.field, unknown.message_key) == ("identity_document", "error.validation")
    # "issued by an authority" means nothing for a signature: it stays restricted.
    case = flow.open(ServiceKind.CERTIFICATION, PERSON, {**SIGNATURE, "issued_by_authority": True})
    assert case.details["presented_to"] == "der Deutschen Rentenversicherung Westfalen"
    assert case.details["identity_document"] == "id_card"
    assert case.details["acknowledged"] is False


def _sheets(count: int) -> list[tuple[np.ndarray, Quad]]:
    scanner = SimDocumentScanner()
    scanner.skew_deg = 6.0  # laid crooked on the glass
    sheets = [scanner.scan(dpi=60)[0].image for _ in range(count)]
    return [(sheet, find_page(sheet)) for sheet in sheets]


def test_the_original_is_recorded_with_every_page_cut_out_as_cropped(flow: CaseFlow) -> None:
    case = flow.open(ServiceKind.CERTIFICATION, PERSON, COPY)
    with pytest.raises(ValidationError) as missing:
        certification.record_original(flow, case.id, _sheets(1))
    assert missing.value.message_key == "error.certification_page_count"
    assert "2 Seite(n), gescannt sind 1" in describe(missing.value, "de")
    assert flow.next_step(case.id).name == "scan"  # type: ignore[union-attr]

    sheets = _sheets(2)
    recorded = certification.record_original(flow, case.id, sheets)

    step = recorded.details[STEPS]["scan"]
    assert step["data"] == {"pages": 2}
    with flow.store.unit_of_work() as uow:
        pages = [uow.attachment(a) for a in step["attachments"]]
    first = cv2.imdecode(np.frombuffer(pages[0], np.uint8), cv2.IMREAD_COLOR)
    width, height = sheets[0][1].size()
    assert abs(first.shape[1] - width) <= 1  # straightened to the sheet, not the whole lid
    assert abs(first.shape[0] - height) <= 1
    assert flow.next_step(case.id).name == "payment"  # type: ignore[union-attr]


def test_rule_12_the_note_of_a_copy_is_printed_on_its_last_page(flow: CaseFlow) -> None:
    case = flow.open(ServiceKind.CERTIFICATION, PERSON, COPY)
    certification.record_original(flow, case.id, _sheets(2))

    stated = certification.note(flow, case.id, TOWN, "m.schneider")
    pdf = certification.note_pdf(flow, case.id, stated)

    assert (stated.place, stated.office, stated.official) == (TOWN.name, TOWN.office, "m.schneider")
    assert stated.signer == ""
    assert stated.day == TODAY
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    assert all(len(p.images) == 1 for p in pages)
    last = " ".join(pages[1].extract_text().split())
    assert "nur zur Vorlage bei der Agentur für Arbeit Essen" in last
    assert f"{case.reference} · Seite 2 von 2" in last


def test_rule_12_the_note_of_a_signature_names_the_signer_and_is_printed_alone(
    flow: CaseFlow,
) -> None:
    case = flow.open(ServiceKind.CERTIFICATION, PERSON, {**SIGNATURE, "acknowledged": True})
    certification.record_original(flow, case.id, _sheets(1))

    stated = certification.note(flow, case.id, TOWN, "m.schneider")
    pdf = certification.note_pdf(flow, case.id, stated)

    assert stated.signer == "Zoë Łukasik, geb. 05.05.1950"
    assert stated.acknowledged
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    assert not pages[0].images
    text = " ".join(pages[0].extract_text().split())
    for element in (
        "vor mir anerkannte Unterschrift von Zoë Łukasik, geb. 05.05.1950",
        "Identität festgestellt durch: Personalausweis",
        "nur zur Vorlage bei der Deutschen Rentenversicherung Westfalen",
        "Essen, den 21.11.2026",
        "Bürgerbüro Essen-Mitte – Im Auftrag: m.schneider",
    ):
        assert element in text, element
