"""The list of a case's steps beside a dialog's pages: a mark and a title for each step.

A mark says where the step stands (○ open, ▶ running, ✓ done, ✗ failed, – does not apply);
the title's accessible description says it in words and the running step's title is bold,
so nothing rests on the marks' colours alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from koffer.ui import style

PENDING, RUNNING, DONE, FAILED, SKIPPED = "○", "▶", "✓", "✗", "–"
_COLOURS = {DONE: style.OK_COLOUR, FAILED: style.ERROR_COLOUR}


class StepList(QGroupBox):
    """The steps in order, each with its mark; ``titles`` maps step names to their titles."""

    def __init__(
        self, heading: str, titles: Mapping[str, str], parent: QWidget | None = None
    ) -> None:
        """List ``titles`` (in their order) under ``heading``, every step open."""
        super().__init__(heading, parent)
        self._grid = QGridLayout(self)
        self.marks: dict[str, QLabel] = {}
        self.titles: dict[str, QLabel] = {}
        for row, (step, title) in enumerate(titles.items()):
            mark = QLabel(PENDING)
            mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
            mark.setAccessibleName(title)
            label = QLabel(title)
            label.setAccessibleName(title)
            self._grid.addWidget(mark, row, 0)
            self._grid.addWidget(label, row, 1)
            self.marks[step] = mark
            self.titles[step] = label
        self._grid.setColumnStretch(1, 1)  # marks stay narrow, titles start right next to them
        self._grid.setRowStretch(len(titles) + 1, 1)  # the steps stay at the top

    def add_below(self, widget: QWidget) -> None:
        """Put ``widget`` under the steps, on the right."""
        self._grid.addWidget(widget, len(self.marks), 1, Qt.AlignmentFlag.AlignRight)

    def state(self, step: str) -> str:
        """The mark shown for ``step``."""
        return self.marks[step].text()

    def set_state(self, step: str, mark: str) -> None:
        """Show ``step`` as ``mark`` (a step the list does not show is passed over)."""
        if step not in self.marks:
            return
        self.marks[step].setText(mark)
        colour = _COLOURS.get(mark, "")
        self.marks[step].setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        words = {
            PENDING: self.tr("offen"),
            RUNNING: self.tr("läuft"),
            DONE: self.tr("erledigt"),
            FAILED: self.tr("fehlgeschlagen"),
            SKIPPED: self.tr("entfällt"),
        }
        title = self.titles[step]
        title.setAccessibleDescription(words[mark])
        font = title.font()
        font.setBold(mark == RUNNING)
        title.setFont(font)

    def explain(self, step: str, reason: str) -> None:
        """Say why ``step`` stands as it does (e.g. why it does not apply)."""
        if step in self.marks:
            self.marks[step].setToolTip(reason)
            self.marks[step].setAccessibleDescription(reason)
            self.titles[step].setToolTip(reason)

    def reason(self, step: str) -> str:
        """What :meth:`explain` said about ``step`` ("" when nothing)."""
        return self.marks[step].toolTip() if step in self.marks else ""
