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
from PySide6.QtCore import Signal, Slot

from koffer.devices.scanner.interface import ScanSource
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.person import Person
from koffer.ui.step_worker import SIGNATURE, CaseStepWorker
from koffer.workflows import capture
from koffer.workflows.engine import Attachment
from koffer.workflows.services import residence

SCAN = "landlord_confirmation"
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


class RegistrationWorker(CaseStepWorker):
    """Runs an Anmeldung with the kit's devices."""

    opened = Signal(str, str, int)  # case id, reference, days late (0: in time)
    scanned = Signal(int)  # pages of the landlord confirmation recorded

    interactive = INTERACTIVE
    request_type = StepRequest

    @Slot(object)
    def apply(self, request: RegistrationRequest) -> None:
        """Open the case (when new) and go on to the next step that needs the clerk."""
        flow = self._kit.case_flow()
        case_id, reference = request.case_id, request.reference
        if not case_id:
            case = self._open(flow, ServiceKind.REGISTRATION, request)
            if case is None:
                return
            case_id, reference = case.id, case.reference
            self.opened.emit(case_id, reference, int(case.details.get("late_days", 0)))
        self._continue(flow, case_id, reference)

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
