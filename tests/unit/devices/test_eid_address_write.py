"""Writing the address is one transaction on the card: a card lifted mid-write keeps the old
address or has the new one, never a mix; the kit says so and the write can be repeated."""

from __future__ import annotations

import threading
import time

import pytest

from koffer.devices.change_terminal.address import PlaceOfResidence, encode_dg17, encode_dg18
from koffer.devices.change_terminal.apdu import CommandApdu
from koffer.devices.change_terminal.card import EF_DG17, EF_DG18, VirtualIdCard
from koffer.devices.change_terminal.eid import EidSession, ResidenceRecord
from koffer.devices.change_terminal.pace import PasswordKind
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.change_terminal.terminal_auth import TerminalCredential, TerminalRight
from koffer.devices.errors import AddressWriteInterrupted, CardRemoved, NotAuthorised
from koffer.domain.messages import describe

OLD = PlaceOfResidence("Heidestraße 17", "Köln", "51147")
NEW_HOME = PlaceOfResidence("Lindenallee 3a", "Bonn", "53111")
BONN = "05314000"
# DG17 of this one needs two UPDATE BINARY commands; with DG18 the chain has three.
LONG_HOME = PlaceOfResidence("Straße des 17. Juni " + "x" * 230, "Berlin", "10623")
BERLIN = "11000000"


def _terminal(card: VirtualIdCard) -> SimChangeTerminal:
    terminal = SimChangeTerminal()
    terminal.insert(card)
    return terminal


def _change_session(terminal: SimChangeTerminal, card: VirtualIdCard) -> EidSession:
    session = EidSession(terminal)
    session.open()
    session.pace(PasswordKind.CAN, card.can)
    session.authenticate_terminal(TerminalCredential.training())
    return session


def _on_chip(card: VirtualIdCard) -> tuple[bytes, bytes]:
    return card.files[EF_DG17], card.files[EF_DG18]


# ------------------------------------------------------------------ the card's transaction


def _authorised_card_session() -> tuple[VirtualIdCard, EidSession]:
    card = VirtualIdCard()
    return card, _change_session(_terminal(card), card)


def test_a_chained_write_is_invisible_until_its_last_command() -> None:
    card, session = _authorised_card_session()
    before = _on_chip(card)
    new17, new18 = encode_dg17(NEW_HOME), encode_dg18(BONN)

    assert session.transmit(CommandApdu(0x10, 0xD6, 0x91, 0, new17)).sw == 0x9000
    assert card.write_pending
    assert _on_chip(card) == before
    assert session.transmit(CommandApdu(0x00, 0xD6, 0x92, 0, new18)).sw == 0x9000

    assert not card.write_pending
    assert _on_chip(card) == (new17, new18)


def test_power_loss_mid_chain_keeps_the_committed_files() -> None:
    card, session = _authorised_card_session()
    before = _on_chip(card)
    session.transmit(CommandApdu(0x10, 0xD6, 0x91, 0, encode_dg17(NEW_HOME)))

    card.power_cycle()

    assert not card.write_pending
    assert _on_chip(card) == before


def test_another_command_breaks_the_chain_with_6883_and_drops_it() -> None:
    card, session = _authorised_card_session()
    before = _on_chip(card)
    session.transmit(CommandApdu(0x10, 0xD6, 0x91, 0, encode_dg17(NEW_HOME)))

    assert session.transmit(CommandApdu(0, 0xB0, 0x91, 0, le=200)).sw == 0x6883
    # The chain is gone: its last command alone writes only DG18.
    assert session.transmit(CommandApdu(0, 0xD6, 0x92, 0, encode_dg18(BONN))).sw == 0x9000
    assert _on_chip(card) == (before[0], encode_dg18(BONN))


def test_a_refused_command_drops_the_whole_chain() -> None:
    credential = TerminalCredential.training()
    dg17_only = credential.trusted(TerminalRight.WRITE_DG17 | TerminalRight.CAN_ALLOWED)
    card = VirtualIdCard(trusted_terminals=[dg17_only])
    session = _change_session(_terminal(card), card)
    before = _on_chip(card)

    assert session.transmit(CommandApdu(0x10, 0xD6, 0x91, 0, encode_dg17(NEW_HOME))).sw == 0x9000
    assert session.transmit(CommandApdu(0, 0xD6, 0x92, 0, encode_dg18(BONN))).sw == 0x6982

    assert not card.write_pending
    assert _on_chip(card) == before


# ------------------------------------------------------------------ the kit's side


@pytest.mark.parametrize("after", [1, 2])
def test_card_pulled_between_chunks_keeps_the_old_address(after: int) -> None:
    card = VirtualIdCard()
    terminal = _terminal(card)
    before = _on_chip(card)
    session = _change_session(terminal, card)
    terminal.pull_during_write(after_writes=after)

    with pytest.raises(AddressWriteInterrupted) as interrupted:
        session.write_address(LONG_HOME, BERLIN)

    assert isinstance(interrupted.value, CardRemoved)  # what handles a pulled card handles this
    assert interrupted.value.detail.startswith(f"after {after} of 3 commands")
    assert not terminal.card_present()
    assert not session.secure_messaging_active
    assert _on_chip(card) == before
    text = describe(interrupted.value, "de")
    assert "alte oder schon die neue Anschrift" in text
    assert "never a mix" in describe(interrupted.value, "en")

    terminal.insert(card)  # the clerk lays it on again and repeats the write
    again = _change_session(terminal, card)
    assert again.read_address() == ResidenceRecord(OLD, "02760503150000")
    again.write_address(LONG_HOME, BERLIN)
    assert again.read_address().residence == LONG_HOME


def test_answer_lost_after_the_last_chunk_leaves_the_new_address() -> None:
    card = VirtualIdCard()
    terminal = _terminal(card)
    session = _change_session(terminal, card)
    terminal.pull_during_write(after_writes=2, answer_lost=True)

    with pytest.raises(AddressWriteInterrupted):
        session.write_address(NEW_HOME, BONN)

    assert _on_chip(card) == (encode_dg17(NEW_HOME), encode_dg18(BONN))
    terminal.insert(card)
    again = _change_session(terminal, card)
    assert again.read_address() == ResidenceRecord(NEW_HOME, "02760503140000")


def test_answer_lost_mid_chain_leaves_the_old_address() -> None:
    card = VirtualIdCard()
    terminal = _terminal(card)
    before = _on_chip(card)
    session = _change_session(terminal, card)
    terminal.pull_during_write(after_writes=1, answer_lost=True)

    with pytest.raises(AddressWriteInterrupted):
        session.write_address(NEW_HOME, BONN)

    assert _on_chip(card) == before


def test_a_refusal_is_not_an_interruption() -> None:
    card = VirtualIdCard()
    session = EidSession(_terminal(card))
    session.open()
    session.pace(PasswordKind.CAN, card.can)
    session.rights = TerminalRight.change_terminal()  # the kit believes; the card does not
    with pytest.raises(NotAuthorised) as refused:
        session.write_address(NEW_HOME, BONN)
    assert not isinstance(refused.value, AddressWriteInterrupted)


def test_pull_knob_counts_from_one() -> None:
    with pytest.raises(ValueError, match="counts from 1"):
        SimChangeTerminal().pull_during_write(0)


# ------------------------------------------------------------------ insertion and removal


def test_waiting_for_a_card_wakes_when_it_is_laid_on_and_lifted() -> None:
    terminal = SimChangeTerminal()
    card = VirtualIdCard()
    terminal.remove()
    assert terminal.wait_for_card(present=False, timeout_s=0) is True
    started = time.monotonic()
    assert terminal.wait_for_card(timeout_s=0.05) is False
    assert time.monotonic() - started >= 0.05

    laying = threading.Timer(0.1, terminal.insert, [card])
    laying.start()
    assert terminal.wait_for_card(timeout_s=5) is True
    laying.join()
    lifting = threading.Timer(0.1, terminal.remove)
    lifting.start()
    assert terminal.wait_for_card(present=False, timeout_s=5) is True
    lifting.join()
