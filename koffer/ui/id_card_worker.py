"""The ID-card application on its own thread: the engine's steps with the kit's devices.

The worker opens the case, then runs the engine's next step until none is left: photo
(camera), fingerprints (sensor), signature (pad), payment (card terminal, receipt printed),
the application summary (printed), and finally queues the case. It stops at the first
failure; a new request for the same case continues where it stopped, so a retaken photo or a
re-plugged sensor never opens a second case or charges twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from koffer.devices.printer.interface import PrintJob
from koffer.domain.case import ServiceKind
from koffer.domain.messages import translate
from koffer.domain.person import Person
from koffer.ui.workers import Reporting
from koffer.workflows import capture, receipts
from koffer.workflows.services import id_card

QUEUE = "queue"


@dataclass(frozen=True)
class IdCardRequest:
    """Apply for ``person`` with ``details``, or continue the case ``case_id``."""

    person: Person
    details: dict[str, Any] = field(default_factory=dict)
    case_id: str = ""
    reference: str = ""
    overrule_photo: bool = False  # take a photo that fails checks (recorded with the step)


class IdCardWorker(QObject):
    """Runs an ID-card application with the kit's devices."""

    opened = Signal(str, str)  # case id, reference
    skipped = Signal(str, str)  # step, translated reason it does not apply
    step_started = Signal(str)
    step_done = Signal(str, str)  # step, case id
    failed = Signal(object)  # Failure with its step
    queued = Signal(str, str)  # case id, reference

    def __init__(self, kit: Any, language: str) -> None:
        """Work with ``kit`` (an ``app.Kit``): its engine, devices and town settings."""
        super().__init__()
        self._kit = kit
        self._language = language

    @Slot(object)
    def apply(self, request: IdCardRequest) -> None:
        """Run every pending step of the application (opening it first when new)."""
        flow = self._kit.case_flow()
        case_id, reference = request.case_id, request.reference
        if not case_id:
            with Reporting(self.failed.emit, self._language, "open") as run:
                case = flow.open(ServiceKind.ID_CARD, request.person, request.details)
                case_id, reference = case.id, case.reference
            if not run.ok:
                return
            self.opened.emit(case_id, reference)
            for planned in flow.plan(case_id):
                if planned.reason_key:
                    reason = translate(planned.reason_key, self._language)
                    self.skipped.emit(planned.step.name, reason)
        while (step := flow.next_step(case_id)) is not None:
            self.step_started.emit(step.name)
            with Reporting(self.failed.emit, self._language, step.name) as run:
                self._run(flow, case_id, step.name, request)
            if not run.ok:
                return
            self.step_done.emit(step.name, case_id)
        self.step_started.emit(QUEUE)
        with Reporting(self.failed.emit, self._language, QUEUE) as run:
            flow.queue(case_id)
        if run.ok:
            self.step_done.emit(QUEUE, case_id)
            self.queued.emit(case_id, reference)

    def _run(self, flow: Any, case_id: str, step: str, request: IdCardRequest) -> None:
        devices = self._kit.devices
        town = self._kit.settings.municipality
        if step == "photo":
            devices.camera.open()
            try:
                capture.take_photo(flow, case_id, devices.camera, overrule=request.overrule_photo)
            finally:
                devices.camera.close()
        elif step == "fingerprints":
            devices.fingerprint.open()
            try:
                capture.take_fingerprints(flow, case_id, devices.fingerprint)
            finally:
                devices.fingerprint.close()
        elif step == "signature":
            capture.take_signature(flow, case_id, devices.signature_pad)
        elif step == "payment":
            flow.pay(case_id, devices.payment)
            pdf = receipts.receipt_pdf(self._kit.store, case_id, flow.fee(case_id), town)
            devices.printer.print(PrintJob(pdf, "Quittung"))
        elif step == "summary":
            pdf = id_card.summary_pdf(flow, case_id, town)
            printed = devices.printer.print(PrintJob(pdf, "Antrag Personalausweis"))
            flow.record(case_id, "summary", {"job_id": printed.job_id})
