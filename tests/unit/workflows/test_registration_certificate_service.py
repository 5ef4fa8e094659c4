"""The registration certificate on the engine: simple and extended, who may ask, the fee, the
printed certificate and receipt; and the information block (rule 10)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from pypdf import PdfReader

from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.sim import SimPrinter
from koffer.domain import information_block
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import MunicipalFees
from koffer.domain.messages import describe
from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows import receipts
from koffer.workflows.engine import CaseFlow, StepState
from koffer.workflows.next_steps import next_steps_pdf
from koffer.workflows.prefill import prefilled_form
from koffer.workflows.services import all_services
from koffer.workflows.services import registration_certificate as certificate

TODAY = date(2026, 11, 21)
HOME = Address("Kirchgasse", "4", "45127", "Essen")
PERSON = Person("Zoë", "Łukasik", date(1950, 5, 5), HOME, birth_place="Łódź")
TOWN = MunicipalSettings(name="Essen", office="Bürgerbüro Essen")
KIND = ServiceKind.REGISTRATION_CERTIFICATE


def _flow(store: KitStore, **fees: Any) -> CaseFlow:
    town = MunicipalFees(**({"registration_certificate_cents": 900} | fees))
    return CaseFlow(store, all_services(town), today=lambda: TODAY)


@pytest.fixture
def flow(store: KitStore) -> CaseFlow:
    return _flow(store)


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def _blocked(person: Person = PERSON, since: date = TODAY - timedelta(days=30)) -> Person:
    return replace(person, information_block=information_block.grant(since))


def test_simple_certificate_end_to_end_with_receipt(flow: CaseFlow, store: KitStore) -> None:
    case = flow.open(KIND, PERSON, {})
    assert [p.step.name for p in flow.plan(case.id)] == ["payment", "certificate"]
    terminal, printer = SimPaymentTerminal(), SimPrinter(seconds_per_page=0)
    flow.pay(case.id, terminal)
    receipt = receipts.receipt_pdf(store, case.id, flow.fee(case.id), TOWN)
    assert "9,00 EUR" in _text(receipt)
    pdf = certificate.certificate_pdf(flow, case.id, TOWN)
    flow.issue(case.id, "certificate", pdf, "Meldebescheinigung", printer)
    flow.queue(case.id)

    text = _text(printer.printed[0][1])
    for expected in ("einfache Meldebescheinigung", "§ 18 Absatz 1", "Łukasik", "05.05.1950",
                     "Kirchgasse 4, 45127 Essen", "9,00 EUR", case.reference):  # fmt: skip
        assert expected in text, expected
    assert "Geburtsort" not in text  # the simple certificate has no §18(2) data
    with store.unit_of_work() as uow:
        assert uow.case(case.id).state is CaseState.QUEUED
        kinds = {kind for _id, kind, _type in uow.attachments(case.id)}
    assert kinds == {"receipt_pdf", "certificate_pdf"}


def test_extended_certificate_adds_the_register_data_asked_for(flow: CaseFlow) -> None:
    details = {
        "variant": "extended", "birth_name": "Nowak", "sex": "F", "nationality": "deutsch",
        "moved_in": "2019-04-01",
        "previous_address": {"street": "Südring", "house_number": "8", "postcode": "45128",
                             "city": "Essen"},
    }  # fmt: skip
    case = flow.open(KIND, PERSON, details)
    assert flow.fee(case.id).items[0].message_key == "fee.registration_certificate_extended"
    text = _text(certificate.certificate_pdf(flow, case.id, TOWN))
    for expected in ("erweiterte Meldebescheinigung", "§ 18 Absatz 2", "Geburtsname", "Nowak",
                     "Geburtsort", "Łódź", "weiblich", "deutsch", "01.04.2019",
                     "Südring 8, 45128 Essen"):  # fmt: skip
        assert expected in text, expected


@pytest.mark.parametrize(
    ("details", "key"),
    [({"variant": "certified"}, "error.validation"),
     ({"variant": "extended", "birth_name": "Новак"}, "error.invalid_characters"),
     ({"variant": "extended", "moved_in": "2027-01-01"}, "error.date_in_future"),
     ({"variant": "extended", "moved_in": "2026-02-30"}, "error.invalid_date"),
     ({"variant": "extended", "sex": "Q"}, "error.validation")],
)  # fmt: skip
def test_bad_register_data_is_refused_and_nothing_stored(
    flow: CaseFlow, store: KitStore, details: dict[str, Any], key: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        flow.open(KIND, PERSON, details)
    assert refused.value.message_key == key
    assert describe(refused.value, "de") != describe(refused.value, "en")
    with store.unit_of_work() as uow:
        assert uow.cases() == []


def test_a_representative_needs_a_certified_power_of_attorney(flow: CaseFlow) -> None:
    with pytest.raises(ValidationError) as refused:
        flow.open(KIND, PERSON, {"applicant": "authorised_representative",
                                 "representative": "Jan Kaya"})  # fmt: skip
    assert refused.value.message_key == "error.information_refused"
    case = flow.open(KIND, PERSON, {"applicant": "authorised_representative",
                                    "representative": "Jan Kaya",
                                    "power_of_attorney_seen": True})  # fmt: skip
    assert case.details["representative"] == "Jan Kaya"


def test_a_free_certificate_has_no_payment_step(store: KitStore) -> None:
    flow = _flow(store, registration_certificate_cents=0)
    case = flow.open(KIND, PERSON, {})
    (payment, _certificate) = flow.plan(case.id)
    assert (payment.state, payment.reason_key) == (StepState.SKIPPED, "step.skip.free")


def test_without_a_fee_set_by_the_town_no_case_opens(store: KitStore) -> None:
    flow = CaseFlow(store, all_services(MunicipalFees()), today=lambda: TODAY)
    with pytest.raises(ValidationError) as refused:
        flow.open(KIND, PERSON, {})
    assert refused.value.message_key == "error.fee_not_configured"


# --- rule 10: information block ---------------------------------------------------------


def test_rule_10_a_block_is_free_lasts_two_years_and_is_renewable() -> None:
    block = information_block.grant(date(2026, 11, 21))
    assert (block.since, block.until) == (date(2026, 11, 21), date(2028, 11, 21))
    assert block.active_on(date(2028, 11, 20))
    assert not block.active_on(date(2028, 11, 21))
    renewed = information_block.grant(date(2028, 10, 1), block)
    assert (renewed.until, renewed.renewals) == (date(2030, 11, 21), 1)
    lapsed = information_block.grant(date(2029, 3, 1), block)
    assert (lapsed.since, lapsed.until) == (date(2029, 3, 1), date(2031, 3, 1))


def test_rule_10_the_block_service_records_the_block_on_the_person(
    flow: CaseFlow, store: KitStore
) -> None:
    grounds = {"grounds": "Bedrohung durch früheren Partner", "grounds_credible": True}
    case = flow.open(ServiceKind.INFORMATION_BLOCK, PERSON, grounds)
    assert flow.fee(case.id).total_cents == 0
    with store.unit_of_work() as uow:
        stored = uow.person(uow.case(case.id).person_id)
    assert stored.information_block == information_block.InformationBlock(TODAY, date(2028, 11, 21))
    flow.record(case.id, "signature", {})
    printer = SimPrinter(seconds_per_page=0)
    sheet = next_steps_pdf(flow, case.id, TOWN, "de")
    flow.issue(case.id, "next_steps", sheet, "Hinweisblatt", printer)
    assert "Kirchgasse" not in _text(sheet)  # the sheet names no address
    flow.queue(case.id)
    with pytest.raises(ValidationError) as refused:
        flow.open(ServiceKind.INFORMATION_BLOCK, PERSON, {"grounds": "Angst"})
    assert refused.value.message_key == "error.block_grounds_missing"


def test_rule_10_blocked_data_never_on_a_prefilled_form() -> None:
    open_form = prefilled_form(PERSON, TODAY)
    assert open_form["street"] == "Kirchgasse"
    blocked = prefilled_form(_blocked(), TODAY)
    assert blocked == {key: value for key, value in open_form.items()
                       if key not in {"street", "house_number", "postcode", "city"}}  # fmt: skip
    assert not any("Kirchgasse" in str(v) or "45127" in str(v) for v in blocked.values())
    expired = prefilled_form(_blocked(since=TODAY - timedelta(days=800)), TODAY)
    assert expired == open_form


def test_rule_10_refusals_do_not_reveal_a_block(flow: CaseFlow, store: KitStore) -> None:
    proxy = {"applicant": "authorised_representative", "representative": "Jan Kaya",
             "power_of_attorney_seen": True}  # fmt: skip
    with pytest.raises(ValidationError) as blocked:
        flow.open(KIND, _blocked(), proxy)
    with pytest.raises(ValidationError) as no_mandate:
        flow.open(KIND, PERSON, dict(proxy, power_of_attorney_seen=False))
    for language in ("de", "en"):
        assert describe(blocked.value, language) == describe(no_mandate.value, language)
    assert blocked.value.params == no_mandate.value.params
    assert str(blocked.value) == str(no_mandate.value)
    for text in (describe(blocked.value, "de"), describe(blocked.value, "en"), str(blocked.value)):
        assert "sperr" not in text.casefold()
        assert "block" not in text.casefold()
    with store.unit_of_work() as uow:
        assert uow.cases() == []
    # The person in person still gets their own certificate.
    own = flow.open(KIND, _blocked(), {})
    assert own.details["applicant"] == "holder"
