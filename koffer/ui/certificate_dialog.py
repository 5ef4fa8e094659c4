"""The registration-certificate dialog: the citizen's data, then the steps up to the print."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QDate, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from koffer.domain.errors import KofferError, ValidationError
from koffer.domain.fields import (
    GIVEN_NAMES_MAX,
    POSTCODE_AND_TOWN_MAX,
    STREET_AND_NUMBER_MAX,
    SURNAME_BLOCK_MAX,
)
from koffer.domain.person import Address, Person
from koffer.ui import style
from koffer.ui.form_fields import birth_date_edit, person_labels
from koffer.ui.step_list import DONE, FAILED, PENDING, RUNNING, StepList
from koffer.ui.workers import CertificateRequest, CertificateWorker, Failure, Step, StepDone

__all__ = ["DONE", "FAILED", "PENDING", "RUNNING", "CertificateDialog", "euro"]


def euro(cents: int) -> str:
    """Return an amount the German way, e.g. ``9,00 €``."""
    return f"{cents // 100},{cents % 100:02d} €"


class CertificateDialog(QDialog):
    """Takes the citizen's data and issues the certificate on the certificate worker.

    Once the case is opened, the citizen's data is fixed and a failed step is retried for the
    same case (e.g. "Erneut drucken" after the printer ran out of paper); no second case is
    opened.
    """

    issue_requested = Signal(object)  # CertificateRequest, to the worker
    review_requested = Signal(str)  # case id to show on the citizen's screen
    issued = Signal(str, str)  # case id, reference
    step_failed = Signal(str, str)  # step, message shown

    def __init__(
        self,
        worker: CertificateWorker,
        language: str,
        fee_cents: int,
        parent: QWidget | None = None,
    ) -> None:
        """Build the form; ``worker`` runs the steps on its thread."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Neue Meldebescheinigung"))
        self.setAccessibleName(self.tr("Neue Meldebescheinigung"))
        self._worker = worker
        self._language = language
        self._busy = False
        self._birth_date_entered = False
        self._person: Person | None = None
        self._listening = True
        self.case_id = ""
        self.reference = ""
        self._failed_step: Step | None = None

        self._build_form()
        self._build_steps(fee_cents)
        self.error_label = style.error_label(self.tr("Fehlermeldung"))
        self.done_label = style.done_label(self.tr("Ergebnis"))
        self.issue_button = style.button(
            self.tr("&Ausstellen"), self.tr("Ausstellen"), default=True
        )
        self.issue_button.clicked.connect(self.issue)
        self.close_button = style.button(self.tr("Abbrechen"), self.tr("Abbrechen"))
        self.close_button.clicked.connect(self.reject)
        sections = (self.form_box, self.steps_box, self.error_label, self.done_label)
        style.step_dialog_layout(self, sections, self.issue_button, self.close_button)
        self.setMinimumWidth(560)

        worker.step_started.connect(self._on_step_started)
        worker.step_done.connect(self._on_step_done)
        worker.failed.connect(self._on_failed)
        worker.issued.connect(self._on_issued)
        self.issue_requested.connect(worker.issue)
        self.given_names.setFocus()

    # --- building ---------------------------------------------------------------------

    def _build_form(self) -> None:
        self.given_names = style.line_edit(self.tr("Vornamen"), GIVEN_NAMES_MAX)
        self.surname = style.line_edit(self.tr("Familienname"), SURNAME_BLOCK_MAX)
        self.birth_date = birth_date_edit(self.tr("Geburtsdatum"), QDate(1940, 1, 1))
        # QDateEdit cannot be empty; the date counts once the clerk has set it, and is shown
        # greyed until then.
        self.birth_date.setProperty("unset", True)
        self.birth_date.dateChanged.connect(self._on_birth_date_changed)
        self.street = style.line_edit(self.tr("Straße"), STREET_AND_NUMBER_MAX)
        self.house_number = style.line_edit(self.tr("Hausnummer"), 10)
        self.house_number.setMaximumWidth(90)
        self.postcode = style.line_edit(self.tr("Postleitzahl"), 5)
        self.postcode.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,5}"), self.postcode)
        )
        self.postcode.setMaximumWidth(90)
        self.city = style.line_edit(self.tr("Ort"), POSTCODE_AND_TOWN_MAX - 6)

        self.form_box = QGroupBox(self.tr("Bürgerin / Bürger"))
        form = QFormLayout(self.form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label(self.tr("&Vornamen:"), self.given_names), self.given_names)
        form.addRow(self._label(self.tr("&Familienname:"), self.surname), self.surname)
        date_row = QHBoxLayout()
        date_row.addWidget(self.birth_date)
        date_hint = QLabel(self.tr("TT.MM.JJJJ"))
        date_hint.setObjectName("muted")
        date_row.addWidget(date_hint)
        date_row.addStretch(1)
        form.addRow(self._label(self.tr("&Geburtsdatum:"), self.birth_date), date_row)
        street_row = QHBoxLayout()
        street_row.addWidget(self.street, 1)
        street_row.addWidget(self._label(self.tr("&Nr.:"), self.house_number))
        street_row.addWidget(self.house_number)
        form.addRow(self._label(self.tr("S&traße:"), self.street), street_row)
        town_row = QHBoxLayout()
        town_row.addWidget(self.postcode)
        town_row.addWidget(self._label(self.tr("&Ort:"), self.city))
        town_row.addWidget(self.city, 1)
        form.addRow(self._label(self.tr("&PLZ:"), self.postcode), town_row)

        self._inputs: dict[str, QLineEdit | QDateEdit] = {
            "given_names": self.given_names,
            "surname": self.surname,
            "birth_date": self.birth_date,
            "street": self.street,
            "house_number": self.house_number,
            "postcode": self.postcode,
            "city": self.city,
        }
        self._labels = {
            **person_labels(),
            "citizen": self.tr("Name"),
            # Device kinds, as device errors name them.
            "printer": self.tr("Drucker"),
            "payment": self.tr("Kartenterminal"),
        }
        order = list(self._inputs.values())
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _build_steps(self, fee_cents: int) -> None:
        titles = {
            Step.OPEN: self.tr("Vorgang anlegen"),
            Step.PAY: self.tr("Gebühr am Kartenterminal kassieren ({0})").format(euro(fee_cents)),
            Step.RENDER: self.tr("Bescheinigung erstellen"),
            Step.PRINT: self.tr("Drucken"),
            Step.QUEUE: self.tr("Zur Übermittlung ans Rathaus vormerken"),
        }
        self.steps_box = StepList(self.tr("Ablauf"), titles)
        self.review_button = style.button(
            self.tr("Bürgeransi&cht"), self.tr("Bürgeransicht öffnen")
        )
        self.review_button.setToolTip(
            self.tr("Die Angaben der Bürgerin oder dem Bürger auf dem zweiten Bildschirm zeigen")
        )
        self.review_button.setVisible(False)  # once the case exists
        self.review_button.clicked.connect(lambda: self.review_requested.emit(self.case_id))
        self.steps_box.add_below(self.review_button)

    # --- state ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a step is running on the worker."""
        return self._busy

    def step_state(self, step: Step) -> str:
        """The mark shown for ``step`` (PENDING, RUNNING, DONE or FAILED)."""
        return self.steps_box.state(step)

    def _mark(self, step: Step, mark: str) -> None:
        self.steps_box.set_state(step, mark)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        opened = bool(self.case_id)
        for widget in self._inputs.values():
            # Read-only, not disabled: the data stays legible and reachable by Tab.
            widget.setReadOnly(busy or opened)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.issue_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)

    # --- the clerk's actions ------------------------------------------------------------

    def issue(self) -> None:
        """Start the steps, or retry the failed one for the case already opened."""
        if self._busy:
            return
        if self.case_id:
            request = CertificateRequest(
                self._person_or_raise(),
                self.case_id,
                self.reference,
                self._failed_step or Step.PAY,
            )
        else:
            try:
                person = self._person_from_form()
            except KofferError as exc:
                self._show_failure(Failure.of(exc, self._language, str(Step.OPEN)))
                return
            self._person = person
            request = CertificateRequest(person)
        self._show_error("")
        self._failed_step = None
        self._set_busy(True)
        self.issue_requested.emit(request)

    def _person_or_raise(self) -> Person:
        if self._person is None:
            msg = "a case was opened without a person"
            raise RuntimeError(msg)
        return self._person

    def _person_from_form(self) -> Person:
        """Build the citizen from the form (the domain validates every field)."""
        if not self._birth_date_entered:
            raise ValidationError("birth_date", "error.required")
        address = Address(
            self.street.text(), self.house_number.text(), self.postcode.text(), self.city.text()
        )
        return Person(
            self.given_names.text(),
            self.surname.text(),
            self.birth_date.date().toPython(),
            address,
        )

    def reject(self) -> None:
        """Close, unless a step is running (a device cannot be stopped half-way)."""
        if self._busy:
            return
        super().reject()

    def done(self, result: int) -> None:
        """Stop listening to the worker when the dialog closes."""
        if self._listening:
            self._stop_listening()
        super().done(result)

    def _stop_listening(self) -> None:
        self._listening = False
        for signal, slot in (
            (self._worker.step_started, self._on_step_started),
            (self._worker.step_done, self._on_step_done),
            (self._worker.failed, self._on_failed),
            (self._worker.issued, self._on_issued),
        ):
            signal.disconnect(slot)
        self.issue_requested.disconnect(self._worker.issue)

    # --- answers from the worker ------------------------------------------------------

    def _on_birth_date_changed(self) -> None:
        self._birth_date_entered = True
        self.birth_date.setProperty("unset", False)
        self.birth_date.style().unpolish(self.birth_date)
        self.birth_date.style().polish(self.birth_date)

    def _on_step_started(self, step: str) -> None:
        self._mark(Step(step), RUNNING)

    def _on_step_done(self, done: StepDone) -> None:
        self._mark(done.step, DONE)
        if done.step is Step.OPEN:
            self.case_id, self.reference = done.case_id, done.reference
            self.setWindowTitle(self.tr("Meldebescheinigung {0}").format(done.reference))
            self.review_button.setVisible(True)
            self._set_busy(True)  # the citizen's data is now fixed

    def _on_failed(self, failure: Failure) -> None:
        step = Step(failure.step) if failure.step else Step.OPEN
        self._failed_step = step
        self._mark(step, FAILED)
        self._set_busy(False)
        if self.case_id:
            retry = (
                self.tr("Erneut &drucken") if step is Step.PRINT else self.tr("&Erneut versuchen")
            )
            self.issue_button.setText(retry)
            self.issue_button.setAccessibleName(retry.replace("&", ""))
            self.close_button.setText(self.tr("Schließen"))
            self.close_button.setAccessibleName(self.tr("Schließen"))
            self.issue_button.setFocus()  # Enter retries
        self._show_failure(failure)  # before the case exists: focus goes to the bad field

    def _on_issued(self, case_id: str, reference: str) -> None:
        self._set_busy(False)
        self.issue_button.setVisible(False)
        self.close_button.setText(self.tr("&Schließen"))
        self.close_button.setAccessibleName(self.tr("Schließen"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.done_label.setText(
            self.tr(
                "Die Meldebescheinigung {0} ist gedruckt und wird ans Rathaus übermittelt."
            ).format(reference)
        )
        self.done_label.setVisible(True)
        self.issued.emit(case_id, reference)

    def _show_failure(self, failure: Failure) -> None:
        text = failure.worded(self._language, self._labels)
        self._show_error(text)
        widget = self._inputs.get(failure.field)
        if widget is not None and not widget.isReadOnly():
            widget.setFocus()
        self.step_failed.emit(failure.step, text)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
