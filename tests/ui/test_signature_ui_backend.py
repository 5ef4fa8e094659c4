"""The real signature pad (``signature_pad = "ui"``): the signing field feeds the kit's pad,
and the worker's ``capture`` returns what was drawn there, pen pressure included."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.devices.registry import build_signature_pad, signing_field
from koffer.devices.signature_pad.interface import Signature, SignaturePad
from koffer.devices.signature_pad.ui_events import UiEventSignaturePad
from koffer.domain.case import CaseState
from koffer.settings import DeviceSettings, KofferSettings
from koffer.ui.capture.signature_page import SignaturePage
from koffer.ui.main_window import MainWindow
from koffer.ui.threads import WorkerThread
from tests.ui.capture_helpers import wave, write_with_mouse, write_with_pen
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start
from tests.ui.test_id_card import (
    STEP_TIMEOUT_MS,
    _fill,
    _fingerprints,
    _on_page,
    _open,
    _payment,
    _photo,
)


@pytest.fixture
def settings(settings: KofferSettings) -> KofferSettings:
    """The kit signs on a pen tablet whose events the UI delivers."""
    return settings.model_copy(update={"devices": DeviceSettings(signature_pad="ui")})


class _Capturing(QObject):
    """What the workflow's worker does with the pad: wait in ``capture`` on its thread."""

    captured = Signal(object, str)  # Signature, the thread it was captured on

    def __init__(self, pad: SignaturePad) -> None:
        super().__init__()
        self._pad = pad

    @Slot()
    def capture(self) -> None:
        signed = self._pad.capture(timeout_s=30)
        self.captured.emit(signed, QThread.currentThread().objectName())


class _Trigger(QObject):
    go = Signal()


@pytest.fixture
def ui_pad() -> SignaturePad:
    pad = build_signature_pad(DeviceSettings(signature_pad="ui"))
    assert isinstance(pad, UiEventSignaturePad)
    assert signing_field(pad) is pad  # the field feeds the kit's pad itself
    return pad


@pytest.fixture
def capturing(ui_pad: SignaturePad) -> Iterator[_Capturing]:
    worker = _Capturing(ui_pad)
    thread = WorkerThread("koffer-signature-test", worker)
    yield worker
    thread.stop()


def _strokes(signature: Signature) -> list[list[tuple[float, float, float]]]:
    return [[(p.x, p.y, p.pressure) for p in stroke] for stroke in signature.strokes]


def test_what_is_drawn_on_the_page_is_what_the_worker_captures(
    qtbot: QtBot, ui_pad: UiEventSignaturePad, capturing: _Capturing
) -> None:
    page = SignaturePage(signing_field=ui_pad, separate_pad=False)
    qtbot.addWidget(page)
    page.resize(760, 320)
    page.show()
    qtbot.waitExposed(page)
    page.begin()
    assert not page.device_button.isVisible()  # the field is the kit's pad
    trigger = _Trigger()
    trigger.go.connect(capturing.capture)
    trigger.go.emit()  # queued: the worker now waits in capture, on its own thread

    field = page.pad
    write_with_mouse(field, wave(field))
    points = wave(field, row=0.7, steps=20)
    pressures = [0.15 + 0.8 * i / (len(points) - 1) for i in range(len(points))]
    write_with_pen(field, points, pressures)
    QApplication.processEvents()
    assert field.stroke_count == 2

    with qtbot.waitSignal(capturing.captured, timeout=SIGNAL_TIMEOUT_MS) as captured:
        qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    signed, thread = captured.args

    assert thread == "koffer-signature-test"
    assert _strokes(signed) == _strokes(field.signature())
    mouse, pen = _strokes(signed)
    assert {pressure for _x, _y, pressure in mouse} == {0.5}
    assert [pressure for _x, _y, pressure in pen] == pytest.approx(pressures[:-1], abs=0.01)
    times = [p.t_ms for p in signed.strokes[0]]
    assert times[0] == 0
    assert times == sorted(times)


def test_cleared_strokes_and_taps_do_not_reach_the_pad(
    qtbot: QtBot, ui_pad: UiEventSignaturePad
) -> None:
    page = SignaturePage(signing_field=ui_pad, separate_pad=False)
    qtbot.addWidget(page)
    page.resize(760, 320)
    page.show()
    qtbot.waitExposed(page)
    page.begin()
    field = page.pad
    write_with_mouse(field, wave(field))
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert ui_pad.signature().strokes == ()
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(200, 150))  # a tap
    write_with_mouse(field, wave(field, row=0.4, steps=10))
    page.accept_signature()

    signed = ui_pad.capture(timeout_s=1)
    assert _strokes(signed) == _strokes(field.signature())
    assert len(signed.strokes) == 1


def _recording(calls: list[tuple[str, Signature]], method: Any) -> Any:
    @functools.wraps(method)
    def record(*args: Any, **kwargs: Any) -> Any:
        signed = method(*args, **kwargs)
        calls.append((QThread.currentThread().objectName(), signed))
        return signed

    return record


def test_an_id_card_is_signed_on_the_pen_tablet_through_the_worker(
    qtbot: QtBot, window: MainWindow, kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad = kit.devices.signature_pad
    assert isinstance(pad, UiEventSignaturePad)
    calls: list[tuple[str, Signature]] = []
    monkeypatch.setattr(pad, "capture", _recording(calls, pad.capture))
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _photo(qtbot, dialog)
    _fingerprints(qtbot, dialog)

    _on_page(qtbot, dialog, "signature")
    page = dialog.signature_page
    assert not page.device_button.isVisible()
    field = page.pad
    centre = field.rect().center()
    write_with_mouse(field, [centre.toPointF(), (centre + QPoint(3, 1)).toPointF()])
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)  # too small to be one
    qtbot.waitUntil(lambda: not dialog.busy, timeout=STEP_TIMEOUT_MS)
    assert dialog.error_label.isVisible()
    assert field.stroke_count == 1  # the field keeps it; the pad gets it again

    points = wave(field, steps=30)
    pressures = [0.2 + 0.6 * i / (len(points) - 1) for i in range(len(points))]
    write_with_pen(field, points, pressures)
    drawn = _strokes(field.signature())
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS):
        _payment(qtbot, dialog)

    assert [thread for thread, _signed in calls] == ["koffer-id-card", "koffer-id-card"]
    signed = calls[-1][1]
    assert _strokes(signed) == drawn
    assert [p.pressure for p in signed.strokes[-1]] == pytest.approx(pressures[:-1], abs=0.01)
    with kit.store.unit_of_work() as uow:
        case = uow.case(dialog.case_id)
        assert case.state is CaseState.QUEUED
        assert len(case.details["steps"]["signature"]["attachments"]) == 1
