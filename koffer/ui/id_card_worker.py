"""The ID-card application on its own thread: the engine's steps with the kit's devices.

The worker opens the case, then walks the engine's steps. A step that needs the citizen
and the clerk (photo, fingerprints, signature, payment) is announced with ``awaiting``
and run when the dialog sends its :class:`StepRequest` (the photo the clerk accepted, "the
citizen signed", "start the sequence", "charge the fee"); the others (printing
the application) run at once; finally the case is queued. It stops at the first failure;
a new request for the same case continues where it stopped, so a retaken photo or a
re-plugged sensor never opens a second case or charges twice.

The live camera preview runs on a camera worker of its own (``make_camera_worker``): this
worker records the still the clerk accepted, exactly as it was checked.

The signature comes from the pad the dialog's signing field feeds (``signing_field``): the
worker's ``capture`` on it returns the strokes the field passed on and confirmed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal, Slot

from koffer.devices.base import DeviceInfo
from koffer.devices.camera.interface import Frame
from koffer.devices.printer.interface import PrintJob
from koffer.domain.case import ServiceKind
from koffer.domain.messages import translate
from koffer.domain.person import Person
from koffer.ui.capture.camera_worker import CameraWorker
from koffer.ui.capture.fingerprint_progress import ObservedSensor
from koffer.ui.step_worker import RECEIPT, CaseStepWorker
from koffer.workflows import capture
from koffer.workflows.engine import STEPS
from koffer.workflows.services import id_card

INTERACTIVE = frozenset({"photo", "fingerprints", "signature", "payment"})


@dataclass(frozen=True)
class IdCardRequest:
    """Apply for ``person`` with ``details``, or continue the case ``case_id``."""

    person: Person
    details: dict[str, Any] = field(default_factory=dict)
    case_id: str = ""
    reference: str = ""


@dataclass(frozen=True, eq=False)
class StepRequest:
    """Run one step that needed the clerk, with what the clerk decided.

    Attributes:
        case_id: The case.
        reference: Its reference (for the ``queued`` answer).
        step: ``photo``, ``fingerprints``, ``signature``, ``payment`` or ``receipt``.
        still: The photo the clerk accepted (photo step).
        overruled: The failed checks the clerk confirmed taking anyway (photo step).
        confirm_duplicate: The clerk checked that the two prints are different fingers.
    """

    case_id: str
    reference: str
    step: str
    still: Frame | None = None
    overruled: tuple[str, ...] = ()
    confirm_duplicate: bool = False


class _HeldStill:
    """The camera as it was when the clerk accepted the photo: its still, already taken.

    The still the clerk saw checked is the one recorded; the camera is not asked again.
    """

    def __init__(self, still: Frame, info: DeviceInfo) -> None:
        self._still = still
        self._info = info

    def open(self) -> None:
        """Nothing to start: the still exists."""

    def frames(self) -> Iterator[Frame]:
        """No preview: the photo is taken."""
        return iter(())

    def capture(self) -> Frame:
        """The accepted still."""
        return self._still

    def close(self) -> None:
        """Nothing to stop."""

    def info(self) -> DeviceInfo:
        """The camera that took the still."""
        return self._info


class IdCardWorker(CaseStepWorker):
    """Runs an ID-card application with the kit's devices."""

    opened = Signal(str, str)  # case id, reference
    skipped = Signal(str, str)  # step, translated reason it does not apply
    step_recorded = Signal(str, object)  # step, its recorded data (plain dict)
    fingerprint_progress = Signal(object)  # FingerEvent

    interactive = INTERACTIVE
    request_type = StepRequest

    def make_camera_worker(self) -> CameraWorker:
        """A worker for the kit's camera, to be moved to a thread of its own."""
        return CameraWorker(self._kit.devices.camera, self._language)

    @Slot(object)
    def apply(self, request: IdCardRequest) -> None:
        """Open the case (when new) and go on to the next step that needs the clerk."""
        flow = self._kit.case_flow()
        case_id, reference = request.case_id, request.reference
        if not case_id:
            case = self._open(flow, ServiceKind.ID_CARD, request)
            if case is None:
                return
            case_id, reference = case.id, case.reference
            self.opened.emit(case_id, reference)
            for planned in flow.plan(case_id):
                if planned.reason_key:
                    reason = translate(planned.reason_key, self._language)
                    self.skipped.emit(planned.step.name, reason)
        self._continue(flow, case_id, reference)

    def _recorded(self, step: str, data: dict[str, Any]) -> None:
        if step != RECEIPT:
            self.step_recorded.emit(step, data)

    def _run(self, flow: Any, request: StepRequest) -> dict[str, Any]:
        devices = self._kit.devices
        town = self._kit.settings.municipality
        case_id, step = request.case_id, request.step
        case = None
        if step == "photo":
            if request.still is None:
                msg = "the photo step needs the accepted still"
                raise ValueError(msg)
            held = _HeldStill(request.still, devices.camera.info())
            case = capture.take_photo(flow, case_id, held, overrule=bool(request.overruled))
        elif step == "fingerprints":
            sensor = ObservedSensor(
                devices.fingerprint, self.fingerprint_progress.emit, self._language
            )
            sensor.open()
            try:
                case = capture.take_fingerprints(
                    flow, case_id, sensor, overrule_duplicate=request.confirm_duplicate
                )
            finally:
                sensor.close()
        elif step == "signature":
            # The field confirmed before sending the request: capture returns at once.
            case = capture.take_signature(flow, case_id, self.signing_field())
        elif step == "payment":
            case = self._charge(flow, case_id)
        elif step == RECEIPT:
            self._print_receipt(flow, case_id)
        elif step == "summary":
            pdf = id_card.summary_pdf(flow, case_id, town)
            printed = devices.printer.print(PrintJob(pdf, "Antrag Personalausweis"))
            case = flow.record(case_id, "summary", {"job_id": printed.job_id})
        if case is None:
            return {}
        return dict(case.details.get(STEPS, {}).get(step, {}).get("data", {}))
