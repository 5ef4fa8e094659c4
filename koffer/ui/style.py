"""The app's few visual conventions: heading font, error box, state colours, style sheet.

Text size (100-200 %) and a high-contrast theme come from the settings (``ui``); colour
never carries a meaning alone: every state also has a mark and a word.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ERROR_COLOUR = "#9b1c1c"
OK_COLOUR = "#1e6b34"
MUTED_COLOUR = "#5f6368"
FONT_SCALES = (100, 125, 150, 175, 200)
MARK_READY, MARK_FAULT, MARK_UNKNOWN = "✓", "✗", "?"

STYLE_SHEET = f"""
QFrame#card {{
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 8px;
}}
QLabel#error {{
    color: {ERROR_COLOUR};
    background: #fdecea;
    border: 1px solid #f5c2c0;
    border-radius: 4px;
    padding: 6px 8px;
}}
QLabel#done {{
    color: {OK_COLOUR};
    background: #e8f5ec;
    border: 1px solid #b9dfc4;
    border-radius: 4px;
    padding: 6px 8px;
}}
QLineEdit[readOnly="true"], QDateEdit[readOnly="true"] {{
    background: palette(window);
}}
QDateEdit[unset="true"] {{
    color: {MUTED_COLOUR};
}}
QPushButton#primary {{
    font-weight: bold;
}}
QLabel#muted {{
    color: {MUTED_COLOUR};
}}
QTableView {{
    gridline-color: palette(midlight);
}}
QTabBar::tab {{
    padding: 6px 12px;
}}
"""


# High contrast: white on black, yellow for focus and selection, no greys for text.
HIGH_CONTRAST_SHEET = """
QWidget {
    color: #ffffff;
    background: #000000;
}
QLabel#error, QLabel#done, QFrame#card, QGroupBox {
    border: 2px solid #ffffff;
    border-radius: 4px;
    padding: 6px 8px;
}
QLabel#error {
    color: #ffff00;
}
QLabel#muted, QDateEdit[unset="true"] {
    color: #ffffff;
}
QPushButton, QLineEdit, QComboBox, QSpinBox, QDateEdit, QTableView, QListView, QCheckBox {
    border: 2px solid #ffffff;
    padding: 3px 6px;
}
QPushButton:disabled, QLineEdit:disabled {
    color: #c0c0c0;
    border-style: dashed;
}
*:focus {
    border: 3px solid #ffff00;
}
QTableView::item:selected, QListView::item:selected {
    color: #000000;
    background: #ffff00;
}
QHeaderView::section {
    color: #ffffff;
    background: #000000;
    border: 1px solid #ffffff;
}
"""


def high_contrast_palette() -> QPalette:
    """White on black with yellow highlights (WCAG contrast well above 7:1)."""
    palette = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(role, black)
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#1a1a1a"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
        QPalette.ColorRole.PlaceholderText,
    ):
        palette.setColor(role, white)
    palette.setColor(QPalette.ColorRole.ToolTipBase, black)
    palette.setColor(QPalette.ColorRole.Highlight, yellow)
    palette.setColor(QPalette.ColorRole.HighlightedText, black)
    palette.setColor(QPalette.ColorRole.Link, yellow)
    return palette


def apply_appearance(app: QApplication, font_scale: int, high_contrast: bool) -> None:
    """Set the text size (``font_scale`` per cent of the system's) and the theme."""
    base = app.property("kofferBaseFont")
    if not isinstance(base, QFont):
        base = QFont(app.font())
        app.setProperty("kofferBaseFont", base)
    scale = min(200, max(100, font_scale)) / 100
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    app.setFont(font)
    default_palette = app.property("kofferBasePalette")
    if not isinstance(default_palette, QPalette):
        default_palette = QPalette(app.palette())
        app.setProperty("kofferBasePalette", default_palette)
    app.setPalette(high_contrast_palette() if high_contrast else default_palette)
    app.setStyleSheet(STYLE_SHEET + (HIGH_CONTRAST_SHEET if high_contrast else ""))
    app.setProperty("kofferHighContrast", high_contrast)


def high_contrast_on() -> bool:
    """Whether the high-contrast theme is on."""
    app = QApplication.instance()
    return bool(app is not None and app.property("kofferHighContrast"))


def heading_font(base: QFont) -> QFont:
    """Return ``base`` enlarged and bold, for a page's heading."""
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * 1.4)
    font.setBold(True)
    return font


def error_label(accessible_name: str) -> QLabel:
    """Return a hidden, word-wrapping label styled as an error box."""
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.setVisible(False)
    return label


def done_label(accessible_name: str) -> QLabel:
    """Return a hidden, word-wrapping label for a dialog's result."""
    label = QLabel()
    label.setObjectName("done")
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.setVisible(False)
    return label


def line_edit(accessible_name: str, limit: int) -> QLineEdit:
    """Return a one-line input with its accessible name and the field's length limit."""
    edit = QLineEdit()
    edit.setAccessibleName(accessible_name)
    edit.setMaxLength(limit)
    return edit


def button(text: str, accessible_name: str, *, default: bool = False) -> QPushButton:
    """Return a push button; only the ``default`` one reacts to Enter."""
    push = QPushButton(text)
    push.setAccessibleName(accessible_name)
    push.setDefault(default)
    push.setAutoDefault(default)
    return push


def step_dialog_layout(
    dialog: QDialog, sections: Sequence[QWidget], action: QPushButton, close: QPushButton
) -> QVBoxLayout:
    """Lay out a dialog that takes data, then runs steps: its sections, then the buttons."""
    buttons = QDialogButtonBox()
    buttons.addButton(action, QDialogButtonBox.ButtonRole.ActionRole)
    buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
    layout = QVBoxLayout(dialog)
    for widget in sections:
        layout.addWidget(widget)
    layout.addStretch(1)
    layout.addWidget(buttons)
    return layout
