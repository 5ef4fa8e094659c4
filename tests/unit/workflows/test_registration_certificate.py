import io
from datetime import date

import pytest
from pypdf import PdfReader

from koffer.devices.errors import PaperOut, PaymentDeclined
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState
from koffer.domain.errors import InvalidTransition, ValidationError
from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows.registration_certificate import RegistrationCertificateService

TODAY = date(2026, 11, 21)


@pytest.fixture
def service(store: KitStore) -> RegistrationCertificateService:
    return RegistrationCertificateService(store, MunicipalSettings(name="Essen"))


def test_full_visit_prints_the_certificate_and_queues_the_case(
    service: RegistrationCertificateService, store: KitStore, citizen: Person
) -> None:
    printer = SimPrinter(seconds_per_page=0)
    opened = service.open_case(citizen, TODAY)
    service.collect_fee(opened.case_id, SimPaymentTerminal())
    service.render(opened.case_id, TODAY)
    result = service.print_certificate(opened.case_id, printer)
    key = service.queue(opened.case_id)

    ((title, pdf),) = printer.printed
    assert title == f"Meldebescheinigung {opened.reference}"
    assert "Ñúñez-Müller" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    with store.unit_of_work() as uow:
        case = uow.case(opened.case_id)
        assert case.state is CaseState.QUEUED
        (payment,) = uow.payments(opened.case_id)
        assert payment["amount_cents"] == 900
        assert len(payment["authorisation_code"]) == 6
        assert case.details["printed"]["job_id"] == result.job_id
        (entry,) = uow.due_outbox()
        assert entry.idempotency_key == key
        events = [e.event for e in uow.audit_events()]
    assert events == [
        "case.created",
        "payment.started",
        "payment.recorded",
        "case.paid",
        "step.payment",
        "document.printed",
        "step.certificate",
        "case.queued",
        "outbox.queued",
    ]
    steps = case.details["steps"]  # the engine's record of the service's steps
    assert steps["payment"]["data"] == {"amount_cents": 900}
    assert steps["certificate"]["data"]["job_id"] == result.job_id


def test_printer_fault_leaves_the_case_and_the_retry_prints_once(
    service: RegistrationCertificateService, store: KitStore, citizen: Person
) -> None:
    printer = SimPrinter(seconds_per_page=0)
    opened = service.open_case(citizen, TODAY)
    service.render(opened.case_id, TODAY)
    printer.queue_fault(PaperOut())
    with pytest.raises(PaperOut):
        service.print_certificate(opened.case_id, printer)
    with store.unit_of_work() as uow:
        assert "printed" not in uow.case(opened.case_id).details
        assert len(uow.cases()) == 1
    service.print_certificate(opened.case_id, printer)
    assert len(printer.printed) == 1


def test_declined_payment_keeps_the_case_unpaid(
    service: RegistrationCertificateService, store: KitStore, citizen: Person
) -> None:
    terminal = SimPaymentTerminal()
    terminal.decline_reason = "Limit"
    opened = service.open_case(citizen, TODAY)
    with pytest.raises(PaymentDeclined):
        service.collect_fee(opened.case_id, terminal)
    with store.unit_of_work() as uow:
        assert uow.case(opened.case_id).state is CaseState.DRAFT
    terminal.decline_reason = ""
    service.collect_fee(opened.case_id, terminal)
    service.collect_fee(opened.case_id, terminal)  # paid already: not charged twice
    assert terminal.charges == 1


def test_free_certificate_skips_the_payment(store: KitStore, citizen: Person) -> None:
    service = RegistrationCertificateService(
        store, MunicipalSettings(registration_certificate_fee_cents=0)
    )
    terminal = SimPaymentTerminal()
    terminal.unplug()  # would fail if it were used
    opened = service.open_case(citizen, TODAY)
    service.collect_fee(opened.case_id, terminal)


def test_birth_date_in_the_future_opens_no_case(
    service: RegistrationCertificateService, store: KitStore
) -> None:
    person = Person("A", "B", date(2027, 1, 1), Address("Weg", "1", "12345", "Ort"))
    with pytest.raises(ValidationError):
        service.open_case(person, TODAY)
    with store.unit_of_work() as uow:
        assert uow.cases() == []


def test_queueing_twice_keeps_one_outbox_entry(
    service: RegistrationCertificateService, store: KitStore, citizen: Person
) -> None:
    opened = service.open_case(citizen, TODAY)
    key = service.queue(opened.case_id)
    assert service.queue(opened.case_id) == key
    with store.unit_of_work() as uow:
        assert uow.outbox_counts() == {"pending": 1}


def test_rendering_again_keeps_the_one_certificate(
    service: RegistrationCertificateService, store: KitStore, citizen: Person
) -> None:
    opened = service.open_case(citizen, TODAY)
    first = service.render(opened.case_id, TODAY)
    assert service.render(opened.case_id, TODAY) == first
    with store.unit_of_work() as uow:
        assert len(uow.attachments(opened.case_id)) == 1


def test_a_done_case_cannot_go_back(
    service: RegistrationCertificateService, store: KitStore, citizen: Person
) -> None:
    opened = service.open_case(citizen, TODAY)
    with store.unit_of_work() as uow:
        uow.save_case(uow.case(opened.case_id).moved_to(CaseState.REJECTED))
    with pytest.raises(InvalidTransition):
        service.queue(opened.case_id)
