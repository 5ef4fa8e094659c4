"""The ID-card dialog: the citizen's data, then one page per capture step on the kit's devices.

The steps are the ID-card service's own (``workflows.services.id_card``), listed on the left
with their state and, when one does not apply, the reason (no prints under 6, no signature
when the citizen cannot sign). The pages on the right follow the worker: the live camera
(automatic shutter, checks, overrule with confirmation), the fingerprint sequence, the
signature field, the payment at the card terminal; printing the application and queuing it
need nobody. A failed step is tried again for the same case, never a second case.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from koffer.biometrics.photo.checks import PhotoCheckOptions
from koffer.domain import age_rules
from koffer.domain.errors import KofferError
from koffer.domain.fields import (
    EYE_COLOUR_MAX,
    GIVEN_NAMES_MAX,
    POSTCODE_AND_TOWN_MAX,
    STREET_AND_NUMBER_MAX,
    SURNAME_BLOCK_MAX,
)
from koffer.domain.messages import translate
from koffer.domain.person import Address, Person
from koffer.ui import style
from koffer.ui.capture.camera_page import CameraPage, PhotoDecision
from koffer.ui.capture.camera_worker import CameraWorker
from koffer.ui.capture.fingerprint_page import FingerprintPage
from koffer.ui.capture.payment_page import euro
from koffer.ui.form_fields import birth_date_edit
from koffer.ui.id_card_worker import IdCardRequest, IdCardWorker, StepRequest
from koffer.ui.step_dialog import FORM, CaseStepDialog
from koffer.ui.step_list import DONE, FAILED, PENDING, RUNNING, SKIPPED
from koffer.ui.step_worker import OPEN, QUEUE, RECEIPT
from koffer.ui.threads import WorkerThread
from koffer.ui.workers import Failure

STEPS = ("photo", "fingerprints", "signature", "payment", "summary", QUEUE)
__all__ = ["DONE", "FAILED", "PENDING", "RUNNING", "SKIPPED", "STEPS", "IdCardDialog"]


class IdCardDialog(CaseStepDialog):
    """Takes the citizen's data and runs the application's pages on the ID-card worker."""

    automatic = frozenset({OPEN, "summary", QUEUE, RECEIPT})

    def __init__(self, worker: IdCardWorker, language: str, parent: QWidget | None = None) -> None:
        """Build the form and the pages; ``worker`` runs the steps on its thread."""
        super().__init__(worker, language, parent)
        self._present(
            self.tr("Neuer Personalausweis"), self.tr("&Antrag anlegen"), self.tr("Antrag anlegen")
        )
        self._person: Person | None = None
        self._recorded: dict[str, dict[str, Any]] = {}
        self._camera_worker: CameraWorker | None = None
        self._camera_thread: WorkerThread | None = None

        self._build_form()
        steps = self._build_steps({
            step: self.tr("Warteschlange") if step == QUEUE else translate(f"step.{step}", language)
            for step in STEPS
        })  # fmt: skip
        self._marks = steps.marks  # each step's mark, its tooltip the reason a step is skipped
        self._add_page(FORM, self.form_box)
        self.fingerprint_page = FingerprintPage(language)
        self.fingerprint_page.start_requested.connect(self._start_fingerprints)
        self._add_page("fingerprints", self.fingerprint_page)
        self._add_signature_page()
        self._add_payment_page()
        self.camera_page: CameraPage | None = None  # built with its worker at the photo step
        self._lay_out()
        self.setMinimumSize(940, 640)
        self._listen([
            (worker.opened, self._on_opened),
            (worker.skipped, self._on_skipped),
            (worker.step_recorded, self._on_step_recorded),
            (worker.fingerprint_progress, self.fingerprint_page.on_event),
        ])  # fmt: skip
        self.given_names.setFocus()

    # --- building -----------------------------------------------------------------------

    def _build_form(self) -> None:
        self.form_box = QGroupBox(self.tr("Antragstellende Person"))
        form = QFormLayout(self.form_box)
        self.given_names = style.line_edit(self.tr("Vornamen"), GIVEN_NAMES_MAX)
        self.surname = style.line_edit(self.tr("Familienname"), SURNAME_BLOCK_MAX)
        self.birth_date = birth_date_edit(self.tr("Geburtsdatum"), QDate(1950, 1, 1))
        self.street = style.line_edit(self.tr("Straße"), STREET_AND_NUMBER_MAX)
        self.house_number = style.line_edit(self.tr("Hausnummer"), 10)
        self.postcode = style.line_edit(self.tr("Postleitzahl"), 5)
        self.city = style.line_edit(self.tr("Ort"), POSTCODE_AND_TOWN_MAX - 6)
        self.height = QSpinBox()
        self.height.setAccessibleName(self.tr("Größe in cm"))
        self.height.setRange(50, 250)
        self.height.setValue(170)
        self.eye_colour = style.line_edit(self.tr("Augenfarbe"), EYE_COLOUR_MAX)
        self.exemption = QCheckBox(self.tr("Fingerabdrücke dauerhaft nicht möglich (ärztlich)"))
        self.cannot_sign = QCheckBox(self.tr("Kann nicht unterschreiben"))
        self.witness = style.line_edit(self.tr("Zeugin oder Zeuge"), 80)
        inputs: list[QWidget] = []
        for label, widget in (
            (self.tr("&Vornamen"), self.given_names),
            (self.tr("&Familienname"), self.surname),
            (self.tr("&Geburtsdatum"), self.birth_date),
            (self.tr("&Straße"), self.street),
            (self.tr("&Hausnummer"), self.house_number),
            (self.tr("&PLZ"), self.postcode),
            (self.tr("&Ort"), self.city),
            (self.tr("Grö&ße (cm)"), self.height),
            (self.tr("&Augenfarbe"), self.eye_colour),
            (self.tr("&Zeuge"), self.witness),
        ):
            buddy = QLabel(label)
            buddy.setBuddy(widget)
            form.addRow(buddy, widget)
            inputs.append(widget)
        form.addRow(self.exemption)
        form.addRow(self.cannot_sign)
        for first, second in itertools.pairwise([*inputs, self.exemption, self.cannot_sign]):
            QWidget.setTabOrder(first, second)

    def _ensure_camera(self) -> CameraPage:
        if self.camera_page is None:
            worker = self._worker.make_camera_worker()
            self._camera_worker = worker
            self._camera_thread = WorkerThread("koffer-camera", worker)
            # Also when the application quits with the dialog still open.
            QCoreApplication.instance().aboutToQuit.connect(self._stop_camera)
            page = CameraPage(worker, self._language)
            page.accepted.connect(self._record_photo)
            self._add_page("photo", page)
            self.camera_page = page
        return self.camera_page

    # --- actions ------------------------------------------------------------------------

    def apply(self) -> None:
        """Open the case (validating the form), or retry the step that failed."""
        if self._busy:
            return
        self._show_error("")
        if self.case_id and self._failed_step == RECEIPT:
            self._retry()
            return
        try:
            person = self._person or self._person_from_form()
        except KofferError as exc:
            self._show_failure(Failure.of(exc, self._language, OPEN))
            return
        self._person = person
        details = {
            "height_cm": self.height.value(),
            "eye_colour": self.eye_colour.text(),
            "medical_fingerprint_exemption": self.exemption.isChecked(),
            "cannot_sign": self.cannot_sign.isChecked(),
            "witness": self.witness.text(),
        }
        self._failed_step = ""
        self._set_busy(True)
        self.apply_requested.emit(IdCardRequest(person, details, self.case_id, self.reference))

    def _person_from_form(self) -> Person:
        birth = self.birth_date.date().toPython()
        address = Address(
            self.street.text(), self.house_number.text(), self.postcode.text(), self.city.text()
        )
        return Person(self.given_names.text(), self.surname.text(), birth, address)

    def _record_photo(self, decision: PhotoDecision) -> None:
        self._request(
            StepRequest(self.case_id, self.reference, "photo",
                        still=decision.result.still, overruled=decision.overruled)
        )  # fmt: skip

    def _start_fingerprints(self, confirm_duplicate: bool) -> None:
        self._request(StepRequest(self.case_id, self.reference, "fingerprints",
                                  confirm_duplicate=confirm_duplicate))  # fmt: skip

    def done(self, result: int) -> None:
        """Stop the camera and stop listening to the worker when the dialog closes."""
        self._stop_camera()
        super().done(result)

    def _stop_camera(self) -> None:
        if self.camera_page is not None:
            self.camera_page.stop()
        if self._camera_thread is not None:
            self._camera_thread.stop()  # joins: the preview ends at its next frame
            self._camera_thread = None

    def _photo_options(self) -> PhotoCheckOptions:
        birth: date = self.birth_date.date().toPython()
        today = datetime.now().astimezone().date()
        return PhotoCheckOptions(child_under_10=age_rules.age_on(birth, today) < 10)

    # --- answers from the worker --------------------------------------------------------

    def _on_opened(self, case_id: str, reference: str) -> None:
        self._opened(case_id, reference, self.tr("Personalausweis {0}").format(reference))

    def _on_skipped(self, step: str, reason: str) -> None:
        self._mark(step, SKIPPED)
        if self.steps_box is not None:
            self.steps_box.explain(step, reason)
        if step == "fingerprints":
            self.fingerprint_page.show_exempt(reason)

    def _on_awaiting(self, step: str, case_id: str) -> None:
        if step == "photo":
            self._ensure_camera()
        super()._on_awaiting(step, case_id)
        if step == "photo" and self.camera_page is not None:
            self.camera_page.start(self._photo_options())
        elif step == "fingerprints":
            self.fingerprint_page.start_button.setFocus()

    def _on_step_done(self, step: str, case_id: str) -> None:
        super()._on_step_done(step, case_id)
        if step == "photo":
            self._stop_camera()  # the photo is recorded: the camera is free again

    def _on_step_recorded(self, step: str, data: dict[str, Any]) -> None:
        self._recorded[step] = data
        if step == "fingerprints":
            self.fingerprint_page.show_recorded(data)

    def _show_on_page(self, failure: Failure) -> None:
        if failure.step == "photo" and self.camera_page is not None:
            self.camera_page.set_recording(False)
        elif failure.step == "fingerprints":
            self.fingerprint_page.show_failure(failure)

    def _on_queued(self, case_id: str, reference: str) -> None:
        self._stop_camera()
        super()._on_queued(case_id, reference)

    def _result_text(self, reference: str) -> str:
        return self.tr("Antrag {0} ist aufgenommen und wartet auf die Übermittlung.").format(
            reference
        )

    def _summary_text(self, reference: str) -> str:
        lines = [self.tr("Antrag {0} ist vollständig:").format(reference), ""]
        photo = self._recorded.get("photo")
        if photo is not None:
            overruled = photo.get("overruled") or []
            lines.append(
                self.tr("✓ Lichtbild: alle Prüfungen bestanden")
                if not overruled
                else self.tr("✓ Lichtbild: übernommen trotz {0}").format(
                    ", ".join(
                        translate(f"photo.check.{name}", self._language) for name in overruled
                    )
                )
            )
        prints = self._recorded.get("fingerprints")
        if prints is not None:
            names = self.fingerprint_page.names
            fingers = prints.get("fingers", {})
            scores = prints.get("scores", {})
            taken = ", ".join(
                f"{names.get(fingers[hand], fingers[hand])} ({scores.get(hand, 0)})"
                for hand in ("right", "left")
                if hand in fingers
            )
            lines.append(self.tr("✓ Fingerabdrücke: {0}").format(taken))
        elif self.step_state("fingerprints") == SKIPPED:
            lines.append(self.tr("– Fingerabdrücke entfallen: {0}").format(
                self._marks["fingerprints"].toolTip()))  # fmt: skip
        if "signature" in self._recorded:
            lines.append(self.tr("✓ Unterschrift aufgenommen"))
        elif self.step_state("signature") == SKIPPED:
            lines.append(self.tr("– Unterschrift entfällt: {0}").format(
                self._marks["signature"].toolTip()))  # fmt: skip
        payment = self._recorded.get("payment")
        if payment is not None:
            cents = int(payment.get("amount_cents", 0))
            lines.append(self.tr("✓ Gebühr bezahlt: {0}").format(euro(cents)))
        lines.append(self.tr("✓ Antrag gedruckt und zur Übermittlung vorgemerkt"))
        return "\n".join(lines)
