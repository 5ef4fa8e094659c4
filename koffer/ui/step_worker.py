"""What every case dialog's worker shares: walking the engine's steps, signing, paying.

A worker opens its service's case, runs the steps that need nobody, and stops at each step
that needs the clerk (``awaiting``) until the dialog sends the clerk's decision. The loop is
the same for every service; a service's worker says which steps wait for the clerk and how
one step runs on the kit's devices (``_run``). The payment step is the same for every
service too: the bill before the payment page, the charge (once), the receipt printed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QObject, Signal, Slot

from koffer.devices.printer.interface import PrintJob
from koffer.devices.registry import signing_field
from koffer.devices.signature_pad.interface import FieldSignaturePad, SignaturePad
from koffer.domain.messages import translate
from koffer.ui.capture.payment_page import FeeLine, PaymentOutcome
from koffer.ui.workers import Reporting
from koffer.workflows import receipts

QUEUE = "queue"
SIGNATURE = "signature"
PAYMENT = "payment"
RECEIPT = "receipt"  # printed after a payment that charged something; not an engine step
OPEN = "open"


class CaseStepWorker(QObject):
    """Base of the workers that run a service's steps with the kit's devices."""

    awaiting = Signal(str, str)  # step, case id: the step waits for the clerk's request
    step_started = Signal(str)
    step_done = Signal(str, str)  # step, case id
    pad_signed = Signal(object)  # Signature taken on the kit's pad, not yet recorded
    failed = Signal(object)  # Failure with its step
    queued = Signal(str, str)  # case id, reference
    fee_known = Signal(object)  # tuple[FeeLine, ...], when the payment step is next
    paid = Signal(object)  # PaymentOutcome

    interactive: ClassVar[frozenset[str]] = frozenset()  # steps that wait for the clerk
    request_type: ClassVar[Any]  # the service's StepRequest(case_id, reference, step)

    def __init__(self, kit: Any, language: str) -> None:
        """Work with ``kit`` (an ``app.Kit``): its engine, devices and town settings."""
        super().__init__()
        self._kit = kit
        self._language = language
        self._field: FieldSignaturePad | None = None
        self._field_for: SignaturePad | None = None

    def signing_field(self) -> FieldSignaturePad:
        """The pad the dialog's signing field feeds with pen events (thread-safe).

        The kit's pad when it is the UI-event backend, else one for the screen alone.
        """
        pad = self._kit.devices.signature_pad
        if self._field is None or self._field_for is not pad:
            self._field, self._field_for = signing_field(pad), pad
        return self._field

    def separate_pad(self) -> bool:
        """Whether the kit has a pad to sign on apart from the screen's field (simulator)."""
        return self.signing_field() is not self._kit.devices.signature_pad

    @Slot()
    def sign_on_pad(self) -> None:
        """Take a signature on the kit's pad and show it (recorded once accepted)."""
        with Reporting(self.failed.emit, self._language, SIGNATURE) as run:
            signature = self._kit.devices.signature_pad.capture()
        if run.ok:
            self.pad_signed.emit(signature)

    @Slot(object)
    def run_step(self, request: Any) -> None:
        """Run the step the clerk asked for (or retry the one that failed), then go on.

        ``request`` is the service's ``request_type``; a queue step only continues.
        """
        flow = self._kit.case_flow()
        if request.step != QUEUE:
            self.step_started.emit(request.step)
            with Reporting(self.failed.emit, self._language, request.step) as run:
                data = self._run(flow, request) or {}
            if not run.ok:
                return
            self._recorded(request.step, data)
            self.step_done.emit(request.step, request.case_id)
            if request.step == PAYMENT and data.get("amount_cents"):
                self.run_step(self.request_type(request.case_id, request.reference, RECEIPT))
                return
        self._continue(flow, request.case_id, request.reference)

    def _open(self, flow: Any, kind: Any, request: Any) -> Any | None:
        """Open a new case of ``kind`` for ``request``; None when refused (reported)."""
        with Reporting(self.failed.emit, self._language, OPEN) as run:
            case = flow.open(kind, request.person, request.details)
        return case if run.ok else None

    def _continue(self, flow: Any, case_id: str, reference: str) -> None:
        """Run the steps that need nobody, up to the next one that needs the clerk."""
        while (step := flow.next_step(case_id)) is not None:
            if step.name in self.interactive:
                if self._prepare(flow, step.name, case_id):
                    self.awaiting.emit(step.name, case_id)
                return
            self.step_started.emit(step.name)
            with Reporting(self.failed.emit, self._language, step.name) as run:
                self._run(flow, self.request_type(case_id, reference, step.name))
            if not run.ok:
                return
            self.step_done.emit(step.name, case_id)
        self.step_started.emit(QUEUE)
        with Reporting(self.failed.emit, self._language, QUEUE) as run:
            flow.queue(case_id)
        if run.ok:
            self.step_done.emit(QUEUE, case_id)
            self.queued.emit(case_id, reference)

    def _prepare(self, flow: Any, step: str, case_id: str) -> bool:
        """Tell the dialog what a waiting step needs; False when that failed (reported).

        Before the payment page: the bill, line by line.
        """
        if step != PAYMENT:
            return True
        with Reporting(self.failed.emit, self._language, PAYMENT) as run:
            fee = flow.fee(case_id)
        if run.ok:
            self.fee_known.emit(
                tuple(
                    FeeLine(translate(i.message_key, self._language), i.cents, i.quantity)
                    for i in fee.items
                )
            )
        return run.ok

    def _charge(self, flow: Any, case_id: str) -> Any:
        """Take the fee at the kit's card terminal (never twice) and show what was paid."""
        case = flow.pay(case_id, self._kit.devices.payment)
        with self._kit.store.unit_of_work() as uow:
            payments = uow.payments(case_id)
        outcome = PaymentOutcome(0, "", "", 0)  # nothing is charged for a free case
        if payments:
            paid = payments[-1]
            outcome = PaymentOutcome(
                paid["amount_cents"],
                paid["authorisation_code"],
                paid["terminal_id"],
                paid["trace_number"],
            )
        self.paid.emit(outcome)
        return case

    def _print_receipt(self, flow: Any, case_id: str) -> None:
        """Print the receipt of the case's payment."""
        town = self._kit.settings.municipality
        pdf = receipts.receipt_pdf(self._kit.store, case_id, flow.fee(case_id), town)
        self._kit.devices.printer.print(PrintJob(pdf, "Quittung"))

    def _recorded(self, step: str, data: dict[str, Any]) -> None:
        """A step has been recorded with ``data`` (for a worker that shows it)."""

    def _run(self, flow: Any, request: Any) -> Any:
        """Run one step on the kit's devices and record it; return its data (or None)."""
        raise NotImplementedError
