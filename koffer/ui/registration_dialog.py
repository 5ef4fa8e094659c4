"""The Anmeldung dialog: the form (people, dwellings, landlord confirmation), then the steps.

The steps are the registration service's own (``workflows.services.residence``), listed on
the left with their state: scanning the landlord confirmation and the signature wait for the
clerk, printing the Meldebestätigung and queuing need nobody. The form is checked by the
service when the case is opened; its error is shown in place and the form keeps every entry.
A failed step is tried again for the same case, never a second case (``step_dialog``).
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from koffer.domain.fields import GIVEN_NAMES_MAX, SURNAME_BLOCK_MAX
from koffer.domain.person import Person
from koffer.ui import style
from koffer.ui.form_fields import AddressFields, birth_date_edit, date_edit, person_labels
from koffer.ui.registration_worker import (
    CONFIRMATION,
    SCAN,
    SIGNATURE,
    RegistrationRequest,
    RegistrationWorker,
)
from koffer.ui.step_dialog import CaseStepDialog, status_label, step_page
from koffer.ui.step_list import DONE, FAILED, PENDING, RUNNING
from koffer.ui.step_worker import OPEN, QUEUE
from koffer.ui.workers import Failure

STEPS = (SCAN, SIGNATURE, CONFIRMATION, QUEUE)
__all__ = ["DONE", "FAILED", "PENDING", "RUNNING", "STEPS", "RegistrationDialog"]
NAMES_MAX = 400


def _iso(edit: QDateEdit) -> str:
    picked: date = edit.date().toPython()
    return picked.isoformat()


class RegistrationDialog(CaseStepDialog):
    """Takes the Anmeldung's form and runs its steps on the registration worker."""

    automatic = frozenset({OPEN, CONFIRMATION, QUEUE})

    def __init__(
        self, worker: RegistrationWorker, language: str, parent: QWidget | None = None
    ) -> None:
        """Build the form and the pages; ``worker`` runs the steps on its thread."""
        super().__init__(worker, language, parent)
        self._present(
            self.tr("Neue Anmeldung"), self.tr("&Anmeldung anlegen"), self.tr("Anmeldung anlegen")
        )
        self.late_days = 0
        self._build_form()
        self._build_steps({
            SCAN: self.tr("Wohnungsgeberbestätigung scannen"),
            SIGNATURE: self.tr("Unterschrift"),
            CONFIRMATION: self.tr("Meldebestätigung drucken"),
            QUEUE: self.tr("Zur Übermittlung ans Rathaus vormerken"),
        })  # fmt: skip
        self._add_form_page(self.tr("Meldeschein"))
        self.scan_page = self._build_scan_page()
        self._add_page(SCAN, self.scan_page)
        self._add_signature_page()
        self._lay_out()
        self.setMinimumSize(900, 640)
        self._listen([(worker.opened, self._on_opened), (worker.scanned, self._on_scanned)])
        self.given_names.setFocus()

    # --- building -----------------------------------------------------------------------

    def buddy(self, text: str, widget: QWidget) -> QLabel:
        """A label for ``widget`` (its mnemonic moves the focus there)."""
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _address(self, what: str) -> AddressFields:
        return AddressFields((
            self.tr("Straße ({0})").format(what),
            self.tr("Hausnummer ({0})").format(what),
            self.tr("Postleitzahl ({0})").format(what),
            self.tr("Ort ({0})").format(what),
        ))  # fmt: skip

    def _address_rows(self, fields: AddressFields, form: QFormLayout) -> None:
        fields.add_rows(form, (self.tr("Straße:"), self.tr("Nr.:"), self.tr("PLZ:"),
                               self.tr("Ort:")))  # fmt: skip

    def _build_form(self) -> None:
        today = QDate.currentDate()
        self.form_box = QWidget()
        self.form_box.setAccessibleName(self.tr("Meldeschein"))
        outer = QVBoxLayout(self.form_box)

        person_box = QGroupBox(self.tr("Anmeldende Person"))
        form = QFormLayout(person_box)
        self.given_names = style.line_edit(self.tr("Vornamen"), GIVEN_NAMES_MAX)
        self.surname = style.line_edit(self.tr("Familienname"), SURNAME_BLOCK_MAX)
        self.birth_date = birth_date_edit(self.tr("Geburtsdatum"), QDate(1980, 1, 1))
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
        self.member_birth_date = date_edit(
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
        self.move_in_date = date_edit(self.tr("Einzugsdatum"), today)
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
        self.landlord_move_in = date_edit(self.tr("Einzugsdatum laut Bestätigung"), today)
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
        self._inputs = {
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
            **person_labels(),
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
        text = QLabel(
            self.tr(
                "Bitte die unterschriebene Wohnungsgeberbestätigung auf das Scannerglas legen "
                "und scannen."
            )
        )
        text.setWordWrap(True)
        self.scan_status = status_label(self.tr("Stand des Scans"))
        self.scan_button: QPushButton = style.button(
            self.tr("&Scannen"), self.tr("Wohnungsgeberbestätigung scannen"), default=True
        )
        self.scan_button.clicked.connect(lambda: self._request(self._step(SCAN)))
        return step_page(
            self.tr("Wohnungsgeberbestätigung scannen"), [text, self.scan_status], self.scan_button
        )

    # --- state --------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self.scan_button.setEnabled(not busy)

    def _enable_member(self, on: bool) -> None:
        for widget in (self.member_given_names, self.member_surname, self.member_birth_date):
            widget.setEnabled(on)

    # --- actions ------------------------------------------------------------------------

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

    # --- answers from the worker --------------------------------------------------------

    def _on_opened(self, case_id: str, reference: str, late_days: int) -> None:
        self.late_days = late_days
        self._opened(case_id, reference, self.tr("Anmeldung {0}").format(reference))

    def _on_awaiting(self, step: str, case_id: str) -> None:
        super()._on_awaiting(step, case_id)
        if step == SCAN:
            self.scan_status.clear()
            self.scan_button.setFocus()

    def _on_scanned(self, pages: int) -> None:
        self.scan_status.setText(self.tr("✓ Gescannt: {0} Seite(n).").format(pages))

    def _show_on_page(self, failure: Failure) -> None:
        if failure.step == SCAN:
            self.scan_status.setText(failure.message)
            self.scan_button.setFocus()

    def _retry_text(self, step: str) -> str:
        return self.tr("Erneut &drucken") if step == CONFIRMATION else super()._retry_text(step)

    def _summary_text(self, reference: str) -> str:
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
        return "\n".join(lines)

    def _result_text(self, reference: str) -> str:
        return self.tr("Anmeldung {0} ist aufgenommen und wartet auf die Übermittlung.").format(
            reference
        )
