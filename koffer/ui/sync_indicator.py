"""Status-bar widget: town hall reachable or not, cases waiting, last synchronisation."""

from __future__ import annotations

import enum
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from koffer.ui import style
from koffer.ui.workers import Failure, SyncOutcome


class Connection(enum.Enum):
    """What the kit knows about its link to the town hall."""

    UNKNOWN = "unknown"
    SYNCING = "syncing"
    ONLINE = "online"
    OFFLINE = "offline"


class SyncIndicator(QWidget):
    """Shows the town-hall link and offers "Synchronisieren"; the window runs the sync."""

    sync_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """Start as "not yet synchronised" with an empty queue."""
        super().__init__(parent)
        self.connection = Connection.UNKNOWN
        self.last_sync: datetime | None = None
        self.queued = 0

        self.state_label = QLabel()
        self.state_label.setAccessibleName(self.tr("Verbindung zum Rathaus"))
        self.queue_label = QLabel()
        self.queue_label.setAccessibleName(self.tr("Warteschlange"))
        self.last_label = QLabel()
        self.last_label.setObjectName("muted")
        self.last_label.setAccessibleName(self.tr("Letzte Synchronisation"))
        self.sync_button = QPushButton(self.tr("&Synchronisieren"))
        self.sync_button.setAccessibleName(self.tr("Jetzt synchronisieren"))
        self.sync_button.setToolTip(self.tr("Wartende Vorgänge jetzt ans Rathaus übermitteln"))
        self.sync_button.clicked.connect(self.sync_requested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(self.state_label)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.last_label)
        layout.addWidget(self.sync_button)
        self._show()

    def set_queued(self, queued: int, failed: int = 0) -> None:
        """Show how many cases wait for the town hall (``failed`` of them after an error)."""
        self.queued = queued
        if failed:
            text = self.tr("Warteschlange: {0} ({1} mit Fehler)").format(queued, failed)
        else:
            text = self.tr("Warteschlange: {0}").format(queued)
        self.queue_label.setText(text)

    def set_syncing(self) -> None:
        """A synchronisation has started."""
        self.connection = Connection.SYNCING
        self._show()

    def set_synced(self, outcome: SyncOutcome) -> None:
        """A synchronisation reached the town hall."""
        self.connection = Connection.ONLINE
        self.last_sync = outcome.finished_at
        self.state_label.setToolTip("")
        self._show()

    def set_failed(self, failure: Failure) -> None:
        """The town hall could not be reached (or refused); cases stay queued."""
        self.connection = Connection.OFFLINE
        self.state_label.setToolTip(failure.message)
        self._show()

    def restyle(self) -> None:
        """Draw again after the theme changed."""
        self._show()

    def _show(self) -> None:
        texts = {
            Connection.UNKNOWN: (self.tr("○ Noch nicht verbunden"), style.MUTED_COLOUR),
            Connection.SYNCING: (self.tr("● Synchronisiere …"), style.MUTED_COLOUR),
            Connection.ONLINE: (self.tr("● Online"), style.OK_COLOUR),
            Connection.OFFLINE: (self.tr("● Offline"), style.ERROR_COLOUR),
        }
        text, colour = texts[self.connection]
        self.state_label.setText(text)
        # High contrast keeps white on black; the mark and the word carry the state anyway.
        self.state_label.setStyleSheet(
            "font-weight: bold;"
            if style.high_contrast_on()
            else f"color: {colour}; font-weight: bold;"
        )
        self.sync_button.setEnabled(self.connection is not Connection.SYNCING)
        if self.last_sync is None:
            self.last_label.setText(self.tr("Noch nie synchronisiert"))
        else:
            local = self.last_sync.astimezone()
            same_day = local.date() == datetime.now().astimezone().date()
            when = local.strftime("%H:%M:%S" if same_day else "%d.%m.%Y %H:%M")
            self.last_label.setText(self.tr("Zuletzt synchronisiert: {0}").format(when))
        if not self.queue_label.text():
            self.set_queued(self.queued)
