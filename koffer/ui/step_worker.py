"""What every case dialog's worker shares: walking the engine's steps, the signing field.

A worker opens its service's case, runs the steps that need nobody, and stops at each step
that needs the clerk (``awaiting``) until the dialog sends the clerk's decision. The loop is
the same for every service; a service's worker says which steps wait for the clerk and how
one step runs on the kit's devices (``_run``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QObject, Signal, Slot

from koffer.devices.registry import signing_field
from koffer.devices.signature_pad.interface import FieldSignaturePad, SignaturePad
from koffer.ui.workers import Reporting

QUEUE = "queue"
SIGNATURE = "signature"


class CaseStepWorker(QObject):
    """Base of the workers that run a service's steps with the kit's devices."""

    awaiting = Signal(str, str)  # step, case id: the step waits for the clerk's request
    step_started = Signal(str)
    step_done = Signal(str, str)  # step, case id
    pad_signed = Signal(object)  # Signature taken on the kit's pad, not yet recorded
    failed = Signal(object)  # Failure with its step
    queued = Signal(str, str)  # case id, reference

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

    def _prepare(self, _flow: Any, _step: str, _case_id: str) -> bool:
        """Tell the dialog what a waiting step needs; False when that failed (reported)."""
        return True

    def _run(self, flow: Any, request: Any) -> Any:
        """Run one step on the kit's devices and record it."""
        raise NotImplementedError
