"""eID operations on the engine, run on the simulated change terminal with the virtual card:
read, address change with its sticker, new PIN after the identity check, eID on; card errors
translated, nothing recorded, the step retried."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from koffer.devices.change_terminal import status
from koffer.devices.change_terminal.address import PlaceOfResidence, decode_dg17, decode_dg18
from koffer.devices.change_terminal.apdu import CommandApdu
from koffer.devices.change_terminal.card import EF_DG17, EF_DG18, VirtualIdCard
from koffer.devices.change_terminal.interface import ApduResponse
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.change_terminal.terminal_auth import TerminalCredential, TerminalRight
from koffer.devices.errors import (
    CardRemoved,
    DeviceError,
    NoCard,
    NotAuthorised,
    PinBlocked,
    WrongCan,
)
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.errors import InvalidTransition, ValidationError
from koffer.domain.messages import describe
from koffer.domain.person import Address, Person
from koffer.storage.store import KitStore
from koffer.workflows.engine import CaseFlow, StepState
from koffer.workflows.services import all_services, eid

TODAY = date(2026, 11, 21)
HOLDER = Person("Zoë", "Łukasik", date(1950, 5, 5), Address("Alte Gasse", "3", "45127", "Essen"))
CHILD = Person("Ida", "Weber", date(2012, 1, 1), Address("Alte Gasse", "3", "45127", "Essen"))
CAN = "314159"
NEW_ADDRESS = {"street": "Am Markt", "house_number": "1", "postcode": "45128", "city": "Essen"}
ESSEN = "05113000"
TRAINING = TerminalCredential.training()


@pytest.fixture
def flow(store: KitStore) -> CaseFlow:
    return CaseFlow(store, all_services(), today=lambda: TODAY)


def _terminal(card: VirtualIdCard) -> SimChangeTerminal:
    terminal = SimChangeTerminal()
    terminal.insert(card)
    return terminal


def _open(flow: CaseFlow, operation: str, person: Person = HOLDER, **details: Any) -> str:
    case = flow.open(ServiceKind.EID, person, {"operation": operation} | details)
    if operation != "read":
        eid.check_identity(flow, case.id, "id_card")
    return case.id


def _state(flow: CaseFlow, case_id: str) -> tuple[CaseState, dict[str, Any]]:
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
    return case.state, case.details


def test_address_change_writes_the_chip_and_prints_the_sticker(flow: CaseFlow) -> None:
    card = VirtualIdCard(can=CAN)
    case_id = _open(flow, "address_change", new_address=NEW_ADDRESS, municipality_key=ESSEN)
    assert flow.fee(case_id).total_cents == 0  # address change is free (rule 1)

    case = eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN)

    assert decode_dg17(card.files[EF_DG17]) == PlaceOfResidence("Am Markt 1", "Essen", "45128")
    assert decode_dg18(card.files[EF_DG18]) == "02760501130000"
    data = case.details["steps"]["card"]["data"]
    assert data["sticker"] == ["AM MARKT 1", "45128 ESSEN"]
    assert data["before"]["residence"]["street"] == "Heidestraße 17"
    assert data["after"]["municipality_key"] == ESSEN
    assert CAN not in repr(case.details)  # the CAN is used, never stored

    printer = SimPrinter(seconds_per_page=0)
    flow.issue(case_id, "sticker", eid.sticker_pdf(flow, case_id), "Adressaufkleber", printer)
    ((title, pdf),) = printer.printed
    assert title.startswith("Adressaufkleber K-2026-")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "AM MARKT 1" in text
    assert "45128 ESSEN" in text
    flow.queue(case_id)
    assert _state(flow, case_id)[0] is CaseState.QUEUED


def test_reading_the_card_needs_no_identity_step_and_records_the_residence(
    flow: CaseFlow,
) -> None:
    card = VirtualIdCard(can=CAN)
    case_id = _open(flow, "read")
    assert flow.plan(case_id)[0].state is StepState.SKIPPED
    case = eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN)
    data = case.details["steps"]["card"]["data"]
    assert data == {
        "residence": {"street": "Heidestraße 17", "zipcode": "51147", "city": "Köln",
                      "state": "", "country": "D"},
        "municipality_key": "05315000",
    }  # fmt: skip
    assert flow.next_step(case_id) is None


def test_new_pin_after_identity_check_unblocks_the_card(flow: CaseFlow) -> None:
    card = VirtualIdCard(can=CAN, pin="482910", pin_retries=0)
    case = flow.open(ServiceKind.EID, HOLDER, {"operation": "new_pin"})
    with pytest.raises(ValidationError) as missing:  # identity first: the card is untouched
        eid.run_card_step(flow, case.id, _terminal(card), TRAINING, CAN, new_pin="135790")
    assert missing.value.message_key == "error.steps_missing"
    assert card.pin == "482910"

    eid.check_identity(flow, case.id, "passport")
    done = eid.run_card_step(flow, case.id, _terminal(card), TRAINING, CAN, new_pin="135790")
    assert (card.pin, card.pin_retries) == ("135790", 3)
    assert done.details["steps"]["card"]["data"] == {"pin_set": True}
    assert "135790" not in repr(done.details)


def test_eid_activation(flow: CaseFlow) -> None:
    card = VirtualIdCard(can=CAN, eid_active=False)
    case_id = _open(flow, "activate_eid")
    eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN)
    assert card.eid_active is True


def test_rule_3_eid_is_not_switched_on_under_16(flow: CaseFlow, store: KitStore) -> None:
    with pytest.raises(ValidationError) as refused:
        flow.open(ServiceKind.EID, CHILD, {"operation": "activate_eid"})
    assert refused.value.message_key == "error.eid_under_16"
    assert "16" in describe(refused.value, "de")
    assert "16" in describe(refused.value, "en")
    with store.unit_of_work() as uow:
        assert uow.cases() == []


def test_wrong_can_is_translated_and_the_retry_succeeds(flow: CaseFlow) -> None:
    card = VirtualIdCard(can=CAN)
    case_id = _open(flow, "address_change", new_address=NEW_ADDRESS, municipality_key=ESSEN)
    before = _state(flow, case_id)
    files = dict(card.files)
    with pytest.raises(WrongCan) as wrong:
        eid.run_card_step(flow, case_id, _terminal(card), TRAINING, "000000")
    assert describe(wrong.value, "de") != describe(wrong.value, "en")
    assert _state(flow, case_id) == before
    assert card.files == files
    eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN)
    assert flow.next_step(case_id).name == "sticker"  # type: ignore[union-attr]


def test_rule_13_without_the_write_authorisation_the_card_answers_6982_and_nothing_changes(
    flow: CaseFlow,
) -> None:
    limited = TRAINING.trusted(TerminalRight.WRITE_DG17 | TerminalRight.CAN_ALLOWED)
    card = VirtualIdCard(can=CAN, trusted_terminals=[limited])
    case_id = _open(flow, "address_change", new_address=NEW_ADDRESS, municipality_key=ESSEN)
    before, files = _state(flow, case_id), dict(card.files)
    with pytest.raises(NotAuthorised) as refused:
        eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN)
    assert refused.value.message_key == "device.eid.not_authorised"
    assert describe(refused.value, "de") != describe(refused.value, "en")
    assert (_state(flow, case_id), card.files) == (before, files)
    # The same case goes through on a terminal the card fully trusts.
    eid.run_card_step(flow, case_id, _terminal(VirtualIdCard(can=CAN)), TRAINING, CAN)


class _LiftedMidWrite(SimChangeTerminal):
    """The holder lifts the card off after the first data group is written."""

    def __init__(self, card: VirtualIdCard) -> None:
        super().__init__()
        self.insert(card)
        self.writes = 0

    def transmit(self, apdu: bytes) -> ApduResponse:
        if apdu[1] == 0xD6:  # UPDATE BINARY (the INS stays in clear under secure messaging)
            self.writes += 1
            if self.writes == 2:
                self.remove()
        return super().transmit(apdu)


def test_card_removed_mid_address_change_leaves_the_case_and_the_retry_completes(
    flow: CaseFlow,
) -> None:
    card = VirtualIdCard(can=CAN)
    case_id = _open(flow, "address_change", new_address=NEW_ADDRESS, municipality_key=ESSEN)
    before = _state(flow, case_id)
    with pytest.raises(CardRemoved) as removed:
        eid.run_card_step(flow, case_id, _LiftedMidWrite(card), TRAINING, CAN)
    assert describe(removed.value, "de") != describe(removed.value, "en")
    assert _state(flow, case_id) == before  # nothing recorded, no sticker to print
    with pytest.raises(ValidationError):
        eid.sticker_pdf(flow, case_id)
    eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN)  # laid on again
    assert decode_dg18(card.files[EF_DG18]) == "02760501130000"


class _BlockedCard(VirtualIdCard):
    """A card whose PIN cannot be set any more: it answers Reset Retry Counter with 6983."""

    def _reset_retry_counter(self, _command: CommandApdu) -> ApduResponse:
        return ApduResponse(b"", status.SW_BLOCKED)


def test_a_blocked_answer_is_translated_and_the_case_stays_retryable(flow: CaseFlow) -> None:
    case_id = _open(flow, "new_pin")
    before = _state(flow, case_id)
    with pytest.raises(PinBlocked) as blocked:
        eid.run_card_step(
            flow, case_id, _terminal(_BlockedCard(can=CAN)), TRAINING, CAN, new_pin="135790"
        )
    assert blocked.value.message_key == "device.eid.pin_blocked"
    assert _state(flow, case_id) == before
    card = VirtualIdCard(can=CAN)
    eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN, new_pin="135790")
    assert card.pin == "135790"


@pytest.mark.parametrize(
    ("can", "pin", "key"),
    [("12345", "135790", "error.can_format"), ("31415a", "135790", "error.can_format"),
     (CAN, "1357", "error.pin_format"), (CAN, "", "error.pin_format")],
)  # fmt: skip
def test_can_and_pin_are_checked_before_the_card_is_touched(
    flow: CaseFlow, can: str, pin: str, key: str
) -> None:
    terminal = SimChangeTerminal()
    terminal.unplug()  # any use of the device would fail differently
    case_id = _open(flow, "new_pin")
    with pytest.raises(ValidationError) as refused:
        eid.run_card_step(flow, case_id, terminal, TRAINING, can, new_pin=pin)
    assert refused.value.message_key == key
    assert describe(refused.value, "de") != describe(refused.value, "en")


@pytest.mark.parametrize(
    ("details", "key"),
    [({"operation": "format_card"}, "error.validation"),
     ({"operation": "address_change"}, "error.required"),
     ({"operation": "address_change", "new_address": NEW_ADDRESS, "municipality_key": "5113"},
      "error.municipality_key_format")],
)  # fmt: skip
def test_operations_the_service_refuses(flow: CaseFlow, details: dict[str, Any], key: str) -> None:
    with pytest.raises(ValidationError) as refused:
        flow.open(ServiceKind.EID, HOLDER, details)
    assert refused.value.message_key == key


def test_no_place_info_for_a_holder_moving_abroad(flow: CaseFlow) -> None:
    card = VirtualIdCard(can=CAN)
    case_id = _open(flow, "address_change", no_place_info=True)
    case = eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN)
    assert case.details["steps"]["card"]["data"]["sticker"] == ["KEINE HAUPTWOHNUNG IN DEUTSCHLAND"]
    assert card.files[EF_DG18] == bytes.fromhex("7200")


def test_device_errors_are_koffer_errors_with_message_keys() -> None:
    for error in (WrongCan(), PinBlocked(), NotAuthorised(), CardRemoved()):
        assert isinstance(error, DeviceError)
        assert describe(error, "de") != error.message_key


def test_no_card_on_the_terminal_and_a_closed_case_leave_everything_as_it_was(
    flow: CaseFlow,
) -> None:
    case_id = _open(flow, "activate_eid")
    empty = SimChangeTerminal()
    empty.remove()
    with pytest.raises(NoCard) as no_card:
        eid.run_card_step(flow, case_id, empty, TRAINING, CAN)
    assert describe(no_card.value, "de") != describe(no_card.value, "en")
    card = VirtualIdCard(can=CAN, eid_active=False)
    eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN)
    flow.queue(case_id)
    card.eid_active = False
    with pytest.raises(InvalidTransition):  # a queued case changes no card any more
        eid.run_card_step(flow, case_id, _terminal(card), TRAINING, CAN)
    assert card.eid_active is False
