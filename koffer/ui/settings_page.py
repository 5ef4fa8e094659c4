"""The settings page: device backends, printer queue, language, text size and contrast.

Saved into the kit's TOML settings file by the settings worker. Text size and contrast change
at once; devices and language take effect at the next start, as the kit is built then.
"""

from __future__ import annotations

import itertools
import typing
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from koffer.devices.base import DeviceKind
from koffer.settings import DeviceSettings, KofferSettings
from koffer.ui import i18n, labels, style

DEFAULT_QUEUE = ""


def backend_choices(kind: str) -> tuple[str, ...]:
    """The backends the settings allow for a device kind."""
    return tuple(
        str(choice) for choice in typing.get_args(DeviceSettings.model_fields[kind].annotation)
    )


class SettingsPage(QWidget):
    """Shows the current settings and sends the changed ones to the settings worker."""

    save_requested = Signal(object)  # dict of changes, nested like the TOML file
    queues_requested = Signal()
    appearance_changed = Signal(int, bool)  # font scale, high contrast (after saving)

    def __init__(self, settings: KofferSettings, parent: QWidget | None = None) -> None:
        """Build the form filled with ``settings``."""
        super().__init__(parent)
        self._settings = settings
        self._pending: dict[str, Any] = {}
        heading = QLabel(self.tr("Einstellungen"))
        heading.setFont(style.heading_font(self.font()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(heading)
        row = QHBoxLayout()
        row.addWidget(self._build_devices(), 1)
        row.addWidget(self._build_screen(), 1)
        layout.addLayout(row)
        self.note = QLabel(
            self.tr(
                "Textgröße und Kontrast gelten sofort; Geräte und Sprache ab dem nächsten "
                "Start des Koffers."
            )
        )
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.error_label = style.error_label(self.tr("Fehlermeldung"))
        self.done_label = style.done_label(self.tr("Ergebnis"))
        self.save_button = style.button(self.tr("&Speichern"), self.tr("Einstellungen speichern"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.save_button)
        layout.addWidget(self.error_label)
        layout.addWidget(self.done_label)
        layout.addStretch(1)
        layout.addLayout(bottom)
        order = [
            *self.backends.values(),
            self.queue,
            self.queues_button,
            self.language,
            self.font_scale,
            self.high_contrast,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # --- building ---------------------------------------------------------------------

    def _build_devices(self) -> QGroupBox:
        box = QGroupBox(self.tr("Geräte"))
        form = QFormLayout(box)
        self.backends: dict[str, QComboBox] = {}
        names = {"sim": self.tr("Simulator")}
        current = self._settings.devices
        for kind in DeviceKind:
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Anbindung: {0}").format(labels.device_name(kind)))
            for choice in backend_choices(str(kind)):
                combo.addItem(names.get(choice, choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(getattr(current, str(kind)))))
            self.backends[str(kind)] = combo
            label = QLabel(labels.device_name(kind) + ":")
            label.setBuddy(combo)
            form.addRow(label, combo)
        self.queue = QComboBox()
        self.queue.setAccessibleName(self.tr("Druckerwarteschlange"))
        self.queue.addItem(self.tr("Standard-Warteschlange von CUPS"), DEFAULT_QUEUE)
        if current.printer_queue:
            self.queue.addItem(current.printer_queue, current.printer_queue)
            self.queue.setCurrentIndex(1)
        self.queues_button = style.button(
            self.tr("Warteschlangen &abrufen"), self.tr("CUPS-Warteschlangen abrufen")
        )
        self.queues_button.clicked.connect(self.queues_requested)
        queue_row = QHBoxLayout()
        queue_row.addWidget(self.queue, 1)
        queue_row.addWidget(self.queues_button)
        queue_label = QLabel(self.tr("Drucker-&Warteschlange:"))
        queue_label.setBuddy(self.queue)
        form.addRow(queue_label, queue_row)
        self.queue_status = QLabel()
        self.queue_status.setObjectName("muted")
        self.queue_status.setWordWrap(True)
        form.addRow(self.queue_status)
        return box

    def _build_screen(self) -> QGroupBox:
        box = QGroupBox(self.tr("Bildschirm"))
        form = QFormLayout(box)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Sprache der Sachbearbeitung"))
        for code in i18n.CLERK_LANGUAGES:
            self.language.addItem(i18n.ENDONYMS[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(self._settings.language)))
        self.font_scale = QComboBox()
        self.font_scale.setAccessibleName(self.tr("Textgröße"))
        for scale in style.FONT_SCALES:
            self.font_scale.addItem(f"{scale} %", scale)
        self.font_scale.setCurrentIndex(
            max(0, self.font_scale.findData(self._settings.ui.font_scale))
        )
        self.high_contrast = QCheckBox(self.tr("&Hoher Kontrast (weiß auf schwarz)"))
        self.high_contrast.setAccessibleName(self.tr("Hoher Kontrast"))
        self.high_contrast.setChecked(self._settings.ui.high_contrast)
        for text, widget in (
            (self.tr("S&prache:"), self.language),
            (self.tr("&Textgröße:"), self.font_scale),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.high_contrast)
        return box

    # --- actions ------------------------------------------------------------------------

    def changes(self) -> dict[str, Any]:
        """The settings as chosen on the page, nested like the TOML file."""
        devices: dict[str, Any] = {
            kind: combo.currentData() for kind, combo in self.backends.items()
        }
        devices["printer_queue"] = self.queue.currentData() or DEFAULT_QUEUE
        return {
            "language": self.language.currentData(),
            "devices": devices,
            "ui": {
                "font_scale": int(self.font_scale.currentData()),
                "high_contrast": self.high_contrast.isChecked(),
            },
        }

    def save(self) -> None:
        """Send the chosen settings to the settings worker."""
        self.error_label.setVisible(False)
        self.done_label.setVisible(False)
        self._pending = self.changes()
        self.save_button.setEnabled(False)
        self.save_requested.emit(self._pending)

    def show_saved(self, path: str) -> None:
        """The worker wrote the file: apply text size and contrast now."""
        self.save_button.setEnabled(True)
        self.done_label.setText(self.tr("Gespeichert in {0}").format(path))
        self.done_label.setVisible(True)
        ui = self._pending.get("ui", {})
        self.appearance_changed.emit(int(ui.get("font_scale", 100)), bool(ui.get("high_contrast")))

    def show_failure(self, message: str) -> None:
        """The worker could not write the file; nothing changed."""
        self.save_button.setEnabled(True)
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def set_queues(self, names: tuple[str, ...]) -> None:
        """Offer the CUPS queues found (keeping the chosen one)."""
        chosen = self.queue.currentData()
        self.queue.clear()
        self.queue.addItem(self.tr("Standard-Warteschlange von CUPS"), DEFAULT_QUEUE)
        for name in names:
            self.queue.addItem(name, name)
        index = self.queue.findData(chosen)
        if index < 0 and chosen:
            self.queue.addItem(self.tr("{0} (nicht gefunden)").format(chosen), chosen)
            index = self.queue.count() - 1
        self.queue.setCurrentIndex(max(0, index))
        self.queue_status.setText(self.tr("{0} Warteschlangen gefunden.").format(len(names)))

    def show_queue_failure(self, message: str) -> None:
        """CUPS could not be asked."""
        self.queue_status.setText(message)
