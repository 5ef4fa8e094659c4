"""Resident parking permit (Bewohnerparkausweis): zone, vehicle, the town's fee, the permit.

- The applicant's main residence lies in the zone asked for (the town's street list).
- The vehicle has an ordinary German registration number, weighs at most what the town
  admits, and is kept by the applicant (vehicle registration certificate part I, scanned),
  or permanently used by them (company or leased car: the keeper's confirmation, scanned).
- The fee is the town's: the kit's setting when there is one, else the schedule in
  ``resources/municipal/parking.toml``; a receipt is printed for the payment.
- The permit names zone, registration number, period and permit number; it lies behind
  the windscreen, so it carries no name and no address.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from koffer.documents import page
from koffer.documents import parking_permit as document
from koffer.domain.age_rules import add_months
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import FeeBreakdown, LineItem, MunicipalFees
from koffer.domain.parking import ParkingPolicy, parking_policy
from koffer.domain.vehicle_plate import normalise_plate
from koffer.settings import MunicipalSettings
from koffer.workflows.engine import CaseFacts, CaseFlow, Evidence, Service, Step

KEEPERS = frozenset({"applicant", "company_car", "leased"})


def _keeper(facts: CaseFacts) -> str:
    return str(facts.details.get("keeper", "applicant"))


def _kept_by_applicant(facts: CaseFacts) -> str | None:
    return "step.skip.keeper_is_applicant" if _keeper(facts) == "applicant" else None


def admit_with(policy: ParkingPolicy) -> Callable[[CaseFacts], Mapping[str, Any]]:
    """The admission check for ``policy``'s zones."""

    def admit(facts: CaseFacts) -> Mapping[str, Any]:
        details = facts.details
        zone = policy.zone(str(details.get("zone", "")))
        if not zone.contains(facts.person.address.street):
            raise ValidationError("zone", "error.parking_not_resident", zone=zone.code)
        plate = normalise_plate(str(details.get("plate", "")))
        keeper = _keeper(facts)
        if keeper not in KEEPERS:
            raise ValidationError("keeper", "error.validation", detail=keeper)
        weight = details.get("weight_kg")
        if weight is not None and not 0 < int(weight) <= policy.max_weight_kg:
            raise ValidationError(
                "weight_kg", "error.parking_vehicle_too_heavy", limit=policy.max_weight_kg
            )
        valid_from = facts.application_date
        valid_until = add_months(valid_from, policy.validity_months) - timedelta(days=1)
        return {
            "zone": zone.code,
            "zone_name": zone.name,
            "plate": plate,
            "keeper": keeper,
            "weight_kg": None if weight is None else int(weight),
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(),
        }

    return admit


def service(municipal: MunicipalFees, policy: ParkingPolicy | None = None) -> Service:
    """The resident parking permit with the town's schedule and fee."""
    schedule = policy or parking_policy()
    cents = municipal.parking_permit_cents
    fee = FeeBreakdown(
        (LineItem("fee.parking_permit", schedule.fee_cents if cents is None else cents),)
    )
    return Service(
        kind=ServiceKind.PARKING_PERMIT,
        title_key="service.parking_permit",
        steps=(
            Step("vehicle_registration", Evidence.SCAN, "step.vehicle_registration"),
            Step("use_confirmation", Evidence.SCAN, "step.use_confirmation", _kept_by_applicant),
            Step("payment", Evidence.PAYMENT, "step.payment"),
            Step("permit", Evidence.DOCUMENT, "step.parking_permit"),
        ),
        admit=admit_with(schedule),
        fee=lambda _facts: fee,
    )


def permit_pdf(flow: CaseFlow, case_id: str, municipality: MunicipalSettings) -> bytes:
    """Render the permit of a paid case.

    Raises:
        ValidationError: ``error.not_paid`` before the payment.
    """
    free = flow.fee(case_id).total_cents == 0
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
        paid = bool(uow.payments(case_id))
    if not (paid or free):
        raise ValidationError("payment", "error.not_paid")
    details = case.details
    return document.render(
        document.ParkingPermit(
            zone=details["zone"],
            zone_name=details["zone_name"],
            plate=details["plate"],
            valid_from=date.fromisoformat(details["valid_from"]),
            valid_until=date.fromisoformat(details["valid_until"]),
            reference=case.reference,
            place=municipality.name,
            issued_on=flow.today(),
            status_link=page.status_link(municipality.status_url, case.reference),
        ),
        page.Letterhead(municipality.office, f"Stadt {municipality.name}"),
    )
