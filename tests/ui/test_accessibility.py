"""Keyboard and screen readers: every screen's tab order, names, text size, high contrast."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.domain.case import ServiceKind
from koffer.domain.person import Person
from koffer.ui import style
from koffer.ui.main_window import MainWindow
from koffer.ui.unlock import UnlockMode
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start, open_certificate_dialog, wait_for_mode

MAX_STOPS = 80


def _tab_walk(qtbot: QtBot, start: QWidget) -> list[QWidget]:
    """Press Tab from ``start`` until the focus comes back; return every widget reached."""
    start.window().activateWindow()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    reached = [start]
    for _ in range(MAX_STOPS):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is reached[-1]:
            continue  # a date edit moves through day, month and year first
        if widget is None or widget in reached:
            break
        reached.append(widget)
    return reached


def _focusable(scope: QWidget) -> list[QWidget]:
    """The widgets in ``scope`` a Tab press should reach."""
    return [
        widget
        for widget in scope.findChildren(QWidget)
        if widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
    ]


def _check(qtbot: QtBot, start: QWidget, scope: QWidget) -> list[QWidget]:
    reached = _tab_walk(qtbot, start)
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}"
        for w in reached
        if not w.accessibleName().strip()
    ]
    assert unnamed == [], "focusable widgets without an accessible name"
    missed = [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for w in _focusable(scope)
        if w not in reached
    ]
    assert missed == [], "widgets the Tab key never reaches"
    return reached


def test_the_unlock_screen_is_walked_by_tab_and_every_stop_is_named(
    qtbot: QtBot, window: MainWindow
) -> None:
    wait_for_mode(qtbot, window, UnlockMode.FIRST_START)
    page = window.unlock_page
    reached = _check(qtbot, page.login, page)
    assert reached[:4] == [page.login, page.passphrase, page.repeat, page.submit_button]


@pytest.mark.parametrize(
    "screen", ["dashboard", "cases_page", "sync_page", "settings_page", "kit_check_page"]
)
def test_every_workspace_screen_is_walked_by_tab_and_every_stop_is_named(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person, screen: str
) -> None:
    first_start(qtbot, window)
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
    case = kit.case_flow().open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})
    window.load_requested.emit()
    window.overview_requested.emit()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=SIGNAL_TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: (
            window.dashboard.overview is not None and len(window.dashboard.overview.drafts) == 1
        ),
        timeout=SIGNAL_TIMEOUT_MS,
    )
    page = getattr(window, screen)
    window.show_page(page)
    window.cases_page.select_case(case.id)
    window.dashboard.drafts.setCurrentRow(0)

    reached = _check(qtbot, window.workspace.tabBar(), page)

    assert window.sync_indicator.sync_button in reached  # the status bar is reachable too


def test_the_citizen_review_is_walked_by_tab(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    first_start(qtbot, window)
    case = kit.case_flow().open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})
    with qtbot.waitSignal(window.review_opened, timeout=SIGNAL_TIMEOUT_MS):
        window.request_review(case.id)
    review = window.review_window
    assert review is not None

    reached = _check(qtbot, review.language, review)

    assert reached == [review.language, review.confirm_button, review.correct_button]


def test_the_certificate_dialog_is_walked_by_tab(qtbot: QtBot, window: MainWindow) -> None:
    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)

    _check(qtbot, dialog.given_names, dialog)


@pytest.mark.parametrize("kind", ["copy", "signature"])
def test_the_certification_dialog_is_walked_by_tab(
    qtbot: QtBot, window: MainWindow, kind: str
) -> None:
    first_start(qtbot, window)
    dialog = window.new_certification()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData(kind))

    reached = _check(qtbot, form.given_names, dialog)

    assert (form.identity in reached) is (kind == "signature")
    assert (form.checks["gaps"] in reached) is (kind == "copy")
    assert dialog.apply_button in reached


def test_every_screen_is_reached_by_a_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    first_start(qtbot, window)
    pages = [
        window.dashboard,
        window.cases_page,
        window.sync_page,
        window.settings_page,
        window.kit_check_page,
    ]
    for number, page in reversed(list(enumerate(pages, start=1))):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.workspace.currentWidget() is page


@pytest.fixture
def restored_appearance(qapp: QApplication) -> Iterator[None]:
    yield
    style.apply_appearance(qapp, 100, high_contrast=False)


@pytest.mark.usefixtures("restored_appearance")
@pytest.mark.parametrize("scale", [100, 150, 200])
def test_text_scales_from_100_to_200_percent(qapp: QApplication, scale: int) -> None:
    style.apply_appearance(qapp, 100, high_contrast=False)
    base = qapp.font().pointSizeF()

    style.apply_appearance(qapp, scale, high_contrast=False)

    assert qapp.font().pointSizeF() == pytest.approx(base * scale / 100)


@pytest.mark.usefixtures("restored_appearance")
def test_high_contrast_is_white_on_black_and_states_keep_their_words(
    qtbot: QtBot, qapp: QApplication, window: MainWindow
) -> None:
    first_start(qtbot, window)
    bar = window.dashboard.device_bar
    qtbot.waitUntil(lambda: None not in bar.states.values(), timeout=SIGNAL_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
    assert "color" in window.dashboard.connection_label.styleSheet()

    window.settings_page.high_contrast.setChecked(True)
    with qtbot.waitSignal(window.settings_page.appearance_changed, timeout=SIGNAL_TIMEOUT_MS):
        window.settings_page.save()

    palette = qapp.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == "#000000"
    assert palette.color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    assert palette.color(QPalette.ColorRole.Highlight).name() == "#ffff00"
    for label in bar.entries.values():
        assert label.styleSheet() == ""  # no state colour over the theme
        assert "✓ bereit" in label.text()  # the state in words and a mark
    assert "color" not in window.sync_indicator.state_label.styleSheet()
    assert "color" not in window.dashboard.connection_label.styleSheet()
