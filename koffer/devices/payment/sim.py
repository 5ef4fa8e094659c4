"""Simulated card terminal: approves, or declines when told to."""

from __future__ import annotations

import time

from koffer.devices.base import DeviceKind
from koffer.devices.errors import PaymentDeclined
from koffer.devices.payment.interface import PaymentApproval, PaymentRequest
from koffer.devices.simulation import SimulatedDevice


class SimPaymentTerminal(SimulatedDevice):
    """A girocard terminal; ``decline_reason`` makes the next payments fail."""

    kind = DeviceKind.PAYMENT
    model = "Koffer simulated card terminal"
    terminal_id = "SIM00001"

    def __init__(self, seconds_per_payment: float = 0.0, seed: int = 0) -> None:
        super().__init__(seed)
        self.decline_reason = ""
        self.seconds_per_payment = seconds_per_payment
        self._trace = 0

    def pay(self, request: PaymentRequest) -> PaymentApproval:
        """Approve the payment after the card is read and the PIN entered."""
        self._operate()
        time.sleep(self.seconds_per_payment)
        if self.decline_reason:
            raise PaymentDeclined(str(self.kind), self.decline_reason)
        self._trace += 1
        code = f"{self.random.randrange(10**6):06d}"
        last4 = f"{self.random.randrange(10**4):04d}"
        return PaymentApproval(
            request.amount_cents,
            request.currency,
            code,
            f"girocard **** {last4}",
            self.terminal_id,
            self._trace,
        )
