"""The sync page: every outbox entry with its state, attempts, next try and last error."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from koffer.domain.messages import translate
from koffer.ui import labels, style
from koffer.workflows.overview import OutboxLine

_Index = QModelIndex | QPersistentModelIndex


class OutboxColumn(enum.IntEnum):
    """The columns of the outbox table."""

    REFERENCE = 0
    SERVICE = 1
    STATE = 2
    ATTEMPTS = 3
    NEXT = 4
    ERROR = 5


class OutboxModel(QAbstractTableModel):
    """The outbox entries, oldest first; replaced whole on every refresh."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        """Start empty; errors are worded in ``language``."""
        super().__init__(parent)
        self._language = language
        self._rows: list[OutboxLine] = []
        self._headers = {
            OutboxColumn.REFERENCE: self.tr("Aktenzeichen"),
            OutboxColumn.SERVICE: self.tr("Dienstleistung"),
            OutboxColumn.STATE: self.tr("Stand"),
            OutboxColumn.ATTEMPTS: self.tr("Versuche"),
            OutboxColumn.NEXT: self.tr("Nächster Versuch"),
            OutboxColumn.ERROR: self.tr("Letzter Fehler"),
        }

    def set_lines(self, lines: tuple[OutboxLine, ...] | list[OutboxLine]) -> None:
        """Show ``lines`` instead of the rows shown so far."""
        self.beginResetModel()
        self._rows = list(lines)
        self.endResetModel()

    def line_at(self, row: int) -> OutboxLine:
        """The entry shown in ``row``."""
        return self._rows[row]

    def error_text(self, line: OutboxLine) -> str:
        """The last failure in the clerk's language ("" when none)."""
        return translate(line.error_key, self._language) if line.error_key else ""

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of entries."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(OutboxColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[OutboxColumn(section)]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; the error's technical detail as tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        column = OutboxColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is OutboxColumn.ERROR and line.error_detail:
                return line.error_detail
            return self._text(line, column)
        return None

    def _text(self, line: OutboxLine, column: OutboxColumn) -> str:  # noqa: PLR0911
        if column is OutboxColumn.REFERENCE:
            return line.reference
        if column is OutboxColumn.SERVICE:
            return labels.service_name(line.service)
        if column is OutboxColumn.STATE:
            return labels.outbox_state_name(line.state)
        if column is OutboxColumn.ATTEMPTS:
            return str(line.attempts)
        if column is OutboxColumn.NEXT:
            if line.state not in {"pending", "failed"}:
                return "–"
            return labels.local_time(line.next_attempt_at)
        return self.error_text(line) or "–"


class SyncPage(QWidget):
    """The outbox in detail, and "sync now"."""

    sync_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        """Build the page; the window fills the model from the store worker."""
        super().__init__(parent)
        self.model = OutboxModel(language, self)
        heading = QLabel(self.tr("Übermittlung ans Rathaus"))
        heading.setFont(style.heading_font(self.font()))
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Stand der Übermittlung"))
        self.status_label.setWordWrap(True)
        self.status_label.setContentsMargins(0, 3, 0, 3)  # room for the dots of a capital Ü
        self.sync_button = style.button(
            self.tr("Jetzt &synchronisieren"), self.tr("Jetzt synchronisieren"), default=False
        )
        self.sync_button.setToolTip(self.tr("Wartende Vorgänge jetzt ans Rathaus übermitteln (F5)"))
        self.sync_button.clicked.connect(self.sync_requested)
        self.refresh_button = style.button(
            self.tr("&Aktualisieren"), self.tr("Warteschlange neu lesen")
        )
        self.refresh_button.clicked.connect(self.refresh_requested)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.sync_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Warteschlange"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OutboxColumn.ERROR, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr("Die Warteschlange ist leer."))
        self.empty_label.setObjectName("muted")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        QWidget.setTabOrder(self.refresh_button, self.sync_button)
        QWidget.setTabOrder(self.sync_button, self.table)
        self.model.modelReset.connect(self._on_reset)
        self._on_reset()

    def set_lines(self, lines: tuple[OutboxLine, ...]) -> None:
        """Show the outbox the store worker read."""
        self.model.set_lines(lines)

    def clear(self) -> None:
        """Forget the rows (on locking)."""
        self.model.set_lines([])
        self.status_label.setText("")

    def set_status(self, text: str) -> None:
        """Show the result of the last synchronisation."""
        self.status_label.setText(text)

    def set_syncing(self, syncing: bool) -> None:
        """Disable "sync now" while a synchronisation runs."""
        self.sync_button.setEnabled(not syncing)
        if syncing:
            self.status_label.setText(self.tr("Synchronisiere …"))

    def _on_reset(self) -> None:
        self.empty_label.setVisible(self.model.rowCount() == 0)
