"""The citizen's review screen: what will be submitted, large and in the citizen's language.

A second top-level window, full screen on a second monitor when there is one (the screen
turned towards the citizen), else a window beside the clerk's. Large print and high contrast
always; Arabic is laid out right to left. The citizen confirms or asks for a correction; the
clerk's window is told which.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from koffer.domain.case import ServiceKind
from koffer.ui import i18n
from koffer.workflows.overview import ReviewSheet

CONTEXT = "CitizenReview"
PRINT_SCALE = 1.8  # large print: the citizen reads from further away than the clerk

TEXTS = {
    "title": QT_TRANSLATE_NOOP("CitizenReview", "Bitte prüfen Sie Ihre Angaben"),
    "intro": QT_TRANSLATE_NOOP(
        "CitizenReview", "Diese Angaben werden für Ihren Antrag übermittelt:"
    ),
    "language": QT_TRANSLATE_NOOP("CitizenReview", "Sprache"),
    "service": QT_TRANSLATE_NOOP("CitizenReview", "Anliegen"),
    "reference": QT_TRANSLATE_NOOP("CitizenReview", "Aktenzeichen"),
    "given_names": QT_TRANSLATE_NOOP("CitizenReview", "Vornamen"),
    "surname": QT_TRANSLATE_NOOP("CitizenReview", "Familienname"),
    "birth_date": QT_TRANSLATE_NOOP("CitizenReview", "Geburtsdatum"),
    "address": QT_TRANSLATE_NOOP("CitizenReview", "Anschrift"),
    "height_cm": QT_TRANSLATE_NOOP("CitizenReview", "Größe in cm"),
    "eye_colour": QT_TRANSLATE_NOOP("CitizenReview", "Augenfarbe"),
    "move_in_date": QT_TRANSLATE_NOOP("CitizenReview", "Einzugsdatum"),
    "pages": QT_TRANSLATE_NOOP("CitizenReview", "Seiten"),
    "purpose": QT_TRANSLATE_NOOP("CitizenReview", "Zweck"),
    "witness": QT_TRANSLATE_NOOP("CitizenReview", "Zeugin oder Zeuge"),
    "next_title": QT_TRANSLATE_NOOP("CitizenReview", "Wie es weitergeht"),
    "next": QT_TRANSLATE_NOOP(
        "CitizenReview",
        "Wenn alles richtig ist, unterschreiben Sie. Danach wird der Antrag an das Rathaus "
        "übermittelt. Sie erhalten Bescheid, sobald Ihr Dokument fertig ist.",
    ),
    "confirm": QT_TRANSLATE_NOOP("CitizenReview", "✓ Alles ist richtig"),
    "correct": QT_TRANSLATE_NOOP("CitizenReview", "✗ Etwas muss korrigiert werden"),
    "confirmed": QT_TRANSLATE_NOOP(
        "CitizenReview", "Vielen Dank. Sie haben Ihre Angaben bestätigt."
    ),
    "correction": QT_TRANSLATE_NOOP(
        "CitizenReview",
        "Vielen Dank. Bitte sagen Sie der Mitarbeiterin oder dem Mitarbeiter, "
        "was korrigiert werden muss.",
    ),
}
SERVICES = {
    ServiceKind.REGISTRATION_CERTIFICATE: QT_TRANSLATE_NOOP("CitizenReview", "Meldebescheinigung"),
    ServiceKind.ID_CARD: QT_TRANSLATE_NOOP("CitizenReview", "Personalausweis"),
    ServiceKind.PASSPORT: QT_TRANSLATE_NOOP("CitizenReview", "Reisepass"),
    ServiceKind.REGISTRATION: QT_TRANSLATE_NOOP("CitizenReview", "Anmeldung einer Wohnung"),
    ServiceKind.DEREGISTRATION: QT_TRANSLATE_NOOP("CitizenReview", "Abmeldung einer Wohnung"),
    ServiceKind.CONDUCT_CERTIFICATE: QT_TRANSLATE_NOOP("CitizenReview", "Führungszeugnis"),
    ServiceKind.CERTIFICATION: QT_TRANSLATE_NOOP("CitizenReview", "Beglaubigung"),
    ServiceKind.LIFE_CERTIFICATE: QT_TRANSLATE_NOOP("CitizenReview", "Lebensbescheinigung"),
    ServiceKind.EID: QT_TRANSLATE_NOOP("CitizenReview", "Online-Ausweisfunktion"),
    ServiceKind.PARKING_PERMIT: QT_TRANSLATE_NOOP("CitizenReview", "Bewohnerparkausweis"),
    ServiceKind.INFORMATION_BLOCK: QT_TRANSLATE_NOOP("CitizenReview", "Auskunftssperre"),
}
SHEET = """
QWidget#citizenReview, QWidget#citizenReview QWidget {
    color: #ffffff;
    background: #000000;
}
QWidget#citizenReview QLabel#value {
    font-weight: bold;
}
QWidget#citizenReview QFrame#answer {
    border: 3px solid #ffffff;
    padding: 12px;
}
QWidget#citizenReview QPushButton, QWidget#citizenReview QComboBox {
    border: 3px solid #ffffff;
    padding: 10px 18px;
}
QWidget#citizenReview *:focus {
    border: 4px solid #ffff00;
}
"""


class CitizenReviewWindow(QWidget):
    """Shows a ``ReviewSheet`` to the citizen and takes the answer."""

    answered = Signal(str, bool)  # case id, confirmed
    language_changed = Signal(str)

    def __init__(
        self, sheet: ReviewSheet, language: str = "de", parent: QWidget | None = None
    ) -> None:
        """Build the screen for ``sheet`` in ``language`` (one of ``i18n.CITIZEN_LANGUAGES``)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("citizenReview")
        # In the style sheet: a widget styled by a sheet does not take its parent's font.
        points = self.font().pointSizeF() * PRINT_SCALE
        self.setStyleSheet(
            SHEET
            + f"QWidget#citizenReview QWidget {{ font-size: {points:.1f}pt; }}\n"
            + f"QWidget#citizenReview QLabel#reviewHeading {{ font-size: {points * 1.3:.1f}pt;"
            + " font-weight: bold; }"
        )
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.sheet = sheet
        self.answer: bool | None = None
        self._build()
        self.language.currentIndexChanged.connect(
            lambda _i: self.set_language(self.language.currentData())
        )
        self.set_language(language if language in i18n.CITIZEN_LANGUAGES else "de")

    def _build(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * PRINT_SCALE)
        self.setFont(font)
        self.language = QComboBox()
        for code in i18n.CITIZEN_LANGUAGES:
            self.language.addItem(i18n.ENDONYMS[code], code)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.title = QLabel()
        title_font = QFont(font)
        title_font.setPointSizeF(font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setObjectName("reviewHeading")
        self.title.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.next_title = QLabel()
        self.next_title.setFont(title_font)
        self.next_title.setObjectName("reviewHeading")
        self.next_text = QLabel()
        self.next_text.setWordWrap(True)
        self.confirm_button = QPushButton()
        self.correct_button = QPushButton()
        self.confirm_button.clicked.connect(lambda: self._answer(confirmed=True))
        self.correct_button.clicked.connect(lambda: self._answer(confirmed=False))
        self.answer_frame = QFrame()
        self.answer_frame.setObjectName("answer")
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        QVBoxLayout(self.answer_frame).addWidget(self.answer_label)
        self.answer_frame.setVisible(False)
        self._lay_out()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language_label)
        top.addWidget(self.language)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button, 1)
        buttons.addWidget(self.correct_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addSpacing(8)
        layout.addWidget(self.next_title)
        layout.addWidget(self.next_text)
        layout.addStretch(1)
        layout.addWidget(self.answer_frame)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.language, self.confirm_button)
        QWidget.setTabOrder(self.confirm_button, self.correct_button)
        close = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        close.activated.connect(self.close)

    # --- content ------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Show every text in ``language``, laid out in its reading direction."""
        self.words = i18n.Wording(language, CONTEXT)
        if self.language.currentData() != language:
            self.language.blockSignals(True)
            self.language.setCurrentIndex(self.language.findData(language))
            self.language.blockSignals(False)
        self.setLayoutDirection(i18n.direction(language))
        self.setLocale(QLocale(language))
        words = self.words
        self.setWindowTitle(words(TEXTS["title"]))
        self.setAccessibleName(words(TEXTS["title"]))
        self.language_label.setText(words(TEXTS["language"]) + ":")
        self.language.setAccessibleName(words(TEXTS["language"]))
        self.title.setText(words(TEXTS["title"]))
        self.intro.setText(words(TEXTS["intro"]))
        self.next_title.setText(words(TEXTS["next_title"]))
        self.next_text.setText(words(TEXTS["next"]))
        for button, key in ((self.confirm_button, "confirm"), (self.correct_button, "correct")):
            button.setText(words(TEXTS[key]))
            button.setAccessibleName(words(TEXTS[key]).lstrip("✓✗ "))
        self._fill()
        if self.answer is not None:
            self._show_answer()
        self.language_changed.emit(language)

    def _fill(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        sheet, words = self.sheet, self.words
        address = f"{sheet.street} {sheet.house_number}, {sheet.postcode} {sheet.city}"
        rows = [
            ("service", words(SERVICES.get(sheet.service, str(sheet.service)))),
            ("reference", sheet.reference),
            ("given_names", sheet.given_names),
            ("surname", sheet.surname),
            ("birth_date", sheet.birth_date.strftime("%d.%m.%Y")),
            ("address", address),
            *sheet.details,
        ]
        self.values: dict[str, QLabel] = {}
        edge = (
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
            if self.layoutDirection() is Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
        )
        for key, value in rows:
            name = QLabel(words(TEXTS[key]) + ":")
            shown = QLabel(value)
            # Next to its name: on the right in Arabic, also for a name in Latin letters
            # (a label would otherwise follow the direction of its own text).
            shown.setAlignment(edge | Qt.AlignmentFlag.AlignVCenter)
            shown.setObjectName("value")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(words(TEXTS[key]))
            self.values[key] = shown
            self.form.addRow(name, shown)

    def _answer(self, *, confirmed: bool) -> None:
        self.answer = confirmed
        self._show_answer()
        self.answered.emit(self.sheet.case_id, confirmed)

    def _show_answer(self) -> None:
        key = "confirmed" if self.answer else "correction"
        self.answer_label.setText(self.words(TEXTS[key]))
        self.answer_frame.setVisible(True)
        self.confirm_button.setEnabled(False)
        self.correct_button.setEnabled(False)

    # --- placement ----------------------------------------------------------------------

    def present(self, clerk_window: QWidget | None = None) -> None:
        """Full screen on a screen other than the clerk's, else a large window."""
        screens = QGuiApplication.screens()
        clerk_screen = clerk_window.screen() if clerk_window is not None else None
        others = [screen for screen in screens if screen is not clerk_screen]
        if len(screens) > 1 and others:
            target = others[0]
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            self.resize(960, 760)
            self.show()
        self.raise_()
        self.activateWindow()
        self.confirm_button.setFocus()
