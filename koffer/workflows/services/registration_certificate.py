"""Registration certificate (Meldebescheinigung, BMG §18) on the engine: simple or extended.

- The simple certificate (§18(1)) states surname, given names, doctoral degree, date of
  birth and the addresses, marked main or secondary residence.
- The extended one (§18(2)) adds further register data the person asks for: birth name,
  place of birth, sex, nationality, the day of moving in and the previous address.
- The person asks in person; a custodian for a child under 16; anyone else only with a
  certified power of attorney.
- While the person has an information block (BMG §51), the kit hands a certificate only to
  the person in person. Every other request is refused with the same words as a request
  without a power of attorney, so that the refusal does not reveal the block (rule 10).
- The fee is the Land's (NRW 9.00 EUR), set by the town; an extended certificate costs the
  simple one's fee unless the town sets its own. Without a fee there is no payment step.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from koffer.documents import page
from koffer.documents import registration_certificate as document
from koffer.domain import age_rules, fields, information_block, names
from koffer.domain.age_rules import Applicant
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import FeeBreakdown, LineItem, MunicipalFees
from koffer.domain.person import Address, normalise
from koffer.settings import MunicipalSettings
from koffer.workflows.engine import STEPS, CaseFacts, CaseFlow, Evidence, Service, Step

VARIANTS = frozenset({"simple", "extended"})
SEXES = {"M": "männlich", "F": "weiblich", "X": "divers", "U": "ohne Angabe"}
NATIONALITY_MAX = 50
TITLE = "Meldebescheinigung"


def _fee(municipal: MunicipalFees, facts: CaseFacts) -> FeeBreakdown:
    if facts.details.get("variant") == "extended":
        cents = municipal.extended_registration_certificate_cents
        if cents is None:
            cents = municipal.registration_certificate_cents
        key = "fee.registration_certificate_extended"
    else:
        cents, key = municipal.registration_certificate_cents, "fee.registration_certificate"
    if cents is None:
        raise ValidationError("fee", "error.fee_not_configured", item=key)
    return FeeBreakdown((LineItem(key, cents),) if cents else ())


def _check_applicant(facts: CaseFacts) -> tuple[Applicant, str]:
    details = facts.details
    try:
        applicant = Applicant(str(details.get("applicant", Applicant.HOLDER)))
    except ValueError as exc:
        raise information_block.refusal("applicant") from exc
    representative = normalise(str(details.get("representative", "")))
    if applicant is Applicant.HOLDER:
        return applicant, ""
    # Rule 10: the same refusal whether the person is blocked or the request lacks a
    # mandate; the reason stays with the clerk's knowledge of the register, not the text.
    if information_block.is_blocked(facts.person.information_block, facts.application_date):
        raise information_block.refusal("applicant")
    age = age_rules.age_on(facts.person.birth_date, facts.application_date)
    for_a_child = applicant is Applicant.CUSTODIAN and age < age_rules.APPLIES_IN_PERSON_FROM_AGE
    mandated = applicant is Applicant.AUTHORISED_REPRESENTATIVE and facts.flag(
        "power_of_attorney_seen"
    )
    if not (for_a_child or mandated):
        raise information_block.refusal("applicant")
    if not representative:
        raise ValidationError("representative", "error.required")
    return applicant, names.check(representative, names.Datatype.A, "representative")


def _extended(details: Mapping[str, Any]) -> dict[str, Any]:
    """The §18(2) data asked for, each checked like the form field it comes from."""
    extra: dict[str, Any] = {}
    birth_name = normalise(str(details.get("birth_name", "")))
    if birth_name:
        fields.check_length("birth_name", birth_name, fields.BIRTH_NAME_MAX)
        extra["birth_name"] = names.check(birth_name, names.Datatype.A, "birth_name")
    sex = str(details.get("sex", "")).upper()
    if sex:
        if sex not in SEXES:
            raise ValidationError("sex", "error.validation", detail=sex)
        extra["sex"] = sex
    nationality = normalise(str(details.get("nationality", "")))
    if nationality:
        fields.check_length("nationality", nationality, NATIONALITY_MAX)
        extra["nationality"] = names.check(nationality, names.Datatype.B, "nationality")
    moved_in = details.get("moved_in")
    if moved_in:
        try:
            extra["moved_in"] = date.fromisoformat(str(moved_in)).isoformat()
        except ValueError as exc:
            raise ValidationError("moved_in", "error.invalid_date", detail=str(moved_in)) from exc
    previous = details.get("previous_address")
    if previous:
        if not isinstance(previous, Mapping):
            raise ValidationError("previous_address", "error.validation")
        try:
            extra["previous_address"] = Address.from_dict(dict(previous)).to_dict()
        except KeyError as exc:
            raise ValidationError("previous_address", "error.required", detail=str(exc)) from exc
    return extra


def admit(facts: CaseFacts) -> Mapping[str, Any]:
    """Check who asks and for what; return the details to store.

    Raises:
        ValidationError: An unknown variant, invalid register data, or the neutral
            ``error.information_refused`` for a request the kit may not answer.
    """
    variant = str(facts.details.get("variant", "simple"))
    if variant not in VARIANTS:
        raise ValidationError("variant", "error.validation", detail=variant)
    applicant, representative = _check_applicant(facts)
    extended = _extended(facts.details) if variant == "extended" else {}
    if extended.get("moved_in", "") > facts.application_date.isoformat():
        raise ValidationError("moved_in", "error.date_in_future")
    return {
        "variant": variant,
        "applicant": str(applicant),
        "representative": representative,
        "extended": extended,
        "secondary_addresses": [
            Address.from_dict(dict(a)).to_dict() for a in facts.details.get("secondary", [])
        ],
    }


def service(municipal: MunicipalFees) -> Service:
    """The registration certificate with the town's fee."""

    def fee(facts: CaseFacts) -> FeeBreakdown:
        return _fee(municipal, facts)

    def free(facts: CaseFacts) -> str | None:
        return "step.skip.free" if fee(facts).total_cents == 0 else None

    def admit_priced(facts: CaseFacts) -> Mapping[str, Any]:
        cleaned = admit(facts)
        fee(CaseFacts(facts.person, cleaned, facts.application_date))  # the town set a fee
        return cleaned

    return Service(
        kind=ServiceKind.REGISTRATION_CERTIFICATE,
        title_key="service.registration_certificate",
        steps=(
            Step("payment", Evidence.PAYMENT, "step.payment", free),
            Step("certificate", Evidence.DOCUMENT, "step.registration_certificate"),
        ),
        admit=admit_priced,
        fee=fee,
    )


EXTENDED_LABELS = {
    "birth_name": "Geburtsname",
    "sex": "Geschlecht",
    "nationality": "Staatsangehörigkeit",
    "moved_in": "Eingezogen am",
    "previous_address": "Frühere Anschrift",
}


def _extended_rows(extended: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, label in EXTENDED_LABELS.items():
        value = extended.get(key)
        if not value:
            continue
        if key == "sex":
            text = SEXES[value]
        elif key == "moved_in":
            text = date.fromisoformat(value).strftime("%d.%m.%Y")
        elif key == "previous_address":
            text = Address.from_dict(dict(value)).one_line()
        else:
            text = str(value)
        rows.append((label, text))
    return rows


def certificate_pdf(
    flow: CaseFlow, case_id: str, municipality: MunicipalSettings, issued_on: date | None = None
) -> bytes:
    """Render the case's certificate (simple or extended) as the citizen gets it."""
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
        person = uow.person(case.person_id)
    details = case.details
    paid = details.get(STEPS, {}).get("payment", {}).get("data", {}).get("amount_cents")
    fee_cents = paid if paid is not None else flow.fee(case_id).total_cents
    extended = details.get("variant") == "extended"
    birth_place = [("Geburtsort", person.birth_place)] if extended and person.birth_place else []
    return document.render(
        document.RegistrationCertificate(
            person,
            case.reference,
            issued_on or flow.today(),
            municipality.name,
            fee_cents,
            page.status_link(municipality.status_url, case.reference),
            extended=extended,
            extra_rows=tuple(birth_place + _extended_rows(details.get("extended", {}))),
            secondary_addresses=tuple(
                Address.from_dict(a) for a in details.get("secondary_addresses", [])
            ),
        ),
        page.Letterhead(municipality.office, f"Stadt {municipality.name}"),
    )
