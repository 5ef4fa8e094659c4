"""Simulated card terminal: approves, declines when told to, keeps a journal of approvals.

Everything here is simulated in-process; no protocol is spoken. The result codes and
reasons are ZVT's (see ``zvt_protocol``) so that the simulator fails exactly like the ZVT
backend does, and the same contract tests run over both.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from koffer.devices.base import DeviceKind
from koffer.devices.errors import (
    DeviceTimeout,
    DeviceUnavailable,
    PaymentCancelled,
    PaymentDeclined,
)
from koffer.devices.payment.interface import (
    DayTotals,
    PaymentApproval,
    PaymentRequest,
    PaymentReversal,
)
from koffer.devices.payment.zvt_protocol import (
    RESULT_ABORTED,
    RESULT_ALREADY_REVERSED,
    RESULT_DECLINED,
    RESULT_REVERSAL_NOT_POSSIBLE,
    result_reason,
)
from koffer.devices.simulation import SimulatedDevice


@dataclass
class _Booking:
    reference: str
    approval: PaymentApproval
    reversed: bool = False


class SimPaymentTerminal(SimulatedDevice):
    """A girocard terminal.

    Fault knobs: ``decline_reason`` makes the next payments fail (``decline_code`` is the
    result code reported with it; ``decline(code)`` sets both from ZVT's table);
    ``lose_answer`` makes the next payment go through on the terminal (it is in the journal)
    while the notebook never hears of it (the connection drops), as happens when a cable
    comes loose mid-payment; ``cancel_next`` makes the customer press "Abbruch" on the next
    payment; ``hang_next`` makes the terminal not answer the next payment, which fails with
    ``DeviceTimeout`` after ``timeout_s`` seconds.
    """

    kind = DeviceKind.PAYMENT
    model = "Koffer simulated card terminal"
    terminal_id = "SIM00001"

    def __init__(self, seconds_per_payment: float = 0.0, seed: int = 0) -> None:
        super().__init__(seed)
        self.decline_reason = ""
        self.decline_code = RESULT_DECLINED
        self.seconds_per_payment = seconds_per_payment
        self.lose_answer = False
        self.cancel_next = False
        self.hang_next = False
        self.timeout_s = 0.0
        self._trace = 0
        self._receipt = 0
        self._charges = 0
        self._journal: dict[str, PaymentApproval] = {}
        self._day: list[_Booking] = []

    def decline(self, result_code: int = RESULT_DECLINED) -> None:
        """Decline the next payments with a ZVT result code and its reason."""
        self.decline_code = result_code
        self.decline_reason = result_reason(result_code)

    def pay(self, request: PaymentRequest) -> PaymentApproval:
        """Approve the payment after the card is read and the PIN entered."""
        self._operate()
        if self.hang_next:
            self.hang_next = False
            time.sleep(self.timeout_s)
            raise DeviceTimeout(
                str(self.kind),
                f"no answer from the terminal within {self.timeout_s:g} s",
                seconds=self.timeout_s,
            )
        time.sleep(self.seconds_per_payment)
        if self.cancel_next:
            self.cancel_next = False
            raise PaymentCancelled(
                str(self.kind), result_reason(RESULT_ABORTED), result_code=RESULT_ABORTED
            )
        if self.decline_reason:
            raise PaymentDeclined(
                str(self.kind), self.decline_reason, result_code=self.decline_code
            )
        self._trace += 1
        self._receipt += 1
        self._charges += 1
        code = f"{self.random.randrange(10**6):06d}"
        last4 = f"{self.random.randrange(10**4):04d}"
        approval = PaymentApproval(
            request.amount_cents,
            request.currency,
            code,
            f"girocard **** {last4}",
            self.terminal_id,
            self._trace,
            receipt_number=self._receipt,
            booked_at=datetime.now().astimezone().replace(microsecond=0),
        )
        self._journal[request.reference] = approval
        self._day.append(_Booking(request.reference, approval))
        if self.lose_answer:
            self.lose_answer = False
            raise DeviceUnavailable(str(self.kind), "connection lost during payment")
        return approval

    def approved(self, reference: str) -> PaymentApproval | None:
        """Look the booking text up in the terminal's journal."""
        self._operate()
        return self._journal.get(reference)

    def reverse(self, receipt_number: int) -> PaymentReversal:
        """Take back today's payment with this receipt number."""
        self._operate()
        for booking in self._day:
            if booking.approval.receipt_number == receipt_number:
                if booking.reversed:
                    code = RESULT_ALREADY_REVERSED
                    break
                booking.reversed = True
                self._journal.pop(booking.reference, None)
                self._trace += 1
                return PaymentReversal(booking.approval.amount_cents, receipt_number, self._trace)
        else:
            code = RESULT_REVERSAL_NOT_POSSIBLE
        raise PaymentDeclined(str(self.kind), result_reason(code), result_code=code)

    def end_of_day(self) -> DayTotals:
        """Close the day: totals of the payments not reversed; the receipt numbers restart."""
        self._operate()
        kept = [booking.approval for booking in self._day if not booking.reversed]
        receipts = [booking.approval.receipt_number for booking in self._day]
        totals = DayTotals(
            len(kept),
            sum(approval.amount_cents for approval in kept),
            min(receipts, default=0),
            max(receipts, default=0),
        )
        self._day.clear()
        self._receipt = 0
        return totals

    @property
    def charges(self) -> int:
        """How many payments the terminal approved (what the citizen's bank will see)."""
        return self._charges
