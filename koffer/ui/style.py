"""The app's few visual conventions: heading font, error box, state colours, style sheet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
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
"""


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
