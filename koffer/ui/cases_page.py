"""The case list page: who is signed in, the cases in a table view, and what to do next."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from koffer.ui import style
from koffer.ui.case_model import SORT_ROLE, SUMMARY_ROLE, CaseTableModel, Column


class CasesPage(QWidget):
    """Shows ``CaseTableModel`` through a sorting proxy; the window wires the buttons."""

    def __init__(self, model: CaseTableModel, parent: QWidget | None = None) -> None:
        """Build the page over ``model``."""
        super().__init__(parent)
        self.model = model
        header = self._build_header()
        self._build_table()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(header)
        layout.addWidget(self.content, 1)
        self._selected_case = ""
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._on_reset)
        QWidget.setTabOrder(self.new_button, self.id_card_button)
        QWidget.setTabOrder(self.id_card_button, self.lock_button)
        QWidget.setTabOrder(self.lock_button, self.table)
        self._on_reset()

    def _build_header(self) -> QHBoxLayout:
        heading = QLabel(self.tr("Vorgänge"))
        heading.setFont(style.heading_font(self.font()))
        self.clerk_label = QLabel()
        self.clerk_label.setObjectName("muted")
        self.clerk_label.setAccessibleName(self.tr("Angemeldet"))
        self.new_button = QPushButton(self.tr("&Neue Meldebescheinigung"))
        self.new_button.setAccessibleName(self.tr("Neue Meldebescheinigung"))
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip(self.tr("Eine Meldebescheinigung ausstellen (Strg+N)"))
        self.id_card_button = QPushButton(self.tr("Neuer Personal&ausweis"))
        self.id_card_button.setAccessibleName(self.tr("Neuer Personalausweis"))
        self.id_card_button.setToolTip(self.tr("Einen Personalausweis beantragen (Strg+P)"))
        self.lock_button = QPushButton(self.tr("S&perren"))
        self.lock_button.setAccessibleName(self.tr("Koffer sperren"))
        self.lock_button.setToolTip(self.tr("Koffer sperren (Strg+L)"))
        header = QHBoxLayout()
        header.addWidget(heading)
        header.addSpacing(12)
        header.addWidget(self.clerk_label, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(self.new_button)
        header.addWidget(self.id_card_button)
        header.addWidget(self.lock_button)
        return header

    def _build_table(self) -> None:
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Vorgänge"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.CREATED, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(Column.CITIZEN, QHeaderView.ResizeMode.Stretch)

        self.empty_label = QLabel(
            self.tr("Noch keine Vorgänge. Beginnen Sie mit „Neue Meldebescheinigung“ (Strg+N).")
        )
        self.empty_label.setObjectName("muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.content = QStackedWidget()
        self.content.addWidget(self.empty_label)
        self.content.addWidget(self.table)

    def set_clerk(self, login: str) -> None:
        """Show who is signed in."""
        self.clerk_label.setText(self.tr("Angemeldet: {0}").format(login) if login else "")

    def _remember_selection(self) -> None:
        current = self.table.currentIndex()
        case = self.proxy.data(current, SUMMARY_ROLE) if current.isValid() else None
        self._selected_case = case.id if case is not None else ""

    def _on_reset(self) -> None:
        """Show the table or the hint, and keep the clerk's row selected across refreshes."""
        has_rows = self.model.rowCount() > 0
        self.content.setCurrentWidget(self.table if has_rows else self.empty_label)
        for row in range(self.model.rowCount()):
            if self.model.case_at(row).id == self._selected_case:
                source = self.model.index(row, self.table.currentIndex().column())
                self.table.setCurrentIndex(self.proxy.mapFromSource(source))
                self.table.selectRow(self.proxy.mapFromSource(source).row())
                break
