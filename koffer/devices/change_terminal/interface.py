"""What the eID workflows need from the change terminal: APDUs to the card in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from koffer.devices.base import DeviceInfo

SW_OK = 0x9000


@dataclass(frozen=True)
class ApduResponse:
    """A response APDU: data and the two status bytes."""

    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        """Whether the status word is 90 00."""
        return self.sw == SW_OK

    @classmethod
    def from_bytes(cls, raw: bytes) -> ApduResponse:
        """Split a raw R-APDU into data and status word."""
        if len(raw) < 2:
            msg = "an R-APDU has at least two status bytes"
            raise ValueError(msg)
        return cls(raw[:-2], int.from_bytes(raw[-2:], "big"))

    def to_bytes(self) -> bytes:
        """Return the raw R-APDU."""
        return self.data + self.sw.to_bytes(2, "big")


class ChangeTerminal(Protocol):
    """A contactless reader holding one ID card."""

    def card_present(self) -> bool:
        """Whether a card lies on the terminal (without powering it)."""

    def wait_for_card(self, present: bool = True, timeout_s: float = 10.0) -> bool:
        """Block until a card lies on the terminal (``present``) or none does.

        This is the insertion/removal monitor: a worker waits for the citizen to lay the
        card on, and after writing for it to be lifted off. Returns at once when the
        terminal already is in that state.

        Returns:
            Whether the state was reached within ``timeout_s`` (False on timeout).
        """

    def connect(self) -> bytes:
        """Power the card and return its ATR."""

    def transmit(self, apdu: bytes) -> ApduResponse:
        """Send a command APDU and return the card's response."""

    def disconnect(self) -> None:
        """Power the card down."""

    def info(self) -> DeviceInfo:
        """Describe the terminal."""
