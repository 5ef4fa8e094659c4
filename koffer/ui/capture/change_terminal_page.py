"""The change-terminal page: put the card on, type its access number, watch the steps, result.

The page is driven by the service's worker: ``wait_for_card`` while the terminal waits,
``ask_can`` once a card lies on it (again with the reason after a wrong CAN), the steps of
the card operation as they run, and the result. The CAN is checked as it is typed (six
digits) and goes to the worker only whole; it is never stored by the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from koffer.domain.messages import translate
from koffer.ui import style

CAN_DIGITS = 6
PENDING, RUNNING, DONE, FAILED = "○", "▶", "✓", "✗"


class ChangeTerminalPage(QWidget):
    """Insert card, CAN entry with validation, progress, result."""

    can_entered = Signal(str)  # six digits, to the worker
    retry_requested = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Änderungsterminal"))
        self._language = language
        bold = QFont(self.font())
        bold.setBold(True)
        self.state_label = QLabel()
        self.state_label.setAccessibleName(self.tr("Stand am Änderungsterminal"))
        self.state_label.setWordWrap(True)
        self.state_label.setFont(bold)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_waiting())
        self.pages.addWidget(self._build_can())
        self.pages.addWidget(self._build_progress())
        self.retry_button = style.button(self.tr("&Erneut versuchen"), self.tr("Erneut versuchen"))
        self.retry_button.clicked.connect(self.retry_requested)
        self.retry_button.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state_label)
        layout.addWidget(self.pages, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        layout.addLayout(buttons)
        self.wait_for_card()

    # --- building -----------------------------------------------------------------------

    def _build_waiting(self) -> QWidget:
        page = QWidget()
        self.waiting_bar = QProgressBar()
        self.waiting_bar.setRange(0, 0)  # busy: no end known
        self.waiting_bar.setAccessibleName(self.tr("Warten auf die Karte"))
        self.waiting_bar.setTextVisible(False)
        hint = QLabel(self.tr("Den Ausweis mit der Vorderseite nach oben flach auflegen."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.waiting_bar)
        layout.addStretch(1)
        return page

    def _build_can(self) -> QWidget:
        page = QWidget()
        self.can_edit = QLineEdit()
        self.can_edit.setAccessibleName(self.tr("Zugangsnummer (CAN)"))
        self.can_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{CAN_DIGITS}}}"), self.can_edit)
        )
        self.can_edit.setMaxLength(CAN_DIGITS)
        self.can_edit.setPlaceholderText("123456")
        self.can_edit.textChanged.connect(self._on_can_changed)
        self.can_edit.returnPressed.connect(self.submit_can)
        label = QLabel(self.tr("&Zugangsnummer (CAN):"))
        label.setBuddy(self.can_edit)
        self.can_hint = QLabel(
            self.tr("6 Ziffern, vorne auf dem Ausweis unten rechts. Noch {0} Ziffern.").format(
                CAN_DIGITS
            )
        )
        self.can_hint.setAccessibleName(self.tr("Hinweis zur Zugangsnummer"))
        self.can_hint.setWordWrap(True)
        self.can_error = style.error_label(self.tr("Fehler bei der Zugangsnummer"))
        self.can_button = style.button(self.tr("&Weiter"), self.tr("Zugangsnummer bestätigen"),
                                       default=True)  # fmt: skip
        self.can_button.clicked.connect(self.submit_can)
        grid = QGridLayout(page)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.can_edit, 0, 1)
        grid.addWidget(self.can_button, 0, 2)
        grid.addWidget(self.can_hint, 1, 1, 1, 2)
        grid.addWidget(self.can_error, 2, 0, 1, 3)
        grid.setRowStretch(3, 1)
        grid.setColumnStretch(1, 1)
        return page

    def _build_progress(self) -> QWidget:
        page = QWidget()
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Fortschritt"))
        self.progress_bar.setFormat(self.tr("Schritt %v von %m"))
        self.steps_label = QLabel()
        self.steps_label.setAccessibleName(self.tr("Schritte am Chip"))
        self.steps_label.setTextFormat(Qt.TextFormat.PlainText)
        self.steps_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.result_label = QLabel()
        self.result_label.setAccessibleName(self.tr("Ergebnis am Chip"))
        self.result_label.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.steps_label, 1)
        layout.addWidget(self.result_label)
        return page

    # --- what the worker reports --------------------------------------------------------

    def wait_for_card(self) -> None:
        """The terminal waits for a card."""
        self.pages.setCurrentIndex(0)
        self.retry_button.setVisible(False)
        self.state_label.setText(self.tr("Bitte den Ausweis auf das Änderungsterminal legen."))

    def ask_can(self, error: str = "") -> None:
        """A card lies on the terminal: ask for its CAN (``error`` after a wrong one)."""
        self.pages.setCurrentIndex(1)
        self.retry_button.setVisible(False)
        self.state_label.setText(self.tr("Ausweis erkannt. Bitte die Zugangsnummer eingeben."))
        self.can_edit.clear()
        self.can_error.setText(error)
        self.can_error.setVisible(bool(error))
        self._on_can_changed("")
        self.can_edit.setFocus()

    def submit_can(self) -> None:
        """Send the CAN when it is complete, else say what is missing."""
        can = self.can_edit.text()
        if len(can) != CAN_DIGITS or not can.isdigit():
            self.can_error.setText(translate("error.can_format", self._language))
            self.can_error.setVisible(True)
            self.can_edit.setFocus()
            return
        self.can_error.setVisible(False)
        self.can_edit.clear()  # the CAN is for this session only
        self.can_entered.emit(can)

    def show_progress(self, steps: Sequence[str], done: int) -> None:
        """The card operation runs: ``steps`` in order, the first ``done`` of them finished."""
        self.pages.setCurrentIndex(2)
        self.retry_button.setVisible(False)
        self.result_label.clear()
        self.state_label.setText(self.tr("Bitte den Ausweis liegen lassen …"))
        self.progress_bar.setRange(0, len(steps))
        self.progress_bar.setValue(done)
        marks = [DONE if i < done else RUNNING if i == done else PENDING for i in range(len(steps))]
        self.steps_label.setText("\n".join(f"{m} {s}" for m, s in zip(marks, steps, strict=True)))

    def show_result(self, ok: bool, message: str) -> None:
        """The operation ended: success, or the reason it failed."""
        self.pages.setCurrentIndex(2)
        lines = self.steps_label.text().splitlines()
        if ok:
            lines = [f"{DONE} {line[2:]}" for line in lines]
            self.progress_bar.setValue(self.progress_bar.maximum())
            self.state_label.setText(self.tr("✓ Fertig. Der Ausweis kann abgenommen werden."))
        else:
            lines = [f"{FAILED} {line[2:]}" if line.startswith(RUNNING) else line for line in lines]
            self.state_label.setText(self.tr("✗ Nicht abgeschlossen."))
            self.retry_button.setVisible(True)
            self.retry_button.setFocus()
        self.steps_label.setText("\n".join(lines))
        self.result_label.setText(message)

    def _on_can_changed(self, text: str) -> None:
        missing = CAN_DIGITS - len(text)
        self.can_button.setEnabled(missing == 0)
        self.can_hint.setText(
            self.tr("6 Ziffern, vorne auf dem Ausweis unten rechts. Noch {0} Ziffern.").format(
                missing
            )
            if missing
            else self.tr("6 Ziffern eingegeben.")
        )
