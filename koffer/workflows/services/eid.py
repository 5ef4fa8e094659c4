"""eID operations on the change terminal (Änderungsterminal, PAuswG §§18-21, PAuswV §§18a-21).

Four operations, one per case:

- ``read``: what the chip holds about the place of residence (DG17/DG18);
- ``address_change``: the new address written to DG17 and the municipality key to DG18
  after an Anmeldung, then the address sticker for the back of the card (free,
  PAuswGebV §1(5));
- ``new_pin``: a new PIN set by the terminal after the clerk has checked the holder's
  identity (the PIN letter is lost or the PIN is blocked);
- ``activate_eid``: switching the online eID function on, not before 16 (rule 3).

Every operation opens a session on the card: PACE with the CAN printed on the card, then
terminal authentication as an official change terminal. The card decides what the terminal
may do (rule 13: 6982 without the right authorisation). A card error (wrong CAN, PIN blocked,
missing authorisation, card lifted off the terminal) is raised as the device's translated
error and records nothing: the case stays where it was and the clerk retries the step. The
CAN and the PIN are used for the session only, never stored.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from koffer.devices.change_terminal.address import NoPlaceInfo, PlaceOfResidence, Residence
from koffer.devices.change_terminal.eid import EidSession, ResidenceRecord
from koffer.devices.change_terminal.interface import ChangeTerminal
from koffer.devices.change_terminal.pace import PasswordKind
from koffer.devices.change_terminal.terminal_auth import TerminalCredential
from koffer.devices.errors import CardProtocolError, DeviceError
from koffer.documents import address_sticker
from koffer.domain import age_rules
from koffer.domain.case import Case, CaseState, ServiceKind
from koffer.domain.errors import InvalidTransition, ValidationError
from koffer.domain.fees import FeeBreakdown, address_change_fee
from koffer.domain.person import Address
from koffer.workflows.engine import CaseFacts, CaseFlow, Evidence, Service, Step, StepState

OPERATIONS = ("read", "address_change", "new_pin", "activate_eid")
IDENTITY_DOCUMENTS = frozenset({"id_card", "passport", "residence_permit", "known_to_clerk"})
CAN_DIGITS = 6
PIN_DIGITS = 6
KEY_DIGITS = 8
_DEVICE = "change_terminal"
OPEN = frozenset({CaseState.DRAFT, CaseState.CAPTURED, CaseState.SIGNED, CaseState.PAID})


def _operation(facts: CaseFacts) -> str:
    return str(facts.details.get("operation", ""))


def _read_only(facts: CaseFacts) -> str | None:
    return "step.skip.read_only" if _operation(facts) == "read" else None


def _no_address_change(facts: CaseFacts) -> str | None:
    return None if _operation(facts) == "address_change" else "step.skip.no_address_change"


def admit(facts: CaseFacts) -> Mapping[str, Any]:
    """Check the operation asked for; return the details to store.

    Raises:
        ValidationError: An unknown operation, an address change without a valid address
            and municipality key, or the eID switched on under 16 (rule 3).
    """
    details = facts.details
    operation = _operation(facts)
    if operation not in OPERATIONS:
        raise ValidationError("operation", "error.validation", detail=operation or "—")
    cleaned: dict[str, Any] = {"operation": operation}
    if operation == "activate_eid":
        needs = age_rules.requirements(facts.person.birth_date, facts.application_date)
        if not needs.eid_on:
            raise ValidationError(
                "operation", "error.eid_under_16", minimum=age_rules.EID_ON_FROM_AGE
            )
    if operation == "address_change":
        if details.get("no_place_info"):
            cleaned |= {"no_place_info": True, "new_address": None, "municipality_key": ""}
        else:
            data = details.get("new_address")
            if not isinstance(data, Mapping):
                raise ValidationError("new_address", "error.required")
            try:
                address = Address.from_dict(dict(data))
            except KeyError as exc:
                raise ValidationError("new_address", "error.required", detail=str(exc)) from exc
            key = str(details.get("municipality_key", "")).strip()
            if len(key) != KEY_DIGITS or not key.isascii() or not key.isdigit():
                raise ValidationError("municipality_key", "error.municipality_key_format")
            cleaned |= {
                "no_place_info": False,
                "new_address": address.to_dict(),
                "municipality_key": key,
                "state": str(details.get("state", "")).strip(),
            }
    return cleaned


def _fee(facts: CaseFacts) -> FeeBreakdown:
    if _operation(facts) == "address_change":
        return address_change_fee(facts.application_date)
    return FeeBreakdown(())


def service() -> Service:
    """The eID operations of the change terminal."""
    return Service(
        kind=ServiceKind.EID,
        title_key="service.eid",
        steps=(
            Step("identity", Evidence.FORM, "step.identity_checked", _read_only),
            Step("card", Evidence.CARD, "step.card_operation"),
            Step("sticker", Evidence.DOCUMENT, "step.address_sticker", _no_address_change),
        ),
        admit=admit,
        fee=_fee,
    )


def check_identity(flow: CaseFlow, case_id: str, identity_document: str) -> Case:
    """Record how the clerk established the holder's identity (before any card change).

    Raises:
        ValidationError: For a way of identification the kit does not know.
    """
    if identity_document not in IDENTITY_DOCUMENTS:
        raise ValidationError("identity_document", "error.validation", detail=identity_document)
    return flow.record(case_id, "identity", {"identity_document": identity_document})


def _digits(value: str, count: int, field: str, key: str) -> str:
    cleaned = value.strip()
    if len(cleaned) != count or not cleaned.isascii() or not cleaned.isdigit():
        raise ValidationError(field, key)
    return cleaned


def new_residence(details: Mapping[str, Any]) -> Residence:
    """DG17 content for an address-change case's details."""
    if details.get("no_place_info"):
        return NoPlaceInfo()
    address = Address.from_dict(dict(details["new_address"]))
    street = f"{address.street} {address.house_number}".strip()
    return PlaceOfResidence(street, address.city, address.postcode, state=details.get("state", ""))


def residence_dict(residence: Residence) -> dict[str, str]:
    """A JSON-ready form of DG17 content."""
    if isinstance(residence, NoPlaceInfo):
        return {"no_place_info": residence.text}
    return {
        "street": residence.street,
        "zipcode": residence.zipcode,
        "city": residence.city,
        "state": residence.state,
        "country": residence.country,
    }


def _record_of(record: ResidenceRecord) -> dict[str, Any]:
    return {
        "residence": residence_dict(record.residence),
        "municipality_key": record.municipality_key,
    }


def run_card_step(
    flow: CaseFlow,
    case_id: str,
    terminal: ChangeTerminal,
    credential: TerminalCredential,
    can: str,
    *,
    new_pin: str = "",
) -> Case:
    """Run the case's operation on the card in ``terminal`` and record the card step.

    Args:
        flow: The engine holding the case.
        case_id: An eID case.
        terminal: The change terminal with the holder's card on it.
        credential: The terminal's authorisation (rights it proves to the card).
        can: The six-digit card access number printed on the card.
        new_pin: For ``new_pin``: the six digits the holder chose (never stored).

    Raises:
        ValidationError: A CAN or PIN that is not six digits, or the identity not yet
            checked; nothing touched the card.
        InvalidTransition: The case is queued or closed; nothing touched the card.
        DeviceError: The card's answer (``WrongCan``, ``PinBlocked``, ``NotAuthorised``,
            ``CardRemoved`` ...), translated; nothing was recorded and the step can be
            retried.
    """
    can = _digits(can, CAN_DIGITS, "can", "error.can_format")
    case = _case(flow, case_id)
    if case.state not in OPEN:  # checked before the card is touched, not after
        raise InvalidTransition(f"{case.state} -> card", current=str(case.state), target="card")
    operation = case.details["operation"]
    if operation == "new_pin":
        new_pin = _digits(new_pin, PIN_DIGITS, "pin", "error.pin_format")
    pending = [
        p.step.name
        for p in flow.plan(case_id)
        if p.step.name == "identity" and p.state is StepState.PENDING
    ]
    if pending:  # the card is changed only for a holder whose identity was checked
        raise ValidationError("steps", "error.steps_missing", detail=", ".join(pending))
    session = EidSession(terminal)
    try:
        session.open()
        session.pace(PasswordKind.CAN, can)
        session.authenticate_terminal(credential)
        result = _operate(session, operation, case.details, new_pin)
    finally:
        with contextlib.suppress(DeviceError):  # a card taken away has powered down anyway
            session.close()
    return flow.record(case_id, "card", result)


def _operate(
    session: EidSession, operation: str, details: Mapping[str, Any], new_pin: str
) -> dict[str, Any]:
    if operation == "read":
        return _record_of(session.read_address())
    if operation == "address_change":
        before = session.read_address()
        residence = new_residence(details)
        sticker = session.write_address(residence, str(details.get("municipality_key", "")))
        after = session.read_address()
        if after.residence != residence:
            raise CardProtocolError(_DEVICE, "the card does not hold the address written")
        return {"before": _record_of(before), "after": _record_of(after), "sticker": sticker}
    if operation == "new_pin":
        session.change_pin(new_pin)
        return {"pin_set": True}
    session.activate_eid()
    return {"eid_on": True}


def _case(flow: CaseFlow, case_id: str) -> Case:
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
    if case.service is not ServiceKind.EID:
        raise ValidationError("service", "error.unknown_service", detail=str(case.service))
    return case


def sticker_pdf(flow: CaseFlow, case_id: str) -> bytes:
    """The address sticker for the back of the card, from what the chip now holds.

    Raises:
        ValidationError: ``error.steps_missing`` before the card step wrote the address.
    """
    case = _case(flow, case_id)
    card = case.details.get("steps", {}).get("card")
    if card is None or "sticker" not in card["data"]:
        raise ValidationError("steps", "error.steps_missing", detail="card")
    return address_sticker.render(card["data"]["sticker"])
