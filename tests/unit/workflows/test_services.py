"""Residence registration, good conduct and certification on the engine, rule by rule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import MunicipalFees
from koffer.domain.messages import describe
from koffer.domain.person import Address, Person
from koffer.storage.store import KitStore
from koffer.workflows.engine import Attachment, CaseFlow
from koffer.workflows.services import all_services

TODAY = date(2026, 11, 21)
OLD = Address("Alte Gasse", "3", "45127", "Essen")
NEW = {"street": "Am Markt", "house_number": "1", "postcode": "45128", "city": "Essen"}
PERSON = Person("Zoë", "Łukasik", date(1950, 5, 5), OLD)
TEEN = Person("Ida", "Weber", date(2013, 1, 1), OLD)  # 13
SCAN = Attachment("scan", "image/png", b"png")


@pytest.fixture
def flow(store: KitStore) -> CaseFlow:
    fees = MunicipalFees(certification_per_page_cents=300)
    return CaseFlow(store, all_services(fees), today=lambda: TODAY)


def _registration(moved_in: date = TODAY - timedelta(days=5), **extra: Any) -> dict[str, Any]:
    landlord = {
        "name": "Wohnbau Essen eG", "address": {"street": "Hafenstraße", "house_number": "9",
        "postcode": "45127", "city": "Essen"}, "move_in_date": moved_in.isoformat(),
        "dwelling": NEW, "occupants": ["Zoë Łukasik"],
    }  # fmt: skip
    return {"move_in_date": moved_in.isoformat(), "new_address": NEW, "landlord": landlord} | extra


def _refused(
    flow: CaseFlow, kind: ServiceKind, details: dict[str, Any], person: Person = PERSON
) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        flow.open(kind, person, details)
    assert describe(error.value, "de") != describe(error.value, "en")  # translated, both
    return error.value


def test_rule_8_an_anmeldung_is_taken_after_moving_in_and_late_ones_are_marked(
    flow: CaseFlow,
) -> None:
    on_time = flow.open(ServiceKind.REGISTRATION, PERSON, _registration())
    assert on_time.details["late_days"] == 0
    assert on_time.details["deadline"] == (TODAY + timedelta(days=9)).isoformat()

    late = flow.open(ServiceKind.REGISTRATION, PERSON, _registration(TODAY - timedelta(days=90)))
    assert late.details["late_days"] == 90 - 14

    future = _refused(flow, ServiceKind.REGISTRATION, _registration(TODAY + timedelta(days=1)))
    assert future.message_key == "error.move_in_future"


def test_rule_8_abmeldung_only_without_a_new_dwelling_and_at_most_a_week_early(
    flow: CaseFlow,
) -> None:
    assert flow.open(ServiceKind.DEREGISTRATION, PERSON,
                     {"leaving_on": (TODAY + timedelta(days=7)).isoformat()})  # fmt: skip
    early = _refused(flow, ServiceKind.DEREGISTRATION,
                     {"leaving_on": (TODAY + timedelta(days=8)).isoformat()})  # fmt: skip
    assert early.message_key == "error.deregistration_too_early"
    moving = _refused(flow, ServiceKind.DEREGISTRATION,
                      {"leaving_on": TODAY.isoformat(), "new_domestic_dwelling": True})  # fmt: skip
    assert moving.message_key == "error.deregistration_new_dwelling"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("landlord"), "landlord"),
        (lambda d: d["landlord"].update(name=" "), "landlord.name"),
        (lambda d: d["landlord"].update(move_in_date="2026-11-01"), "landlord.move_in_date"),
        (lambda d: d["landlord"].update(dwelling=dict(NEW, house_number="2")), "landlord.dwelling"),
        (lambda d: d["landlord"].update(occupants=["Jemand Anders"]), "landlord.occupants"),
        (lambda d: d["landlord"].pop("address"), "landlord.address"),
    ],
)
def test_rule_9_the_landlord_confirmation_is_complete_and_matches(
    flow: CaseFlow, store: KitStore, change: Any, field: str
) -> None:
    details = _registration()
    change(details)
    assert _refused(flow, ServiceKind.REGISTRATION, details).field == field
    with store.unit_of_work() as uow:
        assert uow.cases() == []  # nothing stored


def test_rule_9_a_family_shares_one_form_only_with_identical_move_in_data(flow: CaseFlow) -> None:
    moved_in = TODAY - timedelta(days=3)
    child = {"given_names": "Ida", "surname": "Łukasik", "birth_date": "2015-02-02",
             "move_in_date": moved_in.isoformat()}  # fmt: skip
    details = _registration(moved_in, family=[child])
    details["landlord"]["occupants"] = ["Zoë Łukasik", "Ida Łukasik"]
    case = flow.open(ServiceKind.REGISTRATION, PERSON, details)
    assert [m["given_names"] for m in case.details["family"]] == ["Ida"]

    later = dict(child, move_in_date=TODAY.isoformat())
    refused = _refused(flow, ServiceKind.REGISTRATION, _registration(moved_in, family=[later]))
    assert refused.message_key == "error.family_move_in_differs"


def test_a_care_home_resident_still_registered_elsewhere_registers_after_three_months(
    flow: CaseFlow,
) -> None:
    details = _registration(TODAY - timedelta(days=30), care_home=True, registered_elsewhere=True)
    assert (
        _refused(flow, ServiceKind.REGISTRATION, details).message_key == "error.care_home_not_yet"
    )
    details = _registration(TODAY - timedelta(days=100), care_home=True, registered_elsewhere=True)
    assert flow.open(ServiceKind.REGISTRATION, PERSON, details).details["care_home"] is True


def test_an_anmeldung_is_free_and_runs_to_queued(flow: CaseFlow) -> None:
    case = flow.open(ServiceKind.REGISTRATION, PERSON, _registration())
    assert flow.fee(case.id).total_cents == 0
    flow.record(case.id, "landlord_confirmation", {}, [SCAN])
    flow.record(case.id, "signature", {})
    flow.record(case.id, "confirmation", {"printed": True})
    flow.queue(case.id)
    assert flow.next_step(case.id) is None


@pytest.mark.parametrize(
    ("details", "person", "key"),
    [
        ({"kind": "N"}, TEEN, "error.too_young"),
        ({"kind": "N", "applicant": "authorised_representative"}, PERSON, "error.no_proxy"),
        ({"kind": "NE"}, PERSON, "error.conduct_written_request_missing"),
        ({"kind": "O"}, PERSON, "error.conduct_recipient_missing"),
        ({"kind": "OE", "written_request_seen": True}, PERSON, "error.conduct_recipient_missing"),
    ],
)
def test_rule_11_conduct_certificate_requests_that_are_refused(
    flow: CaseFlow, details: dict[str, Any], person: Person, key: str
) -> None:
    assert _refused(flow, ServiceKind.CONDUCT_CERTIFICATE, details, person).message_key == key


def test_rule_11_an_extended_request_scans_the_written_request_and_costs_13_euro(
    flow: CaseFlow,
) -> None:
    plain = flow.open(ServiceKind.CONDUCT_CERTIFICATE, PERSON, {"kind": "N"})
    assert flow.next_step(plain.id).name == "identity"  # type: ignore[union-attr]
    extended = flow.open(ServiceKind.CONDUCT_CERTIFICATE, PERSON,
                         {"kind": "OE", "written_request_seen": True,
                          "recipient_authority": "Jugendamt Essen, 45121 Essen"})  # fmt: skip
    assert flow.next_step(extended.id).name == "written_request"  # type: ignore[union-attr]
    for step, attachments in (("written_request", [SCAN]), ("identity", []), ("signature", [])):
        flow.record(extended.id, step, {}, attachments)
    terminal = SimPaymentTerminal()
    assert flow.pay(extended.id, terminal).state is CaseState.PAID
    assert flow.fee(extended.id).total_cents == 1300


@pytest.mark.parametrize(
    ("details", "key"),
    [
        ({"document_title": "Geburtsurkunde von Ida Weber"}, "error.certification_civil_status"),
        ({"document_title": "Zeugnis", "erasures": True}, "error.certification_defects"),
        ({"document_title": "Zeugnis", "separated_pages": True}, "error.certification_defects"),
        (
            {
                "kind": "signature",
                "document_title": "Grundstückskaufvertrag",
                "notary_required": True,
                "text_present": True,
            },
            "error.certification_notary",
        ),
        ({"kind": "signature", "document_title": "Blatt"}, "error.certification_blank_signature"),
        ({"document_title": "Arbeitszeugnis"}, "error.certification_presented_to"),
    ],
)
def test_rule_12_what_a_town_may_not_certify_is_refused(
    flow: CaseFlow, details: dict[str, Any], key: str
) -> None:
    assert _refused(flow, ServiceKind.CERTIFICATION, details).message_key == key


def test_rule_12_a_copy_for_presentation_is_restricted_and_charged_per_page(flow: CaseFlow) -> None:
    case = flow.open(ServiceKind.CERTIFICATION, PERSON,
                     {"document_title": "Arbeitszeugnis der Stadtwerke", "pages": 3,
                      "presented_to": "Agentur für Arbeit Essen"})  # fmt: skip
    assert case.details["presented_to"] == "Agentur für Arbeit Essen"
    assert flow.fee(case.id).total_cents == 900
    details = {"document_title": "Bescheid des Finanzamts", "issued_by_authority": True}
    official = flow.open(ServiceKind.CERTIFICATION, PERSON, details)
    assert official.details["presented_to"] == ""


def test_the_registration_confirmation_names_everyone_and_the_new_dwelling(
    flow: CaseFlow,
) -> None:
    import io

    from pypdf import PdfReader

    from koffer.settings import MunicipalSettings
    from koffer.workflows.services import residence

    moved_in = TODAY - timedelta(days=3)
    child = {"given_names": "Ida", "surname": "Łukasik", "birth_date": "2015-02-02",
             "move_in_date": moved_in.isoformat()}  # fmt: skip
    details = _registration(moved_in, family=[child], residence="secondary")
    details["landlord"]["occupants"] = ["Zoë Łukasik", "Ida Łukasik"]
    case = flow.open(ServiceKind.REGISTRATION, PERSON, details)

    pdf = residence.confirmation_pdf(flow, case.id, MunicipalSettings(name="Essen"))

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    expected = ["Meldebestätigung", "§ 24 Absatz 2", "Zoë Łukasik", "geb. 05.05.1950",
                "Ida Łukasik", "geb. 02.02.2015", "Am Markt 1, 45128 Essen", "Nebenwohnung",
                f"{moved_in:%d.%m.%Y}", "gebührenfrei", case.reference]  # fmt: skip
    assert [e for e in expected if e not in text] == []


def test_rule_1_a_passport_costs_by_age_pages_express_and_photo(flow: CaseFlow) -> None:
    case = flow.open(ServiceKind.PASSPORT, PERSON, {"sex": "F", "pages_48": True, "express": True})
    assert flow.fee(case.id).total_cents == 7000 + 2200 + 3200 + 600
    young = Person("Ida", "Weber", date(2004, 1, 1), OLD)  # 22
    assert flow.fee(flow.open(ServiceKind.PASSPORT, young, {"sex": "X"}).id).total_cents == (
        3750 + 600
    )


def test_rule_2_and_7_passport_validity_and_the_mrz_name(flow: CaseFlow) -> None:
    young = Person("Ida Zoë", "Weber-Łukasik", date(2004, 1, 1), OLD)
    case = flow.open(ServiceKind.PASSPORT, young, {"sex": "X"})

    assert case.details["valid_until_latest"] == "2032-11-21"  # 6 years under 24
    assert case.details["mrz_sex"] == "<"
    assert case.details["mrz_name"].startswith("WEBER<LUKASIK<<IDA<ZOE<")
    assert set(case.details["mrz_name"]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({}, "sex"),
        ({"sex": "D"}, "sex"),
        ({"sex": "M", "document": "temporary_passport", "express": True}, "pages_48"),
        ({"sex": "M", "document": "id_card"}, "document"),
    ],
)
def test_bad_passport_applications_are_refused(
    flow: CaseFlow, details: dict[str, Any], field: str
) -> None:
    assert _refused(flow, ServiceKind.PASSPORT, details).field == field


def test_a_temporary_passport_takes_no_fingerprints(flow: CaseFlow) -> None:
    case = flow.open(ServiceKind.PASSPORT, PERSON, {"sex": "M", "document": "temporary_passport"})
    planned = {p.step.name: p.reason_key for p in flow.plan(case.id)}
    assert planned["fingerprints"] == "step.skip.temporary_document"
    assert flow.fee(case.id).total_cents == 2600 + 600


def test_a_life_certificate_is_free_and_stamped_on_the_scanned_form(flow: CaseFlow) -> None:
    import io

    import cv2
    from pypdf import PdfReader

    from koffer.devices.scanner.sim import SimDocumentScanner
    from koffer.documents import life_confirmation

    refused = _refused(
        flow, ServiceKind.LIFE_CERTIFICATE, {"provider": "Deutsche Rentenversicherung"}
    )
    assert refused.field == "identity_document"
    details = {"provider": "Deutsche Rentenversicherung", "identity_document": "id_card"}
    case = flow.open(ServiceKind.LIFE_CERTIFICATE, PERSON, details)
    assert flow.fee(case.id).total_cents == 0
    assert [p.step.name for p in flow.plan(case.id)] == ["form_scan", "confirmation"]

    page = SimDocumentScanner().scan(dpi=60)[0].image
    pdf = life_confirmation.render(
        life_confirmation.LifeConfirmation(
            PERSON.full_name, PERSON.birth_date, "id_card", "Deutsche Rentenversicherung",
            "Essen", TODAY, "Bürgerbüro Essen", case.reference,
        ),
        [cv2.imencode(".jpg", page)[1].tobytes()],
    )  # fmt: skip
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for expected in ("Lebensbescheinigung", "Zoë Łukasik, geb. 05.05.1950",
                     "Identität festgestellt durch: Personalausweis",
                     "Deutsche Rentenversicherung", "Essen, den 21.11.2026"):  # fmt: skip
        assert expected in text, expected


def test_a_town_may_charge_for_a_life_certificate(store: KitStore) -> None:
    charging = CaseFlow(store, all_services(MunicipalFees(life_certificate_cents=500)),
                        today=lambda: TODAY)  # fmt: skip
    details = {"provider": "Versorgungswerk", "identity_document": "passport"}
    case = charging.open(ServiceKind.LIFE_CERTIFICATE, PERSON, details)
    assert charging.fee(case.id).total_cents == 500
    assert "payment" in [p.step.name for p in charging.plan(case.id)]
