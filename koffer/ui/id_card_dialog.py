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

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
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
from koffer.domain.messages import describe, translate
from koffer.domain.person import Address, Person
from koffer.ui import style
from koffer.ui.capture.camera_page import CameraPage, PhotoDecision
from koffer.ui.capture.camera_worker import CameraWorker
from koffer.ui.capture.fingerprint_page import FingerprintPage
from koffer.ui.capture.payment_page import PaymentOutcome, PaymentPage, euro
from koffer.ui.capture.signature_page import SignaturePage
from koffer.ui.id_card_worker import RECEIPT, IdCardRequest, IdCardWorker, StepRequest
from koffer.ui.step_worker import QUEUE
from koffer.ui.threads import WorkerThread
from koffer.ui.workers import Failure

STEPS = ("photo", "fingerprints", "signature", "payment", "summary", QUEUE)
PENDING, RUNNING, DONE, FAILED, SKIPPED = "○", "▶", "✓", "✗", "–"
AUTOMATIC = frozenset({"summary", QUEUE, RECEIPT, "open"})


class IdCardDialog(QDialog):
    """Takes the citizen's data and runs the application's pages on the ID-card worker."""

    apply_requested = Signal(object)  # IdCardRequest, to the worker
    step_requested = Signal(object)  # StepRequest, to the worker
    pad_requested = Signal()  # sign on the kit's pad
    queued = Signal(str, str)  # case id, reference
    page_shown = Signal(str)  # the step whose page is now shown

    def __init__(self, worker: IdCardWorker, language: str, parent: QWidget | None = None) -> None:
        """Build the form and the pages; ``worker`` runs the steps on its thread."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Neuer Personalausweis"))
        self.setAccessibleName(self.tr("Neuer Personalausweis"))
        self._worker = worker
        self._language = language
        self._person: Person | None = None
        self._busy = False
        self._failed_step = ""
        self._recorded: dict[str, dict[str, Any]] = {}
        self._camera_worker: CameraWorker | None = None
        self._camera_thread: WorkerThread | None = None
        self.case_id = ""
        self.reference = ""
        self.current_step = ""

        self._build_form()
        self._build_steps()
        self.fingerprint_page = FingerprintPage(language)
        self.fingerprint_page.start_requested.connect(self._start_fingerprints)
        self.signature_page = SignaturePage(
            signing_field=worker.signing_field(), separate_pad=worker.separate_pad()
        )
        self.signature_page.accepted.connect(self._record_signature)
        self.signature_page.device_requested.connect(self._sign_on_pad)
        self.payment_page = PaymentPage()
        self.payment_page.pay_requested.connect(
            lambda: self._request(StepRequest(self.case_id, self.reference, "payment"))
        )
        self.camera_page: CameraPage | None = None  # built with its worker at the photo step
        self.finished_label = QLabel()
        self.finished_label.setAccessibleName(self.tr("Zusammenfassung"))
        self.finished_label.setWordWrap(True)
        self.finished_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.finished_label.setTextFormat(Qt.TextFormat.PlainText)
        self.finished_label.setContentsMargins(8, 8, 8, 8)
        self.pages = QStackedWidget()
        self._page_index: dict[str, int] = {}
        for step, page in (
            ("form", self.form_box),
            ("fingerprints", self.fingerprint_page),
            ("signature", self.signature_page),
            ("payment", self.payment_page),
            ("finished", self.finished_label),
        ):
            self._page_index[step] = self.pages.addWidget(page)

        self.error_label = style.error_label(self.tr("Fehlermeldung"))
        self.done_label = style.done_label(self.tr("Ergebnis"))
        self.apply_button = style.button(
            self.tr("&Antrag anlegen"), self.tr("Antrag anlegen"), default=True
        )
        self.apply_button.clicked.connect(self.apply)
        self.close_button = style.button(self.tr("Schließen"), self.tr("Schließen"))
        self.close_button.clicked.connect(self.reject)
        self._lay_out()
        self.setMinimumSize(940, 640)
        self._connections = [
            (worker.opened, self._on_opened),
            (worker.skipped, self._on_skipped),
            (worker.awaiting, self._on_awaiting),
            (worker.fee_known, self.payment_page.set_fee),
            (worker.step_started, self._on_step_started),
            (worker.step_done, self._on_step_done),
            (worker.step_recorded, self._on_step_recorded),
            (worker.fingerprint_progress, self.fingerprint_page.on_event),
            (worker.paid, self._on_paid),
            (worker.pad_signed, self._on_pad_signed),
            (worker.failed, self._on_failed),
            (worker.queued, self._on_queued),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        self._requests = [
            (self.apply_requested, worker.apply),
            (self.step_requested, worker.run_step),
            (self.pad_requested, worker.sign_on_pad),
        ]
        for signal, slot in self._requests:
            signal.connect(slot)
        self.given_names.setFocus()

    # --- building -----------------------------------------------------------------------

    def _build_form(self) -> None:
        self.form_box = QGroupBox(self.tr("Antragstellende Person"))
        form = QFormLayout(self.form_box)
        self.given_names = style.line_edit(self.tr("Vornamen"), GIVEN_NAMES_MAX)
        self.surname = style.line_edit(self.tr("Familienname"), SURNAME_BLOCK_MAX)
        self.birth_date = QDateEdit()
        self.birth_date.setAccessibleName(self.tr("Geburtsdatum"))
        self.birth_date.setDisplayFormat("dd.MM.yyyy")
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setDate(QDate(1950, 1, 1))
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

    def _build_steps(self) -> None:
        self.steps_box = QGroupBox(self.tr("Schritte"))
        grid = QGridLayout(self.steps_box)
        self._marks: dict[str, QLabel] = {}
        self._titles: dict[str, QLabel] = {}
        for row, step in enumerate(STEPS):
            mark = QLabel(PENDING)
            mark.setAccessibleName(translate(f"step.{step}", self._language))
            self._marks[step] = mark
            grid.addWidget(mark, row, 0)
            title = self.tr("Warteschlange") if step == QUEUE else translate(f"step.{step}", "de")
            label = QLabel(title)
            self._titles[step] = label
            grid.addWidget(label, row, 1)
        grid.setColumnStretch(1, 1)  # marks stay narrow, titles start right next to them
        grid.setRowStretch(len(STEPS), 1)

    def _lay_out(self) -> None:
        buttons = QDialogButtonBox()
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        body = QHBoxLayout()
        body.addWidget(self.steps_box)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.done_label)
        layout.addWidget(buttons)

    def _ensure_camera(self) -> CameraPage:
        if self.camera_page is None:
            worker = self._worker.make_camera_worker()
            self._camera_worker = worker
            self._camera_thread = WorkerThread("koffer-camera", worker)
            # Also when the application quits with the dialog still open.
            QCoreApplication.instance().aboutToQuit.connect(self._stop_camera)
            page = CameraPage(worker, self._language)
            page.accepted.connect(self._record_photo)
            self._page_index["photo"] = self.pages.addWidget(page)
            self.camera_page = page
        return self.camera_page

    # --- state --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a step runs on the worker."""
        return self._busy

    def step_state(self, step: str) -> str:
        """The mark shown for ``step``."""
        return self._marks[step].text()

    def _mark(self, step: str, mark: str) -> None:
        if step in self._marks:
            self._marks[step].setText(mark)
            words = {
                PENDING: self.tr("offen"),
                RUNNING: self.tr("läuft"),
                DONE: self.tr("erledigt"),
                FAILED: self.tr("fehlgeschlagen"),
                SKIPPED: self.tr("entfällt"),
            }
            self._titles[step].setAccessibleDescription(words[mark])
            font = self._titles[step].font()
            font.setBold(mark == RUNNING)
            self._titles[step].setFont(font)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.close_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy)
        self.form_box.setEnabled(not busy and not self.case_id)

    def _show_page(self, step: str) -> None:
        self.current_step = step
        self.pages.setCurrentIndex(self._page_index[step])
        on_form = step == "form"
        self.apply_button.setVisible(on_form)
        self.apply_button.setDefault(on_form)
        self.apply_button.setAutoDefault(on_form)
        self.page_shown.emit(step)

    # --- actions ------------------------------------------------------------------------

    def apply(self) -> None:
        """Open the case (validating the form), or retry the step that failed."""
        if self._busy:
            return
        self.error_label.setVisible(False)
        if self.case_id and self._failed_step == RECEIPT:
            self._request(StepRequest(self.case_id, self.reference, RECEIPT))
            return
        try:
            person = self._person or self._person_from_form()
        except KofferError as exc:
            self._show_error(describe(exc, self._language))
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

    def _request(self, request: StepRequest) -> None:
        self.error_label.setVisible(False)
        self._failed_step = ""
        self._set_busy(True)
        self.step_requested.emit(request)

    def _record_photo(self, decision: PhotoDecision) -> None:
        self._request(
            StepRequest(self.case_id, self.reference, "photo",
                        still=decision.result.still, overruled=decision.overruled)
        )  # fmt: skip

    def _sign_on_pad(self) -> None:
        self.error_label.setVisible(False)
        self._set_busy(True)  # the pad waits for the citizen on the worker's thread
        self.pad_requested.emit()

    def _on_pad_signed(self, signature: object) -> None:
        self._set_busy(False)
        self.signature_page.show_device_signature(signature)  # type: ignore[arg-type]

    def _start_fingerprints(self, confirm_duplicate: bool) -> None:
        self._request(StepRequest(self.case_id, self.reference, "fingerprints",
                                  confirm_duplicate=confirm_duplicate))  # fmt: skip

    def _record_signature(self, _signature: object) -> None:
        # The page confirmed the strokes on the signing field's pad; the worker takes them.
        self._request(StepRequest(self.case_id, self.reference, "signature"))

    def reject(self) -> None:
        """Close unless a step is running."""
        if not self._busy:
            super().reject()

    def done(self, result: int) -> None:
        """Stop the camera and stop listening to the worker when the dialog closes."""
        self._stop_camera()
        if self._connections:
            for signal, slot in self._connections:
                signal.disconnect(slot)
            for signal, slot in self._requests:
                signal.disconnect(slot)
            self._connections = []
            self._requests = []
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
        self.case_id, self.reference = case_id, reference
        self.setWindowTitle(self.tr("Personalausweis {0}").format(reference))
        self.apply_button.setText(self.tr("&Erneut versuchen"))
        self.apply_button.setAccessibleName(self.tr("Erneut versuchen"))

    def _on_skipped(self, step: str, reason: str) -> None:
        self._mark(step, SKIPPED)
        if step in self._marks:
            self._marks[step].setToolTip(reason)
            self._marks[step].setAccessibleDescription(reason)
            self._titles[step].setToolTip(reason)
        if step == "fingerprints":
            self.fingerprint_page.show_exempt(reason)

    def _on_awaiting(self, step: str, _case_id: str) -> None:
        self._set_busy(False)
        self._mark(step, RUNNING)
        if step == "photo":
            page = self._ensure_camera()
            self._show_page("photo")
            page.start(self._photo_options())
        else:
            self._show_page(step)
            if step == "fingerprints":
                self.fingerprint_page.start_button.setFocus()
            elif step == "signature":
                self.signature_page.begin()
            elif step == "payment":
                self.payment_page.pay_button.setFocus()

    def _on_step_started(self, step: str) -> None:
        self._mark(step, RUNNING)

    def _on_step_done(self, step: str, _case_id: str) -> None:
        self._mark(step, DONE)
        if step == "photo":
            self._stop_camera()  # the photo is recorded: the camera is free again
        elif step == RECEIPT:
            self.payment_page.show_receipt_printed()

    def _on_step_recorded(self, step: str, data: dict[str, Any]) -> None:
        self._recorded[step] = data
        if step == "fingerprints":
            self.fingerprint_page.show_recorded(data)

    def _on_paid(self, outcome: PaymentOutcome) -> None:
        self.payment_page.show_approved(outcome)

    def _on_failed(self, failure: Failure) -> None:
        step = failure.step
        self._mark(step, FAILED)  # a receipt that did not print leaves the payment done
        self._set_busy(False)
        self._failed_step = step
        if step == "photo" and self.camera_page is not None:
            self.camera_page.set_recording(False)
        elif step == "fingerprints":
            self.fingerprint_page.show_failure(failure)
        elif step == "signature":
            self.signature_page.show_failure(failure)
        elif step in ("payment", RECEIPT):
            self.payment_page.show_failure(failure)
        if step in AUTOMATIC and self.case_id:
            # Nothing on a page to press: the dialog's button retries.
            self.apply_button.setVisible(True)
            self.apply_button.setDefault(True)
            if step == RECEIPT:
                self.apply_button.setText(self.tr("Quittung erneut &drucken"))
                self.apply_button.setAccessibleName(self.tr("Quittung erneut drucken"))
            self.apply_button.setFocus()
        self._show_error(failure.message)

    def _on_queued(self, case_id: str, reference: str) -> None:
        self._set_busy(False)
        self.apply_button.setVisible(False)
        self.finished_label.setText(self._summary_text(reference))
        self._show_page("finished")
        self._stop_camera()
        self.done_label.setText(
            self.tr("Antrag {0} ist aufgenommen und wartet auf die Übermittlung.").format(reference)
        )
        self.done_label.setVisible(True)
        self.close_button.setText(self.tr("&Schließen"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.queued.emit(case_id, reference)

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
        elif self._marks["fingerprints"].text() == SKIPPED:
            lines.append(self.tr("– Fingerabdrücke entfallen: {0}").format(
                self._marks["fingerprints"].toolTip()))  # fmt: skip
        if "signature" in self._recorded:
            lines.append(self.tr("✓ Unterschrift aufgenommen"))
        elif self._marks["signature"].text() == SKIPPED:
            lines.append(self.tr("– Unterschrift entfällt: {0}").format(
                self._marks["signature"].toolTip()))  # fmt: skip
        payment = self._recorded.get("payment")
        if payment is not None:
            cents = int(payment.get("amount_cents", 0))
            lines.append(self.tr("✓ Gebühr bezahlt: {0}").format(euro(cents)))
        lines.append(self.tr("✓ Antrag gedruckt und zur Übermittlung vorgemerkt"))
        return "\n".join(lines)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)
