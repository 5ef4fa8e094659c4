"""An on-screen signature pad: mouse, touch screen and pen tablet write the same strokes.

Strokes are kept in pad units (a 1000 x 300 field, like the kit's pad), with the time of
each sample and the pen pressure (mouse and fingers have none: 0.5), exactly what
``biometrics.signature.from_strokes`` needs. The field keeps its 10:3 shape inside the
widget, so a resize neither distorts nor moves what was written.

The widget keeps the strokes it paints; given a pen input (``set_pen_input``, the kit's
UI-event signature pad) it also passes every pen event on to it, in pad units with the same
time and pressure, so the worker waiting in the pad's ``capture`` gets what was drawn. It
only forwards: the pad is thread-safe and never blocks the GUI thread.
"""

from __future__ import annotations

import itertools
import time

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from koffer.devices.signature_pad.interface import PenInput, PenPoint, Signature

PAD_WIDTH, PAD_HEIGHT = 1000, 300
NO_PRESSURE = 0.5  # mouse and touch report none
TAP_UNITS = 2.0  # a pen that moved less than this did not write


class SignaturePadWidget(QWidget):
    """Collects pen strokes; ``changed`` after every stroke and when cleared."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[PenPoint]] = []
        self._drawing = False
        self._started = time.monotonic()
        self._pen_input: PenInput | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(300, 90)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("Unterschriftsfeld"))
        self.setAccessibleDescription(
            self.tr("Mit Maus, Finger oder Stift unterschreiben; Entf löscht.")
        )

    def sizeHint(self) -> QSize:
        return QSize(700, 210)

    # --- the strokes --------------------------------------------------------------------

    @property
    def empty(self) -> bool:
        """Whether nothing has been written."""
        return not any(self._strokes)

    @property
    def stroke_count(self) -> int:
        """How many strokes were written."""
        return sum(1 for stroke in self._strokes if stroke)

    def signature(self) -> Signature:
        """The strokes in pad units."""
        strokes = tuple(tuple(stroke) for stroke in self._strokes if len(stroke) > 1)
        return Signature(strokes, PAD_WIDTH, PAD_HEIGHT)

    @property
    def pen_input(self) -> PenInput | None:
        """The pad the pen events are passed on to, if any."""
        return self._pen_input

    def set_pen_input(self, pen_input: PenInput | None) -> None:
        """Pass the pen events on to ``pen_input`` from now on (it gets the strokes shown)."""
        self._pen_input = pen_input
        self.replay()

    def replay(self) -> None:
        """Give the pen input exactly the strokes shown.

        Used after a signature was set from elsewhere, or a failed step took the ones the
        pen input had.
        """
        pen = self._pen_input
        if pen is None:
            return
        pen.clear()
        for stroke in self._strokes:
            if len(stroke) < 2:
                continue
            first, *rest = stroke
            pen.pen_down(first.x, first.y, first.pressure, first.t_ms)
            for point in rest:
                pen.pen_move(point.x, point.y, point.pressure, point.t_ms)
            pen.pen_up()

    def set_signature(self, signature: Signature) -> None:
        """Show a signature given elsewhere (the kit's pad), scaled into the field."""
        sx = PAD_WIDTH / max(signature.width, 1)
        sy = PAD_HEIGHT / max(signature.height, 1)
        factor = min(sx, sy)
        self._strokes = [
            [PenPoint(p.x * factor, p.y * factor, p.t_ms, p.pressure) for p in stroke]
            for stroke in signature.strokes
        ]
        self._drawing = False
        self.replay()
        self.update()
        self.changed.emit()

    def clear(self) -> None:
        """Forget every stroke."""
        self._strokes.clear()
        self._drawing = False
        self._started = time.monotonic()
        if self._pen_input is not None:
            self._pen_input.clear()
        self.update()
        self.changed.emit()

    # --- geometry -----------------------------------------------------------------------

    def field(self) -> QRectF:
        """The 10:3 writing field inside the widget."""
        margin = 4.0
        width = max(1.0, self.width() - 2 * margin)
        height = max(1.0, self.height() - 2 * margin)
        scale = min(width / PAD_WIDTH, height / PAD_HEIGHT)
        w, h = PAD_WIDTH * scale, PAD_HEIGHT * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def to_pad(self, position: QPointF) -> tuple[float, float]:
        """Widget position -> pad units (clamped to the field)."""
        field = self.field()
        x = (position.x() - field.x()) / field.width() * PAD_WIDTH
        y = (position.y() - field.y()) / field.height() * PAD_HEIGHT
        return min(max(x, 0.0), PAD_WIDTH), min(max(y, 0.0), PAD_HEIGHT)

    def to_widget(self, x: float, y: float) -> QPointF:
        """Pad units -> widget position."""
        field = self.field()
        return QPointF(
            field.x() + x / PAD_WIDTH * field.width(), field.y() + y / PAD_HEIGHT * field.height()
        )

    # --- input --------------------------------------------------------------------------

    def _begin(self, position: QPointF, pressure: float) -> None:
        if self._drawing:
            self._end()  # a press without its release (the pen left the window): ended here
        self._drawing = True
        self._strokes.append([])
        point = self._point(position, pressure)
        self._strokes[-1].append(point)
        if self._pen_input is not None:
            self._pen_input.pen_down(point.x, point.y, point.pressure, point.t_ms)
        self.update()

    def _add(self, position: QPointF, pressure: float) -> None:
        if not self._drawing:
            return
        point = self._point(position, pressure)
        self._strokes[-1].append(point)
        if self._pen_input is not None:
            self._pen_input.pen_move(point.x, point.y, point.pressure, point.t_ms)
        self.update()

    def _point(self, position: QPointF, pressure: float) -> PenPoint:
        x, y = self.to_pad(position)
        t_ms = round((time.monotonic() - self._started) * 1000)
        return PenPoint(x, y, t_ms, min(max(pressure, 0.0), 1.0))

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            stroke = self._strokes[-1] if self._strokes else []
            xs, ys = [p.x for p in stroke], [p.y for p in stroke]
            tap = len(stroke) < 2 or max(max(xs) - min(xs), max(ys) - min(ys)) < TAP_UNITS
            if tap:
                self._strokes.pop()  # a tap is no stroke
            if self._pen_input is not None:
                if tap:
                    self._pen_input.drop_stroke()
                else:
                    self._pen_input.pen_up()
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), NO_PRESSURE)
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._add(event.position(), NO_PRESSURE)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._add(event.position(), NO_PRESSURE)
            self._end()
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Accepted, so Qt does not also deliver the pen as a mouse.
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove:
            self._add(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)  # noqa: S101 - by its type
            points = event.points()
            if points:
                point = points[0]  # one finger writes; a resting palm is ignored
                pressure = point.pressure() if 0.0 < point.pressure() < 1.0 else NO_PRESSURE
                if kind == QEvent.Type.TouchBegin:
                    self._begin(point.position(), pressure)
                elif kind == QEvent.Type.TouchUpdate:
                    self._add(point.position(), pressure)
                else:
                    self._add(point.position(), pressure)
                    self._end()
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            if self._drawing and self._strokes:
                self._strokes.pop()
            if self._drawing and self._pen_input is not None:
                self._pen_input.drop_stroke()
            self._drawing = False
            self.update()
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        field = self.field()
        painter.fillRect(field, QColor("#ffffff"))
        frame = QPen(self.palette().highlight().color() if self.hasFocus() else QColor("#9aa0a6"))
        frame.setWidthF(2.0 if self.hasFocus() else 1.0)
        painter.setPen(frame)
        painter.drawRect(field)
        baseline_y = field.y() + field.height() * 0.78
        painter.setPen(QPen(QColor("#9aa0a6"), 1.0, Qt.PenStyle.DashLine))
        painter.drawLine(
            QPointF(field.x() + field.width() * 0.05, baseline_y),
            QPointF(field.right() - field.width() * 0.05, baseline_y),
        )
        painter.setPen(QColor("#5f6368"))
        painter.drawText(
            QRectF(field.x() + 6, baseline_y - 4 - self.fontMetrics().height(), 40, 40),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            "×",
        )
        if self.empty and not self._drawing:
            painter.drawText(field, Qt.AlignmentFlag.AlignCenter, self.tr("Hier unterschreiben"))
        scale = field.width() / PAD_WIDTH
        for stroke in self._strokes:
            if len(stroke) < 2:
                continue
            for first, second in itertools.pairwise(stroke):
                width = max(1.0, scale * (3.0 + 6.0 * (first.pressure + second.pressure) / 2))
                pen = QPen(QColor("#0b1f4d"), width)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawLine(
                    self.to_widget(first.x, first.y), self.to_widget(second.x, second.y)
                )
        painter.end()


__all__ = ["PAD_HEIGHT", "PAD_WIDTH", "SignaturePadWidget"]
