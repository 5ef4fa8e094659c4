"""One contract for every change-terminal backend: the simulator, and PC/SC through a real
pcscd whose vpcd reader holds the same virtual ID card."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from koffer.devices.change_terminal.address import (
    PlaceOfResidence,
    decode_dg17,
    encode_dg17,
    encode_dg18,
)
from koffer.devices.change_terminal.apdu import CommandApdu
from koffer.devices.change_terminal.card import EF_DG17, EF_DG18, EID_AID, VirtualIdCard
from koffer.devices.change_terminal.eid import EidSession, ResidenceRecord
from koffer.devices.change_terminal.interface import ChangeTerminal
from koffer.devices.change_terminal.pace import PasswordKind
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.change_terminal.terminal_auth import TerminalCredential, TerminalRight
from koffer.devices.errors import (
    AddressWriteInterrupted,
    CardRemoved,
    NoCard,
    NotAuthorised,
    PinSuspended,
    PukUsedUp,
    WrongCan,
    WrongPin,
)
from koffer.domain.messages import describe
from tests.conftest import require_real

SELECT_EID = bytes([0x00, 0xA4, 0x04, 0x0C, len(EID_AID)]) + EID_AID
READ_CARD_ACCESS = bytes.fromhex("00B09C0000")


@dataclass
class Backend:
    """A terminal with hands: ``insert`` and ``remove`` move the card and wait until the
    terminal has noticed; ``lay_on`` and ``lift`` only move it; ``pull_during_write(n, lost)``
    makes the card leave after its n-th UPDATE BINARY (before answering it when ``lost``)."""

    terminal: ChangeTerminal
    insert: Callable[[], None]
    remove: Callable[[], None]
    card: VirtualIdCard
    lay_on: Callable[[], None]
    lift: Callable[[], None]
    pull_during_write: Callable[[int, bool], None]


def _sim() -> Iterator[Backend]:
    terminal = SimChangeTerminal()
    card = VirtualIdCard()
    yield Backend(
        terminal,
        lambda: terminal.insert(card),
        terminal.remove,
        card,
        lambda: terminal.insert(card),
        terminal.remove,
        lambda n, lost: terminal.pull_during_write(n, answer_lost=lost),
    )


def _pcsc() -> Iterator[Backend]:
    port = os.environ.get("KOFFER_TEST_VPCD_PORT")
    if not (port and os.environ.get("PCSCLITE_CSOCK_NAME")):
        require_real("pcscd with the vpcd reader")
    from koffer.devices.change_terminal.pcsc import PcscChangeTerminal
    from koffer.devices.change_terminal.vpcd import VpcdCard

    terminal = PcscChangeTerminal("Virtual PCD")
    id_card = VirtualIdCard()
    card = VpcdCard(id_card, int(str(port)))

    def insert() -> None:
        card.insert()
        if terminal.wait_for_card(timeout_s=3):
            return
        # pcscd + vpcd quirk: after a card left the reader while connected, pcscd keeps the
        # reader "empty" for the next card until it is lifted and laid down once more.
        card.remove()
        terminal.wait_for_card(present=False, timeout_s=10)
        card.insert()
        if not terminal.wait_for_card(timeout_s=10):
            pytest.fail("pcscd did not see the virtual card")

    def remove() -> None:
        # pcscd polls the vpcd reader a few times a second: a card lifted and laid on again
        # faster than that goes unnoticed, as it would on a real reader.
        card.remove()
        if not terminal.wait_for_card(present=False, timeout_s=10):
            pytest.fail("pcscd still sees the removed card")

    try:
        yield Backend(
            terminal,
            insert,
            remove,
            id_card,
            card.insert,
            card.remove,
            lambda n, lost: card.pull_during_write(n, answer_lost=lost),
        )
    finally:
        terminal.disconnect()
        remove()


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


# ------------------------------------------------------------------ a card pulled mid-write

LONG_HOME = PlaceOfResidence("Straße des 17. Juni " + "x" * 230, "Berlin", "10623")
OLD = ResidenceRecord(PlaceOfResidence("Heidestraße 17", "Köln", "51147"), "02760503150000")


def _authorised(backend: Backend) -> EidSession:
    session = EidSession(backend.terminal)
    session.open()
    session.pace(PasswordKind.CAN, backend.card.can)
    session.authenticate_terminal(TerminalCredential.training())
    return session


@pytest.mark.parametrize("after", [1, 2])
def test_card_pulled_between_chunks_keeps_the_old_address(backend: Backend, after: int) -> None:
    backend.insert()
    card = backend.card
    before = (card.files[EF_DG17], card.files[EF_DG18])
    session = _authorised(backend)
    backend.pull_during_write(after, False)

    with pytest.raises(AddressWriteInterrupted) as interrupted:
        session.write_address(LONG_HOME, "11000000")  # DG17 in two commands, then DG18

    assert interrupted.value.detail.startswith(f"after {after} of 3 commands")
    assert "never a mix" in describe(interrupted.value, "en")
    assert (card.files[EF_DG17], card.files[EF_DG18]) == before
    assert backend.terminal.wait_for_card(present=False, timeout_s=10)

    backend.insert()  # laid on again: the old address, and the write can be repeated
    again = _authorised(backend)
    assert again.read_address() == OLD
    again.write_address(LONG_HOME, "11000000")
    assert again.read_address().residence == LONG_HOME
    again.close()


def test_card_pulled_before_answering_the_last_chunk_has_the_new_address(
    backend: Backend,
) -> None:
    backend.insert()
    card = backend.card
    session = _authorised(backend)
    backend.pull_during_write(2, True)

    with pytest.raises(AddressWriteInterrupted):
        session.write_address(NEW_HOME, "05314000")

    assert (card.files[EF_DG17], card.files[EF_DG18]) == (
        encode_dg17(NEW_HOME),
        encode_dg18("05314000"),
    )
    backend.insert()
    again = _authorised(backend)
    assert again.read_address() == ResidenceRecord(NEW_HOME, "02760503140000")
    again.close()


# ------------------------------------------------------------------ insertion and removal


def test_waiting_for_the_card_to_be_laid_on_and_lifted(backend: Backend) -> None:
    backend.insert()
    assert backend.terminal.wait_for_card(timeout_s=0.5)  # already there: at once
    backend.remove()
    started = time.monotonic()
    assert not backend.terminal.wait_for_card(timeout_s=0.3)
    assert 0.25 <= time.monotonic() - started < 3

    laying = threading.Timer(0.3, backend.lay_on)
    laying.start()
    started = time.monotonic()
    assert backend.terminal.wait_for_card(timeout_s=10)
    assert time.monotonic() - started >= 0.25
    laying.join()
    assert backend.terminal.card_present()

    lifting = threading.Timer(0.3, backend.lift)
    lifting.start()
    assert backend.terminal.wait_for_card(present=False, timeout_s=10)
    lifting.join()
    assert not backend.terminal.card_present()


def test_asking_for_the_card_does_not_end_its_session(backend: Backend) -> None:
    backend.insert()
    session = _authorised(backend)
    assert backend.terminal.card_present()
    assert backend.terminal.wait_for_card(timeout_s=1)
    assert session.read_address() == OLD  # secure messaging still up: the card kept power
    session.close()
