"""Inputs the case forms share: dates, an address, and what the citizen's fields are called.

The labels are translated in the context "FormFields".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit

from koffer.domain.fields import POSTCODE_AND_TOWN_MAX, STREET_AND_NUMBER_MAX
from koffer.domain.person import Address
from koffer.ui import style

EARLIEST = QDate(1900, 1, 1)


def date_edit(accessible_name: str, initial: QDate) -> QDateEdit:
    """A date input (TT.MM.JJJJ, with a calendar) from 1900 on, showing ``initial``."""
    edit = QDateEdit()
    edit.setAccessibleName(accessible_name)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(EARLIEST)
    edit.setDate(initial)
    return edit


def birth_date_edit(accessible_name: str, initial: QDate) -> QDateEdit:
    """A date input for a date of birth: nothing after today."""
    edit = date_edit(accessible_name, initial)
    edit.setMaximumDate(QDate.currentDate())
    return edit


def person_labels() -> dict[str, str]:
    """The citizen's fields by their code names, as the forms call them (for messages)."""
    return {
        "given_names": QCoreApplication.translate("FormFields", "Vornamen"),
        "surname": QCoreApplication.translate("FormFields", "Familienname"),
        "birth_date": QCoreApplication.translate("FormFields", "Geburtsdatum"),
        "street": QCoreApplication.translate("FormFields", "Straße"),
        "house_number": QCoreApplication.translate("FormFields", "Hausnummer"),
        "postcode": QCoreApplication.translate("FormFields", "Postleitzahl"),
        "city": QCoreApplication.translate("FormFields", "Ort"),
    }


class AddressFields:
    """Street, number, postcode and town of one address, with accessible names."""

    def __init__(self, names: tuple[str, str, str, str]) -> None:
        """Make the inputs named ``names`` (street, number, postcode, town) for screen readers."""
        street, number, postcode, city = names
        self.street = style.line_edit(street, STREET_AND_NUMBER_MAX)
        self.number = style.line_edit(number, 10)
        self.number.setMaximumWidth(90)
        self.postcode = style.line_edit(postcode, 5)
        self.postcode.setMaximumWidth(90)
        self.city = style.line_edit(city, POSTCODE_AND_TOWN_MAX - 6)

    @property
    def inputs(self) -> list[QLineEdit]:
        """The inputs in tab order."""
        return [self.street, self.number, self.postcode, self.city]

    def add_rows(self, form: QFormLayout, labels: tuple[str, str, str, str]) -> None:
        """Add street and number as one row of ``form``, postcode and town as the next."""
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
        """The address as entered (the domain checks it)."""
        return Address(self.street.text(), self.number.text(), self.postcode.text(),
                       self.city.text())  # fmt: skip

    def set_address(self, address: Address) -> None:
        """Show ``address`` in the inputs."""
        values = (address.street, address.house_number, address.postcode, address.city)
        for edit, value in zip(self.inputs, values, strict=True):
            edit.setText(value)
