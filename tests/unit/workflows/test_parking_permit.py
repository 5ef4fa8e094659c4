"""Resident parking permit on the engine: zone, registration number, the town's fee, the
permit and the receipt."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import MunicipalFees
from koffer.domain.messages import describe
from koffer.domain.parking import ParkingPolicy, parking_policy
from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows import receipts
from koffer.workflows.engine import Attachment, CaseFlow, StepState
from koffer.workflows.services import all_services, parking_permit

TODAY = date(2026, 11, 21)
RESIDENT = Person(
    "Zoë", "Łukasik", date(1950, 5, 5), Address("Marktstrasse", "4", "45127", "Essen")
)
TOWN = MunicipalSettings(name="Essen", office="Bürgerbüro Essen")
SCAN = Attachment("scan", "image/png", b"png")
KIND = ServiceKind.PARKING_PERMIT


@pytest.fixture
def flow(store: KitStore) -> CaseFlow:
    return CaseFlow(store, all_services(MunicipalFees()), today=lambda: TODAY)


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_permit_end_to_end_with_receipt(flow: CaseFlow, store: KitStore) -> None:
    case = flow.open(KIND, RESIDENT, {"zone": "a", "plate": "e ab 1234"})
    assert case.details["plate"] == "E-AB 1234"
    assert (case.details["zone"], case.details["valid_until"]) == ("A", "2027-11-20")
    assert flow.fee(case.id).total_cents == parking_policy().fee_cents == 3060
    with pytest.raises(ValidationError):  # the permit only after the payment
        parking_permit.permit_pdf(flow, case.id, TOWN)
    assert [p.state for p in flow.plan(case.id)][1] is StepState.SKIPPED  # own vehicle
    flow.record(case.id, "vehicle_registration", {}, [SCAN])
    flow.pay(case.id, SimPaymentTerminal())
    assert "30,60 EUR" in _text(receipts.receipt_pdf(store, case.id, flow.fee(case.id), TOWN))
    printer = SimPrinter(seconds_per_page=0)
    pdf = parking_permit.permit_pdf(flow, case.id, TOWN)
    flow.issue(case.id, "permit", pdf, "Bewohnerparkausweis", printer)
    flow.queue(case.id)

    text = _text(pdf)
    for expected in ("Bewohnerparkausweis", "E-AB 1234", "Zone A – Altstadt", "21.11.2026",
                     "20.11.2027", case.reference, "§ 45 Absatz 1b"):  # fmt: skip
        assert expected in text, expected
    assert "Łukasik" not in text  # seen from the street: no name, no address
    assert "Marktstr" not in text
    with store.unit_of_work() as uow:
        assert uow.case(case.id).state is CaseState.QUEUED


def test_the_fee_set_in_the_kits_settings_wins(store: KitStore) -> None:
    flow = CaseFlow(store, all_services(MunicipalFees(parking_permit_cents=12000)),
                    today=lambda: TODAY)  # fmt: skip
    case = flow.open(KIND, RESIDENT, {"zone": "A", "plate": "E-AB 1"})
    assert flow.fee(case.id).total_cents == 12000


def test_a_company_car_needs_the_keepers_confirmation(flow: CaseFlow) -> None:
    case = flow.open(KIND, RESIDENT, {"zone": "A", "plate": "E-AB 1", "keeper": "company_car"})
    assert flow.next_step(case.id).name == "vehicle_registration"  # type: ignore[union-attr]
    flow.record(case.id, "vehicle_registration", {}, [SCAN])
    assert flow.next_step(case.id).name == "use_confirmation"  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as early:
        flow.pay(case.id, SimPaymentTerminal())
    assert early.value.message_key == "error.steps_missing"


@pytest.mark.parametrize(
    ("details", "key"),
    [({"zone": "Z", "plate": "E-AB 1"}, "error.parking_zone_unknown"),
     ({"zone": "B", "plate": "E-AB 1"}, "error.parking_not_resident"),
     ({"zone": "A", "plate": "EAB1"}, "error.plate_format"),
     ({"zone": "A", "plate": "E-AB 1", "weight_kg": 7500}, "error.parking_vehicle_too_heavy"),
     ({"zone": "A", "plate": "E-AB 1", "keeper": "friend"}, "error.validation")],
)  # fmt: skip
def test_what_the_permit_refuses(
    flow: CaseFlow, store: KitStore, details: dict[str, Any], key: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        flow.open(KIND, RESIDENT, details)
    assert refused.value.message_key == key
    assert describe(refused.value, "de") != describe(refused.value, "en")
    with store.unit_of_work() as uow:
        assert uow.cases() == []


def test_the_schedule_is_checked_when_read() -> None:
    good = {"fee_cents": 100, "validity_months": 12, "max_weight_kg": 3500,
            "zones": [{"code": "A", "name": "Mitte", "streets": ["Markt"]}]}  # fmt: skip
    assert ParkingPolicy.from_toml(good).zone("a").contains("markt")
    for broken in ({"fee_cents": -1}, {"validity_months": 0}, {"zones": []},
                   {"zones": [{"code": "A", "name": "Mitte", "streets": []}]}):  # fmt: skip
        with pytest.raises(ValueError, match="parking"):
            ParkingPolicy.from_toml(good | broken)
