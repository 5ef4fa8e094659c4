"""The signature page: the citizen signs in the field (mouse, finger, pen tablet).

The field passes its pen events on to a signature pad fed by the UI (``signing_field``,
given by the worker): the kit's pad itself when the kit signs with a pen tablet or touch
screen (``signature_pad = "ui"``), else a pad for the screen alone. "Übernehmen" confirms on
that pad, and the worker's ``capture`` on it returns the strokes, which the workflow turns
into the 900 x 132 document image. Nothing is recorded before that. With the simulated pad
the clerk may also take the signature from the kit's pad: it is shown in the field and
confirmed the same way.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from koffer.devices.signature_pad.interface import PenInput, Signature
from koffer.ui import style
from koffer.ui.capture.signature_pad import SignaturePadWidget
from koffer.ui.workers import Failure


class SignaturePage(QWidget):
    """Signature field with clear, the kit's pad as an alternative, and accept."""

    accepted = Signal(object)  # Signature
    device_requested = Signal()  # sign on the kit's signature pad instead

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        signing_field: PenInput | None = None,
        separate_pad: bool = True,
    ) -> None:
        """Build the page.

        Args:
            parent: The parent widget.
            signing_field: The pad the field's pen events go to (confirmed on "Übernehmen").
            separate_pad: Whether the kit has a pad apart from the field to sign on; when
                the field is the kit's pad, the button for it is not shown.
        """
        super().__init__(parent)
        self.setAccessibleName(self.tr("Unterschrift"))
        self._busy = False
        self._separate_pad = separate_pad
        self.instructions = QLabel(
            self.tr(
                "Bitte im Feld unterschreiben – mit der Maus, dem Finger oder dem Stift – "
                "oder auf dem Unterschriftenpad."
            )
        )
        self.instructions.setWordWrap(True)
        self.pad = SignaturePadWidget()
        self.pad.set_pen_input(signing_field)
        self.pad.changed.connect(self._update_buttons)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Stand der Unterschrift"))
        self.status_label.setWordWrap(True)
        self.clear_button = style.button(self.tr("&Löschen"), self.tr("Unterschrift löschen"))
        self.clear_button.clicked.connect(self.pad.clear)
        self.device_button = style.button(
            self.tr("Am &Unterschriftenpad"), self.tr("Am Unterschriftenpad unterschreiben")
        )
        self.device_button.clicked.connect(self.request_device)
        self.device_button.setVisible(separate_pad)  # else the field is the kit's pad
        self.accept_button = style.button(
            self.tr("Unterschrift ü&bernehmen"), self.tr("Unterschrift übernehmen"), default=True
        )
        self.accept_button.clicked.connect(self.accept_signature)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.device_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.instructions)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self._update_buttons()

    def begin(self) -> None:
        """Start with an empty field and the focus on it."""
        self._busy = False
        self.pad.clear()
        self.status_label.clear()
        self._update_buttons()
        self.pad.setFocus()

    def accept_signature(self) -> None:
        """Hand the strokes on."""
        if self._busy or self.pad.empty:
            return
        self._set_busy(True)
        self.status_label.setText(self.tr("Unterschrift wird übernommen …"))
        if self.pad.pen_input is not None:
            self.pad.pen_input.confirm()  # the worker's capture on it returns these strokes
        self.accepted.emit(self.pad.signature())

    def request_device(self) -> None:
        """Let the citizen sign on the kit's pad (when it is not the field itself)."""
        if self._busy or not self._separate_pad:
            return
        self._set_busy(True)
        self.status_label.setText(self.tr("Bitte auf dem Unterschriftenpad unterschreiben …"))
        self.device_requested.emit()

    def show_device_signature(self, signature: Signature) -> None:
        """Show what was signed on the kit's pad, to be accepted or cleared."""
        self._set_busy(False)
        self.pad.set_signature(signature)
        self.status_label.setText(self.tr("Unterschrift vom Pad – bitte prüfen und übernehmen."))
        self.accept_button.setFocus()

    def show_failure(self, failure: Failure) -> None:
        """Signing failed (nothing signed, pad not answering): show it; the field stays."""
        self._set_busy(False)
        self.status_label.setText(failure.message)
        self.pad.replay()  # the pad gets the strokes still shown, to be accepted again
        self.pad.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.pad.setEnabled(not self._busy)
        self.clear_button.setEnabled(not self._busy and not self.pad.empty)
        self.device_button.setEnabled(not self._busy)
        self.accept_button.setEnabled(not self._busy and not self.pad.empty)
