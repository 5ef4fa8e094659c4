"""The Beglaubigung on its own thread: the engine's steps with the kit's scanner, terminal, printer.

The worker opens the case (the service refuses what may not be certified) or takes up a
draft again, then walks the engine's steps, each of which waits for the clerk: the scan of
the original (the scanner runs page by page on ``scan_page``; the pages are recorded once the
clerk has cropped every one), the payment (the receipt is printed after it), and the
certification note (shown first, then printed). A device fault records nothing: the clerk
runs the same step again for the same case, never a second case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import Signal, Slot

from koffer.devices.scanner.interface import ScanSource
from koffer.documents.certification_note import CertificationNote, note_lines
from koffer.documents.scan_crop import Quad
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.person import Person
from koffer.ui.step_worker import OPEN, PAYMENT, RECEIPT, CaseStepWorker
from koffer.ui.workers import Reporting
from koffer.workflows.engine import STEPS, StepState
from koffer.workflows.services import certification

SCAN = certification.SCAN
NOTE = certification.NOTE
INTERACTIVE = frozenset({SCAN, PAYMENT, NOTE})
SCAN_DPI = 200  # a legible copy, small enough to seal and send


@dataclass(frozen=True)
class CertificationRequest:
    """Certify for ``person`` what ``details`` describe (the service's keys)."""

    person: Person
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class StepRequest:
    """Run one step the clerk has prepared; for the scan, every page as the clerk cropped it.

    Attributes:
        case_id: The case.
        reference: Its reference (for the ``queued`` answer).
        step: ``scan``, ``payment``, ``receipt`` or ``certification_note``.
        pages: The scanned sheets (BGR) with the crop the clerk accepted (scan step).
    """

    case_id: str
    reference: str
    step: str
    pages: tuple[tuple[NDArray[np.uint8], Quad], ...] = ()


@dataclass(frozen=True)
class CertificationDraft:
    """An unfinished case taken up again: what its form held, which steps are done."""

    case_id: str
    reference: str
    person: Person
    details: dict[str, Any]
    done: tuple[str, ...]


@dataclass(frozen=True)
class NotePreview:
    """The note as it will be printed; ``on_original``: onto the signed original itself."""

    lines: tuple[str, ...]
    on_original: bool


class CertificationWorker(CaseStepWorker):
    """Runs a certification of a copy or a signature with the kit's devices."""

    opened = Signal(str, str)  # case id, reference
    resumed = Signal(object)  # CertificationDraft
    page_scanned = Signal(object)  # the scanned sheet, BGR array
    note_previewed = Signal(object)  # NotePreview, when the note step is next

    interactive = INTERACTIVE
    request_type = StepRequest

    @Slot(object)
    def apply(self, request: CertificationRequest) -> None:
        """Open the case and go on to its first step."""
        flow = self._kit.case_flow()
        case = self._open(flow, ServiceKind.CERTIFICATION, request)
        if case is None:
            return
        self.opened.emit(case.id, case.reference)
        self._continue(flow, case.id, case.reference)

    @Slot(str)
    def resume(self, case_id: str) -> None:
        """Take up an unfinished certification where it stopped."""
        flow = self._kit.case_flow()
        with Reporting(self.failed.emit, self._language, OPEN) as run:
            with self._kit.store.unit_of_work() as uow:
                case = uow.case(case_id)
                person = uow.person(case.person_id)
            if case.service is not ServiceKind.CERTIFICATION:
                raise ValidationError("service", "error.unknown_service", detail=case.service)
            done = tuple(p.step.name for p in flow.plan(case_id) if p.state is StepState.DONE)
        if not run.ok:
            return
        details = {key: value for key, value in case.details.items() if key != STEPS}
        self.resumed.emit(CertificationDraft(case.id, case.reference, person, details, done))
        self._continue(flow, case.id, case.reference)

    @Slot()
    def scan_page(self) -> None:
        """Scan one sheet of the original on the flatbed and show it for cropping."""
        with Reporting(self.failed.emit, self._language, SCAN) as run:
            pages = self._kit.devices.scanner.scan(ScanSource.FLATBED, dpi=SCAN_DPI)
            if not pages:
                raise ValidationError("document", "error.required")
        if run.ok:
            self.page_scanned.emit(pages[0].image)

    def _prepare(self, flow: Any, step: str, case_id: str) -> bool:
        """Before the note page: the note as it will be printed."""
        if step != NOTE:
            return super()._prepare(flow, step, case_id)
        with Reporting(self.failed.emit, self._language, NOTE) as run:
            note = self._note(flow, case_id)
        if run.ok:
            self.note_previewed.emit(NotePreview(tuple(note_lines(note)), bool(note.signer)))
        return run.ok

    def _run(self, flow: Any, request: StepRequest) -> dict[str, Any]:
        case_id, step = request.case_id, request.step
        if step == SCAN:
            case = certification.record_original(flow, case_id, request.pages)
        elif step == PAYMENT:
            case = self._charge(flow, case_id)
        elif step == RECEIPT:
            self._print_receipt(flow, case_id)
            return {}
        elif step == NOTE:
            note = self._note(flow, case_id)
            pdf = certification.note_pdf(flow, case_id, note)
            title = "Unterschriftsbeglaubigung" if note.signer else "Beglaubigte Kopie"
            flow.issue(case_id, NOTE, pdf, title, self._kit.devices.printer)
            return {}
        else:
            raise ValidationError("step", "error.unknown_step", detail=step)
        return dict(case.details[STEPS][step]["data"])

    def _note(self, flow: Any, case_id: str) -> CertificationNote:
        """The case's note, signed by the clerk who is signed in."""
        town = self._kit.settings.municipality
        return certification.note(flow, case_id, town, self._kit.store.clerk or "")
