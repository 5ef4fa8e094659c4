"""A fee is charged once: after a lost answer, after queueing, after a restart."""

from __future__ import annotations

from datetime import date

import pytest

from koffer.devices.errors import DeviceUnavailable
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.domain.case import CaseState
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows import payment
from koffer.workflows.registration_certificate import RegistrationCertificateService

TODAY = date(2026, 11, 21)


@pytest.fixture
def service(store: KitStore) -> RegistrationCertificateService:
    return RegistrationCertificateService(store, MunicipalSettings())


def test_a_lost_answer_is_found_in_the_terminal_journal_not_charged_again(
    service: RegistrationCertificateService, store: KitStore, citizen: Person
) -> None:
    terminal = SimPaymentTerminal()
    terminal.lose_answer = True
    opened = service.open_case(citizen, TODAY)

    with pytest.raises(DeviceUnavailable):
        service.collect_fee(opened.case_id, terminal)
    with store.unit_of_work() as uow:
        case = uow.case(opened.case_id)
        assert case.state is CaseState.DRAFT
        assert case.details[payment.PENDING] == service.fee_cents
        assert uow.payments(opened.case_id) == []

    service.collect_fee(opened.case_id, terminal)  # the clerk retries

    assert terminal.charges == 1
    with store.unit_of_work() as uow:
        case = uow.case(opened.case_id)
        (paid,) = uow.payments(opened.case_id)
        events = [e.event for e in uow.audit_events(opened.case_id)]
    assert case.state is CaseState.PAID
    assert payment.PENDING not in case.details
    assert paid["amount_cents"] == service.fee_cents
    assert events.count("payment.started") == 1
    assert events.count("payment.recorded") == 1


def test_an_attempt_that_never_reached_the_terminal_is_charged_on_retry(
    service: RegistrationCertificateService, store: KitStore, citizen: Person
) -> None:
    terminal = SimPaymentTerminal()
    terminal.unplug()
    opened = service.open_case(citizen, TODAY)
    with pytest.raises(DeviceUnavailable):
        service.collect_fee(opened.case_id, terminal)
    terminal.plug_in()

    service.collect_fee(opened.case_id, terminal)

    assert terminal.charges == 1
    with store.unit_of_work() as uow:
        assert len(uow.payments(opened.case_id)) == 1


def test_a_queued_case_is_not_charged_again(
    service: RegistrationCertificateService, store: KitStore, citizen: Person
) -> None:
    terminal = SimPaymentTerminal()
    opened = service.open_case(citizen, TODAY)
    service.collect_fee(opened.case_id, terminal)
    service.render(opened.case_id, TODAY)
    service.queue(opened.case_id)

    service.collect_fee(opened.case_id, terminal)

    assert terminal.charges == 1
    with store.unit_of_work() as uow:
        assert uow.case(opened.case_id).state is CaseState.QUEUED
        assert len(uow.payments(opened.case_id)) == 1
