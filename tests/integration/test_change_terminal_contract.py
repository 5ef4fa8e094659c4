"""One contract for every change-terminal backend: the simulator, and PC/SC through a real
pcscd whose vpcd reader holds the same virtual ID card."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from koffer.devices.change_terminal.card import EID_AID, VirtualIdCard
from koffer.devices.change_terminal.interface import ChangeTerminal
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.errors import CardRemoved, NoCard
from tests.conftest import require_real

SELECT_EID = bytes([0x00, 0xA4, 0x04, 0x0C, len(EID_AID)]) + EID_AID
READ_CARD_ACCESS = bytes.fromhex("00B09C0000")


@dataclass
class Backend:
    """A terminal with hands: ``insert`` and ``remove`` move the card."""

    terminal: ChangeTerminal
    insert: Callable[[], None]
    remove: Callable[[], None]


def _sim() -> Iterator[Backend]:
    terminal = SimChangeTerminal()
    yield Backend(terminal, lambda: terminal.insert(VirtualIdCard()), terminal.remove)


def _pcsc() -> Iterator[Backend]:
    port = os.environ.get("KOFFER_TEST_VPCD_PORT")
    if not (port and os.environ.get("PCSCLITE_CSOCK_NAME")):
        require_real("pcscd with the vpcd reader")
    from koffer.devices.change_terminal.pcsc import PcscChangeTerminal
    from koffer.devices.change_terminal.vpcd import VpcdCard

    terminal = PcscChangeTerminal("Virtual PCD")
    card = VpcdCard(VirtualIdCard(), int(str(port)))

    def insert() -> None:
        card.insert()
        deadline = time.monotonic() + 10
        while not terminal.card_present():
            if time.monotonic() > deadline:
                pytest.fail("pcscd did not see the virtual card")
            time.sleep(0.05)

    def remove() -> None:
        card.remove()
        deadline = time.monotonic() + 10
        while terminal.card_present():
            if time.monotonic() > deadline:
                pytest.fail("pcscd still sees the removed card")
            time.sleep(0.05)

    try:
        yield Backend(terminal, insert, remove)
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
