"""The unlock screen: a clerk's login and passphrase, or the first clerk on a new kit."""

from __future__ import annotations

import enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from koffer.ui import style
from koffer.ui.workers import Failure


class UnlockMode(enum.Enum):
    """What the unlock screen asks for."""

    CHECKING = "checking"  # the store is being opened
    FIRST_START = "first_start"  # no clerk yet: enrol the first one
    UNLOCK = "unlock"  # login and passphrase


class UnlockPage(QWidget):
    """Asks for login and passphrase; the key derivation runs on the store worker.

    The page only emits requests and shows answers; ``MainWindow`` connects it to the worker.
    """

    unlock_requested = Signal(str, str)  # login, passphrase
    create_requested = Signal(str, str)  # login, passphrase of the first clerk
    failure_shown = Signal(str)  # the message now on screen

    def __init__(
        self, language: str, min_passphrase: int, office: str = "", parent: QWidget | None = None
    ) -> None:
        """Build the form; it starts in ``UnlockMode.CHECKING`` until ``set_mode``.

        Args:
            language: Language of the error messages.
            min_passphrase: The shortest passphrase the store accepts.
            office: The office this kit belongs to, shown above the form.
            parent: The parent widget.
        """
        super().__init__(parent)
        self._office = office
        self._language = language
        self._min_passphrase = min_passphrase
        self.mode = UnlockMode.CHECKING
        self._labels = {"login": self.tr("Anmeldename"), "passphrase": self.tr("Passphrase")}
        self._build_form()
        self._build_layout()
        self.login.returnPressed.connect(self._next_after_login)
        self.passphrase.returnPressed.connect(self._next_after_passphrase)
        self.repeat.returnPressed.connect(self.submit)
        self.submit_button.clicked.connect(self.submit)
        QWidget.setTabOrder(self.login, self.passphrase)
        QWidget.setTabOrder(self.passphrase, self.repeat)
        QWidget.setTabOrder(self.repeat, self.submit_button)
        self.set_mode(UnlockMode.CHECKING)

    def _build_form(self) -> None:
        self.office = QLabel(self._office)
        self.office.setObjectName("muted")
        self.office.setVisible(bool(self._office))
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setFont(style.heading_font(self.font()))
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.login = QLineEdit()
        self.login.setAccessibleName(self.tr("Anmeldename"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Passphrase wiederholen"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        login_label = QLabel(self.tr("&Anmeldename:"))
        login_label.setBuddy(self.login)
        passphrase_label = QLabel(self.tr("&Passphrase:"))
        passphrase_label.setBuddy(self.passphrase)
        self.repeat_label = QLabel(self.tr("Passphrase &wiederholen:"))
        self.repeat_label.setBuddy(self.repeat)
        form.addRow(login_label, self.login)
        form.addRow(passphrase_label, self.passphrase)
        form.addRow(self.repeat_label, self.repeat)
        self.form = form

        self.error_label = style.error_label(self.tr("Fehlermeldung"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.setAccessibleName(self.tr("Bitte warten"))
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Status"))

        self.submit_button = QPushButton()
        self.submit_button.setDefault(True)

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.submit_button)

        card = QFrame()
        card.setObjectName("card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(480)
        card.setMinimumWidth(420)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        title = QVBoxLayout()
        title.setSpacing(2)
        title.addWidget(self.office)
        title.addWidget(self.heading)
        inner.addLayout(title)
        inner.addWidget(self.intro)
        inner.addLayout(self.form)
        inner.addWidget(self.error_label)
        inner.addWidget(self.busy)
        inner.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    # --- modes ------------------------------------------------------------------------

    def set_mode(self, mode: UnlockMode, login: str = "") -> None:
        """Show the form for ``mode``; passphrases are always cleared, a login kept."""
        self.mode = mode
        first = mode is UnlockMode.FIRST_START
        self.repeat.setVisible(first)
        self.repeat_label.setVisible(first)
        if first:
            self.heading.setText(self.tr("Erster Start: Koffer einrichten"))
            self.intro.setText(
                self.tr(
                    "In diesem Koffer ist noch niemand angemeldet. Legen Sie Ihre Anmeldung "
                    "an. Die Passphrase schützt alle Daten im Koffer; sie muss mindestens {0} "
                    "Zeichen lang sein und kann nicht wiederhergestellt werden."
                ).format(self._min_passphrase)
            )
            self.submit_button.setText(self.tr("Koffer &einrichten"))
            self.submit_button.setAccessibleName(self.tr("Koffer einrichten"))
        else:
            self.heading.setText(self.tr("Koffer entsperren"))
            self.intro.setText(self.tr("Bitte melden Sie sich mit Ihrer Passphrase an."))
            self.submit_button.setText(self.tr("&Entsperren"))
            self.submit_button.setAccessibleName(self.tr("Entsperren"))
        if login:
            self.login.setText(login)
        self._clear_passphrases()
        self.show_error("")
        self.set_busy(mode is UnlockMode.CHECKING, self.tr("Koffer wird geöffnet …"))
        self.focus_first_empty()

    def focus_first_empty(self) -> None:
        """Put the cursor where the clerk types next."""
        if self.mode is UnlockMode.CHECKING:
            return
        (self.passphrase if self.login.text().strip() else self.login).setFocus()

    def set_busy(self, busy: bool, status: str = "") -> None:
        """Disable the form while the store worker derives the key."""
        for widget in (self.login, self.passphrase, self.repeat, self.submit_button):
            widget.setEnabled(not busy)
        self.busy.setVisible(busy)
        self.status.setText(status if busy else "")

    # --- answers from the store worker ------------------------------------------------

    def show_failure(self, failure: Failure) -> None:
        """Show why unlocking failed; keep the login, clear the passphrases."""
        self.set_busy(False)
        self._clear_passphrases()
        self.show_error(failure.worded(self._language, self._labels))
        (self.login if failure.field == "login" else self.passphrase).setFocus()

    def show_error(self, text: str) -> None:
        """Show ``text`` under the form (hidden when empty)."""
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        if text:
            self.failure_shown.emit(text)

    def reset(self) -> None:
        """Forget typed passphrases (after unlocking or locking)."""
        self._clear_passphrases()
        self.show_error("")
        self.set_busy(False)

    # --- input ------------------------------------------------------------------------

    def submit(self) -> None:
        """Ask the store worker to unlock, or to enrol the first clerk."""
        if self.mode is UnlockMode.CHECKING or not self.submit_button.isEnabled():
            return
        login, passphrase = self.login.text().strip(), self.passphrase.text()
        if not login:
            self.show_error(self.tr("Bitte einen Anmeldenamen eingeben."))
            self.login.setFocus()
            return
        if not passphrase:
            self.show_error(self.tr("Bitte die Passphrase eingeben."))
            self.passphrase.setFocus()
            return
        if self.mode is UnlockMode.FIRST_START and passphrase != self.repeat.text():
            self._clear_passphrases()
            self.show_error(self.tr("Die beiden Passphrasen stimmen nicht überein."))
            self.passphrase.setFocus()
            return
        self.show_error("")
        if self.mode is UnlockMode.FIRST_START:
            self.set_busy(True, self.tr("Koffer wird eingerichtet …"))
            self.create_requested.emit(login, passphrase)
        else:
            self.set_busy(True, self.tr("Passphrase wird geprüft …"))
            self.unlock_requested.emit(login, passphrase)

    def _next_after_login(self) -> None:
        self.passphrase.setFocus()

    def _next_after_passphrase(self) -> None:
        if self.mode is UnlockMode.FIRST_START and not self.repeat.text():
            self.repeat.setFocus()
        else:
            self.submit()

    def _clear_passphrases(self) -> None:
        self.passphrase.clear()
        self.repeat.clear()
