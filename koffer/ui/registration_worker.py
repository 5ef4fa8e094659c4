"""The Anmeldung on its own thread: the engine's steps with the kit's devices.

The worker opens the case (the service checks the deadline, the landlord confirmation and
the family on the form), then walks the engine's steps: scanning the landlord confirmation
and the citizen's signature wait for the clerk (``awaiting``, then a :class:`StepRequest`);
printing the Meldebestätigung and queuing need nobody. It stops at the first failure; a new
request for the same case continues where it stopped, so a jammed scanner or an empty paper
tray never opens a second case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
from PySide6.QtCore import QObject, Signal, Slot

from koffer.devices.registry import signing_field
from koffer.devices.scanner.interface import ScanSource
from koffer.devices.signature_pad.interface import FieldSignaturePad, SignaturePad
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.person import Person
from koffer.ui.workers import Reporting
from koffer.workflows import capture
from koffer.workflows.engine import Attachment
from koffer.workflows.services import residence

QUEUE = "queue"
SCAN = "landlord_confirmation"
SIGNATURE = "signature"
CONFIRMATION = "confirmation"
INTERACTIVE = frozenset({SCAN, SIGNATURE})
SCAN_DPI = 200  # legible for the town hall, small enough to seal and send
JPEG_QUALITY = 85


@dataclass(frozen=True)
class RegistrationRequest:
    """Register ``person`` with ``details`` (the service's keys), or continue ``case_id``."""

    person: Person
    details: dict[str, Any] = field(default_factory=dict)
    case_id: str = ""
    reference: str = ""


@dataclass(frozen=True)
class StepRequest:
    """Run one step that needed the clerk (scan, signature) or retry an automatic one."""

    case_id: str
    reference: str
    step: str


class RegistrationWorker(QObject):
    """Runs an Anmeldung with the kit's devices."""

    opened = Signal(str, str, int)  # case id, reference, days late (0: in time)
    awaiting = Signal(str, str)  # step, case id: the step waits for the clerk's request
    step_started = Signal(str)
    step_done = Signal(str, str)  # step, case id
    scanned = Signal(int)  # pages of the landlord confirmation recorded
    pad_signed = Signal(object)  # Signature taken on the kit's pad, not yet recorded
    failed = Signal(object)  # Failure with its step
    queued = Signal(str, str)  # case id, reference

    def __init__(self, kit: Any, language: str) -> None:
        """Work with ``kit`` (an ``app.Kit``): its engine, devices and town settings."""
        super().__init__()
        self._kit = kit
        self._language = language
        self._field: FieldSignaturePad | None = None
        self._field_for: SignaturePad | None = None

    def signing_field(self) -> FieldSignaturePad:
        """The pad the dialog's signing field feeds with pen events (thread-safe)."""
        pad = self._kit.devices.signature_pad
        if self._field is None or self._field_for is not pad:
            self._field, self._field_for = signing_field(pad), pad
        return self._field

    def separate_pad(self) -> bool:
        """Whether the kit has a pad to sign on apart from the screen's field (simulator)."""
        return self.signing_field() is not self._kit.devices.signature_pad

    @Slot(object)
    def apply(self, request: RegistrationRequest) -> None:
        """Open the case (when new) and go on to the next step that needs the clerk."""
        flow = self._kit.case_flow()
        case_id, reference = request.case_id, request.reference
        if not case_id:
            with Reporting(self.failed.emit, self._language, "open") as run:
                case = flow.open(ServiceKind.REGISTRATION, request.person, request.details)
                case_id, reference = case.id, case.reference
                late_days = int(case.details.get("late_days", 0))
            if not run.ok:
                return
            self.opened.emit(case_id, reference, late_days)
        self._continue(flow, case_id, reference)

    @Slot(object)
    def run_step(self, request: StepRequest) -> None:
        """Run the step the clerk asked for (or the one that failed), then go on."""
        flow = self._kit.case_flow()
        if request.step != QUEUE:
            self.step_started.emit(request.step)
            with Reporting(self.failed.emit, self._language, request.step) as run:
                self._run(flow, request)
            if not run.ok:
                return
            self.step_done.emit(request.step, request.case_id)
        self._continue(flow, request.case_id, request.reference)

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
            if step.name in INTERACTIVE:
                self.awaiting.emit(step.name, case_id)
                return
            self.step_started.emit(step.name)
            with Reporting(self.failed.emit, self._language, step.name) as run:
                self._run(flow, StepRequest(case_id, reference, step.name))
            if not run.ok:
                return
            self.step_done.emit(step.name, case_id)
        self.step_started.emit(QUEUE)
        with Reporting(self.failed.emit, self._language, QUEUE) as run:
            flow.queue(case_id)
        if run.ok:
            self.step_done.emit(QUEUE, case_id)
            self.queued.emit(case_id, reference)

    def _run(self, flow: Any, request: StepRequest) -> None:
        devices = self._kit.devices
        case_id, step = request.case_id, request.step
        if step == SCAN:
            pages = devices.scanner.scan(ScanSource.FLATBED, dpi=SCAN_DPI)
            attachments = []
            for page in pages:
                ok, encoded = cv2.imencode(
                    ".jpg", page.image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY]
                )
                if not ok:
                    msg = "the scanned page could not be encoded as JPEG"
                    raise RuntimeError(msg)
                attachments.append(Attachment(SCAN, "image/jpeg", encoded.tobytes()))
            if not attachments:
                raise ValidationError("landlord_confirmation", "error.required")
            flow.record(case_id, SCAN, {"pages": len(attachments)}, attachments)
            self.scanned.emit(len(attachments))
        elif step == SIGNATURE:
            # The field confirmed before sending the request: capture returns at once.
            capture.take_signature(flow, case_id, self.signing_field())
        elif step == CONFIRMATION:
            pdf = residence.confirmation_pdf(flow, case_id, self._kit.settings.municipality)
            flow.issue(case_id, CONFIRMATION, pdf, "Meldebestätigung", devices.printer)
        else:
            raise ValidationError("step", "error.unknown_step", detail=step)
