"""The payment page: what the fee is made of, the card terminal's state, the outcome, the receipt.

The page never talks to the terminal: it asks its worker to charge (``pay_requested``) and
shows the answers. A declined card or a terminal fault leaves the fee unpaid and the button
ready to try again; the payment workflow never charges a case twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from koffer.ui import style
from koffer.ui.workers import Failure


def euro(cents: int) -> str:
    """An amount the German way, e.g. ``37,00 €``."""
    return f"{cents // 100},{cents % 100:02d} €"


@dataclass(frozen=True)
class FeeLine:
    """One line of the bill, already translated."""

    label: str
    cents: int
    quantity: int = 1


@dataclass(frozen=True)
class PaymentOutcome:
    """An approved payment as the case recorded it."""

    amount_cents: int
    authorisation_code: str
    terminal_id: str
    trace_number: int


class PaymentState:
    """Where the payment stands (the state line says it in words)."""

    READY = "ready"
    RUNNING = "running"
    APPROVED = "approved"
    DECLINED = "declined"


class PaymentPage(QWidget):
    """Fee, terminal state, approved or declined, receipt."""

    pay_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Gebühr bezahlen"))
        self.state = PaymentState.READY
        self.fee_box = QGroupBox(self.tr("Gebühr"))
        self._fee_form = QFormLayout(self.fee_box)
        self.total_label = QLabel()
        self.total_label.setAccessibleName(self.tr("Zu zahlen"))
        bold = QFont(self.font())
        bold.setBold(True)
        self.total_label.setFont(bold)
        self.state_label = QLabel()
        self.state_label.setAccessibleName(self.tr("Stand am Kartenterminal"))
        self.state_label.setWordWrap(True)
        self.state_label.setFont(bold)
        self.details_label = QLabel()
        self.details_label.setAccessibleName(self.tr("Zahlungsbeleg"))
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.receipt_label = QLabel()
        self.receipt_label.setAccessibleName(self.tr("Quittung"))
        self.receipt_label.setWordWrap(True)
        self.pay_button = style.button(
            self.tr("Zahlung am Terminal &starten"), self.tr("Zahlung starten"), default=True
        )
        self.pay_button.clicked.connect(self.pay)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.pay_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fee_box)
        layout.addWidget(self.state_label)
        layout.addWidget(self.details_label)
        layout.addWidget(self.receipt_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._set_state(PaymentState.READY, self.tr("Bereit: bitte die Karte bereithalten."))

    def set_fee(self, lines: Sequence[FeeLine]) -> None:
        """Show the bill."""
        while self._fee_form.rowCount():
            self._fee_form.removeRow(0)
        for line in lines:
            label = line.label if line.quantity == 1 else f"{line.label} × {line.quantity}"
            amount = QLabel(euro(line.cents))
            amount.setAccessibleName(label)
            self._fee_form.addRow(QLabel(label), amount)
        total = sum(line.cents for line in lines)
        self.total_label.setText(euro(total))
        self._fee_form.addRow(QLabel(self.tr("Summe")), self.total_label)
        self.details_label.clear()
        self.receipt_label.clear()
        self.pay_button.setEnabled(True)
        self._set_state(PaymentState.READY, self.tr("Bereit: bitte die Karte bereithalten."))
        self.pay_button.setFocus()

    def pay(self) -> None:
        """Ask the worker to charge the fee."""
        if self.state in (PaymentState.RUNNING, PaymentState.APPROVED):
            return
        self.pay_button.setEnabled(False)
        self.details_label.clear()
        self._set_state(
            PaymentState.RUNNING,
            self.tr("Zahlung läuft: bitte die Karte ans Terminal halten oder einstecken …"),
        )
        self.pay_requested.emit()

    def show_approved(self, outcome: PaymentOutcome) -> None:
        """The terminal approved the payment."""
        self._set_state(PaymentState.APPROVED, self.tr("✓ Zahlung genehmigt."))
        self.details_label.setText(
            self.tr("Betrag {0}\nGenehmigungsnummer {1}\nTerminal {2}, Beleg-Nr. {3}").format(
                euro(outcome.amount_cents),
                outcome.authorisation_code,
                outcome.terminal_id,
                outcome.trace_number,
            )
        )
        self.receipt_label.setText(self.tr("Quittung wird gedruckt …"))
        self.pay_button.setEnabled(False)

    def show_receipt_printed(self) -> None:
        """The receipt came out of the printer."""
        self.receipt_label.setText(self.tr("✓ Quittung gedruckt."))

    def show_failure(self, failure: Failure) -> None:
        """Declined, or the terminal or printer failed: say why and allow another try."""
        if self.state == PaymentState.APPROVED:
            self.receipt_label.setText(self.tr("✗ Quittung nicht gedruckt: {0}").format(
                failure.message))  # fmt: skip
            return
        self._set_state(PaymentState.DECLINED, self.tr("✗ Nicht bezahlt: {0}").format(
            failure.message))  # fmt: skip
        self.pay_button.setText(self.tr("Zahlung &erneut starten"))
        self.pay_button.setAccessibleName(self.tr("Zahlung erneut starten"))
        self.pay_button.setEnabled(True)
        self.pay_button.setFocus()

    def _set_state(self, state: str, text: str) -> None:
        self.state = state
        self.state_label.setText(text)
