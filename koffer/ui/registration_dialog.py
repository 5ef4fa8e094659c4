"""The Anmeldung dialog: the form (people, dwellings, landlord confirmation), then the steps.

The steps are the registration service's own (``workflows.services.residence``), listed on
the left with their state: scanning the landlord confirmation and the signature wait for the
clerk, printing the Meldebestätigung and queuing need nobody. The form is checked by the
service when the case is opened; its error is shown in place and the form keeps every entry.
A failed step is tried again for the same case, never a second case.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from koffer.domain.errors import KofferError
from koffer.domain.fields import (
    GIVEN_NAMES_MAX,
    POSTCODE_AND_TOWN_MAX,
    STREET_AND_NUMBER_MAX,
    SURNAME_BLOCK_MAX,
)
from koffer.domain.person import Address, Person
from koffer.ui import style
from koffer.ui.capture.signature_page import SignaturePage
from koffer.ui.registration_worker import (
    CONFIRMATION,
    QUEUE,
    SCAN,
    SIGNATURE,
    RegistrationRequest,
    RegistrationWorker,
    StepRequest,
)
from koffer.ui.workers import Failure

STEPS = (SCAN, SIGNATURE, CONFIRMATION, QUEUE)
PENDING, RUNNING, DONE, FAILED = "○", "▶", "✓", "✗"
AUTOMATIC = frozenset({CONFIRMATION, QUEUE, "open"})
NAMES_MAX = 400


def _iso(edit: QDateEdit) -> str:
    picked: date = edit.date().toPython()
    return picked.isoformat()


class _AddressFields:
    """Street, number, postcode and town of one address, with accessible names."""

    def __init__(self, names: tuple[str, str, str, str]) -> None:
        street, number, postcode, city = names
        self.street = style.line_edit(street, STREET_AND_NUMBER_MAX)
        self.number = style.line_edit(number, 10)
        self.number.setMaximumWidth(90)
        self.postcode = style.line_edit(postcode, 5)
        self.postcode.setMaximumWidth(90)
        self.city = style.line_edit(city, POSTCODE_AND_TOWN_MAX - 6)

    @property
    def inputs(self) -> list[QLineEdit]:
        return [self.street, self.number, self.postcode, self.city]

    def add_rows(self, form: QFormLayout, labels: tuple[str, str, str, str]) -> None:
        street, number, postcode, city = (QLabel(text) for text in labels)
        for label, edit in zip((street, number, postcode, city), self.inputs, strict=True):
            label.setBuddy(edit)
        street_row = QHBoxLayout()
        street_row.addWidget(self.street, 1)
        street_row.addWidget(number)
        street_row.addWidget(self.number)
        form.addRow(street, street_row)
        town_row = QHBoxLayout()
        town_row.addWidget(self.postcode)
        town_row.addWidget(city)
        town_row.addWidget(self.city, 1)
        form.addRow(postcode, town_row)

    def address(self) -> Address:
        return Address(self.street.text(), self.number.text(), self.postcode.text(),
                       self.city.text())  # fmt: skip


class RegistrationDialog(QDialog):
    """Takes the Anmeldung's form and runs its steps on the registration worker."""

    apply_requested = Signal(object)  # RegistrationRequest, to the worker
    step_requested = Signal(object)  # StepRequest, to the worker
    pad_requested = Signal()  # sign on the kit's pad
    queued = Signal(str, str)  # case id, reference
    step_failed = Signal(str, str)  # step, message shown

    def __init__(
        self, worker: RegistrationWorker, language: str, parent: QWidget | None = None
    ) -> None:
        """Build the form and the pages; ``worker`` runs the steps on its thread."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Neue Anmeldung"))
        self.setAccessibleName(self.tr("Neue Anmeldung"))
        self._worker = worker
        self._language = language
        self._busy = False
        self._failed_step = ""
        self._request_sent: RegistrationRequest | None = None
        self.case_id = ""
        self.reference = ""
        self.late_days = 0
        self.current_step = ""

        self._build_form()
        self._build_steps()
        self.scan_page = self._build_scan_page()
        self.signature_page = SignaturePage(
            signing_field=worker.signing_field(), separate_pad=worker.separate_pad()
        )
        self.signature_page.accepted.connect(
            lambda _signature: self._request(StepRequest(self.case_id, self.reference, SIGNATURE))
        )
        self.signature_page.device_requested.connect(self._sign_on_pad)
        self.finished_label = QLabel()
        self.finished_label.setAccessibleName(self.tr("Zusammenfassung"))
        self.finished_label.setWordWrap(True)
        self.finished_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.finished_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pages = QStackedWidget()
        self._page_index: dict[str, int] = {}
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(self.tr("Meldeschein"))
        scroll.setWidget(self.form_box)
        for step, page in (
            ("form", scroll),
            (SCAN, self.scan_page),
            (SIGNATURE, self.signature_page),
            ("finished", self.finished_label),
        ):
            self._page_index[step] = self.pages.addWidget(page)

        self.error_label = style.error_label(self.tr("Fehlermeldung"))
        self.done_label = style.done_label(self.tr("Ergebnis"))
        self.apply_button = style.button(
            self.tr("&Anmeldung anlegen"), self.tr("Anmeldung anlegen"), default=True
        )
        self.apply_button.clicked.connect(self.apply)
        self.close_button = style.button(self.tr("Schließen"), self.tr("Schließen"))
        self.close_button.clicked.connect(self.reject)
        self._lay_out()
        self.setMinimumSize(900, 640)
        self._connections = [
            (worker.opened, self._on_opened),
            (worker.awaiting, self._on_awaiting),
            (worker.step_started, self._on_step_started),
            (worker.step_done, self._on_step_done),
            (worker.scanned, self._on_scanned),
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
        self._show_page("form")
        self.given_names.setFocus()

    # --- building -----------------------------------------------------------------------

    def buddy(self, text: str, widget: QWidget) -> QLabel:
        """A label for ``widget`` (its mnemonic moves the focus there)."""
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _address(self, what: str) -> _AddressFields:
        return _AddressFields((
            self.tr("Straße ({0})").format(what),
            self.tr("Hausnummer ({0})").format(what),
            self.tr("Postleitzahl ({0})").format(what),
            self.tr("Ort ({0})").format(what),
        ))  # fmt: skip

    def _address_rows(self, fields: _AddressFields, form: QFormLayout) -> None:
        fields.add_rows(form, (self.tr("Straße:"), self.tr("Nr.:"), self.tr("PLZ:"),
                               self.tr("Ort:")))  # fmt: skip

    def _date_edit(self, name: str, initial: QDate) -> QDateEdit:
        edit = QDateEdit()
        edit.setAccessibleName(name)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(QDate(1900, 1, 1))
        edit.setDate(initial)
        return edit

    def _build_form(self) -> None:
        today = QDate.currentDate()
        self.form_box = QWidget()
        self.form_box.setAccessibleName(self.tr("Meldeschein"))
        outer = QVBoxLayout(self.form_box)

        person_box = QGroupBox(self.tr("Anmeldende Person"))
        form = QFormLayout(person_box)
        self.given_names = style.line_edit(self.tr("Vornamen"), GIVEN_NAMES_MAX)
        self.surname = style.line_edit(self.tr("Familienname"), SURNAME_BLOCK_MAX)
        self.birth_date = self._date_edit(self.tr("Geburtsdatum"), QDate(1980, 1, 1))
        self.birth_date.setMaximumDate(today)
        form.addRow(self.buddy(self.tr("&Vornamen:"), self.given_names), self.given_names)
        form.addRow(self.buddy(self.tr("&Familienname:"), self.surname), self.surname)
        form.addRow(self.buddy(self.tr("&Geburtsdatum:"), self.birth_date), self.birth_date)
        outer.addWidget(person_box)
        outer.addWidget(self._build_family(today))
        outer.addWidget(self._build_dwellings(today))
        outer.addWidget(self._build_previous())
        outer.addWidget(self._build_landlord(today))
        outer.addStretch(1)
        self._register_inputs()

    def _build_family(self, today: QDate) -> QGroupBox:
        family_box = QGroupBox(self.tr("Zieht mit ein (gleiches Einzugsdatum)"))
        form = QFormLayout(family_box)
        self.with_member = QCheckBox(self.tr("Familienmitglied zieht mit ein"))
        self.with_member.setAccessibleName(self.tr("Familienmitglied zieht mit ein"))
        self.member_given_names = style.line_edit(
            self.tr("Vornamen des Familienmitglieds"), GIVEN_NAMES_MAX
        )
        self.member_surname = style.line_edit(
            self.tr("Familienname des Familienmitglieds"), SURNAME_BLOCK_MAX
        )
        self.member_birth_date = self._date_edit(
            self.tr("Geburtsdatum des Familienmitglieds"), QDate(2015, 1, 1)
        )
        self.member_birth_date.setMaximumDate(today)
        form.addRow(self.with_member)
        form.addRow(self.buddy(self.tr("Vornamen:"), self.member_given_names),
                    self.member_given_names)  # fmt: skip
        form.addRow(self.buddy(self.tr("Familienname:"), self.member_surname),
                    self.member_surname)  # fmt: skip
        form.addRow(self.buddy(self.tr("Geburtsdatum:"), self.member_birth_date),
                    self.member_birth_date)  # fmt: skip
        self.with_member.toggled.connect(self._enable_member)
        self._enable_member(False)
        return family_box

    def _build_dwellings(self, today: QDate) -> QGroupBox:
        dwelling_box = QGroupBox(self.tr("Neue Wohnung"))
        form = QFormLayout(dwelling_box)
        self.new_address = self._address(self.tr("neue Wohnung"))
        self._address_rows(self.new_address, form)
        self.residence = QComboBox()
        self.residence.setAccessibleName(self.tr("Art der Wohnung"))
        self.residence.addItem(self.tr("Hauptwohnung"), "main")
        self.residence.addItem(self.tr("Nebenwohnung"), "secondary")
        form.addRow(self.buddy(self.tr("Wohnungs&art:"), self.residence), self.residence)
        self.move_in_date = self._date_edit(self.tr("Einzugsdatum"), today)
        form.addRow(self.buddy(self.tr("&Einzugsdatum:"), self.move_in_date), self.move_in_date)
        return dwelling_box

    def _build_previous(self) -> QGroupBox:
        previous_box = QGroupBox(self.tr("Bisherige Wohnung"))
        form = QFormLayout(previous_box)
        self.previous_address = self._address(self.tr("bisherige Wohnung"))
        self._address_rows(self.previous_address, form)
        return previous_box

    def _build_landlord(self, today: QDate) -> QGroupBox:
        landlord_box = QGroupBox(self.tr("Wohnungsgeberbestätigung"))
        form = QFormLayout(landlord_box)
        self.landlord_name = style.line_edit(self.tr("Name des Wohnungsgebers"), 120)
        form.addRow(self.buddy(self.tr("&Wohnungsgeber:"), self.landlord_name),
                    self.landlord_name)  # fmt: skip
        self.landlord_address = self._address(self.tr("Wohnungsgeber"))
        self._address_rows(self.landlord_address, form)
        self.owner = style.line_edit(self.tr("Eigentümer, falls nicht Wohnungsgeber"), 120)
        form.addRow(self.buddy(self.tr("Eige&ntümer:"), self.owner), self.owner)
        self.landlord_move_in = self._date_edit(self.tr("Einzugsdatum laut Bestätigung"), today)
        form.addRow(self.buddy(self.tr("Einzug laut Bestätigung:"), self.landlord_move_in),
                    self.landlord_move_in)  # fmt: skip
        self.dwelling_confirmed = QCheckBox(self.tr("Bestätigung nennt die neue Wohnung"))
        self.dwelling_confirmed.setAccessibleName(self.tr("Bestätigung nennt die neue Wohnung"))
        self.dwelling_confirmed.setChecked(True)
        form.addRow(self.dwelling_confirmed)
        self.occupants = style.line_edit(
            self.tr("Einziehende Personen laut Bestätigung, durch Komma getrennt"), NAMES_MAX
        )
        self.occupants.setPlaceholderText(self.tr("Vornamen Familienname, …"))
        form.addRow(self.buddy(self.tr("Einziehende &Personen:"), self.occupants), self.occupants)
        return landlord_box

    def _register_inputs(self) -> None:
        self._inputs: dict[str, QWidget] = {
            "given_names": self.given_names,
            "surname": self.surname,
            "birth_date": self.birth_date,
            "family": self.member_given_names,
            "new_address": self.new_address.street,
            "residence": self.residence,
            "move_in_date": self.move_in_date,
            "address": self.previous_address.street,
            "landlord": self.landlord_name,
            "landlord.name": self.landlord_name,
            "landlord.address": self.landlord_address.street,
            "landlord.move_in_date": self.landlord_move_in,
            "landlord.dwelling": self.dwelling_confirmed,
            "landlord.occupants": self.occupants,
        }
        self._labels = {
            "given_names": self.tr("Vornamen"),
            "surname": self.tr("Familienname"),
            "birth_date": self.tr("Geburtsdatum"),
            "street": self.tr("Straße"),
            "house_number": self.tr("Hausnummer"),
            "postcode": self.tr("Postleitzahl"),
            "city": self.tr("Ort"),
            "family": self.tr("Familienmitglied"),
            "new_address": self.tr("Neue Wohnung"),
            "residence": self.tr("Art der Wohnung"),
            "move_in_date": self.tr("Einzugsdatum"),
            "landlord.name": self.tr("Name des Wohnungsgebers"),
            "landlord.address": self.tr("Anschrift des Wohnungsgebers"),
            "landlord.move_in_date": self.tr("Einzugsdatum laut Bestätigung"),
            "landlord.dwelling": self.tr("Wohnung laut Bestätigung"),
            "landlord.occupants": self.tr("Einziehende Personen"),
            "landlord_confirmation": self.tr("Wohnungsgeberbestätigung"),
            "printer": self.tr("Drucker"),
            "scanner": self.tr("Scanner"),
            "signature_pad": self.tr("Unterschriftenpad"),
        }
        order: list[QWidget] = [
            self.given_names, self.surname, self.birth_date,
            self.with_member, self.member_given_names, self.member_surname,
            self.member_birth_date,
            *self.new_address.inputs, self.residence, self.move_in_date,
            *self.previous_address.inputs,
            self.landlord_name, *self.landlord_address.inputs, self.owner,
            self.landlord_move_in, self.dwelling_confirmed, self.occupants,
        ]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _build_scan_page(self) -> QWidget:
        page = QWidget()
        page.setAccessibleName(self.tr("Wohnungsgeberbestätigung scannen"))
        text = QLabel(
            self.tr(
                "Bitte die unterschriebene Wohnungsgeberbestätigung auf das Scannerglas legen "
                "und scannen."
            )
        )
        text.setWordWrap(True)
        self.scan_status = QLabel()
        self.scan_status.setAccessibleName(self.tr("Stand des Scans"))
        self.scan_status.setWordWrap(True)
        self.scan_button: QPushButton = style.button(
            self.tr("&Scannen"), self.tr("Wohnungsgeberbestätigung scannen"), default=True
        )
        self.scan_button.clicked.connect(
            lambda: self._request(StepRequest(self.case_id, self.reference, SCAN))
        )
        layout = QVBoxLayout(page)
        layout.addWidget(text)
        layout.addWidget(self.scan_status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.scan_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _build_steps(self) -> None:
        titles = {
            SCAN: self.tr("Wohnungsgeberbestätigung scannen"),
            SIGNATURE: self.tr("Unterschrift"),
            CONFIRMATION: self.tr("Meldebestätigung drucken"),
            QUEUE: self.tr("Zur Übermittlung ans Rathaus vormerken"),
        }
        self.steps_box = QGroupBox(self.tr("Schritte"))
        grid = QGridLayout(self.steps_box)
        self._marks: dict[str, QLabel] = {}
        self._titles: dict[str, QLabel] = {}
        for row, step in enumerate(STEPS):
            mark = QLabel(PENDING)
            mark.setAccessibleName(titles[step])
            self._marks[step] = mark
            grid.addWidget(mark, row, 0)
            label = QLabel(titles[step])
            label.setAccessibleName(titles[step])
            self._titles[step] = label
            grid.addWidget(label, row, 1)
        grid.setColumnStretch(1, 1)
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

    # --- state --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a step runs on the worker."""
        return self._busy

    def step_state(self, step: str) -> str:
        """The mark shown for ``step``."""
        return self._marks[step].text()

    def _mark(self, step: str, mark: str) -> None:
        if step not in self._marks:
            return
        self._marks[step].setText(mark)
        words = {
            PENDING: self.tr("offen"),
            RUNNING: self.tr("läuft"),
            DONE: self.tr("erledigt"),
            FAILED: self.tr("fehlgeschlagen"),
        }
        self._titles[step].setAccessibleDescription(words[mark])
        font = self._titles[step].font()
        font.setBold(mark == RUNNING)
        self._titles[step].setFont(font)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.close_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy)
        self.scan_button.setEnabled(not busy)
        # Read-only once the case exists: the data stays legible, nothing is lost.
        self.form_box.setEnabled(not busy and not self.case_id)

    def _enable_member(self, on: bool) -> None:
        for widget in (self.member_given_names, self.member_surname, self.member_birth_date):
            widget.setEnabled(on)

    def _show_page(self, step: str) -> None:
        self.current_step = step
        self.pages.setCurrentIndex(self._page_index[step])
        on_form = step == "form"
        self.apply_button.setVisible(on_form)
        self.apply_button.setDefault(on_form)
        self.apply_button.setAutoDefault(on_form)

    # --- actions ------------------------------------------------------------------------

    def apply(self) -> None:
        """Open the case (the service checks the form), or retry the step that failed."""
        if self._busy:
            return
        self._show_error("")
        if self.case_id:
            step = self._failed_step or QUEUE
            self._request(StepRequest(self.case_id, self.reference, step))
            return
        try:
            request = self._request_from_form()
        except KofferError as exc:
            self._show_failure(Failure.of(exc, self._language, "open"))
            return
        self._failed_step = ""
        self._set_busy(True)
        self.apply_requested.emit(request)

    def _request_from_form(self) -> RegistrationRequest:
        person = Person(
            self.given_names.text(),
            self.surname.text(),
            self.birth_date.date().toPython(),
            self.previous_address.address(),
        )
        new_address = self.new_address.address().to_dict()
        family: list[dict[str, Any]] = []
        if self.with_member.isChecked():
            family.append({
                "given_names": self.member_given_names.text(),
                "surname": self.member_surname.text(),
                "birth_date": _iso(self.member_birth_date),
                "move_in_date": _iso(self.move_in_date),
            })  # fmt: skip
        details: dict[str, Any] = {
            "move_in_date": _iso(self.move_in_date),
            "new_address": new_address,
            "residence": self.residence.currentData(),
            "family": family,
            "landlord": {
                "name": self.landlord_name.text(),
                "address": self.landlord_address.address().to_dict(),
                "owner": self.owner.text(),
                "move_in_date": _iso(self.landlord_move_in),
                # The clerk checks the dwelling on the paper against the form's.
                "dwelling": new_address if self.dwelling_confirmed.isChecked() else {},
                "occupants": [n.strip() for n in self.occupants.text().split(",") if n.strip()],
            },
        }
        return RegistrationRequest(person, details)

    def _request(self, request: StepRequest) -> None:
        self._show_error("")
        self._failed_step = ""
        self._set_busy(True)
        self.step_requested.emit(request)

    def _sign_on_pad(self) -> None:
        self._show_error("")
        self._set_busy(True)  # the pad waits for the citizen on the worker's thread
        self.pad_requested.emit()

    def reject(self) -> None:
        """Close unless a step is running (a device cannot be stopped half-way)."""
        if not self._busy:
            super().reject()

    def done(self, result: int) -> None:
        """Stop listening to the worker when the dialog closes."""
        if self._connections:
            for signal, slot in self._connections:
                signal.disconnect(slot)
            for signal, slot in self._requests:
                signal.disconnect(slot)
            self._connections = []
            self._requests = []
        super().done(result)

    # --- answers from the worker --------------------------------------------------------

    def _on_opened(self, case_id: str, reference: str, late_days: int) -> None:
        self.case_id, self.reference, self.late_days = case_id, reference, late_days
        self.setWindowTitle(self.tr("Anmeldung {0}").format(reference))
        self.apply_button.setText(self.tr("&Erneut versuchen"))
        self.apply_button.setAccessibleName(self.tr("Erneut versuchen"))

    def _on_awaiting(self, step: str, _case_id: str) -> None:
        self._set_busy(False)
        self._mark(step, RUNNING)
        self._show_page(step)
        if step == SCAN:
            self.scan_status.clear()
            self.scan_button.setFocus()
        elif step == SIGNATURE:
            self.signature_page.begin()

    def _on_step_started(self, step: str) -> None:
        self._mark(step, RUNNING)

    def _on_step_done(self, step: str, _case_id: str) -> None:
        self._mark(step, DONE)

    def _on_scanned(self, pages: int) -> None:
        self.scan_status.setText(self.tr("✓ Gescannt: {0} Seite(n).").format(pages))

    def _on_pad_signed(self, signature: object) -> None:
        self._set_busy(False)
        self.signature_page.show_device_signature(signature)  # type: ignore[arg-type]

    def _on_failed(self, failure: Failure) -> None:
        step = failure.step
        self._mark(step, FAILED)
        self._set_busy(False)
        self._failed_step = step
        if step == SCAN:
            self.scan_status.setText(failure.message)
            self.scan_button.setFocus()
        elif step == SIGNATURE:
            self.signature_page.show_failure(failure)
        elif step in AUTOMATIC and self.case_id:
            # Nothing on a page to press: the dialog's button retries.
            self.apply_button.setVisible(True)
            self.apply_button.setDefault(True)
            if step == CONFIRMATION:
                self.apply_button.setText(self.tr("Erneut &drucken"))
                self.apply_button.setAccessibleName(self.tr("Erneut drucken"))
            self.apply_button.setFocus()
        self._show_failure(failure)

    def _on_queued(self, case_id: str, reference: str) -> None:
        self._set_busy(False)
        self.apply_button.setVisible(False)
        lines = [
            self.tr("Anmeldung {0} ist vollständig:").format(reference),
            "",
            self.tr("✓ Wohnungsgeberbestätigung gescannt"),
            self.tr("✓ Unterschrift aufgenommen"),
            self.tr("✓ Meldebestätigung gedruckt"),
        ]
        if self.late_days:
            lines.append(
                self.tr("Hinweis: {0} Tage nach Ablauf der Meldefrist angemeldet.").format(
                    self.late_days
                )
            )
        self.finished_label.setText("\n".join(lines))
        self._show_page("finished")
        self.done_label.setText(
            self.tr("Anmeldung {0} ist aufgenommen und wartet auf die Übermittlung.").format(
                reference
            )
        )
        self.done_label.setVisible(True)
        self.close_button.setText(self.tr("&Schließen"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.queued.emit(case_id, reference)

    def _show_failure(self, failure: Failure) -> None:
        text = failure.worded(self._language, self._labels)
        self._show_error(text)
        widget = self._inputs.get(failure.field)
        if widget is not None and not self.case_id:
            widget.setFocus()
        self.step_failed.emit(failure.step, text)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
