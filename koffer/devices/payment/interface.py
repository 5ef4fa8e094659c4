"""What the payment step needs from a card terminal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from koffer.devices.base import DeviceInfo


@dataclass(frozen=True)
class PaymentRequest:
    """An amount to collect, in euro cents, with the case reference as booking text."""

    amount_cents: int
    reference: str
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if self.amount_cents <= 0:
            msg = "a payment needs a positive amount"
            raise ValueError(msg)


@dataclass(frozen=True)
class PaymentApproval:
    """The terminal's approval: what the receipt shows."""

    amount_cents: int
    currency: str
    authorisation_code: str
    card: str
    terminal_id: str
    trace_number: int


class PaymentTerminal(Protocol):
    """A girocard / credit card terminal."""

    def pay(self, request: PaymentRequest) -> PaymentApproval:
        """Collect the amount; raise PaymentDeclined when the card is refused."""

    def approved(self, reference: str) -> PaymentApproval | None:
        """The terminal's journal entry approved for this booking text, if there is one.

        Asked before paying again after an attempt whose answer never arrived (the notebook
        crashed, the cable came loose): the card may have been charged all the same.
        """

    def info(self) -> DeviceInfo:
        """Describe the terminal."""
