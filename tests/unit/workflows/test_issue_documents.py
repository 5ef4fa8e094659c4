"""Documents issued through the engine: printed, then kept sealed with their step; the
good-conduct request confirmation and the "what happens next" sheet end to end."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from koffer.devices.errors import PaperJam
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows.engine import Attachment, CaseFlow
from koffer.workflows.next_steps import next_steps_pdf
from koffer.workflows.services import all_services, conduct, residence

TODAY = date(2026, 11, 21)
PERSON = Person("Zoë", "Łukasik", date(1990, 5, 5), Address("Alte Gasse", "3", "45127", "Essen"))
TOWN = MunicipalSettings(name="Essen", office="Bürgerbüro Essen",
                         status_url="https://essen.example/status")  # fmt: skip
OE = {"kind": "OE", "written_request_seen": True, "purpose": "Übungsleiterin im Sportverein",
      "recipient_authority": "Stadt Essen, Jugendamt, 45121 Essen"}  # fmt: skip


@pytest.fixture
def flow(store: KitStore) -> CaseFlow:
    return CaseFlow(store, all_services(), today=lambda: TODAY)


def _text(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def _paid_conduct_case(flow: CaseFlow) -> str:
    case = flow.open(ServiceKind.CONDUCT_CERTIFICATE, PERSON, OE)
    flow.record(case.id, "written_request", {}, [Attachment("scan", "image/png", b"png")])
    flow.record(case.id, "identity", {"identity_document": "id_card"})
    flow.record(case.id, "signature", {})
    return case.id


def test_conduct_confirmation_after_payment_end_to_end(flow: CaseFlow, store: KitStore) -> None:
    case_id = _paid_conduct_case(flow)
    with pytest.raises(ValidationError) as unpaid:
        conduct.confirmation_pdf(flow, case_id, TOWN)
    assert unpaid.value.message_key == "error.not_paid"
    flow.pay(case_id, SimPaymentTerminal())
    pdf = conduct.confirmation_pdf(flow, case_id, TOWN)
    printer = SimPrinter(seconds_per_page=0)
    flow.issue(case_id, "confirmation", pdf, "Antrag Führungszeugnis", printer)
    flow.queue(case_id)
    text = _text(pdf)
    with store.unit_of_work() as uow:
        case = uow.case(case_id)
        kinds = {kind for _id, kind, _type in uow.attachments(case_id)}
    for expected in ("OE – erweitertes Führungszeugnis", "Übungsleiterin im Sportverein",
                     "Stadt Essen, Jugendamt", "13,00 EUR", case.reference):  # fmt: skip
        assert expected in text, expected
    assert case.state is CaseState.QUEUED
    assert "confirmation_pdf" in kinds
    assert printer.printed[0][0] == f"Antrag Führungszeugnis {case.reference}"


def test_a_printer_fault_records_nothing_and_the_retry_prints_once(
    flow: CaseFlow, store: KitStore
) -> None:
    case_id = _paid_conduct_case(flow)
    flow.pay(case_id, SimPaymentTerminal())
    pdf = conduct.confirmation_pdf(flow, case_id, TOWN)
    printer = SimPrinter(seconds_per_page=0)
    printer.queue_fault(PaperJam())
    with pytest.raises(PaperJam):
        flow.issue(case_id, "confirmation", pdf, "Führungszeugnis", printer)
    assert flow.next_step(case_id).name == "confirmation"  # type: ignore[union-attr]
    flow.issue(case_id, "confirmation", pdf, "Führungszeugnis", printer)
    assert len(printer.printed) == 1
    assert flow.next_step(case_id) is None


def test_only_document_steps_are_issued(flow: CaseFlow) -> None:
    case_id = _paid_conduct_case(flow)
    with pytest.raises(ValidationError):
        flow.issue(case_id, "signature", b"%PDF-1.4", "x", SimPrinter(seconds_per_page=0))


@pytest.mark.parametrize("language", ["de", "en", "tr", "uk", "ru", "ar"])
def test_next_steps_sheet_for_a_case_in_the_citizens_language(
    flow: CaseFlow, language: str
) -> None:
    case_id = _paid_conduct_case(flow)
    pdf = next_steps_pdf(flow, case_id, TOWN, language)
    reader = PdfReader(io.BytesIO(pdf))
    with flow.store.unit_of_work() as uow:
        reference = uow.case(case_id).reference
    assert reference in reader.pages[0].extract_text()
    assert reader.metadata is not None
    assert "?" in str(reader.metadata.title) or "؟" in str(reader.metadata.title)


def test_next_steps_sheet_in_an_unknown_language_is_refused(flow: CaseFlow) -> None:
    case_id = _paid_conduct_case(flow)
    with pytest.raises(ValidationError):
        next_steps_pdf(flow, case_id, TOWN, "fr")


def test_anmeldung_and_abmeldung_confirmations_are_issued_on_the_engine(
    flow: CaseFlow, store: KitStore
) -> None:
    dwelling = {"street": "Am Markt", "house_number": "1", "postcode": "45128", "city": "Essen"}
    moved_in = TODAY - timedelta(days=3)
    landlord = {"name": "Wohnbau Essen eG", "address": dict(dwelling, house_number="9"),
                "move_in_date": moved_in.isoformat(), "dwelling": dwelling,
                "occupants": ["Zoë Łukasik"]}  # fmt: skip
    details = {"move_in_date": moved_in.isoformat(), "new_address": dwelling, "landlord": landlord}
    anmeldung = flow.open(ServiceKind.REGISTRATION, PERSON, details)
    flow.record(anmeldung.id, "landlord_confirmation", {}, [Attachment("scan", "image/png", b"p")])
    flow.record(anmeldung.id, "signature", {})
    printer = SimPrinter(seconds_per_page=0)
    pdf = residence.confirmation_pdf(flow, anmeldung.id, TOWN)
    flow.issue(anmeldung.id, "confirmation", pdf, "Meldebestätigung", printer)
    flow.queue(anmeldung.id)
    assert "Am Markt 1, 45128 Essen" in _text(pdf)

    leaving = {"leaving_on": (TODAY + timedelta(days=5)).isoformat(),
               "new_address_abroad": "ul. Piotrkowska 12, 90-001 Łódź, Polen"}  # fmt: skip
    abmeldung = flow.open(ServiceKind.DEREGISTRATION, PERSON, leaving)
    flow.record(abmeldung.id, "signature", {})
    pdf = residence.deregistration_confirmation_pdf(flow, abmeldung.id, TOWN)
    flow.issue(abmeldung.id, "confirmation", pdf, "Abmeldebestätigung", printer)
    flow.queue(abmeldung.id)
    text = _text(pdf)
    for expected in ("Abmeldebestätigung", "§ 24 Absatz 2", "Zoë Łukasik",
                     "Alte Gasse 3, 45127 Essen", "Hauptwohnung", "26.11.2026",
                     "ul. Piotrkowska 12, 90-001 Łódź, Polen", "gebührenfrei",
                     abmeldung.reference):  # fmt: skip
        assert expected in text, expected
    with store.unit_of_work() as uow:
        assert uow.case(abmeldung.id).state is CaseState.QUEUED
    assert [title.split(" K-")[0] for title, _pdf in printer.printed] == [
        "Meldebestätigung",
        "Abmeldebestätigung",
    ]
