"""Anmeldung and Abmeldung (Bundesmeldegesetz): deadlines, landlord confirmation, families.

- Anmeldung within two weeks of moving in (BMG §17(1)); a move inside the town is an
  Anmeldung too. A late one is still taken (the duty remains) and marked late; a move-in
  in the future is refused: one registers after moving in.
- The landlord confirmation (Wohnungsgeberbestätigung, §19) must be complete: landlord name
  and address (and owner if different), move-in date, dwelling address, the people moving in
  — and it must match the registration.
- One form for a family only when every member's move-in data is identical (§23(4)).
- Care homes (§32): a resident still registered at a dwelling registers only after three
  months there.
- Abmeldung only without a new dwelling in Germany, at the earliest a week before leaving
  (§17(2)). Both confirmations are free (§24(2)).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from koffer.documents import deregistration_confirmation, page, registration_confirmation
from koffer.domain import age_rules
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import FeeBreakdown
from koffer.domain.person import Address
from koffer.settings import MunicipalSettings
from koffer.workflows.engine import CaseFacts, CaseFlow, Evidence, Service, Step

CARE_HOME_GRACE = timedelta(days=91)  # three months
RESIDENCES = frozenset({"main", "secondary"})
FREE = FeeBreakdown(())


def _date(details: Mapping[str, Any], name: str) -> date:
    try:
        return date.fromisoformat(str(details[name]))
    except (KeyError, ValueError) as exc:
        raise ValidationError(name, "error.invalid_date", detail=str(details.get(name))) from exc


def _address(data: object, field: str) -> Address:
    if not isinstance(data, Mapping):
        raise ValidationError(field, "error.required")
    try:
        return Address.from_dict(dict(data))
    except KeyError as exc:
        raise ValidationError(field, "error.required", detail=str(exc)) from exc


def _landlord(details: Mapping[str, Any], moved_in: date, dwelling: Address) -> dict[str, Any]:
    """Rule 9: every field of the landlord confirmation, and agreement with the form."""
    landlord = details.get("landlord")
    if not isinstance(landlord, Mapping):
        raise ValidationError("landlord", "error.landlord_confirmation_missing")
    name = str(landlord.get("name", "")).strip()
    if not name:
        raise ValidationError("landlord.name", "error.required")
    landlord_address = _address(landlord.get("address"), "landlord.address")
    if _date(landlord, "move_in_date") != moved_in:
        raise ValidationError("landlord.move_in_date", "error.landlord_confirmation_mismatch")
    if _address(landlord.get("dwelling"), "landlord.dwelling") != dwelling:
        raise ValidationError("landlord.dwelling", "error.landlord_confirmation_mismatch")
    occupants = [str(o).strip() for o in landlord.get("occupants", []) if str(o).strip()]
    if not occupants:
        raise ValidationError("landlord.occupants", "error.required")
    return {
        "name": name,
        "address": landlord_address.to_dict(),
        "owner": str(landlord.get("owner", "")).strip(),
        "move_in_date": moved_in.isoformat(),
        "dwelling": dwelling.to_dict(),
        "occupants": occupants,
    }


def admit_registration(facts: CaseFacts) -> Mapping[str, Any]:
    """Check an Anmeldung (rules 8 and 9); return the details to store."""
    details = facts.details
    moved_in = _date(details, "move_in_date")
    if moved_in > facts.application_date:
        raise ValidationError("move_in_date", "error.move_in_future")
    dwelling = _address(details.get("new_address"), "new_address")
    residence = str(details.get("residence", "main"))
    if residence not in RESIDENCES:
        raise ValidationError("residence", "error.validation", detail=residence)
    if (
        facts.flag("care_home")
        and facts.flag("registered_elsewhere")
        and facts.application_date < moved_in + CARE_HOME_GRACE
    ):
        raise ValidationError(
            "move_in_date", "error.care_home_not_yet",
            from_date=(moved_in + CARE_HOME_GRACE).isoformat(),
        )  # fmt: skip
    family = []
    for member in details.get("family", []):
        if _date(member, "move_in_date") != moved_in:
            raise ValidationError("family", "error.family_move_in_differs")
        family.append({
            "given_names": str(member.get("given_names", "")).strip(),
            "surname": str(member.get("surname", "")).strip(),
            "birth_date": _date(member, "birth_date").isoformat(),
            "move_in_date": moved_in.isoformat(),
        })  # fmt: skip
    landlord = _landlord(details, moved_in, dwelling)
    named = {facts.person.full_name, *(f"{m['given_names']} {m['surname']}" for m in family)}
    missing = sorted(n for n in named if n not in landlord["occupants"])
    if missing:
        raise ValidationError("landlord.occupants", "error.landlord_occupant_missing",
                              detail=", ".join(missing))  # fmt: skip
    deadline = age_rules.registration_deadline(moved_in)
    late_days = max(0, (facts.application_date - deadline).days)
    return {
        "move_in_date": moved_in.isoformat(),
        "new_address": dwelling.to_dict(),
        "residence": residence,
        "care_home": facts.flag("care_home"),
        "family": family,
        "landlord": landlord,
        "deadline": deadline.isoformat(),
        "late_days": late_days,  # rule 8: late, still registered; the office decides on a fine
    }


def admit_deregistration(facts: CaseFacts) -> Mapping[str, Any]:
    """Check an Abmeldung (rule 8); return the details to store."""
    leaving = _date(facts.details, "leaving_on")
    age_rules.check_deregistration(
        leaving, facts.application_date, facts.flag("new_domestic_dwelling")
    )
    residence = str(facts.details.get("residence", "main"))
    if residence not in RESIDENCES:
        raise ValidationError("residence", "error.validation", detail=residence)
    return {
        "leaving_on": leaving.isoformat(),
        "residence": residence,
        "new_address_abroad": str(facts.details.get("new_address_abroad", "")).strip(),
    }


def registration() -> Service:
    """Anmeldung (including a move inside the town)."""
    return Service(
        kind=ServiceKind.REGISTRATION,
        title_key="service.registration",
        steps=(
            Step("landlord_confirmation", Evidence.SCAN, "step.landlord_confirmation"),
            Step("signature", Evidence.SIGNATURE, "step.signature"),
            Step("confirmation", Evidence.DOCUMENT, "step.registration_confirmation"),
        ),
        admit=admit_registration,
        fee=lambda _facts: FREE,
    )


def deregistration() -> Service:
    """Abmeldung (leaving Germany, or giving up a secondary residence)."""
    return Service(
        kind=ServiceKind.DEREGISTRATION,
        title_key="service.deregistration",
        steps=(
            Step("signature", Evidence.SIGNATURE, "step.signature"),
            Step("confirmation", Evidence.DOCUMENT, "step.deregistration_confirmation"),
        ),
        admit=admit_deregistration,
        fee=lambda _facts: FREE,
    )


def confirmation_pdf(flow: CaseFlow, case_id: str, municipality: MunicipalSettings) -> bytes:
    """Render the Meldebestätigung of an Anmeldung (everyone on the form, the new dwelling)."""
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
        person = uow.person(case.person_id)
    details = case.details
    family = [
        (f"{m['given_names']} {m['surname']}", date.fromisoformat(m["birth_date"]))
        for m in details.get("family", [])
    ]
    return registration_confirmation.render(
        registration_confirmation.RegistrationConfirmation(
            person,
            family,
            Address.from_dict(details["new_address"]),
            details.get("residence", "main"),
            date.fromisoformat(details["move_in_date"]),
            case.reference,
            municipality.name,
            flow.today(),
            page.status_link(municipality.status_url, case.reference),
        ),
        page.Letterhead(municipality.office, f"Stadt {municipality.name}"),
    )


def deregistration_confirmation_pdf(
    flow: CaseFlow, case_id: str, municipality: MunicipalSettings
) -> bytes:
    """Render the Abmeldebestätigung (the dwelling given up, the day of leaving)."""
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
        person = uow.person(case.person_id)
    details = case.details
    return deregistration_confirmation.render(
        deregistration_confirmation.DeregistrationConfirmation(
            person,
            person.address,
            details.get("residence", "main"),
            date.fromisoformat(details["leaving_on"]),
            details.get("new_address_abroad", ""),
            case.reference,
            municipality.name,
            flow.today(),
            page.status_link(municipality.status_url, case.reference),
        ),
        page.Letterhead(municipality.office, f"Stadt {municipality.name}"),
    )
