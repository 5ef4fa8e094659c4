"""The main window: unlock screen, case list, certificate dialog and sync indicator, wired."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from koffer.ui.case_model import CaseTableModel
from koffer.ui.cases_page import CasesPage
from koffer.ui.certificate_dialog import CertificateDialog
from koffer.ui.id_card_dialog import IdCardDialog
from koffer.ui.id_card_worker import IdCardWorker
from koffer.ui.sync_indicator import SyncIndicator
from koffer.ui.threads import WorkerThread
from koffer.ui.unlock import UnlockMode, UnlockPage
from koffer.ui.workers import (
    CaseListing,
    CertificateWorker,
    Failure,
    StoreWorker,
    SyncOutcome,
    SyncWorker,
)

AUTO_SYNC_MS = 5 * 60 * 1000
MESSAGE_MS = 15_000


class MainWindow(QMainWindow):
    """The clerk's window over one kit.

    Three workers, each on its own thread, do all store, device and network work: the store
    worker (unlock, case list, lock), the certificate worker (the workflow with card terminal
    and printer) and the sync worker (town hall). The window sends requests through its
    signals and shows the answers; it never calls the store, a device or the network itself.
    """

    check_requested = Signal()
    load_requested = Signal()
    refresh_requested = Signal()  # after background work: does not count as clerk activity
    lock_requested = Signal()
    sync_requested = Signal()
    prepare_requested = Signal()
    cases_refreshed = Signal(int)  # rows now in the model
    sync_finished = Signal(bool)  # whether the town hall was reached
    store_locked = Signal()  # the store worker has dropped the key

    def __init__(self, kit: Any) -> None:
        """Build the window for ``kit`` (an ``app.Kit``) and start its workers."""
        super().__init__()
        self._kit = kit
        settings = kit.settings
        self._language = settings.language
        self._unlocked = False
        self._closing = False
        self._syncing = False
        self._sync_again = False
        self._lock_after_sync = False
        self.certificate_dialog: CertificateDialog | None = None
        self.id_card_dialog: IdCardDialog | None = None
        # Qt appends the application name ("… – Koffer") on X11 and Windows.
        self.setWindowTitle(settings.municipality.office)
        self.resize(1100, 700)

        self.store_worker = StoreWorker(kit.store, self._language)
        self.certificate_worker = CertificateWorker(
            kit.certificate_service(), kit.devices.payment, kit.devices.printer, self._language
        )
        self.sync_worker = SyncWorker(kit)
        self.id_card_worker = IdCardWorker(kit, self._language)

        self.model = CaseTableModel(self)
        self.unlock_page = UnlockPage(
            self._language, settings.security.min_passphrase_length, settings.municipality.office
        )
        self.cases_page = CasesPage(self.model)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlock_page)
        self.pages.addWidget(self.cases_page)
        self.setCentralWidget(self.pages)
        self.sync_indicator = SyncIndicator()
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self.sync_indicator.setVisible(False)
        self._build_actions()

        self.auto_sync = QTimer(self)
        self.auto_sync.setInterval(AUTO_SYNC_MS)
        self.auto_sync.timeout.connect(self.request_sync)

        self._connect_workers()
        # Started last: every connection exists before the first answer can arrive.
        self.worker_threads = [
            WorkerThread("koffer-store", self.store_worker),
            WorkerThread("koffer-certificate", self.certificate_worker),
            WorkerThread("koffer-id-card", self.id_card_worker),
            WorkerThread("koffer-sync", self.sync_worker),
        ]
        self.check_requested.emit()
        self.prepare_requested.emit()

    @property
    def unlocked(self) -> bool:
        """Whether the case list is shown (the store worker has unlocked the store)."""
        return self._unlocked

    @property
    def syncing(self) -> bool:
        """Whether a synchronisation is running on the sync worker."""
        return self._syncing

    # --- construction -------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.new_action = QAction(self.tr("&Neue Meldebescheinigung …"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_certificate)
        self.id_card_action = QAction(self.tr("Neuer &Personalausweis …"), self)
        self.id_card_action.setShortcut(QKeySequence(self.tr("Ctrl+P")))
        self.id_card_action.triggered.connect(self.new_id_card)
        self.sync_action = QAction(self.tr("&Synchronisieren"), self)
        self.sync_action.setShortcut(QKeySequence(self.tr("F5")))
        self.sync_action.triggered.connect(self.request_sync)
        self.lock_action = QAction(self.tr("S&perren"), self)
        self.lock_action.setShortcut(QKeySequence(self.tr("Ctrl+L")))
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(self.tr("&Beenden"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(self.tr("&Koffer"))
        menu.addAction(self.new_action)
        menu.addAction(self.id_card_action)
        menu.addAction(self.sync_action)
        menu.addSeparator()
        menu.addAction(self.lock_action)
        menu.addAction(self.quit_action)
        self.cases_page.new_button.clicked.connect(self.new_certificate)
        self.cases_page.id_card_button.clicked.connect(self.new_id_card)
        self.cases_page.lock_button.clicked.connect(self.lock)
        self.sync_indicator.sync_requested.connect(self.request_sync)
        self._enable_actions()

    def _connect_workers(self) -> None:
        store = self.store_worker
        self.check_requested.connect(store.check)
        self.load_requested.connect(store.load_cases)
        self.refresh_requested.connect(store.refresh_cases)
        self.lock_requested.connect(store.lock)
        self.unlock_page.unlock_requested.connect(store.unlock)
        self.unlock_page.create_requested.connect(store.create)
        store.status_known.connect(self._on_status_known)
        store.unlocked.connect(self._on_unlocked)
        store.unlock_failed.connect(self.unlock_page.show_failure)
        store.cases_loaded.connect(self._on_cases_loaded)
        store.load_failed.connect(self._on_load_failed)
        store.locked.connect(self.store_locked)

        self.prepare_requested.connect(self.sync_worker.prepare)
        self.sync_requested.connect(self.sync_worker.sync)
        self.sync_worker.synced.connect(self._on_synced)
        self.sync_worker.failed.connect(self._on_sync_failed)

    def _enable_actions(self) -> None:
        ready = self._unlocked and self._open_dialog() is None
        for action in (self.new_action, self.id_card_action, self.sync_action, self.lock_action):
            action.setEnabled(ready)

    # --- the clerk's actions ------------------------------------------------------------

    def _open_dialog(self) -> CertificateDialog | IdCardDialog | None:
        return self.certificate_dialog or self.id_card_dialog

    def new_id_card(self) -> IdCardDialog | None:
        """Open the ID-card dialog (window-modal, not blocking the loop)."""
        if not self._unlocked or self._open_dialog() is not None:
            return self.id_card_dialog
        dialog = IdCardDialog(self.id_card_worker, self._language, self)
        dialog.queued.connect(self._on_issued)
        dialog.finished.connect(self._on_dialog_finished)
        self.id_card_dialog = dialog
        self._enable_actions()
        dialog.open()
        return dialog

    def new_certificate(self) -> CertificateDialog | None:
        """Open the registration-certificate dialog (window-modal, not blocking the loop)."""
        if not self._unlocked or self._open_dialog() is not None:
            return self.certificate_dialog
        dialog = CertificateDialog(
            self.certificate_worker,
            self._language,
            self._kit.certificate_service().fee_cents,
            self,
        )
        dialog.issued.connect(self._on_issued)
        dialog.finished.connect(self._on_dialog_finished)
        self.certificate_dialog = dialog
        self._enable_actions()
        dialog.open()
        return dialog

    def request_sync(self) -> None:
        """Synchronise now, or right after the synchronisation that is running."""
        if not self._unlocked or self._closing:
            return
        if self._syncing:
            self._sync_again = True
            return
        self._syncing = True
        self.sync_indicator.set_syncing()
        self.sync_requested.emit()

    def lock(self) -> None:
        """Hide every case and forget the key; the unlock screen asks again."""
        if not self._unlocked or self._open_dialog() is not None:
            return
        self._unlocked = False
        self.auto_sync.stop()
        self.model.clear()
        self.cases_page.set_clerk("")
        self.sync_indicator.setVisible(False)
        self.unlock_page.set_mode(UnlockMode.UNLOCK, self.unlock_page.login.text())
        self.pages.setCurrentWidget(self.unlock_page)
        self.unlock_page.focus_first_empty()
        self._enable_actions()
        if self._syncing:
            self._lock_after_sync = True  # a half-done sync would only be repeated later
        else:
            self.lock_requested.emit()

    # --- answers from the workers -------------------------------------------------------

    def _on_status_known(self, initialised: bool) -> None:
        mode = UnlockMode.UNLOCK if initialised else UnlockMode.FIRST_START
        self.unlock_page.set_mode(mode)

    def _on_unlocked(self, login: str) -> None:
        if self._closing:
            return
        self._unlocked = True
        self._lock_after_sync = False
        self.unlock_page.reset()
        self.cases_page.set_clerk(login)
        self.pages.setCurrentWidget(self.cases_page)
        self.sync_indicator.setVisible(True)
        self.cases_page.new_button.setFocus()
        self._enable_actions()
        self.load_requested.emit()
        self.request_sync()
        self.auto_sync.start()

    def _on_cases_loaded(self, listing: CaseListing) -> None:
        if not self._unlocked or self._closing:
            return  # read before the clerk locked: no names back on screen
        self.model.set_cases(listing.cases)
        self.sync_indicator.set_queued(listing.queued, listing.failed)
        self.cases_refreshed.emit(len(listing.cases))

    def _on_load_failed(self, failure: Failure) -> None:
        if failure.key == "error.store_locked":  # the store locked itself when idle
            self.lock()
        elif self._unlocked and not self._closing:
            self.statusBar().showMessage(failure.message, MESSAGE_MS)

    def _on_issued(self, _case_id: str, _reference: str) -> None:
        self.load_requested.emit()
        self.request_sync()

    def _on_dialog_finished(self) -> None:
        self.certificate_dialog = None
        self.id_card_dialog = None
        self._enable_actions()
        if self._unlocked and not self._closing:
            self.load_requested.emit()  # an unfinished case shows up too
            self.cases_page.table.setFocus()

    def _on_synced(self, outcome: SyncOutcome) -> None:
        self.sync_indicator.set_synced(outcome)
        if outcome.failed:
            reasons = "; ".join(f"{ref}: {reason}" for ref, reason in outcome.failed)
            self.statusBar().showMessage(
                self.tr("Nicht übermittelt: {0}").format(reasons), MESSAGE_MS
            )
        self._sync_done(reached=True)

    def _on_sync_failed(self, failure: Failure) -> None:
        if self._unlocked:
            self.sync_indicator.set_failed(failure)
            self.statusBar().showMessage(failure.message, MESSAGE_MS)
        self._sync_done(reached=False)

    def _sync_done(self, reached: bool) -> None:
        self._syncing = False
        if self._closing:
            return
        if self._lock_after_sync:
            self._lock_after_sync = False
            self.lock_requested.emit()
        if self._unlocked:
            self.refresh_requested.emit()
        self.sync_finished.emit(reached)
        if self._sync_again:
            self._sync_again = False
            self.request_sync()

    # --- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse while a device step runs; otherwise stop the workers and close."""
        dialog = self._open_dialog()
        if dialog is not None and dialog.busy:
            self.statusBar().showMessage(
                self.tr("Bitte warten, bis der laufende Schritt abgeschlossen ist."), MESSAGE_MS
            )
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop every worker thread, waiting for the step each may be running (idempotent)."""
        if self._closing:
            return
        self._closing = True
        self.auto_sync.stop()
        for dialog in (self.certificate_dialog, self.id_card_dialog):
            if dialog is not None:
                dialog.reject()
        for thread in self.worker_threads:
            thread.stop()
