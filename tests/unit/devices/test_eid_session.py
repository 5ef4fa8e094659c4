"""EidSession over the in-process simulator: the change-terminal operations the workflows
use, the PIN rules and rule 13 of DOMAIN.md."""

from __future__ import annotations

import pytest

from koffer.devices.change_terminal.address import (
    NoPlaceInfo,
    PlaceOfResidence,
    decode_dg17,
    decode_dg18,
)
from koffer.devices.change_terminal.card import EF_DG17, EF_DG18, VirtualIdCard
from koffer.devices.change_terminal.eid import EidSession
from koffer.devices.change_terminal.pace import PasswordKind
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.change_terminal.terminal_auth import TerminalCredential, TerminalRight
from koffer.devices.change_terminal.terminal_pace import mse_set_at
from koffer.devices.errors import (
    EidDeactivated,
    NotAuthorised,
    PinBlocked,
    PinSuspended,
    PukUsedUp,
    WrongCan,
    WrongPin,
    WrongPuk,
)
from koffer.domain.messages import describe

NEW_HOME = PlaceOfResidence("Lindenallee 3a", "Bonn", "53111", state="Nordrhein-Westfalen")
BONN = "05314000"
ALL = TerminalRight.change_terminal()


def _open(card: VirtualIdCard) -> EidSession:
    terminal = SimChangeTerminal()
    terminal.insert(card)
    session = EidSession(terminal)
    session.open()
    return session


def _as_change_terminal(card: VirtualIdCard, rights: TerminalRight = ALL) -> EidSession:
    session = _open(card)
    session.pace(PasswordKind.CAN, card.can)
    session.authenticate_terminal(TerminalCredential.training(rights))
    return session


def test_address_change_with_can_and_terminal_authentication() -> None:
    card = VirtualIdCard(can="314159")
    session = _as_change_terminal(card)
    before = session.read_address()
    assert before.residence == PlaceOfResidence("Heidestraße 17", "Köln", "51147")
    assert before.municipality_id == "02760503150000"
    assert before.municipality_key == "05315000"

    sticker = session.write_address(NEW_HOME, BONN)

    assert sticker == ["LINDENALLEE 3A", "53111 BONN"]
    after = session.read_address()
    assert after.residence == NEW_HOME
    assert after.municipality_key == BONN
    # What the chip holds, independent of the session's decoding.
    assert decode_dg17(card.files[EF_DG17]) == NEW_HOME
    assert decode_dg18(card.files[EF_DG18]) == "02760503140000"
    assert card.files[EF_DG18].hex() == "7209040702760503140000"
    session.close()


def test_address_survives_a_new_session() -> None:
    card = VirtualIdCard()
    session = _as_change_terminal(card)
    session.write_address(NEW_HOME, BONN)
    session.close()
    again = _as_change_terminal(card)
    assert again.read_address().residence == NEW_HOME


def test_no_place_info_and_long_addresses() -> None:
    card = VirtualIdCard()
    session = _as_change_terminal(card)
    assert session.write_address(NoPlaceInfo()) == ["KEINE HAUPTWOHNUNG IN DEUTSCHLAND"]
    abroad = session.read_address()
    assert (abroad.residence, abroad.municipality_id, abroad.municipality_key) == (
        NoPlaceInfo(),
        "",
        "",
    )
    assert card.files[EF_DG18] == bytes.fromhex("7200")
    with pytest.raises(ValueError, match="municipality key"):
        session.write_address(NoPlaceInfo(), BONN)
    with pytest.raises(ValueError, match="municipality key"):
        session.write_address(NEW_HOME)
    long_street = "Straße des 17. Juni " + "x" * 230  # DG17 beyond one APDU: chunked
    home = PlaceOfResidence(long_street, "Berlin", "10623")
    session.write_address(home, "11000000")
    assert len(card.files[EF_DG17]) > 250
    assert session.read_address().residence == home


def test_wrong_can() -> None:
    session = _open(VirtualIdCard(can="111111"))
    with pytest.raises(WrongCan):
        session.pace(PasswordKind.CAN, "222222")
    assert not session.secure_messaging_active


def test_wrong_pin_counts_down_and_right_pin_resets() -> None:
    card = VirtualIdCard(pin="482910")
    session = _open(card)
    with pytest.raises(WrongPin) as wrong:
        session.pace(PasswordKind.PIN, "000000")
    assert wrong.value.tries_left == 2
    assert card.pin_retries == 2
    assert "2" in describe(wrong.value, "de")
    session.pace(PasswordKind.PIN, "482910")
    assert card.pin_retries == 3
    assert session.authenticated_with == PasswordKind.PIN


def test_rule_13_second_wrong_pin_suspends() -> None:
    card = VirtualIdCard(pin="482910")
    session = _open(card)
    with pytest.raises(WrongPin):
        session.pace(PasswordKind.PIN, "000000")
    with pytest.raises(PinSuspended) as suspended:
        session.pace(PasswordKind.PIN, "000001")
    assert suspended.value.tries_left == 1
    assert card.pin_retries == 1


def test_rule_13_third_pin_try_only_after_can() -> None:
    card = VirtualIdCard(pin="482910", pin_retries=1)
    session = _open(card)
    # Even the right PIN is not tried: the card wants the CAN first.
    with pytest.raises(PinSuspended):
        session.pace(PasswordKind.PIN, "482910")
    assert card.pin_retries == 1
    session.pace(PasswordKind.CAN, card.can)
    session.pace(PasswordKind.PIN, "482910")
    assert card.pin_retries == 3


def test_rule_13_third_wrong_pin_after_can_blocks() -> None:
    card = VirtualIdCard(pin="482910", pin_retries=1)
    session = _open(card)
    session.pace(PasswordKind.CAN, card.can)
    with pytest.raises(PinBlocked):
        session.pace(PasswordKind.PIN, "000000")
    assert card.pin_retries == 0
    with pytest.raises(PinBlocked):
        session.pace(PasswordKind.PIN, "482910")
    assert card.pin_retries == 0


def test_rule_13_can_resumption_ends_with_the_secure_channel() -> None:
    card = VirtualIdCard(pin="482910", pin_retries=1)
    session = _open(card)
    session.pace(PasswordKind.CAN, card.can)
    session.terminal.transmit(bytes.fromhex("00A4040C09E80704007F00070302"))  # plain: SM ends
    assert not card.secure_messaging_active
    # The card itself no longer lets the third try through.
    assert session.terminal.transmit(mse_set_at(PasswordKind.PIN).to_bytes()).sw == 0x63C1
    assert session.terminal.transmit(bytes.fromhex("10860000027C0000")).sw == 0x6985
    assert card.pin_retries == 1


def test_rule_13_can_resumption_ends_when_the_card_loses_power() -> None:
    card = VirtualIdCard(pin="482910", pin_retries=1)
    session = _open(card)
    session.pace(PasswordKind.CAN, card.can)
    session.close()
    session.open()
    with pytest.raises(PinSuspended):
        session.pace(PasswordKind.PIN, "482910")


def test_rule_13_puk_resets_capped_at_ten() -> None:
    card = VirtualIdCard(pin="482910", puk="5792468013")
    session = _open(card)
    for used in range(1, 11):
        card.pin_retries = 0
        session.reset_pin_with_puk("5792468013")
        assert card.pin_retries == 3
        assert card.puk_uses_left == 10 - used
    card.pin_retries = 0
    with pytest.raises(PukUsedUp):
        session.reset_pin_with_puk("5792468013")
    assert card.pin_retries == 0
    assert card.puk_uses_left == 0


def test_wrong_puk() -> None:
    card = VirtualIdCard(pin_retries=0)
    session = _open(card)
    with pytest.raises(WrongPuk):
        session.reset_pin_with_puk("0000000000")
    assert (card.pin_retries, card.puk_uses_left) == (0, 10)


def test_rule_13_dg17_dg18_write_without_terminal_authentication_is_refused() -> None:
    card = VirtualIdCard()
    before = dict(card.files)
    session = _open(card)
    session.pace(PasswordKind.CAN, card.can)
    with pytest.raises(NotAuthorised):
        session.write_address(NEW_HOME, BONN)
    with pytest.raises(NotAuthorised):
        session.read_address()
    assert card.files == before


def test_rule_13_dg18_write_refused_when_the_card_withholds_the_right() -> None:
    credential = TerminalCredential.training()
    limited = credential.trusted(TerminalRight.WRITE_DG17 | TerminalRight.CAN_ALLOWED)
    card = VirtualIdCard(trusted_terminals=[limited])
    dg18_before = card.files[EF_DG18]
    session = _open(card)
    session.pace(PasswordKind.CAN, card.can)
    session.authenticate_terminal(credential)  # asks for all; the card grants less
    assert card.granted_rights == TerminalRight.WRITE_DG17 | TerminalRight.CAN_ALLOWED
    with pytest.raises(NotAuthorised):
        session.write_address(NEW_HOME, BONN)
    assert card.files[EF_DG18] == dg18_before


def test_rule_13_dg17_write_without_its_right_changes_nothing() -> None:
    card = VirtualIdCard()
    before = dict(card.files)
    session = _as_change_terminal(card, TerminalRight.WRITE_DG18 | TerminalRight.CAN_ALLOWED)
    with pytest.raises(NotAuthorised):
        session.write_address(NEW_HOME, BONN)
    assert card.files == before


def test_rule_13_after_can_pace_the_terminal_needs_can_allowed() -> None:
    card = VirtualIdCard()
    before = dict(card.files)
    rights = TerminalRight.WRITE_DG17 | TerminalRight.WRITE_DG18 | TerminalRight.PIN_MANAGEMENT
    session = _as_change_terminal(card, rights)
    with pytest.raises(NotAuthorised):
        session.read_address()
    with pytest.raises(NotAuthorised):
        session.write_address(NEW_HOME, BONN)
    with pytest.raises(NotAuthorised):
        session.change_pin("135790")
    assert card.files == before


def test_unknown_or_forged_terminal_is_not_authorised() -> None:
    card = VirtualIdCard()
    session = _open(card)
    session.pace(PasswordKind.CAN, card.can)
    with pytest.raises(NotAuthorised):
        session.authenticate_terminal(TerminalCredential.generate("DEXX-UNKNOWN-01", ALL))
    forged = TerminalCredential(
        TerminalCredential.training().name,
        TerminalCredential.generate("x", ALL).private_key,
        ALL,
    )
    with pytest.raises(NotAuthorised):
        session.authenticate_terminal(forged)
    assert card.granted_rights == TerminalRight.NONE


def test_terminal_authentication_needs_pace() -> None:
    session = _open(VirtualIdCard())
    with pytest.raises(NotAuthorised):
        session.authenticate_terminal(TerminalCredential.training())


def test_new_pin_after_identity_check_unblocks() -> None:
    card = VirtualIdCard(pin="482910", pin_retries=0)
    session = _as_change_terminal(card)
    session.change_pin("135790")
    assert (card.pin, card.pin_retries) == ("135790", 3)
    session.close()
    session.open()
    session.pace(PasswordKind.PIN, "135790")
    assert session.authenticated_with == PasswordKind.PIN


def test_change_pin_needs_the_pin_management_right() -> None:
    card = VirtualIdCard(pin="482910")
    session = _as_change_terminal(card, TerminalRight.WRITE_DG17 | TerminalRight.CAN_ALLOWED)
    with pytest.raises(NotAuthorised):
        session.change_pin("135790")
    assert card.pin == "482910"
    with pytest.raises(ValueError, match="six digits"):
        session.change_pin("12345")


def test_transport_pin_is_replaced_by_the_citizen() -> None:
    card = VirtualIdCard(pin="24680", transport_pin=True)
    session = _open(card)
    session.pace(PasswordKind.PIN, "24680")
    session.change_pin("975310")
    assert (card.pin, card.transport_pin) == ("975310", False)


def test_deactivate_and_activate_eid() -> None:
    card = VirtualIdCard(pin="482910")
    session = _as_change_terminal(card)
    session.deactivate_eid()
    assert card.eid_active is False
    session.close()

    session.open()
    session.pace(PasswordKind.PIN, "482910")  # 6283 is a warning; PACE still works
    with pytest.raises(EidDeactivated):
        session.change_pin("135790")
    assert card.pin == "482910"
    session.close()

    session = _as_change_terminal(card)
    session.activate_eid()
    assert card.eid_active is True


def test_switching_eid_needs_the_pin_management_right() -> None:
    card = VirtualIdCard()
    session = _as_change_terminal(card, TerminalRight.WRITE_DG17 | TerminalRight.CAN_ALLOWED)
    with pytest.raises(NotAuthorised):
        session.deactivate_eid()
    assert card.eid_active is True


def test_error_messages_are_translated() -> None:
    assert describe(WrongPin("change_terminal", tries_left=2), "en") == (
        "Wrong PIN. 2 try/tries left."
    )
    assert "CAN" in describe(PinSuspended("change_terminal"), "de")
    assert "zehnmal" in describe(PukUsedUp("change_terminal"), "de")
