"""Qt table model of the case list: one row per ``CaseSummary``, labels in the clerk's words."""

from __future__ import annotations

import enum
from datetime import UTC
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from koffer.domain.case import CaseState
from koffer.storage.repository import CaseSummary
from koffer.ui import labels

_Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    """The columns of the case list, in display order."""

    REFERENCE = 0
    CITIZEN = 1
    SERVICE = 2
    STATE = 3
    TOWNHALL = 4
    CREATED = 5


# Data roles beyond Qt's own.
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's CaseSummary
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts the column correctly


class CaseTableModel(QAbstractTableModel):
    """The cases in the kit store, newest first; replaced whole on every refresh."""

    def __init__(self, parent: QObject | None = None) -> None:
        """Start empty; ``set_cases`` fills the model."""
        super().__init__(parent)
        self._rows: list[CaseSummary] = []
        self._headers = {
            Column.REFERENCE: self.tr("Aktenzeichen"),
            Column.CITIZEN: self.tr("Bürgerin / Bürger"),
            Column.SERVICE: self.tr("Dienstleistung"),
            Column.STATE: self.tr("Stand"),
            Column.TOWNHALL: self.tr("Rathaus"),
            Column.CREATED: self.tr("Angelegt"),
        }
        self._services = labels.service_names()
        self._states = {state: labels.state_name(state) for state in CaseState}
        self._townhall = {
            "": "–",
            "received": self.tr("Eingegangen"),
            "rejected": self.tr("Abgelehnt"),
        }

    # --- content ------------------------------------------------------------------------

    def set_cases(self, cases: tuple[CaseSummary, ...] | list[CaseSummary]) -> None:
        """Show ``cases`` instead of the rows shown so far."""
        self.beginResetModel()
        self._rows = list(cases)
        self.endResetModel()

    def clear(self) -> None:
        """Drop every row (on locking: no personal data stays on screen or in memory)."""
        self.set_cases([])

    def case_at(self, row: int) -> CaseSummary:
        """Return the summary shown in ``row``."""
        return self._rows[row]

    def state_label(self, state: CaseState) -> str:
        """Return the clerk's word for a case state."""
        return self._states.get(state, str(state))

    def townhall_label(self, status: str) -> str:
        """Return the clerk's word for a town-hall status."""
        return self._townhall.get(status, status)

    # --- QAbstractTableModel ----------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of cases (a table has no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[Column(section)]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltip, sort key or the row's summary."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        case = self._rows[index.row()]
        column = Column(index.column())
        if role in {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole}:
            return self._text(case, column)
        if role == SORT_ROLE:
            return (
                case.created_at.isoformat()
                if column is Column.CREATED
                else self._text(case, column)
            )
        if role == SUMMARY_ROLE:
            return case
        return None

    def _text(self, case: CaseSummary, column: Column) -> str:
        if column is Column.REFERENCE:
            return case.reference
        if column is Column.CITIZEN:
            return case.citizen
        if column is Column.SERVICE:
            return self._services.get(case.service, str(case.service))
        if column is Column.STATE:
            return self.state_label(case.state)
        if column is Column.TOWNHALL:
            return self.townhall_label(case.townhall_status)
        # Stored in UTC without a zone; the clerk reads local time.
        local = case.created_at.replace(tzinfo=UTC).astimezone()
        return local.strftime("%d.%m.%Y %H:%M")
