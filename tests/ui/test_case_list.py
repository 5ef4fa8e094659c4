"""The case list's search and filters (service, state, date) over the Qt model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.person import Person
from koffer.storage.repository import CaseSummary
from koffer.ui.case_model import CaseTableModel
from koffer.ui.cases_page import CasesPage
from koffer.ui.main_window import MainWindow
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start

SERVICES = list(ServiceKind)
STATES = list(CaseState)


def _many(count: int) -> list[CaseSummary]:
    now = datetime.now(UTC).replace(tzinfo=None)
    return [
        CaseSummary(
            id=f"case-{n}",
            reference=f"K-2026-{n:04d}-TEST",
            service=SERVICES[n % len(SERVICES)],
            state=STATES[n % len(STATES)],
            citizen="Müller, Anna" if n % 1000 == 0 else f"Person {n}",
            created_at=now - timedelta(days=n % 60),
            townhall_status="",
        )
        for n in range(count)
    ]


def _choose(combo: object, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


def test_ten_thousand_cases_filter_by_service_state_date_and_text(qtbot: QtBot) -> None:
    model = CaseTableModel()
    page = CasesPage(model)
    qtbot.addWidget(page)
    cases = _many(10_000)
    model.set_cases(cases)
    assert page.proxy.rowCount() == 10_000

    _choose(page.service_filter, str(ServiceKind.PASSPORT))
    expected = [c for c in cases if c.service is ServiceKind.PASSPORT]
    assert page.proxy.rowCount() == len(expected)
    assert page.count_label.text() == f"{len(expected)} von 10000"

    _choose(page.state_filter, str(CaseState.DRAFT))
    expected = [c for c in expected if c.state is CaseState.DRAFT]
    assert page.proxy.rowCount() == len(expected)

    _choose(page.date_filter, "week")
    expected = [
        c for c in expected if (datetime.now(UTC).replace(tzinfo=None) - c.created_at).days <= 7
    ]
    assert page.proxy.rowCount() == len(expected)

    for box in (page.service_filter, page.state_filter, page.date_filter):
        box.setCurrentIndex(0)
    page.search.setText("müller")  # any letter case
    page.apply_filters()  # as the pause after typing does
    assert page.proxy.rowCount() == 10
    assert page.count_label.text() == "10 von 10000"

    page.search.setText("k-2026-0042")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)  # after the typing pause
    row = page.proxy.mapToSource(page.proxy.index(0, 0)).row()
    assert model.case_at(row).id == "case-42"


def test_filters_work_on_the_real_list_and_a_hidden_case_can_still_be_selected(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    first_start(qtbot, window)
    flow = kit.case_flow()
    conduct = flow.open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})
    window.load_requested.emit()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=SIGNAL_TIMEOUT_MS)
    page = window.cases_page
    window.show_page(page)

    _choose(page.service_filter, str(ServiceKind.PASSPORT))
    assert page.proxy.rowCount() == 0
    _choose(page.service_filter, str(ServiceKind.CONDUCT_CERTIFICATE))
    assert page.proxy.rowCount() == 1

    _choose(page.service_filter, str(ServiceKind.PASSPORT))
    assert page.select_case(conduct.id)  # the filters make way
    assert page.selected_case() == conduct.id
    assert page.service_filter.currentIndex() == 0
    assert page.review_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # the keyboard moves in the table
