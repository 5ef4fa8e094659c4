"""The scan page: the sheet found on the lid, handles moved by mouse and keyboard, the crop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.documents.scan_crop import Quad
from koffer.ui.capture.scan_page import ScanPage


@pytest.fixture
def page(qtbot: QtBot) -> ScanPage:
    page = ScanPage("de")
    qtbot.addWidget(page)
    page.resize(900, 640)
    page.show()
    qtbot.waitExposed(page)
    return page


def _scan(skew: float = 0.0, perspective: float = 0.0) -> object:
    scanner = SimDocumentScanner()
    scanner.skew_deg = skew
    scanner.perspective = perspective
    return scanner.scan(dpi=150)[0].image


def test_a_crooked_sheet_is_found_and_straightened(qtbot: QtBot, page: ScanPage) -> None:
    image = _scan(skew=5.0, perspective=0.05)
    page.show_scan(image)  # type: ignore[arg-type]

    assert "erkannt" in page.state_label.text()
    crop = page.crop()
    height, width = image.shape[:2]  # type: ignore[attr-defined]
    assert crop != Quad.whole(width, height)
    assert crop.is_convex()
    flat = page.straightened()
    assert flat.shape[0] > flat.shape[1]  # an upright A4 page
    assert 1.3 < flat.shape[0] / flat.shape[1] < 1.55
    assert flat.mean() > 200  # paper, not the dark lid
    assert not page.result_label.pixmap().isNull()

    with qtbot.waitSignal(page.accepted) as accepted:
        qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert accepted.args[0] == crop


def test_a_scan_that_is_the_page_is_kept_whole(page: ScanPage) -> None:
    image = _scan()
    page.show_scan(image)  # type: ignore[arg-type]
    height, width = image.shape[:2]  # type: ignore[attr-defined]
    assert page.crop() == Quad.whole(width, height)
    assert "ganze Seite" in page.state_label.text()


def test_corners_move_from_the_keyboard(qtbot: QtBot, page: ScanPage) -> None:
    page.show_scan(_scan(skew=4.0))  # type: ignore[arg-type]
    view = page.view
    assert view.hasFocus()
    before = view.quad().points[2]
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert view.selected == 2
    assert "Gewählt: Ecke 3" in view.accessibleDescription()
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    after = view.quad().points[2]
    assert after[0] < before[0]
    assert after[1] < before[1]

    qtbot.mouseClick(page.auto_button, Qt.MouseButton.LeftButton)
    assert view.quad().points[2] == pytest.approx(before)
    qtbot.mouseClick(page.whole_button, Qt.MouseButton.LeftButton)
    assert view.quad() == Quad.whole(view._image.width(), view._image.height())  # type: ignore[union-attr]


def test_a_handle_dragged_across_makes_no_page_and_is_refused(qtbot: QtBot, page: ScanPage) -> None:
    page.show_scan(_scan(skew=4.0))  # type: ignore[arg-type]
    view = page.view
    start = view.handle_position(0)
    target = view.handle_position(2) + QPointF(20, 20)  # top left beyond bottom right
    for kind, point, buttons in (
        (QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseMove, (start + target) / 2, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseMove, target, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, target, Qt.MouseButton.NoButton),
    ):
        button = (
            Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        )
        QApplication.sendEvent(
            view, QMouseEvent(kind, point, view.mapToGlobal(point), button, buttons,
                              Qt.KeyboardModifier.NoModifier)
        )  # fmt: skip
    assert not view.quad().is_convex()
    assert not page.accept_button.isEnabled()
    assert "Ecken" in page.result_label.text()
