"""The signature field: mouse, pen and finger write strokes the normaliser turns into the image."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from koffer.biometrics import signature as normaliser
from koffer.devices.signature_pad.interface import PenPoint, Signature
from koffer.domain.errors import ValidationError
from koffer.ui.capture.signature_pad import PAD_HEIGHT, PAD_WIDTH, SignaturePadWidget
from koffer.ui.capture.signature_page import SignaturePage
from koffer.ui.workers import Failure
from tests.ui.capture_helpers import wave, write_with_mouse, write_with_pen


@pytest.fixture
def page(qtbot: QtBot) -> SignaturePage:
    page = SignaturePage()
    qtbot.addWidget(page)
    page.resize(760, 320)
    page.show()
    qtbot.waitExposed(page)
    page.begin()
    return page


def _image(signature: Signature) -> np.ndarray:
    strokes = [[(p.x, p.y, p.pressure) for p in stroke] for stroke in signature.strokes]
    jpeg = normaliser.from_strokes(strokes, signature.width, signature.height)
    return np.asarray(Image.open(io.BytesIO(jpeg)))


def test_a_mouse_signature_becomes_the_900x132_image(qtbot: QtBot, page: SignaturePage) -> None:
    pad = page.pad
    assert not page.accept_button.isEnabled()
    write_with_mouse(pad, wave(pad))
    write_with_mouse(pad, wave(pad, row=0.75, steps=12))

    signed = pad.signature()
    assert pad.stroke_count == 2
    assert (signed.width, signed.height) == (PAD_WIDTH, PAD_HEIGHT)
    assert all(0 <= p.x <= PAD_WIDTH and 0 <= p.y <= PAD_HEIGHT for s in signed.strokes for p in s)
    assert all(p.pressure == 0.5 for s in signed.strokes for p in s)
    times = [p.t_ms for p in signed.strokes[0]]
    assert times == sorted(times)
    image = _image(signed)
    assert image.shape == (132, 900)
    assert (image < 128).sum() > 500  # ink

    with qtbot.waitSignal(page.accepted) as accepted:
        qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert accepted.args[0].strokes == signed.strokes
    assert not page.accept_button.isEnabled()  # until the worker answers


def test_a_pen_writes_with_its_pressure(page: SignaturePage) -> None:
    pad = page.pad
    points = wave(pad)
    pressures = [0.2 + 0.7 * i / (len(points) - 1) for i in range(len(points))]
    write_with_pen(pad, points, pressures)

    (stroke,) = pad.signature().strokes
    assert len(stroke) == len(points) - 1  # the pen lifting off adds no ink
    assert [p.pressure for p in stroke] == pytest.approx(pressures[:-1], abs=0.01)
    assert page.accept_button.isEnabled()
    assert _image(pad.signature()).shape == (132, 900)


def test_a_finger_on_the_touch_screen_writes_one_stroke(qtbot: QtBot, page: SignaturePage) -> None:
    pad = page.pad
    device = QTest.createTouchDevice()
    points = [p.toPoint() for p in wave(pad, steps=15)]
    QTest.touchEvent(pad, device).press(0, points[0]).commit()
    for point in points[1:]:
        QTest.touchEvent(pad, device).move(0, point).commit()
    QTest.touchEvent(pad, device).release(0, points[-1]).commit()

    assert pad.stroke_count == 1  # and no second stroke from a mouse Qt made up
    (stroke,) = pad.signature().strokes
    assert len(stroke) >= len(points)
    # The path follows the finger (offscreen windows shift touch points by their frame).
    first, last = pad.to_widget(stroke[0].x, stroke[0].y), pad.to_widget(stroke[-1].x, stroke[-1].y)
    assert abs((last - first).x() - (points[-1] - points[0]).x()) < 2
    assert abs((last - first).y() - (points[-1] - points[0]).y()) < 2


def test_clear_and_the_keyboard(qtbot: QtBot, page: SignaturePage) -> None:
    pad = page.pad
    write_with_mouse(pad, wave(pad))
    assert page.clear_button.isEnabled()
    qtbot.keyClick(page.clear_button, Qt.Key.Key_Space)
    assert pad.empty
    assert not page.accept_button.isEnabled()

    write_with_mouse(pad, wave(pad))
    pad.setFocus()
    qtbot.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.empty
    for widget in (pad, page.clear_button, page.device_button, page.accept_button):
        assert widget.accessibleName()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_a_tap_is_no_signature_and_a_tiny_scribble_is_refused(page: SignaturePage) -> None:
    pad = page.pad
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))
    assert pad.empty
    centre = pad.rect().center()
    write_with_mouse(pad, [centre.toPointF(), (centre + QPoint(3, 1)).toPointF()])
    with pytest.raises(ValidationError):
        _image(pad.signature())


def test_a_signature_from_the_kit_pad_is_shown_for_acceptance(
    qtbot: QtBot, page: SignaturePage
) -> None:
    with qtbot.waitSignal(page.device_requested):
        qtbot.mouseClick(page.device_button, Qt.MouseButton.LeftButton)
    assert not page.accept_button.isEnabled()
    given = Signature(((PenPoint(100, 100, 0, 0.5), PenPoint(1900, 500, 10, 0.5)),), 2000, 600)
    page.show_device_signature(given)
    (stroke,) = page.pad.signature().strokes
    assert (stroke[-1].x, stroke[-1].y) == (950, 250)  # scaled into the 1000x300 field
    assert page.accept_button.isEnabled()

    page.accept_signature()
    page.show_failure(Failure("Keine Unterschrift erkannt.", "error.signature_empty"))
    assert page.status_label.text() == "Keine Unterschrift erkannt."
    assert page.accept_button.isEnabled()


def test_the_field_keeps_its_shape_when_the_font_grows(qtbot: QtBot) -> None:
    pad = SignaturePadWidget()
    qtbot.addWidget(pad)
    pad.resize(900, 400)
    field = pad.field()
    assert field.width() / field.height() == pytest.approx(PAD_WIDTH / PAD_HEIGHT)
