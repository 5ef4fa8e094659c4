"""Simulated change terminal: the virtual ID card in-process, with a card to lay on or lift."""

from __future__ import annotations

import threading
import time

from koffer.devices.base import DeviceKind
from koffer.devices.change_terminal.card import ATR, INS_UPDATE_BINARY, VirtualIdCard
from koffer.devices.change_terminal.interface import ApduResponse
from koffer.devices.errors import CardRemoved, NoCard
from koffer.devices.simulation import SimulatedDevice


def is_update_binary(apdu: bytes) -> bool:
    """Whether a (plain or protected) command APDU writes a file: INS D6."""
    return len(apdu) >= 4 and apdu[1] == INS_UPDATE_BINARY


class SimChangeTerminal(SimulatedDevice):
    """A contactless terminal; ``seconds_per_apdu`` models the radio link's latency.

    Knobs besides those of every simulator: ``insert`` and ``remove`` lay a card on and lift
    it (waking :meth:`wait_for_card`), :meth:`pull_during_write` lifts the card in the
    middle of an address write, and :meth:`block_pin` gives the card on the terminal a
    blocked PIN. The journal names a command that writes a file ``write``, any other
    ``transmit``, and notes ``[no card]`` when the terminal was empty.
    """

    kind = DeviceKind.CHANGE_TERMINAL
    model = "Koffer simulated change terminal"

    def __init__(self, seconds_per_apdu: float = 0.0, seed: int = 0) -> None:
        super().__init__(seed)
        self.card: VirtualIdCard | None = VirtualIdCard()
        self.seconds_per_apdu = seconds_per_apdu
        self._powered = False
        self._changed = threading.Condition()
        self._last_card: VirtualIdCard | None = self.card
        self._pulls: dict[int, bool] = {}  # write number -> whether its answer is lost
        self._writes_seen = 0

    def insert(self, card: VirtualIdCard | None = None) -> None:
        """Lay a card on the terminal (by default the one last lifted off it)."""
        with self._changed:
            card = card or self._last_card
            if card is None:
                raise ValueError("no card to lay on the terminal")
            self.card = self._last_card = card
            self._powered = False
            self._changed.notify_all()

    def remove(self) -> None:
        """Lift the card off the terminal: it loses power and forgets its session."""
        with self._changed:
            if self.card is not None:
                self.card.power_cycle()
            self.card = None
            self._powered = False
            self._changed.notify_all()

    def pull_during_write(self, after_writes: int = 1, *, answer_lost: bool = False) -> None:
        """Lift the card right after the ``after_writes``-th write command from now on.

        Write commands (UPDATE BINARY) are counted as the journal shows them; several pulls
        may be pending. With ``answer_lost`` the card is lifted after doing that command but
        before its answer reaches the terminal (the case where only reading the card again
        tells what it holds).
        """
        if after_writes < 1:
            raise ValueError("after_writes counts from 1")
        self._pulls[self._writes_seen + after_writes] = answer_lost

    def block_pin(self) -> None:
        """Block the PIN of the card on the terminal (three wrong tries elsewhere)."""
        if self.card is not None:
            self.card.pin_retries = 0

    def _condition(self) -> str:
        return "" if self.card is not None else "no card"

    def card_present(self) -> bool:
        """Whether a card lies on the terminal."""
        return self.card is not None

    def wait_for_card(self, present: bool = True, timeout_s: float = 10.0) -> bool:
        """Block until a card lies on the terminal (``present``) or none does, or time is up.

        Returns:
            Whether the terminal reached that state within ``timeout_s``.
        """
        with self._changed:
            return self._changed.wait_for(lambda: (self.card is not None) == present, timeout_s)

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
        writes = is_update_binary(apdu)
        self._operate("write" if writes else "transmit")
        if writes:  # counted as the journal shows them, whether a card answers or not
            self._writes_seen += 1
        card = self.card
        if card is None:
            raise CardRemoved(str(self.kind))
        if not self._powered:
            raise NoCard(str(self.kind), "card not connected")
        time.sleep(self.seconds_per_apdu)
        response = card.process(apdu)
        answer_lost = self._pulls.pop(self._writes_seen, None) if writes else None
        if answer_lost is not None:
            self.remove()
            if answer_lost:
                raise CardRemoved(str(self.kind), "card lifted before it answered")
        return response

    def disconnect(self) -> None:
        """Power the card down: it forgets its session."""
        if self._powered and self.card is not None:
            self.card.power_cycle()
        self._powered = False
