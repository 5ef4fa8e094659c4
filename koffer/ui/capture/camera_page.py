"""The photo page: live preview with face box and hints, automatic shutter, checked result.

The page shows what the camera worker reports: the newest preview frame with the face box
(solid when every live check holds, dashed while not, and the state line says the same in
words), the guidance hints, then the still's crop with every check's value, limit, verdict
and reason. A photo that fails a check can be taken only when the clerk ticks the overrule
box and confirms; the decision goes out with the names of the failed checks, which the
workflow records with the step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from koffer.biometrics.photo.checks import PhotoCheckOptions
from koffer.biometrics.photo.guidance import TriggerState
from koffer.ui import style
from koffer.ui.capture.camera_worker import CameraWorker, LiveView, PhotoResult
from koffer.ui.workers import Failure

READY_COLOUR = QColor(style.OK_COLOUR)
WAIT_COLOUR = QColor("#b7791f")  # amber: searching or holding


@dataclass(frozen=True, eq=False)
class PhotoDecision:
    """The clerk takes ``result``; ``overruled`` names the failed checks taken anyway."""

    result: PhotoResult
    overruled: tuple[str, ...] = ()


def _light(palette: QPalette) -> bool:
    """Whether text is dark on light (the normal theme, not high contrast)."""
    return palette.color(QPalette.ColorRole.Base).lightness() > 128


class PreviewView(QWidget):
    """Paints the newest preview frame, scaled to fit, with the face box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._face: tuple[float, float, float, float] | None = None
        self._ready = False
        self.frames_shown = 0
        self.setMinimumSize(240, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Kamerabild"))

    def sizeHint(self) -> QSize:
        return QSize(375, 480)

    def set_view(self, view: LiveView) -> None:
        """Show ``view`` at the next paint."""
        self._image = view.image
        self._face = view.face
        self._ready = view.ready
        self.frames_shown += 1
        self.update()

    def clear(self) -> None:
        """Show nothing (camera off)."""
        self._image = None
        self._face = None
        self.update()

    def image_rect(self) -> QRectF:
        """Where the frame is drawn (centred, aspect kept)."""
        if self._image is None or self._image.isNull():
            return QRectF()
        scale = min(self.width() / self._image.width(), self.height() / self._image.height())
        width, height = self._image.width() * scale, self._image.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202124"))
        if self._image is None:
            painter.setPen(QColor("#e8eaed"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Kamera aus"))
            return
        target = self.image_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self._image)
        if self._face is not None:
            x, y, w, h = self._face
            box = QRectF(
                target.x() + x * target.width(),
                target.y() + y * target.height(),
                w * target.width(),
                h * target.height(),
            )
            # Solid when ready, dashed while not: the difference does not rest on colour.
            pen = QPen(READY_COLOUR if self._ready else WAIT_COLOUR, 3)
            pen.setStyle(Qt.PenStyle.SolidLine if self._ready else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(box)


class CameraPage(QWidget):
    """Live preview, then the still's checks; emits the clerk's decision."""

    start_requested = Signal(object)  # PhotoCheckOptions, to the camera worker
    accepted = Signal(object)  # PhotoDecision

    def __init__(self, worker: CameraWorker, language: str, parent: QWidget | None = None) -> None:
        """Show what ``worker`` (living on its own thread) streams and takes."""
        super().__init__(parent)
        self.setAccessibleName(self.tr("Lichtbild aufnehmen"))
        self._worker = worker
        self._language = language
        self._options = PhotoCheckOptions()
        self._live = False
        self.result: PhotoResult | None = None
        self._confirm: QMessageBox | None = None

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_live())
        self.pages.addWidget(self._build_result())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        worker.view_ready.connect(self._on_view_ready)
        worker.photo_taken.connect(self._on_photo_taken)
        worker.failed.connect(self._on_failed)
        worker.stopped.connect(self._on_stopped)
        self.start_requested.connect(worker.start)

    # --- building -----------------------------------------------------------------------

    def _build_live(self) -> QWidget:
        page = QWidget()
        self.preview = PreviewView()
        self.state_label = QLabel(self.tr("Kamera aus"))
        self.state_label.setAccessibleName(self.tr("Stand der Aufnahme"))
        self.state_label.setWordWrap(True)
        bold = QFont(self.font())
        bold.setBold(True)
        self.state_label.setFont(bold)
        self.hints_label = QLabel()
        self.hints_label.setAccessibleName(self.tr("Hinweise zur Aufnahme"))
        self.hints_label.setWordWrap(True)
        self.hints_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hints_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.capture_button = style.button(self.tr("Jetzt &aufnehmen"), self.tr("Jetzt aufnehmen"))
        self.capture_button.clicked.connect(self.capture_now)
        self.restart_button = style.button(self.tr("Kamera &starten"), self.tr("Kamera starten"))
        self.restart_button.clicked.connect(lambda: self.start(self._options))
        self.restart_button.setVisible(False)
        side = QVBoxLayout()
        side.addWidget(self.state_label)
        side.addWidget(self.hints_label, 1)
        side.addWidget(self.capture_button)
        side.addWidget(self.restart_button)
        row = QHBoxLayout(page)
        row.addWidget(self.preview, 3)
        row.addLayout(side, 2)
        return page

    def _build_result(self) -> QWidget:
        page = QWidget()
        self.photo_label = QLabel()
        self.photo_label.setAccessibleName(self.tr("Aufgenommenes Lichtbild"))
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setMinimumSize(180, 230)
        self.verdict_label = QLabel()
        self.verdict_label.setAccessibleName(self.tr("Ergebnis der Prüfung"))
        self.verdict_label.setWordWrap(True)
        bold = QFont(self.font())
        bold.setBold(True)
        self.verdict_label.setFont(bold)
        self.reasons_label = QLabel()
        self.reasons_label.setAccessibleName(self.tr("Was zu tun ist"))
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(self.tr("Prüfungen des Lichtbilds"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Prüfung"), self.tr("Messwert"), self.tr("Grenze"), self.tr("Ergebnis"),
             self.tr("Hinweis")]
        )  # fmt: skip
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.overrule_box = QCheckBox(self.tr("Lichtbild trotz Mängeln ü&bernehmen"))
        self.overrule_box.setAccessibleName(self.tr("Lichtbild trotz Mängeln übernehmen"))
        self.overrule_box.toggled.connect(self._on_overrule_toggled)
        self.accept_button = style.button(
            self.tr("Lichtbild &übernehmen"), self.tr("Lichtbild übernehmen"), default=True
        )
        self.accept_button.clicked.connect(self.accept_photo)
        self.retake_button = style.button(self.tr("&Neu aufnehmen"), self.tr("Neu aufnehmen"))
        self.retake_button.clicked.connect(lambda: self.start(self._options))
        buttons = QHBoxLayout()
        buttons.addWidget(self.overrule_box, 1)
        buttons.addWidget(self.retake_button)
        buttons.addWidget(self.accept_button)
        right = QVBoxLayout()
        right.addWidget(self.verdict_label)
        right.addWidget(self.reasons_label)
        right.addWidget(self.table, 1)
        right.addLayout(buttons)
        row = QHBoxLayout(page)
        row.addWidget(self.photo_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(right, 1)
        return page

    # --- state --------------------------------------------------------------------------

    @property
    def live(self) -> bool:
        """Whether the preview runs."""
        return self._live

    @property
    def showing_result(self) -> bool:
        """Whether the still's checks are shown."""
        return self.pages.currentIndex() == 1

    def hints(self) -> list[str]:
        """The hints shown now."""
        text = self.hints_label.text()
        return [line.removeprefix("• ") for line in text.splitlines() if line]

    # --- the clerk's actions ------------------------------------------------------------

    def start(self, options: PhotoCheckOptions | None = None) -> None:
        """Start the preview (again); ``options`` as for the still (child under 10 ...)."""
        if self._live:
            return
        if options is not None:
            self._options = options
        self.result = None
        self._live = True
        self._worker.take_view()  # a frame left from the last preview is stale
        self.overrule_box.setChecked(False)
        self.pages.setCurrentIndex(0)
        self.preview.clear()
        self._set_state(self.tr("Kamera startet …"))
        self.hints_label.clear()
        self.capture_button.setEnabled(True)
        self.capture_button.setVisible(True)
        self.restart_button.setVisible(False)
        self.capture_button.setFocus()
        self.start_requested.emit(self._options)

    def capture_now(self) -> None:
        """Take the still now (the clerk's shutter)."""
        if self._live:
            self._worker.capture_now()
            self.capture_button.setEnabled(False)
            self._set_state(self.tr("Lichtbild wird aufgenommen und geprüft …"))

    def stop(self) -> None:
        """End the preview (the page is left or the dialog closes)."""
        if self._live:
            self._worker.stop()

    def accept_photo(self) -> None:
        """Take the shown photo (overruled when the box is ticked and confirmed)."""
        result = self.result
        if result is None or not self.accept_button.isEnabled():
            return
        overruled: tuple[str, ...] = ()
        if not result.passed:
            if not (result.overrulable and self.overrule_box.isChecked()):
                return
            overruled = tuple(row.name for row in result.failed)
        self.set_recording(True)
        self.accepted.emit(PhotoDecision(result, overruled))

    def set_recording(self, recording: bool) -> None:
        """Lock the buttons while the decision is being recorded."""
        self.retake_button.setEnabled(not recording)
        self.overrule_box.setEnabled(not recording and self.result is not None
                                     and self.result.overrulable)  # fmt: skip
        self._update_accept()
        if recording:
            self.accept_button.setEnabled(False)

    # --- answers from the camera worker -------------------------------------------------

    def _on_view_ready(self) -> None:
        view = self._worker.take_view()
        if view is None or not self._live:
            return
        self.preview.set_view(view)
        hints = "\n".join(f"• {hint}" for hint in view.hints)
        if hints != self.hints_label.text():  # most frames change nothing but the picture
            self.hints_label.setText(hints)
        self._set_state(self._state_text(view))

    def _state_text(self, view: LiveView) -> str:
        if view.state is TriggerState.TIMED_OUT:
            return self.tr("Keine automatische Aufnahme: bitte „Jetzt aufnehmen“ drücken.")
        if view.state in (TriggerState.FIRE, TriggerState.DONE):
            return self.tr("Alles in Ordnung – Lichtbild wird aufgenommen.")
        if view.state is TriggerState.HOLDING:
            return self.tr("Alles in Ordnung – bitte still halten …")
        if view.face is None:
            return self.tr("Kein Gesicht im Bild.")
        return self.tr("Bitte die Hinweise beachten.")

    def _on_photo_taken(self, result: PhotoResult) -> None:
        self.result = result
        self._live = False
        pixmap = QPixmap.fromImage(result.image)
        self.photo_label.setPixmap(
            pixmap.scaledToHeight(
                min(pixmap.height(), 300), Qt.TransformationMode.SmoothTransformation
            )
        )
        self._fill_table(result)
        failed = result.failed
        how = self.tr("automatisch") if result.automatic else self.tr("von Hand")
        if not failed:
            verdict = self.tr("✓ Alle {0} Prüfungen bestanden (Aufnahme {1}).").format(
                len(result.rows), how
            )
        else:
            names = ", ".join(row.label for row in failed)
            verdict = self.tr("✗ {0} von {1} Prüfungen nicht bestanden: {2}.").format(
                len(failed), len(result.rows), names
            )
            if not result.overrulable:
                verdict += " " + self.tr("Dieses Lichtbild kann nicht übernommen werden.")
        self.verdict_label.setText(verdict)  # ✓ / ✗ and words: no colour needed
        reasons = dict.fromkeys(row.reason for row in failed if row.reason)
        self.reasons_label.setText("\n".join(f"• {reason}" for reason in reasons))
        self.reasons_label.setVisible(bool(reasons))
        self.overrule_box.setChecked(False)
        self.overrule_box.setVisible(bool(failed))
        self.overrule_box.setEnabled(result.overrulable)
        self.retake_button.setEnabled(True)
        self._update_accept()
        self.pages.setCurrentIndex(1)
        (self.accept_button if result.passed else self.retake_button).setFocus()

    def _fill_table(self, result: PhotoResult) -> None:
        self.table.setRowCount(len(result.rows))
        for row, check in enumerate(result.rows):
            verdict = self.tr("✓ bestanden") if check.passed else self.tr("✗ nicht bestanden")
            cells = (check.label, check.value, check.limit, verdict, check.reason)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 3 and _light(self.palette()):  # high contrast keeps its own
                    colour = style.OK_COLOUR if check.passed else style.ERROR_COLOUR
                    item.setForeground(QColor(colour))
                if not check.passed:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)

    def _on_failed(self, failure: Failure) -> None:
        self._set_state(failure.message)
        self.capture_button.setVisible(False)
        self.restart_button.setVisible(True)
        self.restart_button.setFocus()

    def _on_stopped(self) -> None:
        self._live = False
        if self.result is None and not self.restart_button.isVisible():
            self._set_state(self.tr("Kamera aus"))
            self.capture_button.setVisible(False)
            self.restart_button.setVisible(True)

    # --- overrule -----------------------------------------------------------------------

    def _on_overrule_toggled(self, checked: bool) -> None:
        result = self.result
        if checked and result is not None and result.failed:
            names = "\n".join(f"• {row.label}: {row.reason}" for row in result.failed)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Lichtbild trotz Mängeln übernehmen?"),
                self.tr(
                    "Das Lichtbild besteht diese Prüfungen nicht:\n{0}\n\nTrotzdem übernehmen? "
                    "Die Entscheidung wird mit den nicht bestandenen Prüfungen im Vorgang "
                    "vermerkt."
                ).format(names),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Ja, übernehmen"))
            box.button(QMessageBox.StandardButton.No).setText(self.tr("&Nein"))
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.setAccessibleName(self.tr("Übernahme bestätigen"))
            box.finished.connect(self._on_confirmed)
            self._confirm = box
            box.open()  # window-modal, the event loop keeps running
        self._update_accept()

    def _on_confirmed(self, answer: int) -> None:
        self._confirm = None
        if answer != QMessageBox.StandardButton.Yes:
            self.overrule_box.blockSignals(True)
            self.overrule_box.setChecked(False)
            self.overrule_box.blockSignals(False)
            self.overrule_box.setFocus()
        else:
            self.accept_button.setFocus()
        self._update_accept()

    @property
    def confirmation(self) -> QMessageBox | None:
        """The open "take it anyway?" question, if any."""
        return self._confirm

    def _update_accept(self) -> None:
        result = self.result
        confirmed = self.overrule_box.isChecked() and self._confirm is None
        self.accept_button.setEnabled(
            result is not None and (result.passed or (result.overrulable and confirmed))
        )

    def _set_state(self, text: str) -> None:
        if text != self.state_label.text():
            self.state_label.setText(text)


__all__ = ["CameraPage", "PhotoDecision", "PreviewView"]
