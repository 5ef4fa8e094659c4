"""The dashboard, shown after unlocking: the day, unfinished cases, the queue and the devices."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.storage.repository import OutboxState
from koffer.ui import labels, style
from koffer.workflows.overview import APPOINTMENT, DayOverview, ScheduleItem

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class DeviceBar(QWidget):
    """One entry per device kind: its name, a mark and a word for its state."""

    def __init__(self, columns: int = 2, parent: QWidget | None = None) -> None:
        """Start with every device unknown until the device worker answers."""
        super().__init__(parent)
        self.setAccessibleName(self.tr("Geräte"))
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(18)
        self.entries: dict[str, QLabel] = {}
        for index, kind in enumerate(DeviceKind):
            label = QLabel()
            label.setAccessibleName(labels.device_name(str(kind)))
            self.entries[str(kind)] = label
            layout.addWidget(label, index // columns, index % columns)
        self.states: dict[str, DeviceState | None] = dict.fromkeys(self.entries)
        self._show()

    def set_infos(self, infos: tuple[DeviceInfo, ...]) -> None:
        """Show what the devices answered."""
        for info in infos:
            kind = str(info.kind)
            if kind not in self.entries:
                continue
            self.states[kind] = info.state
            label = self.entries[kind]
            tip = f"{info.backend} {info.model}" + (f": {info.detail}" if info.detail else "")
            label.setToolTip(tip)
            label.setAccessibleDescription(tip)
        self._show()

    def _show(self) -> None:
        for kind, label in self.entries.items():
            state = self.states[kind]
            word = (
                labels.device_state_name(str(state))
                if state is not None
                else self.tr("? wird geprüft")
            )
            label.setText(f"{labels.device_name(kind)}: {word}")
            colour = (
                style.MUTED_COLOUR
                if state is None
                else style.OK_COLOUR
                if state is DeviceState.READY
                else style.ERROR_COLOUR
            )
            label.setStyleSheet("" if style.high_contrast_on() else f"color: {colour};")


class DashboardPage(QWidget):
    """What the clerk sees first: the day's plan and everything that needs attention."""

    resume_requested = Signal(str)  # case id of an unfinished case
    review_requested = Signal(str)  # case id to show the citizen
    sync_requested = Signal()
    queue_requested = Signal()  # show the sync page
    devices_requested = Signal()  # ask the devices again
    new_certificate_requested = Signal()
    new_id_card_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the page empty; ``set_overview`` and ``set_devices`` fill it."""
        super().__init__(parent)
        self.overview: DayOverview | None = None
        heading = QLabel(self.tr("Übersicht"))
        heading.setFont(style.heading_font(self.font()))
        self.day_label = QLabel()
        self.day_label.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.day_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        self.new_certificate_button = style.button(
            self.tr("Neue Meldebescheinigung"), self.tr("Neue Meldebescheinigung")
        )
        self.new_certificate_button.setObjectName("primary")
        self.new_certificate_button.setToolTip(
            self.tr("Eine Meldebescheinigung ausstellen (Strg+N)")
        )
        self.new_certificate_button.clicked.connect(self.new_certificate_requested)
        self.new_id_card_button = style.button(
            self.tr("Neuer Personalausweis"), self.tr("Neuer Personalausweis")
        )
        self.new_id_card_button.setToolTip(self.tr("Einen Personalausweis beantragen (Strg+P)"))
        self.new_id_card_button.clicked.connect(self.new_id_card_requested)
        top.addWidget(self.new_certificate_button)
        top.addWidget(self.new_id_card_button)

        grid = QGridLayout()
        grid.addWidget(self._build_day(), 0, 0)
        grid.addWidget(self._build_drafts(), 0, 1)
        grid.addWidget(self._build_queue(), 1, 0)
        grid.addWidget(self._build_devices(), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        for first, second in (
            (self.new_certificate_button, self.new_id_card_button),
            (self.new_id_card_button, self.schedule),
            (self.schedule, self.drafts),
            (self.drafts, self.resume_button),
            (self.resume_button, self.review_button),
            (self.review_button, self.sync_button),
            (self.sync_button, self.queue_button),
            (self.queue_button, self.devices_button),
        ):
            QWidget.setTabOrder(first, second)
        self.clear()

    # --- building ---------------------------------------------------------------------

    def _build_day(self) -> QGroupBox:
        box = QGroupBox(self.tr("Heute"))
        self.schedule = QListWidget()
        self.schedule.setAccessibleName(self.tr("Termine und Sprechtage heute"))
        self.cases_today = QLabel()
        self.cases_today.setAccessibleName(self.tr("Vorgänge heute"))
        self.schedule_source = QLabel()
        self.schedule_source.setObjectName("muted")
        self.schedule_source.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(self.schedule, 1)
        layout.addWidget(self.cases_today)
        layout.addWidget(self.schedule_source)
        return box

    def _build_drafts(self) -> QGroupBox:
        box = QGroupBox(self.tr("Offene Vorgänge"))
        self.drafts = QListWidget()
        self.drafts.setAccessibleName(self.tr("Offene Vorgänge zum Fortsetzen"))
        self.drafts.itemActivated.connect(self._resume_item)
        self.drafts.currentItemChanged.connect(lambda *_: self._enable())
        self.resume_button = style.button(self.tr("&Fortsetzen"), self.tr("Vorgang fortsetzen"))
        self.resume_button.setToolTip(self.tr("Den gewählten Vorgang in der Liste öffnen"))
        self.resume_button.clicked.connect(lambda: self._emit_selected(self.resume_requested))
        self.review_button = style.button(
            self.tr("&Bürgeransicht"), self.tr("Bürgeransicht öffnen")
        )
        self.review_button.setToolTip(
            self.tr("Die Angaben des gewählten Vorgangs der Bürgerin oder dem Bürger zeigen")
        )
        self.review_button.clicked.connect(lambda: self._emit_selected(self.review_requested))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.review_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.drafts, 1)
        layout.addLayout(buttons)
        return box

    def _build_queue(self) -> QGroupBox:
        box = QGroupBox(self.tr("Übermittlung"))
        self.connection_label = QLabel()
        self.connection_label.setAccessibleName(self.tr("Verbindung zum Rathaus"))
        self.queue_label = QLabel()
        self.queue_label.setAccessibleName(self.tr("Warteschlange"))
        self.queue_label.setWordWrap(True)
        self.last_sync_label = QLabel()
        self.last_sync_label.setAccessibleName(self.tr("Letzte Synchronisation"))
        self.sync_button = style.button(
            self.tr("Jetzt &synchronisieren"), self.tr("Jetzt synchronisieren")
        )
        self.sync_button.clicked.connect(self.sync_requested)
        self.queue_button = style.button(
            self.tr("&Warteschlange ansehen"), self.tr("Warteschlange ansehen")
        )
        self.queue_button.clicked.connect(self.queue_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.queue_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.connection_label)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.last_sync_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _build_devices(self) -> QGroupBox:
        box = QGroupBox(self.tr("Geräte"))
        self.device_bar = DeviceBar()
        self.devices_button = style.button(
            self.tr("Geräte &prüfen"), self.tr("Geräte erneut prüfen")
        )
        self.devices_button.clicked.connect(self.devices_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.devices_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.device_bar)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return box

    # --- content ------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget everything shown (on locking: no names stay on screen)."""
        self.overview = None
        self.schedule.clear()
        self.drafts.clear()
        self.day_label.setText("")
        self.cases_today.setText("")
        self.schedule_source.setText("")
        self.queue_label.setText("")
        self.set_connection(None, "")
        self._enable()

    def set_overview(self, day: DayOverview) -> None:
        """Show the day the store worker read."""
        self.overview = day
        self.day_label.setText(day.day.strftime("%d.%m.%Y"))
        self._show_schedule(day.schedule)
        if day.schedule_fetched_at is None:
            self.schedule_source.setText(
                self.tr("Der Plan des Rathauses wird bei der nächsten Synchronisation geholt.")
            )
        else:
            self.schedule_source.setText(
                self.tr("Plan vom Rathaus, Stand {0}").format(
                    labels.local_time(day.schedule_fetched_at)
                )
            )
        self.cases_today.setText(self.tr("Heute angelegte Vorgänge: {0}").format(day.cases_today))
        selected = self.selected_case()
        self.drafts.clear()
        for case in day.drafts:
            text = f"{case.reference} · {case.citizen} · {labels.service_name(case.service)} · " + (
                labels.state_name(case.state)
            )
            item = QListWidgetItem(text)
            item.setData(CASE_ID_ROLE, case.id)
            self.drafts.addItem(item)
            if case.id == selected:
                self.drafts.setCurrentItem(item)
        if not day.drafts:
            hint = QListWidgetItem(self.tr("Keine offenen Vorgänge."))
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.drafts.addItem(hint)
        dead = day.outbox.get(OutboxState.DEAD, 0)
        failed = day.outbox.get(OutboxState.FAILED, 0)
        text = self.tr("Warten auf das Rathaus: {0}").format(day.waiting)
        if failed:
            text += self.tr(" (davon {0} nach einem Fehler)").format(failed)
        if dead:
            text += self.tr("; aufgegeben: {0}").format(dead)
        self.queue_label.setText(text)
        self._show_last_sync(day.last_sync)
        self._enable()

    def _show_schedule(self, schedule: tuple[ScheduleItem, ...]) -> None:
        self.schedule.clear()
        for item in schedule:
            kind = self.tr("Termin") if item.kind == APPOINTMENT else self.tr("Sprechtag")
            when = ""
            if item.starts_at is not None:
                when = item.starts_at.strftime("%H:%M")
                if item.ends_at is not None:
                    when += "–" + item.ends_at.strftime("%H:%M")
                when += " "
            text = f"{when}{kind}: {item.place}" + (f" ({item.note})" if item.note else "")
            self.schedule.addItem(text)
        if not schedule:
            hint = QListWidgetItem(self.tr("Für heute ist nichts geplant."))
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.schedule.addItem(hint)

    def _show_last_sync(self, last: datetime | None) -> None:
        if last is None:
            self.last_sync_label.setText(self.tr("Noch nie synchronisiert"))
        else:
            self.last_sync_label.setText(
                self.tr("Zuletzt synchronisiert: {0}").format(labels.local_time(last))
            )

    def restyle(self) -> None:
        """Draw the state colours again after the theme changed."""
        self.device_bar.set_infos(())
        self.set_connection(*self._connection)

    def set_connection(self, online: bool | None, detail: str) -> None:
        """Show whether the town hall answered at the last try (None: not tried yet)."""
        self._connection = (online, detail)
        if online is None:
            text, colour = self.tr("○ Noch nicht verbunden"), style.MUTED_COLOUR
        elif online:
            text, colour = self.tr("● Online"), style.OK_COLOUR
        else:
            text, colour = self.tr("✗ Offline"), style.ERROR_COLOUR
        self.connection_label.setText(text + (f" – {detail}" if detail else ""))
        self.connection_label.setStyleSheet(
            "" if style.high_contrast_on() else f"color: {colour}; font-weight: bold;"
        )

    def set_syncing(self, syncing: bool) -> None:
        """Disable "sync now" while a synchronisation runs."""
        self.sync_button.setEnabled(not syncing)
        if syncing:
            self.connection_label.setText(self.tr("● Synchronisiere …"))

    def set_devices(self, infos: tuple[DeviceInfo, ...]) -> None:
        """Show the devices' answers."""
        self.device_bar.set_infos(infos)

    # --- selection ----------------------------------------------------------------------

    def selected_case(self) -> str:
        """The id of the unfinished case selected, or ""."""
        item = self.drafts.currentItem()
        value = item.data(CASE_ID_ROLE) if item is not None else None
        return str(value) if value else ""

    def _enable(self) -> None:
        chosen = bool(self.selected_case())
        self.resume_button.setEnabled(chosen)
        self.review_button.setEnabled(chosen)

    def _emit_selected(self, signal: Signal) -> None:
        case_id = self.selected_case()
        if case_id:
            signal.emit(case_id)

    def _resume_item(self, item: QListWidgetItem) -> None:
        value = item.data(CASE_ID_ROLE)
        if value:
            self.resume_requested.emit(str(value))
