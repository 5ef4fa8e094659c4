"""The fingerprint page: hand diagram, the finger asked for, attempts, quality, warnings.

The capture sequence runs on the service's worker; the page shows its :class:`FingerEvent`
reports as they come (which finger, attempt n of 3, the quality of the print just taken
against the finger's threshold), names the replacement finger when the sequence moves on,
and at the end shows the prints kept. A suspected duplicate (both prints from the same
finger) stops the step: the clerk checks, ticks that the fingers differ, and captures again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from koffer.biometrics.fingerprint_capture import MAX_ATTEMPTS, REPLACEMENT_ORDER, THRESHOLDS
from koffer.domain.messages import translate
from koffer.ui import style
from koffer.ui.capture.fingerprint_progress import AttemptState, FingerEvent
from koffer.ui.capture.hand_diagram import DIGITS, HANDS, FingerMark, HandDiagram
from koffer.ui.workers import Failure

DUPLICATE_KEY = "error.fingerprints_duplicate"


class FingerprintPage(QWidget):
    """Shows the capture sequence live; asks the worker to start it."""

    start_requested = Signal(bool)  # confirm that the two fingers differ (after a warning)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        """Build the page; texts from the catalogue in ``language``."""
        super().__init__(parent)
        self.setAccessibleName(self.tr("Fingerabdrücke"))
        self._language = language
        self._current: str | None = None
        self._best: dict[str, int] = {}
        self._running = False
        self.names = self._finger_names()
        self.diagram = HandDiagram(self.names)
        self._build_status()
        self._lay_out()

    def _build_status(self) -> None:

        bold = QFont(self.font())
        bold.setBold(True)
        self.finger_label = QLabel(self.tr("Noch nicht begonnen."))
        self.finger_label.setAccessibleName(self.tr("Aufzulegender Finger"))
        self.finger_label.setFont(bold)
        self.finger_label.setWordWrap(True)
        self.attempt_label = QLabel()
        self.attempt_label.setAccessibleName(self.tr("Versuch"))
        self.quality_bar = QProgressBar()
        self.quality_bar.setRange(0, 100)
        self.quality_bar.setValue(0)
        self.quality_bar.setFormat(self.tr("Qualität %v von 100"))
        self.quality_bar.setTextVisible(True)
        self.quality_bar.setAccessibleName(self.tr("Qualität des letzten Abdrucks"))
        self.quality_label = QLabel()
        self.quality_label.setAccessibleName(self.tr("Bewertung der Qualität"))
        self.quality_label.setWordWrap(True)
        self.replacement_label = QLabel()
        self.replacement_label.setAccessibleName(self.tr("Ersatzfinger"))
        self.replacement_label.setWordWrap(True)
        self.replacement_label.setVisible(False)
        self.log_label = QLabel()
        self.log_label.setAccessibleName(self.tr("Verlauf der Erfassung"))
        self.log_label.setWordWrap(True)
        self.log_label.setTextFormat(Qt.TextFormat.PlainText)
        self.log_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.duplicate_label = style.error_label(self.tr("Warnung doppelter Finger"))
        self.duplicate_box = QCheckBox(
            self.tr("Geprüft: es sind zwei &verschiedene Finger (Abdrücke neu erfassen)")
        )
        self.duplicate_box.setAccessibleName(self.tr("Geprüft: zwei verschiedene Finger"))
        self.duplicate_box.setVisible(False)
        self.exemption_label = QLabel()
        self.exemption_label.setAccessibleName(self.tr("Befreiung"))
        self.exemption_label.setWordWrap(True)
        self.exemption_label.setVisible(False)
        self.start_button = style.button(
            self.tr("Erfassung &starten"), self.tr("Erfassung starten"), default=True
        )
        self.start_button.clicked.connect(self.start)

    def _lay_out(self) -> None:
        status = QGridLayout()
        status.addWidget(self.finger_label, 0, 0, 1, 2)
        status.addWidget(self.attempt_label, 1, 0)
        status.addWidget(self.quality_bar, 2, 0, 1, 2)
        status.addWidget(self.quality_label, 3, 0, 1, 2)
        status.addWidget(self.replacement_label, 4, 0, 1, 2)
        status.addWidget(self.log_label, 5, 0, 1, 2)
        status.setRowStretch(5, 1)
        self.legend_label = QLabel(self.diagram.legend())
        self.legend_label.setAccessibleName(self.tr("Zeichenerklärung"))
        self.legend_label.setWordWrap(True)
        self.legend_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        drawing = QVBoxLayout()
        drawing.addWidget(self.diagram, 1)
        drawing.addWidget(self.legend_label)
        top = QHBoxLayout()
        top.addLayout(drawing, 3)
        top.addLayout(status, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.duplicate_box)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top, 1)
        layout.addWidget(self.exemption_label)
        layout.addWidget(self.duplicate_label)
        layout.addLayout(buttons)

    def _finger_names(self) -> dict[str, str]:
        digits = {
            "thumb": (self.tr("rechter Daumen"), self.tr("linker Daumen")),
            "index": (self.tr("rechter Zeigefinger"), self.tr("linker Zeigefinger")),
            "middle": (self.tr("rechter Mittelfinger"), self.tr("linker Mittelfinger")),
            "ring": (self.tr("rechter Ringfinger"), self.tr("linker Ringfinger")),
            "little": (self.tr("rechter kleiner Finger"), self.tr("linker kleiner Finger")),
        }
        return {
            f"{hand}_{digit}": digits[digit][0 if hand == "right" else 1]
            for hand in HANDS
            for digit in DIGITS
        }

    # --- state --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the sequence runs."""
        return self._running

    @property
    def current_finger(self) -> str | None:
        """The finger asked for now (or last)."""
        return self._current

    def log(self) -> list[str]:
        """The lines of the capture log."""
        return [line for line in self.log_label.text().splitlines() if line]

    # --- the clerk's actions ------------------------------------------------------------

    def start(self) -> None:
        """Ask the worker to run the capture sequence (again)."""
        if self._running or not self.start_button.isEnabled():
            return
        confirm = self.duplicate_box.isVisible() and self.duplicate_box.isChecked()
        self._running = True
        self._current = None
        self._best.clear()
        self.diagram.reset()
        self.quality_bar.setValue(0)
        self.quality_label.clear()
        self.attempt_label.clear()
        self.replacement_label.setVisible(False)
        self.log_label.clear()
        self.duplicate_label.setVisible(False)
        self.duplicate_box.setEnabled(False)
        self.start_button.setEnabled(False)
        self.finger_label.setText(self.tr("Sensor wird vorbereitet …"))
        self.start_requested.emit(confirm)

    # --- answers from the worker ----------------------------------------------------------

    def on_event(self, event: FingerEvent) -> None:
        """Show one step of an attempt."""
        name = self.names.get(event.finger, event.finger)
        if event.state is AttemptState.PLACING:
            self._next_finger(event)
            self.finger_label.setText(self.tr("Bitte auflegen: {0}").format(name))
            self.attempt_label.setText(
                self.tr("Versuch {0} von {1}").format(event.attempt, MAX_ATTEMPTS)
            )
            self.diagram.set_mark(event.finger, FingerMark.CURRENT, self._best.get(event.finger))
            return
        if event.state is AttemptState.FAILED:
            self._add_log(
                self.tr("{0}, Versuch {1}: {2}").format(name, event.attempt, event.message)
            )
            return
        score = event.score or 0
        self._best[event.finger] = max(score, self._best.get(event.finger, 0))
        self.quality_bar.setValue(score)
        verdict = self.tr("ausreichend") if event.enough else self.tr("zu gering")
        self.quality_label.setText(
            self.tr("Qualität {0} – {1} (Mindestwert für diesen Finger: {2})").format(
                score, verdict, event.threshold
            )
        )
        self.diagram.set_mark(event.finger, FingerMark.CURRENT, self._best[event.finger])
        self._add_log(
            self.tr("{0}, Versuch {1}: Qualität {2} ({3})").format(
                name, event.attempt, score, verdict
            )
        )

    def _next_finger(self, event: FingerEvent) -> None:
        previous = self._current
        self._current = event.finger
        if previous is None or previous == event.finger:
            return
        best = self._best.get(previous)
        enough = best is not None and best >= THRESHOLDS[previous.split("_", 1)[1]]
        if previous.split("_", 1)[0] == event.hand and not enough:
            self.diagram.set_mark(previous, FingerMark.REPLACED, best)
            self.replacement_label.setText(
                self.tr("Ersatzfinger: {0} ({1} reichte nicht aus).").format(
                    self.names[event.finger], self.names[previous]
                )
            )
            self.replacement_label.setVisible(True)
        else:
            self.diagram.set_mark(previous, FingerMark.CAPTURED if enough else FingerMark.WEAK,
                                  best)  # fmt: skip

    def show_recorded(self, data: Mapping[str, Any]) -> None:
        """Show the prints the step kept (the step's recorded data)."""
        self._running = False
        fingers: Mapping[str, str] = data.get("fingers", {})
        scores: Mapping[str, int] = data.get("scores", {})
        for hand in HANDS:
            chosen = fingers.get(hand)
            for digit in REPLACEMENT_ORDER:
                code = f"{hand}_{digit}"
                if code == chosen:
                    break
                if code in self._best:
                    self.diagram.set_mark(code, FingerMark.REPLACED, self._best[code])
            if chosen:
                score = int(scores.get(hand, 0))
                enough = score >= THRESHOLDS[chosen.split("_", 1)[1]]
                self.diagram.set_mark(chosen, FingerMark.CAPTURED if enough else FingerMark.WEAK,
                                      score)  # fmt: skip
        kept = ", ".join(
            self.tr("{0} (Qualität {1})").format(self.names[fingers[hand]], scores.get(hand, 0))
            for hand in ("right", "left")
            if hand in fingers
        )
        self.finger_label.setText(self.tr("Fingerabdrücke erfasst: {0}.").format(kept))
        self.attempt_label.clear()
        for warning in data.get("warnings", []):
            self._add_log(translate(str(warning), self._language))
        self.duplicate_box.setVisible(False)
        self.start_button.setEnabled(False)

    def show_failure(self, failure: Failure) -> None:
        """The step stopped: show why and let the clerk capture again."""
        self._running = False
        self.start_button.setEnabled(True)
        self.start_button.setText(self.tr("Erneut &erfassen"))
        self.start_button.setAccessibleName(self.tr("Erneut erfassen"))
        if failure.key == DUPLICATE_KEY:
            self.duplicate_label.setText(failure.message)
            self.duplicate_label.setVisible(True)
            self.duplicate_box.setVisible(True)
            self.duplicate_box.setEnabled(True)
            self.duplicate_box.setChecked(False)
            self.duplicate_box.setFocus()
        else:
            self._add_log(failure.message)
            self.start_button.setFocus()
        self.finger_label.setText(self.tr("Erfassung unterbrochen."))

    def show_exempt(self, reason: str) -> None:
        """No prints are taken for this case (under 6, medical exemption ...)."""
        self._running = False
        self.diagram.reset(FingerMark.SKIPPED)
        self.finger_label.setText(self.tr("Keine Fingerabdrücke."))
        self.exemption_label.setText(reason)
        self.exemption_label.setVisible(True)
        self.start_button.setEnabled(False)

    def _add_log(self, line: str) -> None:
        lines = [*self.log(), line][-8:]  # the last few attempts; the rest is in the case
        self.log_label.setText("\n".join(lines))
