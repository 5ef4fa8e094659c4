"""The scan page: the scanned sheet with four crop handles and the straightened result.

The sheet is found automatically (``documents.scan_crop``); the clerk corrects a corner
by dragging its handle or from the keyboard (keys 1-4 pick a corner, the arrow keys move
it, Shift moves in larger steps). The preview on the right shows the page as it will be
stored. Handles are numbered squares, the chosen one is larger and filled: nothing rests on
colour alone.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from koffer.documents.scan_crop import Quad, find_page, straighten
from koffer.domain.errors import KofferError, ValidationError
from koffer.domain.messages import describe
from koffer.ui import style
from koffer.ui.capture.frames import bgr_to_qimage

PREVIEW_HEIGHT = 900  # px of the copy the page works on; the full scan is cut at the end
HANDLE_PX = 12


class CropView(QWidget):
    """The scan with the crop quadrilateral and its four handles."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._points: list[QPointF] = []  # in image pixels of the preview copy
        self.selected = 0
        self._dragging: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(220, 300)
        self.setAccessibleName(self.tr("Scan mit Zuschnitt"))

    def sizeHint(self) -> QSize:
        return QSize(420, 560)

    def set_scan(self, image: QImage, quad: Quad) -> None:
        """Show ``image`` with the corners of ``quad`` (preview pixels)."""
        self._image = image
        self.set_quad(quad)

    def set_quad(self, quad: Quad) -> None:
        """Move all four handles."""
        self._points = [QPointF(x, y) for x, y in quad.points]
        self._changed()

    def quad(self) -> Quad:
        """The corners as they stand (preview pixels)."""
        return Quad(*((p.x(), p.y()) for p in self._points))

    # --- geometry -----------------------------------------------------------------------

    def _frame(self) -> QRectF:
        if self._image is None or self._image.isNull():
            return QRectF()
        margin = HANDLE_PX
        width, height = self.width() - 2 * margin, self.height() - 2 * margin
        scale = min(width / self._image.width(), height / self._image.height())
        w, h = self._image.width() * scale, self._image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _to_widget(self, point: QPointF) -> QPointF:
        frame = self._frame()
        scale = frame.width() / self._image.width() if self._image else 1.0
        return QPointF(frame.x() + point.x() * scale, frame.y() + point.y() * scale)

    def _to_image(self, point: QPointF) -> QPointF:
        frame = self._frame()
        if self._image is None or frame.width() <= 0:
            return point
        scale = frame.width() / self._image.width()
        x = min(max((point.x() - frame.x()) / scale, 0.0), float(self._image.width()))
        y = min(max((point.y() - frame.y()) / scale, 0.0), float(self._image.height()))
        return QPointF(x, y)

    def handle_position(self, index: int) -> QPointF:
        """Where handle ``index`` is drawn (widget pixels)."""
        return self._to_widget(self._points[index])

    # --- input --------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._points or event.button() != Qt.MouseButton.LeftButton:
            return
        position = event.position()
        distances = [(self.handle_position(i) - position).manhattanLength() for i in range(4)]
        nearest = int(np.argmin(distances))
        if distances[nearest] <= 4 * HANDLE_PX:
            self.selected = nearest
            self._dragging = nearest
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging is not None:
            self._points[self._dragging] = self._to_image(event.position())
            self._changed()

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:
        self._dragging = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_4 and self._points:
            self.selected = key - Qt.Key.Key_1
            self._describe()
            self.update()
            return
        moves = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in moves and self._points and self._image is not None:
            dx, dy = moves[Qt.Key(key)]
            step = self._image.height() * (
                0.02 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0.004
            )
            point = self._points[self.selected]
            moved = QPointF(point.x() + dx * step, point.y() + dy * step)
            self._points[self.selected] = self._to_image(self._to_widget(moved))
            self._changed()
            return
        super().keyPressEvent(event)

    def _changed(self) -> None:
        self._describe()
        self.update()
        self.changed.emit()

    def _describe(self) -> None:
        if self._image is None or not self._points:
            return
        width, height = self._image.width(), self._image.height()
        names = (self.tr("oben links"), self.tr("oben rechts"), self.tr("unten rechts"),
                 self.tr("unten links"))  # fmt: skip
        parts = [
            self.tr("Ecke {0} ({1}): {2} % von links, {3} % von oben").format(
                i + 1, names[i], round(100 * p.x() / width), round(100 * p.y() / height)
            )
            for i, p in enumerate(self._points)
        ]
        chosen = self.tr(
            "Gewählt: Ecke {0}. Tasten 1 bis 4 wählen, Pfeiltasten verschieben."
        ).format(self.selected + 1)
        self.setAccessibleDescription("; ".join([*parts, chosen]))

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._image is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Noch kein Scan"))
            return
        frame = self._frame()
        painter.drawImage(frame, self._image)
        if not self._points:
            return
        polygon = QPolygonF([self._to_widget(p) for p in self._points])
        painter.setPen(QPen(QColor("#1a57b4"), 2, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(26, 87, 180, 30))
        painter.drawPolygon(polygon)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        for index, point in enumerate(polygon):
            chosen = index == self.selected
            size = HANDLE_PX * (1.6 if chosen else 1.2)
            box = QRectF(point.x() - size, point.y() - size, 2 * size, 2 * size)
            painter.setPen(QPen(QColor("#1a57b4"), 3 if chosen else 2))
            painter.setBrush(QColor("#1a57b4") if chosen else QColor("#ffffff"))
            painter.drawRect(box)
            painter.setPen(QColor("#ffffff") if chosen else QColor("#1a57b4"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(index + 1))


class ScanPage(QWidget):
    """A scanned sheet, its crop, and the straightened page; emits the crop in scan pixels."""

    accepted = Signal(object)  # Quad in pixels of the full scan
    rescan_requested = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Scan zuschneiden"))
        self._language = language
        self._scan: NDArray[np.uint8] | None = None
        self._small: NDArray[np.uint8] | None = None
        self._factor = 1.0
        self._found: Quad | None = None
        self.view = CropView()
        self.view.changed.connect(self._update_result)
        self.result_label = QLabel()
        self.result_label.setAccessibleName(self.tr("Zugeschnittene Seite"))
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_label.setMinimumSize(200, 280)
        self.state_label = QLabel(self.tr("Bitte die Seite scannen."))
        self.state_label.setAccessibleName(self.tr("Stand des Scans"))
        self.state_label.setWordWrap(True)
        self.help_label = QLabel(
            self.tr("Ecken mit der Maus ziehen oder: Tasten 1–4 wählen eine Ecke, Pfeiltasten "
                    "verschieben sie (mit Umschalt in großen Schritten).")
        )  # fmt: skip
        self.help_label.setWordWrap(True)
        self.auto_button = style.button(
            self.tr("&Automatisch zuschneiden"), self.tr("Automatisch zuschneiden")
        )
        self.auto_button.clicked.connect(self.auto_crop)
        self.whole_button = style.button(self.tr("&Ganze Seite"), self.tr("Ganze Seite"))
        self.whole_button.clicked.connect(self.whole_page)
        self.rescan_button = style.button(self.tr("&Neu scannen"), self.tr("Neu scannen"))
        self.rescan_button.clicked.connect(self.rescan_requested)
        self.accept_button = style.button(
            self.tr("Seite ü&bernehmen"), self.tr("Seite übernehmen"), default=True
        )
        self.accept_button.clicked.connect(self.accept_crop)
        self.error_label = style.error_label(self.tr("Fehlermeldung"))
        row = QHBoxLayout()
        row.addWidget(self.view, 3)
        row.addWidget(self.result_label, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.auto_button)
        buttons.addWidget(self.whole_button)
        buttons.addWidget(self.rescan_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state_label)
        layout.addLayout(row, 1)
        layout.addWidget(self.help_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self._enable(False)

    def show_scan(self, image: NDArray[np.uint8]) -> None:
        """Show a scanned page and the sheet found on it."""
        self._scan = image
        self._factor = min(1.0, PREVIEW_HEIGHT / image.shape[0])
        small = cv2.resize(
            image, None, fx=self._factor, fy=self._factor, interpolation=cv2.INTER_AREA
        )
        self._small = np.asarray(small, np.uint8)
        self._found = find_page(self._small)
        self.view.set_scan(bgr_to_qimage(self._small), self._found)
        whole = self._found == Quad.whole(self._small.shape[1], self._small.shape[0])
        self.state_label.setText(
            self.tr("Seite erkannt und zugeschnitten – bitte prüfen.")
            if not whole
            else self.tr("Der Scan ist bereits die ganze Seite.")
        )
        self._enable(True)
        self.view.setFocus()

    def auto_crop(self) -> None:
        """Put the handles back where the sheet was found."""
        if self._found is not None:
            self.view.set_quad(self._found)

    def whole_page(self) -> None:
        """Keep the whole scan."""
        if self._small is not None:
            self.view.set_quad(Quad.whole(self._small.shape[1], self._small.shape[0]))

    def crop(self) -> Quad:
        """The crop in pixels of the full scan."""
        if self._scan is None or self._small is None:
            return self.view.quad()
        fx = self._scan.shape[1] / self._small.shape[1]
        fy = self._scan.shape[0] / self._small.shape[0]
        return self.view.quad().scaled(fx, fy)

    def accept_crop(self) -> None:
        """Hand the crop on (when its corners make a page)."""
        if self._scan is None:
            return
        quad = self.crop()
        if not quad.is_convex():
            invalid = ValidationError("crop", "error.scan_crop_invalid")
            self.error_label.setText(describe(invalid, self._language))
            self.error_label.setVisible(True)
            return
        self.accepted.emit(quad)

    def straightened(self) -> NDArray[np.uint8]:
        """The full-resolution page as it will be stored."""
        if self._scan is None:
            msg = "no scan shown"
            raise RuntimeError(msg)
        return straighten(self._scan, self.crop())

    def _update_result(self) -> None:
        if self._small is None:
            return
        try:
            flat = straighten(self._small, self.view.quad())
        except KofferError as error:
            self.result_label.setPixmap(QPixmap())
            self.result_label.setText(describe(error, self._language))
            self.error_label.setVisible(False)
            self.accept_button.setEnabled(False)
            return
        self.error_label.setVisible(False)
        self.accept_button.setEnabled(True)
        pixmap = QPixmap.fromImage(bgr_to_qimage(flat))
        target = self.result_label.size()
        self.result_label.setPixmap(
            pixmap.scaled(
                target,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _enable(self, enabled: bool) -> None:
        for button in (self.auto_button, self.whole_button, self.accept_button):
            button.setEnabled(enabled)
