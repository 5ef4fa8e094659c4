"""Simulated change terminal: the virtual ID card in-process, with a card to lay on or lift."""

from __future__ import annotations

import time

from koffer.devices.base import DeviceKind
from koffer.devices.change_terminal.card import ATR, VirtualIdCard
from koffer.devices.change_terminal.interface import ApduResponse
from koffer.devices.errors import CardRemoved, NoCard
from koffer.devices.simulation import SimulatedDevice


class SimChangeTerminal(SimulatedDevice):
    """A contactless terminal; ``seconds_per_apdu`` models the radio link's latency."""

    kind = DeviceKind.CHANGE_TERMINAL
    model = "Koffer simulated change terminal"

    def __init__(self, seconds_per_apdu: float = 0.0, seed: int = 0) -> None:
        super().__init__(seed)
        self.card: VirtualIdCard | None = VirtualIdCard()
        self.seconds_per_apdu = seconds_per_apdu
        self._powered = False

    def insert(self, card: VirtualIdCard) -> None:
        """Lay a card on the terminal."""
        self.card = card
        self._powered = False

    def remove(self) -> None:
        """Lift the card off the terminal."""
        self.card = None
        self._powered = False

    def card_present(self) -> bool:
        """Whether a card lies on the terminal."""
        return self.card is not None

    def connect(self) -> bytes:
        """Power the card."""
        self._operate()
        if self.card is None:
            raise NoCard(str(self.kind))
        if not self._powered:
            self.card.power_cycle()
        self._powered = True
        return ATR

    def transmit(self, apdu: bytes) -> ApduResponse:
        """Pass an APDU to the card."""
        self._operate()
        if self.card is None:
            raise CardRemoved(str(self.kind))
        if not self._powered:
            raise NoCard(str(self.kind), "card not connected")
        time.sleep(self.seconds_per_apdu)
        return self.card.process(apdu)

    def disconnect(self) -> None:
        """Power the card down: it forgets its session."""
        if self._powered and self.card is not None:
            self.card.power_cycle()
        self._powered = False
