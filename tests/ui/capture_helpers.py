"""Input the capture tests share: writing on the signature field with mouse, pen and finger."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication, QWidget


def _mouse(widget: QWidget, kind: QEvent.Type, point: QPointF, buttons: Qt.MouseButton) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind, point, widget.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def wave(widget: QWidget, row: float = 0.5, steps: int = 40) -> list[QPointF]:
    """Points of a wavy line across the middle of ``widget``."""
    width, height = widget.width(), widget.height()
    return [
        QPointF(
            width * (0.15 + 0.7 * i / (steps - 1)),
            height * row + height * 0.15 * math.sin(i / 3),
        )
        for i in range(steps)
    ]


def write_with_mouse(widget: QWidget, points: list[QPointF]) -> None:
    """Press, drag through ``points`` with the left button held, release."""
    left = Qt.MouseButton.LeftButton
    _mouse(widget, QEvent.Type.MouseButtonPress, points[0], left)
    for point in points[1:]:
        _mouse(widget, QEvent.Type.MouseMove, point, left)
    _mouse(widget, QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)


def pen_device() -> QPointingDevice:
    """A pen on a graphics tablet."""
    return QPointingDevice(
        "Test pen",
        4242,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )


def write_with_pen(widget: QWidget, points: list[QPointF], pressures: list[float]) -> None:
    """Write ``points`` with the pen, pressing as hard as ``pressures`` says."""
    device = pen_device()
    last = len(points) - 1
    for index, (point, pressure) in enumerate(zip(points, pressures, strict=True)):
        if index == 0:
            kind, button = QEvent.Type.TabletPress, Qt.MouseButton.LeftButton
        elif index == last:
            kind, button = QEvent.Type.TabletRelease, Qt.MouseButton.LeftButton
        else:
            kind, button = QEvent.Type.TabletMove, Qt.MouseButton.NoButton
        held = Qt.MouseButton.NoButton if index == last else Qt.MouseButton.LeftButton
        event = QTabletEvent(
            kind, device, point, QPointF(widget.mapToGlobal(point)), pressure,
            0.0, 0.0, 0.0, 0.0, 0.0, Qt.KeyboardModifier.NoModifier, button, held,
        )  # fmt: skip
        QApplication.sendEvent(widget, event)
