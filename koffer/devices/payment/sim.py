"""Simulated card terminal: approves, declines when told to, keeps a journal of approvals."""

from __future__ import annotations

import time

from koffer.devices.base import DeviceKind
from koffer.devices.errors import DeviceUnavailable, PaymentDeclined
from koffer.devices.payment.interface import PaymentApproval, PaymentRequest
from koffer.devices.simulation import SimulatedDevice


class SimPaymentTerminal(SimulatedDevice):
    """A girocard terminal.

    Fault knobs: ``decline_reason`` makes the next payments fail; ``lose_answer`` makes the
    next payment go through on the terminal (it is in the journal) while the notebook never
    hears of it (the connection drops), as happens when a cable comes loose mid-payment.
    """

    kind = DeviceKind.PAYMENT
    model = "Koffer simulated card terminal"
    terminal_id = "SIM00001"

    def __init__(self, seconds_per_payment: float = 0.0, seed: int = 0) -> None:
        super().__init__(seed)
        self.decline_reason = ""
        self.seconds_per_payment = seconds_per_payment
        self.lose_answer = False
        self._trace = 0
        self._journal: dict[str, PaymentApproval] = {}

    def pay(self, request: PaymentRequest) -> PaymentApproval:
        """Approve the payment after the card is read and the PIN entered."""
        self._operate()
        time.sleep(self.seconds_per_payment)
        if self.decline_reason:
            raise PaymentDeclined(str(self.kind), self.decline_reason)
        self._trace += 1
        code = f"{self.random.randrange(10**6):06d}"
        last4 = f"{self.random.randrange(10**4):04d}"
        approval = PaymentApproval(
            request.amount_cents,
            request.currency,
            code,
            f"girocard **** {last4}",
            self.terminal_id,
            self._trace,
        )
        self._journal[request.reference] = approval
        if self.lose_answer:
            self.lose_answer = False
            raise DeviceUnavailable(str(self.kind), "connection lost during payment")
        return approval

    def approved(self, reference: str) -> PaymentApproval | None:
        """Look the booking text up in the terminal's journal."""
        self._operate()
        return self._journal.get(reference)

    @property
    def charges(self) -> int:
        """How many payments the terminal approved (what the citizen's bank will see)."""
        return self._trace
