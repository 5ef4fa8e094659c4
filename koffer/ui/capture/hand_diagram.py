"""Two hands, ten fingers: which finger is being captured, which are done, which skipped.

The hands are drawn palms down, as they lie on the sensor: the citizen's left hand on the
left, thumbs towards the middle. Every finger state has its own symbol (and a number for
the quality), so nothing depends on telling colours apart; the colours only repeat it.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from koffer.ui import style

DIGITS = ("little", "ring", "middle", "index", "thumb")  # left hand, left to right
HANDS = ("left", "right")


class FingerMark(enum.StrEnum):
    """What the diagram says about one finger."""

    IDLE = "idle"  # not asked for (yet)
    CURRENT = "current"  # being captured now
    CAPTURED = "captured"  # the print kept for this hand
    WEAK = "weak"  # kept, but below its threshold
    REPLACED = "replaced"  # tried, not good enough: the next finger is taken instead
    SKIPPED = "skipped"  # missing, injured, or no prints needed


SYMBOLS = {
    FingerMark.IDLE: "",
    FingerMark.CURRENT: "▶",
    FingerMark.CAPTURED: "✓",
    FingerMark.WEAK: "!",
    FingerMark.REPLACED: "✗",
    FingerMark.SKIPPED: "–",
}
_FILL = {
    FingerMark.IDLE: QColor("#f1f3f4"),
    FingerMark.CURRENT: QColor("#d2e3fc"),
    FingerMark.CAPTURED: QColor("#ceead6"),
    FingerMark.WEAK: QColor("#feefc3"),
    FingerMark.REPLACED: QColor("#fad2cf"),
    FingerMark.SKIPPED: QColor("#e8eaed"),
}
_OUTLINE = {
    FingerMark.CURRENT: QColor("#1a57b4"),
    FingerMark.CAPTURED: QColor(style.OK_COLOUR),
    FingerMark.REPLACED: QColor(style.ERROR_COLOUR),
}

# Finger rectangles of a left hand in a 200 x 150 box: x, top, width, height.
_LEFT_FINGERS = {
    "little": (18, 52, 24, 48),
    "ring": (46, 30, 26, 70),
    "middle": (76, 18, 26, 82),
    "index": (106, 30, 26, 70),
}
_THUMB = (128, 84, 26, 60)  # at the palm's edge, before turning it outwards
_PALM = QRectF(16, 92, 120, 56)
_HAND_SIZE = (200.0, 175.0)


class HandDiagram(QWidget):
    """Paints both hands with each finger's state; the state is also in the description."""

    def __init__(self, names: dict[str, str] | None = None, parent: QWidget | None = None) -> None:
        """``names`` maps finger codes to what the screen calls them (for the description)."""
        super().__init__(parent)
        self._marks: dict[str, FingerMark] = {}
        self._scores: dict[str, int] = {}
        self._names = names or {}
        self.setAccessibleName(self.tr("Handskizze"))
        self.setMinimumSize(320, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    # --- state --------------------------------------------------------------------------

    def mark(self, finger: str) -> FingerMark:
        """The state shown for ``finger`` (e.g. ``right_index``)."""
        return self._marks.get(finger, FingerMark.IDLE)

    def score(self, finger: str) -> int | None:
        """The quality shown for ``finger``."""
        return self._scores.get(finger)

    def set_mark(self, finger: str, mark: FingerMark, score: int | None = None) -> None:
        """Show ``finger`` as ``mark`` (with ``score`` when given)."""
        if mark is FingerMark.CURRENT:  # only one finger at a time is being captured
            for other, shown in self._marks.items():
                if shown is FingerMark.CURRENT and other != finger:
                    self._marks[other] = FingerMark.IDLE
        self._marks[finger] = mark
        if score is not None:
            self._scores[finger] = score
        self._describe()
        self.update()

    def reset(self, mark: FingerMark = FingerMark.IDLE) -> None:
        """Show every finger as ``mark`` and forget the scores."""
        self._marks = {f"{hand}_{digit}": mark for hand in HANDS for digit in DIGITS}
        self._scores.clear()
        self._describe()
        self.update()

    def _describe(self) -> None:
        words = {
            FingerMark.CURRENT: self.tr("wird erfasst"),
            FingerMark.CAPTURED: self.tr("erfasst"),
            FingerMark.WEAK: self.tr("erfasst, unter Mindestqualität"),
            FingerMark.REPLACED: self.tr("nicht ausreichend, ersetzt"),
            FingerMark.SKIPPED: self.tr("übersprungen"),
        }
        parts = []
        for finger, mark in self._marks.items():
            if mark in words:
                text = f"{self._names.get(finger, finger)}: {words[mark]}"
                if finger in self._scores:
                    text += self.tr(", Qualität {0}").format(self._scores[finger])
                parts.append(text)
        self.setAccessibleDescription("; ".join(parts) or self.tr("Noch kein Finger erfasst"))

    def legend(self) -> str:
        """The symbols in words, for the line under the diagram."""
        words = (
            (FingerMark.CURRENT, self.tr("wird erfasst")),
            (FingerMark.CAPTURED, self.tr("erfasst")),
            (FingerMark.WEAK, self.tr("unter Mindestwert")),
            (FingerMark.REPLACED, self.tr("ersetzt")),
            (FingerMark.SKIPPED, self.tr("entfällt")),
        )
        return "   ".join(f"{SYMBOLS[mark]} {text}" for mark, text in words)

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_height = self.fontMetrics().height() + 4
        width, height = _HAND_SIZE
        scale = min(self.width() / (2 * width + 20), (self.height() - label_height) / height)
        scale = max(scale, 0.1)
        left_x = (self.width() - (2 * width + 20) * scale) / 2
        top = max(0.0, (self.height() - label_height - height * scale) / 2)
        painter.translate(0, top)
        for index, hand in enumerate(HANDS):
            painter.save()
            origin_x = left_x + index * (width + 20) * scale
            painter.translate(origin_x, 0)
            self._paint_hand(painter, hand, scale)
            painter.restore()
            title = self.tr("Linke Hand") if hand == "left" else self.tr("Rechte Hand")
            painter.setPen(self.palette().windowText().color())
            painter.setFont(self.font())
            painter.drawText(
                QRectF(origin_x, height * scale, width * scale, label_height),
                Qt.AlignmentFlag.AlignCenter,
                title,
            )

    def _paint_hand(self, painter: QPainter, hand: str, scale: float) -> None:
        mirrored = hand == "right"
        width = _HAND_SIZE[0]
        outline = QPen(self.palette().windowText().color(), 1.2)

        def place(rect: QRectF) -> QRectF:
            x = width - rect.x() - rect.width() if mirrored else rect.x()
            return QRectF(x * scale, rect.y() * scale, rect.width() * scale, rect.height() * scale)

        painter.setPen(outline)
        painter.setBrush(QColor("#fbfbfb"))
        palm = place(_PALM)
        painter.drawRoundedRect(palm, 14 * scale, 14 * scale)
        for digit, (x, top, w, h) in _LEFT_FINGERS.items():
            self._paint_finger(painter, f"{hand}_{digit}", place(QRectF(x, top, w, h)), 0.0, scale)
        x, top, w, h = _THUMB
        angle = -35.0 if mirrored else 35.0
        self._paint_finger(painter, f"{hand}_thumb", place(QRectF(x, top, w, h)), angle, scale)

    def _paint_finger(
        self, painter: QPainter, finger: str, rect: QRectF, angle: float, scale: float
    ) -> None:
        mark = self.mark(finger)
        painter.save()
        centre = rect.center()
        painter.translate(centre)
        painter.rotate(angle)
        local = QRectF(-rect.width() / 2, -rect.height() / 2, rect.width(), rect.height())
        path = QPainterPath()
        radius = rect.width() / 2
        path.addRoundedRect(local, radius, radius)
        pen = QPen(_OUTLINE.get(mark, self.palette().windowText().color()))
        pen.setWidthF(3.0 if mark is FingerMark.CURRENT else 1.4)
        if mark is FingerMark.SKIPPED:
            pen.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.setBrush(_FILL[mark])
        painter.drawPath(path)
        painter.rotate(-angle)
        symbol = SYMBOLS[mark]
        score = self._scores.get(finger)
        if symbol or score is not None:
            font = QFont(self.font())
            font.setBold(True)
            size = max(6.0, min(font.pointSizeF(), 11.0 * scale))
            font.setPointSizeF(size)
            painter.setFont(font)
            painter.setPen(QColor("#202124"))
            text = symbol if score is None else f"{symbol}\n{score}"
            box = QRectF(-rect.width(), -rect.height() / 2, 2 * rect.width(), rect.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
