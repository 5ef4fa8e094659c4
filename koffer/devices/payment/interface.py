"""What the payment step needs from a card terminal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
    receipt_number: int = 0  # the terminal's receipt number, needed to reverse the payment
    booked_at: datetime | None = None  # the terminal's clock
    receipt: tuple[str, ...] = ()  # the receipt text, when the terminal hands it over


@dataclass(frozen=True)
class PaymentReversal:
    """A payment taken back the same day (Storno): the money never leaves the card."""

    amount_cents: int
    receipt_number: int  # of the reversed payment
    trace_number: int  # of the reversal itself


@dataclass(frozen=True)
class DayTotals:
    """The batch the terminal closed and submitted at the end of the day."""

    count: int
    amount_cents: int
    first_receipt: int = 0
    last_receipt: int = 0
    receipt: tuple[str, ...] = ()


class PaymentTerminal(Protocol):
    """A girocard / credit card terminal."""

    def pay(self, request: PaymentRequest) -> PaymentApproval:
        """Collect the amount; raise PaymentDeclined when the card is refused."""

    def approved(self, reference: str) -> PaymentApproval | None:
        """The terminal's journal entry approved for this booking text, if there is one.

        Asked before paying again after an attempt whose answer never arrived (the notebook
        crashed, the cable came loose): the card may have been charged all the same.
        """

    def reverse(self, receipt_number: int) -> PaymentReversal:
        """Take back today's payment with this receipt number (before the end of the day)."""

    def end_of_day(self) -> DayTotals:
        """Close the day's batch and submit it; the totals leave out reversed payments."""

    def info(self) -> DeviceInfo:
        """Describe the terminal."""
