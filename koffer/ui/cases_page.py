"""The case list page: who is signed in, the cases in a filtered table view, what to do next.

The filters (text, service, state, date) run in a ``QSortFilterProxyModel`` over the whole
list in memory: 10,000 cases filter in a few tens of milliseconds, and the search text waits
for a pause in typing.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from koffer.domain.case import CaseState, ServiceKind
from koffer.storage.repository import CaseSummary
from koffer.ui import labels, style
from koffer.ui.case_model import SORT_ROLE, SUMMARY_ROLE, CaseTableModel, Column

SEARCH_PAUSE_MS = 200
DATE_RANGES = {"": None, "today": 0, "week": 7, "month": 30}  # days back; None = any date


class CaseFilterProxy(QSortFilterProxyModel):
    """Keeps the cases matching a text, a service, a state and a date range."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Start showing everything."""
        super().__init__(parent)
        self.needle = ""
        self.service: ServiceKind | None = None
        self.state: CaseState | None = None
        self.since: datetime | None = None  # UTC, naive like the stored times

    def set_filters(
        self,
        text: str = "",
        service: ServiceKind | None = None,
        state: CaseState | None = None,
        days_back: int | None = None,
    ) -> None:
        """Show only the cases matching all given filters (empty ones match everything)."""
        self.beginFilterChange()
        self.needle = unicodedata.normalize("NFC", text).casefold().strip()
        self.service = service
        self.state = state
        if days_back is None:
            self.since = None
        else:
            start = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
            start -= timedelta(days=days_back)
            self.since = start.astimezone(UTC).replace(tzinfo=None)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self,
        row: int,
        parent: QModelIndex | QPersistentModelIndex,  # noqa: ARG002
    ) -> bool:
        """Whether the case in ``row`` matches every filter."""
        model = self.sourceModel()
        if not isinstance(model, CaseTableModel):
            return True
        case: CaseSummary = model.case_at(row)
        if self.service is not None and case.service is not self.service:
            return False
        if self.state is not None and case.state is not self.state:
            return False
        if self.since is not None and case.created_at < self.since:
            return False
        return not self.needle or (
            self.needle in case.citizen.casefold() or self.needle in case.reference.casefold()
        )


class CasesPage(QWidget):
    """Shows ``CaseTableModel`` through a filtering proxy; the window wires the buttons."""

    review_requested = Signal(str)  # case id to show the citizen

    def __init__(self, model: CaseTableModel, parent: QWidget | None = None) -> None:
        """Build the page over ``model``."""
        super().__init__(parent)
        self.model = model
        header = self._build_header()
        self._build_table()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(header)
        layout.addLayout(self._build_filters())
        layout.addWidget(self.content, 1)
        self._selected_case = ""
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._on_reset)
        QWidget.setTabOrder(self.new_button, self.id_card_button)
        QWidget.setTabOrder(self.id_card_button, self.registration_button)
        QWidget.setTabOrder(self.registration_button, self.lock_button)
        QWidget.setTabOrder(self.lock_button, self.search)
        QWidget.setTabOrder(self.search, self.service_filter)
        QWidget.setTabOrder(self.service_filter, self.state_filter)
        QWidget.setTabOrder(self.state_filter, self.date_filter)
        QWidget.setTabOrder(self.date_filter, self.table)
        QWidget.setTabOrder(self.table, self.review_button)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
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
        self.registration_button = QPushButton(self.tr("Neue An&meldung"))
        self.registration_button.setAccessibleName(self.tr("Neue Anmeldung"))
        self.registration_button.setToolTip(self.tr("Eine Anmeldung aufnehmen (Strg+M)"))
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
        header.addWidget(self.registration_button)
        header.addWidget(self.lock_button)
        return header

    def _build_filters(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name oder Aktenzeichen"))
        self.search.setAccessibleName(self.tr("Suche nach Name oder Aktenzeichen"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(100)
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_pause.start())
        self.service_filter = QComboBox()
        self.service_filter.setAccessibleName(self.tr("Filter Dienstleistung"))
        self.service_filter.addItem(self.tr("Alle Dienstleistungen"), "")
        for kind in ServiceKind:
            self.service_filter.addItem(labels.service_name(kind), str(kind))
        self.state_filter = QComboBox()
        self.state_filter.setAccessibleName(self.tr("Filter Stand"))
        self.state_filter.addItem(self.tr("Jeder Stand"), "")
        for state in CaseState:
            self.state_filter.addItem(labels.state_name(state), str(state))
        self.date_filter = QComboBox()
        self.date_filter.setAccessibleName(self.tr("Filter Datum"))
        for key, text in (
            ("", self.tr("Jedes Datum")),
            ("today", self.tr("Heute")),
            ("week", self.tr("Letzte 7 Tage")),
            ("month", self.tr("Letzte 30 Tage")),
        ):
            self.date_filter.addItem(text, key)
        for box in (self.service_filter, self.state_filter, self.date_filter):
            box.currentIndexChanged.connect(self.apply_filters)
        search_label = QLabel(self.tr("S&uche:"))
        search_label.setBuddy(self.search)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.count_label.setAccessibleName(self.tr("Anzahl der gezeigten Vorgänge"))
        self.review_button = QPushButton(self.tr("Bürgeransi&cht"))
        self.review_button.setAccessibleName(self.tr("Bürgeransicht öffnen"))
        self.review_button.setToolTip(
            self.tr("Die Angaben des gewählten Vorgangs der Bürgerin oder dem Bürger zeigen (F9)")
        )
        self.review_button.clicked.connect(self._request_review)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search, 2)
        row.addWidget(self.service_filter, 1)
        row.addWidget(self.state_filter, 1)
        row.addWidget(self.date_filter, 1)
        row.addWidget(self.count_label)
        row.addWidget(self.review_button)
        return row

    def apply_filters(self) -> None:
        """Filter the list by what the clerk chose."""
        self._search_pause.stop()
        service = self.service_filter.currentData()
        state = self.state_filter.currentData()
        self.proxy.set_filters(
            self.search.text(),
            ServiceKind(service) if service else None,
            CaseState(state) if state else None,
            DATE_RANGES[self.date_filter.currentData() or ""],
        )
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            self.tr("{0} von {1}").format(shown, total) if shown != total else ""
        )
        self._enable()

    def selected_case(self) -> str:
        """The id of the case selected in the table, or ""."""
        current = self.table.currentIndex()
        case = self.proxy.data(current, SUMMARY_ROLE) if current.isValid() else None
        return case.id if case is not None else ""

    def select_case(self, case_id: str) -> bool:
        """Select ``case_id`` (clearing the filters if they hide it); whether it is listed."""
        for row in range(self.model.rowCount()):
            if self.model.case_at(row).id != case_id:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if not index.isValid():
                self.search.clear()
                for box in (self.service_filter, self.state_filter, self.date_filter):
                    box.setCurrentIndex(0)
                self.apply_filters()
                index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.setCurrentIndex(index)
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
            return True
        return False

    def _enable(self) -> None:
        self.review_button.setEnabled(bool(self.selected_case()))

    def _request_review(self) -> None:
        case_id = self.selected_case()
        if case_id:
            self.review_requested.emit(case_id)

    def _build_table(self) -> None:
        self.proxy = CaseFilterProxy(self)
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
        self._show_count()
