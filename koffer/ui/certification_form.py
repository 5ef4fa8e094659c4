"""The Beglaubigung's form: the citizen, what is certified, and the clerk's checks.

A copy (§33 VwVfG) needs the exact title of the document, its pages, whether an authority
issued it (if not: "nur zur Vorlage bei" the body named) and the four checks of §33(2) the
clerk confirms one by one on the original; a signature (§34) needs its text above it, no
notary duty, how the signer's identity was established and the body it is for. The service
decides what may be certified; a refusal is shown right by the field it is about.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from koffer.domain.fields import GIVEN_NAMES_MAX, SURNAME_BLOCK_MAX
from koffer.domain.person import Person
from koffer.ui import style
from koffer.ui.form_fields import AddressFields, birth_date_edit, person_labels
from koffer.workflows.services.certification import DEFECTS

TITLE_MAX = 100  # the note names the document on one line
BODY_MAX = 100
PAGES_MAX = 500
PERSON_FIELDS = frozenset({"given_names", "surname", "birth_date", "street", "house_number",
                           "postcode", "city", "address", "citizen"})  # fmt: skip


class CertificationForm(QWidget):
    """The form's inputs; :meth:`details` are the certification service's keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the form for a copy (the kind can be switched to a signature)."""
        super().__init__(parent)
        self.setAccessibleName(self.tr("Angaben zur Beglaubigung"))
        self._errors: dict[str, QLabel] = {}
        self._described: list[QWidget] = []  # inputs whose description says what is wrong
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_person())
        layout.addWidget(self._build_document())
        layout.addWidget(self._build_checks())
        layout.addWidget(self._build_signature())
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(self._follow_kind)
        self.issued_by_authority.toggled.connect(self._follow_kind)
        order: list[QWidget] = [
            self.given_names, self.surname, self.birth_date, *self.address.inputs,
            self.kind, self.document_title, self.pages, self.civil_status,
            self.issued_by_authority, self.presented_to, *self.checks.values(),
            self.text_present, self.notary_required, self.acknowledged, self.identity,
        ]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self._follow_kind()

    # --- building -----------------------------------------------------------------------

    def _row(self, form: QFormLayout, text: str, widget: QWidget, error: str = "") -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)
        if error:
            self._add_error(form, error)

    def _add_error(self, form: QFormLayout, place: str) -> None:
        """A message row under the field(s) a refusal names, hidden until then."""
        label = style.error_label(self.tr("Hinweis zur Eingabe"))
        form.addRow(label)
        self._errors[place] = label

    def _build_person(self) -> QGroupBox:
        box = QGroupBox(self.tr("Bürgerin / Bürger"))
        form = QFormLayout(box)
        names = person_labels()
        self.given_names = style.line_edit(names["given_names"], GIVEN_NAMES_MAX)
        self.surname = style.line_edit(names["surname"], SURNAME_BLOCK_MAX)
        self.birth_date = birth_date_edit(names["birth_date"], QDate(1950, 1, 1))
        self._row(form, self.tr("&Vornamen:"), self.given_names)
        self._row(form, self.tr("&Familienname:"), self.surname)
        self._row(form, self.tr("&Geburtsdatum:"), self.birth_date)
        self.address = AddressFields((names["street"], names["house_number"], names["postcode"],
                                      names["city"]))  # fmt: skip
        self.address.add_rows(form, (self.tr("S&traße:"), self.tr("Nr.:"), self.tr("P&LZ:"),
                                     self.tr("Ort:")))  # fmt: skip
        self._add_error(form, "person")
        return box

    def _build_document(self) -> QGroupBox:
        box = QGroupBox(self.tr("Was wird beglaubigt?"))
        form = QFormLayout(box)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Art der Beglaubigung"))
        self.kind.addItem(self.tr("Kopie (Abschrift) eines Dokuments"), "copy")
        self.kind.addItem(self.tr("Unterschrift"), "signature")
        self._row(form, self.tr("&Art:"), self.kind)
        self.document_title = style.line_edit(
            self.tr("Genaue Bezeichnung des Dokuments"), TITLE_MAX
        )
        self.document_title.setPlaceholderText(
            self.tr("z. B. Zeugnis der Gesamtschule Essen-Holsterhausen vom 1. Juli 2025")
        )
        self._row(form, self.tr("&Dokument:"), self.document_title, "document_title")
        self.pages = QSpinBox()
        self.pages.setAccessibleName(self.tr("Seitenzahl des Originals"))
        self.pages.setRange(1, PAGES_MAX)
        self._row(form, self.tr("&Seiten:"), self.pages, "pages")
        self.civil_status = QCheckBox(
            self.tr("Personenstandsurkunde (Geburts-, Ehe-, Sterbeurkunde)")
        )
        self.civil_status.setAccessibleName(self.tr("Personenstandsurkunde"))
        form.addRow(self.civil_status)
        self.issued_by_authority = QCheckBox(self.tr("Original von einer Behörde ausgestellt"))
        self.issued_by_authority.setAccessibleName(
            self.tr("Original von einer Behörde ausgestellt")
        )
        form.addRow(self.issued_by_authority)
        self.presented_to = style.line_edit(self.tr("Nur zur Vorlage bei"), BODY_MAX)
        self.presented_to.setPlaceholderText(self.tr("z. B. der Agentur für Arbeit Essen"))
        self._row(form, self.tr("&Nur zur Vorlage bei:"), self.presented_to, "presented_to")
        return box

    def _build_checks(self) -> QGroupBox:
        self.checks_box = QGroupBox(self.tr("Prüfung des Originals (§ 33 Abs. 2 VwVfG)"))
        form = QFormLayout(self.checks_box)
        hint = QLabel(self.tr("Bitte jede Prüfung am Original bestätigen. Was nicht bestätigt "
                              "ist, gilt als Mangel: dann wird nicht beglaubigt."))  # fmt: skip
        hint.setWordWrap(True)
        form.addRow(hint)
        texts = {
            "gaps": self.tr("Ohne Lücken"),
            "erasures": self.tr("Ohne Radierungen"),
            "alterations": self.tr("Ohne Änderungen oder Zusätze"),
            "separated_pages": self.tr("Seiten vollständig und nicht getrennt"),
        }
        self.checks: dict[str, QCheckBox] = {}
        for defect in DEFECTS:
            box = QCheckBox(texts[defect])
            box.setAccessibleName(texts[defect])
            form.addRow(box)
            self.checks[defect] = box
        self._add_error(form, "checks")
        return self.checks_box

    def _build_signature(self) -> QGroupBox:
        self.signature_box = QGroupBox(self.tr("Unterschrift (§ 34 VwVfG)"))
        form = QFormLayout(self.signature_box)
        self.text_present = QCheckBox(self.tr("Über der Unterschrift steht Text"))
        self.notary_required = QCheckBox(
            self.tr("Notarielle Beglaubigung vorgeschrieben (§ 129 BGB, z. B. Grundstücksvertrag)")
        )
        self.acknowledged = QCheckBox(self.tr("Unterschrift früher geleistet, hier anerkannt"))
        for box in (self.text_present, self.notary_required, self.acknowledged):
            box.setAccessibleName(box.text())
            form.addRow(box)
        self.identity = QComboBox()
        self.identity.setAccessibleName(self.tr("Identität festgestellt durch"))
        for text, code in (
            (self.tr("Personalausweis"), "id_card"),
            (self.tr("Reisepass"), "passport"),
            (self.tr("Aufenthaltstitel"), "residence_permit"),
            (self.tr("persönlich bekannt"), "known_to_clerk"),
        ):
            self.identity.addItem(text, code)
        self._row(form, self.tr("&Identität festgestellt durch:"), self.identity)
        self._add_error(form, "signature")
        return self.signature_box

    # --- the form's data ----------------------------------------------------------------

    @property
    def signature(self) -> bool:
        """Whether a signature is certified (else a copy)."""
        return self.kind.currentData() == "signature"

    def person(self) -> Person:
        """The citizen as entered (the domain checks every field)."""
        birth: date = self.birth_date.date().toPython()
        return Person(self.given_names.text(), self.surname.text(), birth, self.address.address())

    def details(self) -> dict[str, Any]:
        """What is certified, in the service's keys; an unconfirmed check counts as a defect."""
        details: dict[str, Any] = {
            "kind": self.kind.currentData(),
            "document_title": self.document_title.text(),
            "pages": self.pages.value(),
            "presented_to": self.presented_to.text(),
        }
        if self.signature:
            details |= {
                "text_present": self.text_present.isChecked(),
                "notary_required": self.notary_required.isChecked(),
                "acknowledged": self.acknowledged.isChecked(),
                "identity_document": self.identity.currentData(),
            }
        else:
            details |= {
                "civil_status_certificate": self.civil_status.isChecked(),
                "issued_by_authority": self.issued_by_authority.isChecked(),
            }
            details |= {defect: not box.isChecked() for defect, box in self.checks.items()}
        return details

    def fill(self, person: Person, details: dict[str, Any]) -> None:
        """Show a case's data again (a draft taken up from the case list)."""
        self.given_names.setText(person.given_names)
        self.surname.setText(person.surname)
        self.birth_date.setDate(QDate(person.birth_date))
        self.address.set_address(person.address)
        self.kind.setCurrentIndex(max(0, self.kind.findData(details.get("kind", "copy"))))
        self.document_title.setText(str(details.get("document_title", "")))
        self.pages.setValue(int(details.get("pages", 1)))
        self.issued_by_authority.setChecked(bool(details.get("issued_by_authority")))
        self.presented_to.setText(str(details.get("presented_to", "")))
        self.acknowledged.setChecked(bool(details.get("acknowledged")))
        self.identity.setCurrentIndex(
            max(0, self.identity.findData(details.get("identity_document")))
        )
        # The case was admitted: its checks were all confirmed.
        for box in (*self.checks.values(), self.text_present):
            box.setChecked(True)

    # --- refusals in place --------------------------------------------------------------

    def place_of(self, field: str) -> str:
        """Where the message about ``field`` is shown ("" when the form has no place for it)."""
        if field in PERSON_FIELDS:
            return "person"
        if field in ("document", "kind"):
            return "signature" if self.signature else "checks"
        if field == "identity_document":
            return "signature"
        return field if field in self._errors else ""

    def show_error(self, field: str, text: str) -> QWidget | None:
        """Show ``text`` by ``field``; return the input to correct (None: no place here)."""
        place = self.place_of(field)
        if not place:
            return None
        label = self._errors[place]
        label.setText(text)
        label.setVisible(True)
        widget = self._input_for(field)
        widget.setAccessibleDescription(text)
        self._described.append(widget)
        return widget

    def clear_errors(self) -> None:
        """Hide every message shown in place."""
        for label in self._errors.values():
            label.clear()
            label.setVisible(False)
        for widget in self._described:
            widget.setAccessibleDescription("")
        self._described.clear()

    def _input_for(self, field: str) -> QWidget:
        simple: dict[str, QWidget] = {
            "given_names": self.given_names, "surname": self.surname,
            "birth_date": self.birth_date, "street": self.address.street,
            "house_number": self.address.number, "postcode": self.address.postcode,
            "city": self.address.city, "document_title": self.document_title,
            "pages": self.pages, "presented_to": self.presented_to,
            "identity_document": self.identity, "kind": self.notary_required,
        }  # fmt: skip
        if field in simple:
            return simple[field]
        if field == "document" and self.signature:
            return self.text_present
        unconfirmed = [box for box in self.checks.values() if not box.isChecked()]
        return unconfirmed[0] if field == "document" and unconfirmed else self.given_names

    def _follow_kind(self) -> None:
        signature = self.signature
        self.checks_box.setVisible(not signature)
        self.signature_box.setVisible(signature)
        self.civil_status.setVisible(not signature)
        self.issued_by_authority.setVisible(not signature)
        # A signature is certified for one body alone; a copy when no authority issued it.
        self.presented_to.setEnabled(signature or not self.issued_by_authority.isChecked())
