"""Property tests at service level: whatever the clerk types, a service either accepts it
(with a sound result) or refuses it with a translated message naming the rule.

- fees are never negative, item by item, for every service;
- the age rules agree with each other across the ID card, passport, eID and good-conduct
  services (rule 3, rule 11);
- the MRZ name field holds only A-Z, 0-9 and "<" (rule 7);
- DIN 91379 names come back from the encrypted store exactly, in NFC (rule 7);
- addresses and move-in dates give an Anmeldung or a clear refusal (rules 7, 8).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from koffer.domain import age_rules, names
from koffer.domain.case import ServiceKind
from koffer.domain.errors import KofferError, ValidationError
from koffer.domain.fees import MunicipalFees
from koffer.domain.messages import CATALOGUE, describe
from koffer.domain.person import Address, Person
from koffer.storage.store import KitStore
from koffer.workflows.engine import CaseFacts, CaseFlow
from koffer.workflows.services import all_services

TOWN = MunicipalFees(
    outside_office_hours=True, registration_certificate_cents=900,
    parking_permit_cents=3060, certification_per_page_cents=250, life_certificate_cents=500,
)  # fmt: skip
SERVICES = all_services(TOWN)
HOME = Address("Am Markt", "1", "45127", "Essen")
MRZ = re.compile(r"[A-Z0-9<]{39}")

_LETTERS = sorted(t for t, g in names.character_list().groups.items() if g == "bll")
din_letters = st.sampled_from(_LETTERS)
din_word = st.lists(din_letters, min_size=1, max_size=12).map("".join)
din_name = st.lists(din_word, min_size=1, max_size=3).map(" ".join)
days = st.dates(min_value=date(2025, 5, 1), max_value=date(2032, 12, 31))
birth_dates = st.dates(min_value=date(1905, 1, 1), max_value=date(2032, 12, 31))
flags = st.booleans()


def _facts(birth: date, day: date, details: dict[str, Any]) -> CaseFacts:
    return CaseFacts(Person("Ida", "Weber", birth, HOME), details, day)


def _translated(error: KofferError) -> None:
    assert error.message_key in CATALOGUE, error.message_key
    assert describe(error, "de")
    assert describe(error, "en")


service_details = st.fixed_dictionaries(
    {
        "document": st.sampled_from(["id_card", "temporary_id_card", "replacement_id_card",
                                     "passport", "temporary_passport", "birth_certificate"]),
        "applicant": st.sampled_from(["holder", "custodian", "legal_guardian", "proxy"]),
        "representative": st.sampled_from(["", "Jan Kaya"]),
        "holder_unable_to_act": flags, "postal_delivery": flags, "pages_48": flags,
        "express": flags, "sex": st.sampled_from(["M", "F", "X", "Q"]),
        "kind": st.sampled_from(["N", "O", "NE", "OE", "P", "copy", "signature"]),
        "european": flags, "written_request_seen": flags,
        "recipient_authority": st.sampled_from(["", "Jugendamt Essen"]),
        "document_title": st.sampled_from(["Zeugnis", "Geburtsurkunde", ""]),
        "pages": st.integers(min_value=-2, max_value=600), "issued_by_authority": flags,
        "presented_to": st.sampled_from(["", "Agentur für Arbeit"]),
        "provider": st.sampled_from(["", "Deutsche Rentenversicherung"]),
        "identity_document": st.sampled_from(["id_card", "none"]),
        "operation": st.sampled_from(["read", "address_change", "new_pin", "activate_eid"]),
        "variant": st.sampled_from(["simple", "extended"]),
        "zone": st.sampled_from(["A", "B", "Z"]), "plate": st.sampled_from(["E-AB 1", "X"]),
        "grounds": st.sampled_from(["", "Bedrohung"]), "grounds_credible": flags,
    }
)  # fmt: skip


@given(kind=st.sampled_from(sorted(SERVICES)), birth=birth_dates, day=days, details=service_details)
@settings(max_examples=300, deadline=None)
def test_fees_are_never_negative(
    kind: ServiceKind, birth: date, day: date, details: dict[str, Any]
) -> None:
    assume(birth <= day)
    service = SERVICES[kind]
    try:
        cleaned = service.admit(_facts(birth, day, details))
        fee = service.fee(_facts(birth, day, dict(cleaned)))
    except ValidationError as refused:
        _translated(refused)
        return
    assert all(item.cents >= 0 and item.quantity >= 1 for item in fee.items)
    assert fee.total_cents >= 0


@given(birth=birth_dates, day=days)
@settings(max_examples=300, deadline=None)
def test_rule_3_and_11_age_rules_agree_across_services(birth: date, day: date) -> None:
    assume(birth <= day)
    age = age_rules.age_on(birth, day)
    id_card = SERVICES[ServiceKind.ID_CARD]
    who = {"applicant": "custodian", "representative": "Jan Kaya"} if age < 16 else {}
    facts = _facts(birth, day, dict(id_card.admit(_facts(birth, day, who))))
    prints, signature = id_card.step("fingerprints"), id_card.step("signature")
    assert (prints.skip(facts) is None) == (age >= 6)
    assert (signature.skip(facts) is None) == (age >= 10)
    assert facts.details["eid_on"] == (age >= 16)
    passport = SERVICES[ServiceKind.PASSPORT]
    assert (passport.step("fingerprints").skip(facts) is None) == (age >= 6)

    def refused(kind: ServiceKind, details: dict[str, Any]) -> bool:
        try:
            SERVICES[kind].admit(_facts(birth, day, details))
        except ValidationError as error:
            _translated(error)
            return True
        return False

    assert refused(ServiceKind.ID_CARD, {"applicant": "holder"}) == (age < 16)
    assert refused(ServiceKind.EID, {"operation": "activate_eid"}) == (age < 16)
    assert refused(ServiceKind.CONDUCT_CERTIFICATE, {"kind": "N"}) == (age < 14)


@given(surname=din_name, given=din_name, sex=st.sampled_from(["M", "F", "X"]))
@settings(max_examples=200, deadline=None)
def test_rule_7_the_mrz_name_field_holds_only_a_z_digits_and_filler(
    surname: str, given: str, sex: str
) -> None:
    try:
        person = Person(given, surname, date(1980, 1, 1), HOME)
    except ValidationError as refused:  # e.g. too long for the XhD field
        _translated(refused)
        return
    cleaned = SERVICES[ServiceKind.PASSPORT].admit(
        CaseFacts(person, {"sex": sex}, date(2026, 11, 21))
    )
    assert MRZ.fullmatch(cleaned["mrz_name"]), cleaned["mrz_name"]
    assert cleaned["mrz_sex"] in {"M", "F", "<"}


@given(surname=din_name, given=din_name, form=st.sampled_from(["NFC", "NFD"]))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_rule_7_din_91379_names_round_trip_through_the_store(
    store: KitStore, surname: str, given: str, form: str
) -> None:
    typed_surname = unicodedata.normalize(form, surname)  # type: ignore[arg-type]
    typed_given = unicodedata.normalize(form, given)  # type: ignore[arg-type]
    try:
        person = Person(typed_given, typed_surname, date(1980, 1, 1), HOME)
    except ValidationError as refused:
        _translated(refused)
        return
    assert person.surname == unicodedata.normalize("NFC", surname)
    flow = CaseFlow(store, SERVICES, today=lambda: date(2026, 11, 21))
    case = flow.open(ServiceKind.REGISTRATION_CERTIFICATE, person, {})
    with store.unit_of_work() as uow:
        stored = uow.person(uow.case(case.id).person_id)
    assert stored == person
    assert unicodedata.is_normalized("NFC", stored.surname + stored.given_names)
    assert names.offending(stored.surname) == ""


@given(
    street=st.text(min_size=0, max_size=60), postcode=st.text(max_size=6),
    moved_back=st.integers(min_value=-30, max_value=400),
)  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_rules_7_and_8_addresses_and_move_in_dates_give_a_case_or_a_clear_refusal(
    street: str, postcode: str, moved_back: int
) -> None:
    today = date(2026, 11, 21)
    moved_in = today - timedelta(days=moved_back)
    dwelling = {"street": street, "house_number": "1", "postcode": postcode, "city": "Essen"}
    landlord = {"name": "Wohnbau eG", "address": {"street": "Hafenstraße", "house_number": "9",
                "postcode": "45127", "city": "Essen"}, "move_in_date": moved_in.isoformat(),
                "dwelling": dwelling, "occupants": ["Ida Weber"]}  # fmt: skip
    details = {"move_in_date": moved_in.isoformat(), "new_address": dwelling, "landlord": landlord}
    registration = SERVICES[ServiceKind.REGISTRATION]
    try:
        cleaned = registration.admit(_facts(date(1980, 1, 1), today, details))
    except ValidationError as refused:
        _translated(refused)
        refusal = refused.message_key
    else:
        refusal = ""
    if refusal:
        future_or_bad_address = {
            "error.move_in_future",
            "error.invalid_characters",
            "error.required",
            "error.validation",
            "error.too_long",
        }
        assert moved_back >= 0 or refusal in future_or_bad_address
        return
    assert moved_back >= 0
    assert cleaned["late_days"] == max(0, moved_back - 14)
    assert unicodedata.is_normalized("NFC", cleaned["new_address"]["street"])
    assert len(cleaned["new_address"]["postcode"]) == 5
