"""The ID-card dialog: the citizen's data, then the engine's steps on the kit's devices.

The steps shown are the ID-card service's own (``workflows.services.id_card``), with the
reason when one does not apply (no prints under 6, no signature when the citizen cannot
sign). A failed step is tried again for the same case; a photo that fails a check can be
taken anyway when the clerk ticks the overrule box, which is recorded with the case.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QWidget,
)

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
from koffer.ui.id_card_worker import QUEUE, IdCardRequest, IdCardWorker
from koffer.ui.workers import Failure

STEPS = ("photo", "fingerprints", "signature", "payment", "summary", QUEUE)
PENDING, RUNNING, DONE, FAILED, SKIPPED = "○", "▶", "✓", "✗", "–"


class IdCardDialog(QDialog):
    """Takes the citizen's data and runs the application on the ID-card worker."""

    apply_requested = Signal(object)  # IdCardRequest, to the worker
    queued = Signal(str, str)  # case id, reference

    def __init__(self, worker: IdCardWorker, language: str, parent: QWidget | None = None) -> None:
        """Build the form; ``worker`` runs the steps on its thread."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Neuer Personalausweis"))
        self.setAccessibleName(self.tr("Neuer Personalausweis"))
        self._language = language
        self._person: Person | None = None
        self._busy = False
        self.case_id = ""
        self.reference = ""
        self._build_form()
        self._build_steps()
        self.error_label = style.error_label(self.tr("Fehlermeldung"))
        self.done_label = style.done_label(self.tr("Ergebnis"))
        self.apply_button = style.button(
            self.tr("&Aufnehmen und beantragen"), self.tr("Aufnehmen und beantragen"), default=True
        )
        self.apply_button.clicked.connect(self.apply)
        self.close_button = style.button(self.tr("Schließen"), self.tr("Schließen"))
        self.close_button.clicked.connect(self.reject)
        sections = (self.form_box, self.steps_box, self.error_label, self.done_label)
        style.step_dialog_layout(self, sections, self.apply_button, self.close_button)
        self.setMinimumWidth(600)
        worker.opened.connect(self._on_opened)
        worker.skipped.connect(self._on_skipped)
        worker.step_started.connect(lambda step: self._mark(step, RUNNING))
        worker.step_done.connect(lambda step, _case: self._mark(step, DONE))
        worker.failed.connect(self._on_failed)
        worker.queued.connect(self._on_queued)
        self.apply_requested.connect(worker.apply)
        self.given_names.setFocus()

    # --- building ---------------------------------------------------------------------

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
        self.overrule_photo = QCheckBox(self.tr("Lichtbild trotz Hinweisen übernehmen"))
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
        form.addRow(self.exemption)
        form.addRow(self.cannot_sign)
        form.addRow(self.overrule_photo)

    def _build_steps(self) -> None:
        self.steps_box = QGroupBox(self.tr("Schritte"))
        grid = QGridLayout(self.steps_box)
        self._marks: dict[str, QLabel] = {}
        for row, step in enumerate(STEPS):
            mark = QLabel(PENDING)
            mark.setAccessibleName(translate(f"step.{step}", self._language))
            self._marks[step] = mark
            grid.addWidget(mark, row, 0)
            title = "Warteschlange" if step == QUEUE else translate(f"step.{step}", "de")
            grid.addWidget(QLabel(self.tr(title)), row, 1)
        grid.setColumnStretch(1, 1)  # marks stay narrow, titles start right next to them

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

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.apply_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
        self.form_box.setEnabled(not busy and not self.case_id)

    # --- actions ------------------------------------------------------------------------

    def apply(self) -> None:
        """Validate the form (first time) and run the pending steps on the worker."""
        self.error_label.setVisible(False)
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
        self._set_busy(True)
        self.apply_requested.emit(
            IdCardRequest(person, details, self.case_id, self.reference,
                          overrule_photo=self.overrule_photo.isChecked())
        )  # fmt: skip

    def _person_from_form(self) -> Person:
        birth = self.birth_date.date().toPython()
        address = Address(
            self.street.text(), self.house_number.text(), self.postcode.text(), self.city.text()
        )
        return Person(self.given_names.text(), self.surname.text(), birth, address)

    def reject(self) -> None:
        """Close unless a step is running."""
        if not self._busy:
            super().reject()

    # --- answers from the worker --------------------------------------------------------

    def _on_opened(self, case_id: str, reference: str) -> None:
        self.case_id, self.reference = case_id, reference
        self.setWindowTitle(self.tr("Personalausweis {0}").format(reference))

    def _on_skipped(self, step: str, reason: str) -> None:
        self._mark(step, SKIPPED)
        if step in self._marks:
            self._marks[step].setToolTip(reason)
            self._marks[step].setAccessibleDescription(reason)

    def _on_failed(self, failure: Failure) -> None:
        self._mark(failure.step, FAILED)
        self._set_busy(False)
        self.apply_button.setText(self.tr("&Erneut versuchen"))
        self._show_error(failure.message)

    def _on_queued(self, case_id: str, reference: str) -> None:
        self._set_busy(False)
        self.apply_button.setVisible(False)
        self.done_label.setText(
            self.tr("Antrag {0} ist aufgenommen und wartet auf die Übermittlung.").format(reference)
        )
        self.done_label.setVisible(True)
        self.queued.emit(case_id, reference)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)
