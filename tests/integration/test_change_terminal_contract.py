"""One contract for every change-terminal backend: the simulator, and PC/SC through a real
pcscd whose vpcd reader holds the same virtual ID card."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from koffer.devices.change_terminal.address import PlaceOfResidence, decode_dg17, encode_dg17
from koffer.devices.change_terminal.apdu import CommandApdu
from koffer.devices.change_terminal.card import EF_DG17, EID_AID, VirtualIdCard
from koffer.devices.change_terminal.eid import EidSession
from koffer.devices.change_terminal.interface import ChangeTerminal
from koffer.devices.change_terminal.pace import PasswordKind
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.change_terminal.terminal_auth import TerminalCredential, TerminalRight
from koffer.devices.errors import (
    CardRemoved,
    NoCard,
    NotAuthorised,
    PinSuspended,
    PukUsedUp,
    WrongCan,
    WrongPin,
)
from tests.conftest import require_real

SELECT_EID = bytes([0x00, 0xA4, 0x04, 0x0C, len(EID_AID)]) + EID_AID
READ_CARD_ACCESS = bytes.fromhex("00B09C0000")


@dataclass
class Backend:
    """A terminal with hands: ``insert`` and ``remove`` move the card."""

    terminal: ChangeTerminal
    insert: Callable[[], None]
    remove: Callable[[], None]
    card: VirtualIdCard


def _sim() -> Iterator[Backend]:
    terminal = SimChangeTerminal()
    card = VirtualIdCard()
    yield Backend(terminal, lambda: terminal.insert(card), terminal.remove, card)


def _pcsc() -> Iterator[Backend]:
    port = os.environ.get("KOFFER_TEST_VPCD_PORT")
    if not (port and os.environ.get("PCSCLITE_CSOCK_NAME")):
        require_real("pcscd with the vpcd reader")
    from koffer.devices.change_terminal.pcsc import PcscChangeTerminal
    from koffer.devices.change_terminal.vpcd import VpcdCard

    terminal = PcscChangeTerminal("Virtual PCD")
    id_card = VirtualIdCard()
    card = VpcdCard(id_card, int(str(port)))

    def seen(seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not terminal.card_present():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def insert() -> None:
        card.insert()
        if seen(3):
            return
        # pcscd + vpcd quirk: after a card left the reader while connected, pcscd keeps the
        # reader "empty" for the next card until it is lifted and laid down once more.
        card.remove()
        card.insert()
        if not seen(10):
            pytest.fail("pcscd did not see the virtual card")

    def remove() -> None:
        card.remove()
        deadline = time.monotonic() + 10
        while terminal.card_present():
            if time.monotonic() > deadline:
                pytest.fail("pcscd still sees the removed card")
            time.sleep(0.05)

    try:
        yield Backend(terminal, insert, remove, id_card)
    finally:
        terminal.disconnect()
        card.remove()


@pytest.fixture(params=["sim", "pcsc"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    factory = {"sim": _sim, "pcsc": _pcsc}[request.param]
    yield from factory()


def test_select_eid_and_read_card_access(backend: Backend) -> None:
    backend.insert()
    atr = backend.terminal.connect()
    assert atr[0] == 0x3B
    assert backend.terminal.transmit(SELECT_EID).ok
    card_access = backend.terminal.transmit(READ_CARD_ACCESS)
    assert card_access.ok
    assert card_access.data[0] == 0x31  # SET OF SecurityInfos
    backend.terminal.disconnect()


def test_unknown_instruction_is_answered_6d00(backend: Backend) -> None:
    backend.insert()
    backend.terminal.connect()
    assert backend.terminal.transmit(bytes.fromhex("00FE000000")).sw == 0x6D00


def test_no_card_then_card_removed(backend: Backend) -> None:
    backend.remove()
    with pytest.raises(NoCard):
        backend.terminal.connect()
    backend.insert()
    backend.terminal.connect()
    backend.remove()
    with pytest.raises((CardRemoved, NoCard)):
        backend.terminal.transmit(SELECT_EID)


NEW_HOME = PlaceOfResidence("Lindenallee 3a", "Bonn", "53111")


def test_eid_address_change(backend: Backend) -> None:
    backend.insert()
    card = backend.card
    with EidSession(backend.terminal) as session:
        with pytest.raises(WrongCan):
            session.pace(PasswordKind.CAN, "000000")
        session.pace(PasswordKind.CAN, card.can)
        granted = session.authenticate_terminal(TerminalCredential.training())
        assert granted == TerminalRight.change_terminal()
        assert card.granted_rights == TerminalRight.change_terminal()
        before = session.read_address()
        assert before.residence == PlaceOfResidence("Heidestraße 17", "Köln", "51147")
        assert before.municipality_key == "05315000"
        assert session.write_address(NEW_HOME, "05314000") == ["LINDENALLEE 3A", "53111 BONN"]
        after = session.read_address()
        assert (after.residence, after.municipality_id) == (NEW_HOME, "02760503140000")
    assert decode_dg17(card.files[EF_DG17]) == NEW_HOME
    assert not card.secure_messaging_active  # powered down: the card forgot the session


def test_rule_13_pin_can_and_write_rules(backend: Backend) -> None:
    backend.insert()
    card = backend.card
    card.pin = "482910"
    with EidSession(backend.terminal) as session:
        with pytest.raises(WrongPin) as wrong:
            session.pace(PasswordKind.PIN, "000000")
        assert wrong.value.tries_left == 2
        with pytest.raises(PinSuspended):
            session.pace(PasswordKind.PIN, "000001")
        with pytest.raises(PinSuspended):  # 3rd try only after the CAN
            session.pace(PasswordKind.PIN, "482910")
        assert card.pin_retries == 1
        session.pace(PasswordKind.CAN, card.can)
        # DG17 write under CAN-PACE without terminal authentication: 6982 from the card.
        dg17 = encode_dg17(NEW_HOME)
        assert session.transmit(CommandApdu(0, 0xD6, 0x91, 0, dg17)).sw == 0x6982
        session.pace(PasswordKind.PIN, "482910")
        assert card.pin_retries == 3


def test_rule_13_puk_resets_capped(backend: Backend) -> None:
    backend.insert()
    card = backend.card
    card.pin_retries = 0
    card.puk_uses_left = 1
    with EidSession(backend.terminal) as session:
        session.reset_pin_with_puk(card.puk)
        assert (card.pin_retries, card.puk_uses_left) == (3, 0)
        with pytest.raises(PukUsedUp):
            session.reset_pin_with_puk(card.puk)
        with pytest.raises(NotAuthorised):
            session.read_address()
