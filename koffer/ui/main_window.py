"""The main window: unlock screen, then dashboard, cases, sync, settings and kit check.

After unlocking, the clerk lands on the dashboard; the other screens are tabs (Ctrl+1 to
Ctrl+5). The citizen's review screen is a second top-level window.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from PySide6.QtCore import QModelIndex, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QTabWidget

from koffer.startup import StartupView
from koffer.ui import style
from koffer.ui.kit_start import KitStart
from koffer.ui.sync_indicator import SyncIndicator
from koffer.ui.threads import WorkerThread
from koffer.ui.unlock import UnlockMode, UnlockPage
from koffer.ui.workers import CaseListing, Failure, StoreWorker, SyncOutcome

if TYPE_CHECKING:
    from koffer.devices.base import DeviceInfo
    from koffer.ui.case_model import CaseTableModel
    from koffer.ui.cases_page import CasesPage
    from koffer.ui.certificate_dialog import CertificateDialog
    from koffer.ui.certification_dialog import CertificationDialog
    from koffer.ui.certification_worker import CertificationWorker
    from koffer.ui.citizen_review import CitizenReviewWindow
    from koffer.ui.dashboard import DashboardPage
    from koffer.ui.id_card_dialog import IdCardDialog
    from koffer.ui.id_card_worker import IdCardWorker
    from koffer.ui.kit_check_page import KitCheckPage
    from koffer.ui.kit_workers import CheckReport, DeviceWorker, KitCheckWorker, SettingsWorker
    from koffer.ui.registration_dialog import RegistrationDialog
    from koffer.ui.registration_worker import RegistrationWorker
    from koffer.ui.settings_page import SettingsPage
    from koffer.ui.sync_page import SyncPage
    from koffer.ui.workers import CertificateWorker, SyncWorker
    from koffer.workflows.overview import DayOverview, OutboxLine, ReviewSheet

AUTO_SYNC_MS = 5 * 60 * 1000
DEVICE_POLL_MS = 30_000
MESSAGE_MS = 15_000

# What the workspace and the dialogs import (devices with OpenCV, the workflows with
# ReportLab, the sync client): loaded on a worker thread while the clerk types the passphrase,
# so that the unlock screen does not wait for them.
WORKSPACE_MODULES = (
    "koffer.ui.case_model",
    "koffer.ui.cases_page",
    "koffer.ui.dashboard",
    "koffer.ui.sync_page",
    "koffer.ui.settings_page",
    "koffer.ui.kit_check_page",
    "koffer.ui.kit_workers",
    "koffer.ui.id_card_worker",
    "koffer.ui.registration_worker",
    "koffer.ui.certification_worker",
    "koffer.ui.certificate_dialog",
    "koffer.ui.id_card_dialog",
    "koffer.ui.registration_dialog",
    "koffer.ui.certification_dialog",
    "koffer.ui.citizen_review",
    "koffer.workflows.connectivity",
    "koffer.workflows.services",
)

_Part = TypeVar("_Part")


class _WorkspacePart(Generic[_Part]):
    """A page or worker of the unlocked workspace: built with it, at the latest when used."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._attribute = f"_{name}"

    def __get__(self, window: MainWindow | None, owner: type | None = None) -> _Part:
        if window is None:
            return cast("_Part", self)
        window.build_workspace()
        return cast("_Part", getattr(window, self._attribute))


class ModuleLoader(QObject):
    """Imports modules on its thread, so that the GUI thread later finds them loaded."""

    loaded = Signal()

    def __init__(self, modules: tuple[str, ...]) -> None:
        """Load ``modules`` when ``load`` is called."""
        super().__init__()
        self._modules = modules
        self._cancelled = False

    def cancel(self) -> None:
        """Stop after the module being imported (callable from any thread)."""
        self._cancelled = True

    @Slot()
    def load(self) -> None:
        """Import every module (a module that fails is left to its first real use)."""
        for name in self._modules:
            if self._cancelled:
                return
            try:
                importlib.import_module(name)
            except ImportError:
                continue
        self.loaded.emit()


class MainWindow(QMainWindow):
    """The clerk's window over one kit.

    Workers, each on its own thread, do all store, device, file and network work: the store
    worker (unlock, lists, lock), the certificate and ID-card workers (the workflows with
    their devices), the sync worker (town hall), the device worker (health, CUPS queues), the
    settings worker (the TOML file) and the kit-check worker. The window sends requests
    through its signals and shows the answers; it never calls the store, a device, a file or
    the network itself.

    Only the unlock screen and the store worker are built at once. The workspace (its pages
    and the other workers) is built once its modules have been loaded on a worker thread
    after the unlock screen is ready, or when the clerk unlocks or a part is used first.
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
    overview_requested = Signal()
    outbox_requested = Signal()
    review_requested = Signal(str)  # case id
    review_answer = Signal(str, bool)  # case id, confirmed: to the store worker
    devices_requested = Signal()
    queues_requested = Signal()
    overview_refreshed = Signal()  # the dashboard shows a fresh day
    outbox_refreshed = Signal(int)  # entries on the sync page
    devices_refreshed = Signal()
    review_opened = Signal(str)  # case id shown to the citizen
    review_answered = Signal(str, bool)  # the citizen's answer, recorded
    workspace_built = Signal()
    modules_requested = Signal()  # the workspace's modules, to the loader

    model: _WorkspacePart[CaseTableModel] = _WorkspacePart()
    workspace: _WorkspacePart[QTabWidget] = _WorkspacePart()
    dashboard: _WorkspacePart[DashboardPage] = _WorkspacePart()
    cases_page: _WorkspacePart[CasesPage] = _WorkspacePart()
    sync_page: _WorkspacePart[SyncPage] = _WorkspacePart()
    settings_page: _WorkspacePart[SettingsPage] = _WorkspacePart()
    kit_check_page: _WorkspacePart[KitCheckPage] = _WorkspacePart()
    certificate_worker: _WorkspacePart[CertificateWorker] = _WorkspacePart()
    sync_worker: _WorkspacePart[SyncWorker] = _WorkspacePart()
    id_card_worker: _WorkspacePart[IdCardWorker] = _WorkspacePart()
    registration_worker: _WorkspacePart[RegistrationWorker] = _WorkspacePart()
    certification_worker: _WorkspacePart[CertificationWorker] = _WorkspacePart()
    device_worker: _WorkspacePart[DeviceWorker] = _WorkspacePart()
    settings_worker: _WorkspacePart[SettingsWorker] = _WorkspacePart()
    kit_check_worker: _WorkspacePart[KitCheckWorker] = _WorkspacePart()

    def __init__(self, kit: Any) -> None:
        """Build the window and start its store worker.

        ``kit`` is an ``app.Kit``, or a :class:`KitStart` whose kit the store worker builds
        on its thread while the unlock screen already takes the clerk's input.
        """
        super().__init__()
        self._start = kit if isinstance(kit, KitStart) else KitStart.ready(kit)
        self._kit: Any = self._start.kit  # None until the store worker has built it
        view = self._start.view
        self._language = view.language
        self._unlocked = False
        self._closing = False
        self._syncing = False
        self._sync_again = False
        self._lock_after_sync = False
        self._built = False
        self._loader: WorkerThread | None = None
        self._module_loader: ModuleLoader | None = None
        self.certificate_dialog: CertificateDialog | None = None
        self.id_card_dialog: IdCardDialog | None = None
        self.registration_dialog: RegistrationDialog | None = None
        self.certification_dialog: CertificationDialog | None = None
        self.review_window: CitizenReviewWindow | None = None
        self.citizen_language = "de"
        self._select_after_load = ""
        # Qt appends the application name ("… – Koffer") on X11 and Windows.
        self.setWindowTitle(view.office)
        self.resize(1100, 700)

        self.store_worker = StoreWorker(self._start, self._language)
        self._build_pages(view)
        self._build_actions()

        self.auto_sync = QTimer(self)
        self.auto_sync.setInterval(AUTO_SYNC_MS)
        self.auto_sync.timeout.connect(self.request_sync)
        self.device_poll = QTimer(self)
        self.device_poll.setInterval(DEVICE_POLL_MS)
        self.device_poll.timeout.connect(self.request_devices)

        self._connect_store()
        # Started last: every connection exists before the first answer can arrive.
        self.worker_threads = [WorkerThread("koffer-store", self.store_worker)]
        self._check_when_shown = self._kit is None
        if not self._check_when_shown:
            self.check_requested.emit()

    def _build_pages(self, view: StartupView) -> None:
        self.unlock_page = UnlockPage(self._language, view.min_passphrase, view.office)
        if view.enrolled:
            # The store's file is there: the form takes the passphrase while the store
            # worker opens it (a request waits in the worker's queue until it is open).
            self.unlock_page.set_mode(UnlockMode.UNLOCK)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlock_page)
        self.setCentralWidget(self.pages)
        self.sync_indicator = SyncIndicator()
        self.review_status = QLabel()
        self.review_status.setAccessibleName(self.tr("Antwort der Bürgerin oder des Bürgers"))
        self.statusBar().addWidget(self.review_status)
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self.sync_indicator.setVisible(False)

    def _page_titles(self) -> tuple[tuple[str, str], ...]:
        """The workspace's screens in tab order: attribute name and title."""
        return (
            ("dashboard", self.tr("Ü&bersicht")),
            ("cases_page", self.tr("&Vorgänge")),
            ("sync_page", self.tr("Über&mittlung")),
            ("settings_page", self.tr("&Einstellungen")),
            ("kit_check_page", self.tr("&Kit-Prüfung")),
        )

    # --- the workspace, built after the unlock screen -----------------------------------

    def _load_workspace_modules(self) -> None:
        """Load the workspace's modules on a worker thread, then build it (once)."""
        if self._loader is not None or self._built or self._closing:
            return
        loader = ModuleLoader(WORKSPACE_MODULES)
        self.modules_requested.connect(loader.load)
        loader.loaded.connect(self._on_modules_loaded)
        self._module_loader = loader
        self._loader = WorkerThread("koffer-loader", loader)
        self.modules_requested.emit()

    def _on_modules_loaded(self) -> None:
        self._stop_loader()
        if not self._closing:
            self.build_workspace()

    def _stop_loader(self, *, cancel: bool = False) -> None:
        # Joined before the GUI thread imports anything itself: two threads importing the
        # same modules at once could each wait for the other's half-loaded module.
        if self._loader is not None and self._loader.running:
            if cancel and self._module_loader is not None:
                self._module_loader.cancel()
            self._loader.stop()
        self._module_loader = None

    def build_workspace(self) -> None:
        """Build the workspace's pages and workers and start the workers (once)."""
        if self._built:
            return
        self._built = True
        self._stop_loader()
        from koffer.ui.case_model import CaseTableModel
        from koffer.ui.cases_page import CasesPage
        from koffer.ui.certification_worker import CertificationWorker
        from koffer.ui.dashboard import DashboardPage
        from koffer.ui.id_card_worker import IdCardWorker
        from koffer.ui.kit_check_page import KitCheckPage
        from koffer.ui.kit_workers import DeviceWorker, KitCheckWorker, SettingsWorker
        from koffer.ui.registration_worker import RegistrationWorker
        from koffer.ui.settings_page import SettingsPage
        from koffer.ui.sync_page import SyncPage
        from koffer.ui.workers import CertificateWorker, SyncWorker

        kit = self._kit = self._start.load()  # built on the store thread unless asked early
        settings = kit.settings
        self._model = CaseTableModel(self)
        self._dashboard = DashboardPage()
        self._cases_page = CasesPage(self._model)
        self._sync_page = SyncPage(self._language)
        self._settings_page = SettingsPage(settings)
        self._kit_check_page = KitCheckPage()
        self._workspace = QTabWidget()
        self._workspace.setAccessibleName(self.tr("Bereiche"))
        self._workspace.tabBar().setAccessibleName(self.tr("Bereiche"))
        for name, title in self._page_titles():
            self._workspace.addTab(getattr(self, f"_{name}"), title)
        self._workspace.currentChanged.connect(self._on_tab_changed)
        self.pages.addWidget(self._workspace)

        self._certificate_worker = CertificateWorker(
            kit.certificate_service(), kit.devices.payment, kit.devices.printer, self._language
        )
        self._sync_worker = SyncWorker(kit)
        self._id_card_worker = IdCardWorker(kit, self._language)
        self._registration_worker = RegistrationWorker(kit, self._language)
        self._certification_worker = CertificationWorker(kit, self._language)
        self._device_worker = DeviceWorker(kit.devices, self._language)
        self._settings_worker = SettingsWorker(self._language)
        self._kit_check_worker = KitCheckWorker(settings.data_dir, self._language)
        self._connect_pages()
        self._connect_kit_workers()
        if self._closing:
            return  # a part asked for after shutdown(): no thread may start any more
        self.worker_threads += [
            WorkerThread("koffer-certificate", self._certificate_worker),
            WorkerThread("koffer-id-card", self._id_card_worker),
            WorkerThread("koffer-registration", self._registration_worker),
            WorkerThread("koffer-certification", self._certification_worker),
            WorkerThread("koffer-sync", self._sync_worker),
            WorkerThread("koffer-devices", self._device_worker),
            WorkerThread("koffer-settings", self._settings_worker),
            WorkerThread("koffer-kit-check", self._kit_check_worker),
        ]
        self.prepare_requested.emit()
        self.workspace_built.emit()

    @property
    def start(self) -> KitStart:
        """How the window gets its kit (``start.kit`` once built)."""
        return self._start

    def touch_store(self) -> None:
        """Count the clerk's input as activity (nothing before the kit is built)."""
        if self._kit is not None:
            self._kit.store.touch()

    @property
    def unlocked(self) -> bool:
        """Whether the workspace is shown (the store worker has unlocked the store)."""
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
        self.registration_action = QAction(self.tr("Neue &Anmeldung …"), self)
        self.registration_action.setShortcut(QKeySequence(self.tr("Ctrl+M")))
        self.registration_action.triggered.connect(self.new_registration)
        self.certification_action = QAction(self.tr("Neue Be&glaubigung …"), self)
        self.certification_action.setShortcut(QKeySequence(self.tr("Ctrl+B")))
        self.certification_action.triggered.connect(lambda _checked=False: self.new_certification())
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
        menu.addAction(self.registration_action)
        menu.addAction(self.certification_action)
        menu.addAction(self.sync_action)
        menu.addSeparator()
        menu.addAction(self.lock_action)
        menu.addAction(self.quit_action)
        self._build_view_menu()

    def _build_view_menu(self) -> None:
        self.review_action = QAction(self.tr("&Bürgeransicht …"), self)
        self.review_action.setShortcut(QKeySequence(self.tr("F9")))
        self.review_action.triggered.connect(self.review_selected_case)
        view = self.menuBar().addMenu(self.tr("&Ansicht"))
        self.page_actions = []
        for number, (name, title) in enumerate(self._page_titles(), start=1):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(
                lambda _checked=False, n=name: self.show_page(getattr(self, n))
            )
            view.addAction(action)
            self.page_actions.append(action)
        view.addSeparator()
        view.addAction(self.review_action)
        self._enable_actions()

    def _connect_pages(self) -> None:
        self.cases_page.new_button.clicked.connect(self.new_certificate)
        self.cases_page.id_card_button.clicked.connect(self.new_id_card)
        self.cases_page.registration_button.clicked.connect(self.new_registration)
        self.cases_page.lock_button.clicked.connect(self.lock)
        self.cases_page.table.activated.connect(self._on_case_activated)
        self.sync_indicator.sync_requested.connect(self.request_sync)
        self.cases_page.review_requested.connect(self.request_review)
        self.dashboard.review_requested.connect(self.request_review)
        self.dashboard.new_certificate_requested.connect(self.new_certificate)
        self.dashboard.new_id_card_requested.connect(self.new_id_card)
        self.dashboard.resume_requested.connect(self.resume_case)
        self.dashboard.sync_requested.connect(self.request_sync)
        self.dashboard.queue_requested.connect(lambda: self.show_page(self.sync_page))
        self.dashboard.devices_requested.connect(self.request_devices)
        self.sync_page.sync_requested.connect(self.request_sync)
        self.sync_page.refresh_requested.connect(self.outbox_requested)
        self.settings_page.appearance_changed.connect(self._apply_appearance)

    def _connect_store(self) -> None:
        store = self.store_worker
        self.check_requested.connect(store.check)
        self.load_requested.connect(store.load_cases)
        self.refresh_requested.connect(store.refresh_cases)
        self.lock_requested.connect(store.lock)
        self.unlock_page.unlock_requested.connect(store.unlock)
        self.unlock_page.create_requested.connect(store.create)
        store.kit_loaded.connect(self._on_kit_loaded)
        store.status_known.connect(self._on_status_known)
        store.unlocked.connect(self._on_unlocked)
        store.unlock_failed.connect(self.unlock_page.show_failure)
        store.unlock_failed.connect(self._after_first_answer)
        store.cases_loaded.connect(self._on_cases_loaded)
        store.load_failed.connect(self._on_load_failed)
        store.locked.connect(self.store_locked)
        self.overview_requested.connect(store.load_overview)
        self.outbox_requested.connect(store.load_outbox)
        self.review_requested.connect(store.load_review)
        self.review_answer.connect(store.record_review)
        store.overview_loaded.connect(self._on_overview_loaded)
        store.outbox_loaded.connect(self._on_outbox_loaded)
        store.review_loaded.connect(self._on_review_loaded)
        store.review_recorded.connect(self._on_review_recorded)

    def _connect_kit_workers(self) -> None:
        devices = self.device_worker
        self.devices_requested.connect(devices.check)
        self.queues_requested.connect(devices.list_queues)
        self.settings_page.queues_requested.connect(self.queues_requested)
        devices.checked.connect(self._on_devices_checked)
        devices.queues_listed.connect(self.settings_page.set_queues)
        # Bound methods of GUI-thread objects, never lambdas: a lambda would run in the worker.
        devices.queues_failed.connect(self._on_queues_failed)
        self.settings_page.save_requested.connect(self.settings_worker.save)
        self.settings_worker.saved.connect(self.settings_page.show_saved)
        self.settings_worker.failed.connect(self._on_settings_failed)
        self.kit_check_page.run_requested.connect(self.kit_check_worker.run)
        self.kit_check_worker.finished.connect(self._on_kit_checked)
        self.kit_check_worker.failed.connect(self._on_kit_check_failed)

        self.prepare_requested.connect(self.sync_worker.prepare)
        self.sync_requested.connect(self.sync_worker.sync)
        self.sync_worker.synced.connect(self._on_synced)
        self.sync_worker.failed.connect(self._on_sync_failed)
        self.sync_worker.back_online.connect(self.request_sync)

    def _enable_actions(self) -> None:
        ready = self._unlocked and self._open_dialog() is None
        actions = (self.new_action, self.id_card_action, self.registration_action,
                   self.certification_action)  # fmt: skip
        for action in (*actions, self.sync_action, self.lock_action):
            action.setEnabled(ready)
        for action in (*self.page_actions, self.review_action):
            action.setEnabled(self._unlocked)

    # --- the clerk's actions ------------------------------------------------------------

    def _open_dialog(
        self,
    ) -> CertificateDialog | IdCardDialog | RegistrationDialog | CertificationDialog | None:
        return (
            self.certificate_dialog
            or self.id_card_dialog
            or self.registration_dialog
            or self.certification_dialog
        )

    def new_id_card(self) -> IdCardDialog | None:
        """Open the ID-card dialog (window-modal, not blocking the loop)."""
        if not self._unlocked or self._open_dialog() is not None:
            return self.id_card_dialog
        from koffer.ui.id_card_dialog import IdCardDialog

        dialog = IdCardDialog(self.id_card_worker, self._language, self)
        dialog.queued.connect(self._on_issued)
        dialog.finished.connect(self._on_dialog_finished)
        self.id_card_dialog = dialog
        self._enable_actions()
        dialog.open()
        return dialog

    def new_registration(self) -> RegistrationDialog | None:
        """Open the Anmeldung dialog (window-modal, not blocking the loop)."""
        if not self._unlocked or self._open_dialog() is not None:
            return self.registration_dialog
        from koffer.ui.registration_dialog import RegistrationDialog

        dialog = RegistrationDialog(self.registration_worker, self._language, self)
        dialog.queued.connect(self._on_issued)
        dialog.finished.connect(self._on_dialog_finished)
        self.registration_dialog = dialog
        self._enable_actions()
        dialog.open()
        return dialog

    def new_certification(self, case_id: str = "") -> CertificationDialog | None:
        """Open the Beglaubigung dialog, for a new case or the unfinished ``case_id``."""
        if not self._unlocked or self._open_dialog() is not None:
            return self.certification_dialog
        from koffer.ui.certification_dialog import CertificationDialog

        dialog = CertificationDialog(self.certification_worker, self._language, self)
        dialog.queued.connect(self._on_issued)
        dialog.finished.connect(self._on_dialog_finished)
        self.certification_dialog = dialog
        self._enable_actions()
        dialog.open()
        if case_id:
            dialog.resume(case_id)
        return dialog

    def _on_case_activated(self, index: QModelIndex) -> None:
        """Enter or a double click on an unfinished case takes it up in its dialog."""
        from koffer.domain.case import ServiceKind
        from koffer.ui.case_model import SUMMARY_ROLE
        from koffer.workflows.overview import OPEN_STATES

        case = index.data(SUMMARY_ROLE)
        certification = case is not None and case.service is ServiceKind.CERTIFICATION
        if certification and case.state in OPEN_STATES:
            self.new_certification(case.id)

    def new_certificate(self) -> CertificateDialog | None:
        """Open the registration-certificate dialog (window-modal, not blocking the loop)."""
        if not self._unlocked or self._open_dialog() is not None:
            return self.certificate_dialog
        from koffer.ui.certificate_dialog import CertificateDialog

        dialog = CertificateDialog(
            self.certificate_worker,
            self._language,
            self._kit.certificate_service().fee_cents,
            self,
        )
        dialog.issued.connect(self._on_issued)
        dialog.review_requested.connect(self.request_review)
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
        self.dashboard.set_syncing(True)
        self.sync_page.set_syncing(True)
        self.sync_requested.emit()

    def request_devices(self) -> None:
        """Ask the devices how they are, unless a dialog is using them right now."""
        if self._unlocked and not self._closing and self._open_dialog() is None:
            self.devices_requested.emit()

    def show_page(self, page: Any) -> None:
        """Bring one of the workspace's screens to the front."""
        if self._unlocked:
            self.workspace.setCurrentWidget(page)
            page.setFocus()

    def resume_case(self, case_id: str) -> None:
        """Show an unfinished case in the case list, selected."""
        self.show_page(self.cases_page)
        if self.cases_page.select_case(case_id):
            self.cases_page.table.setFocus()
        else:  # opened since the list was read: read it again, then select
            self._select_after_load = case_id
            self.load_requested.emit()

    def review_selected_case(self) -> None:
        """Show the case selected on the current screen to the citizen (F9)."""
        page = self.workspace.currentWidget()
        case_id = (
            self.dashboard.selected_case()
            if page is self.dashboard
            else self.cases_page.selected_case()
        )
        if case_id:
            self.request_review(case_id)

    def request_review(self, case_id: str) -> None:
        """Read what will be submitted for ``case_id`` and show it on the citizen's screen."""
        if self._unlocked and not self._closing:
            self.review_requested.emit(case_id)

    def lock(self) -> None:
        """Hide every case and forget the key; the unlock screen asks again."""
        if not self._unlocked or self._open_dialog() is not None:
            return
        self._unlocked = False
        self.auto_sync.stop()
        self.device_poll.stop()
        self.model.clear()
        self.dashboard.clear()
        self.sync_page.clear()
        self.review_status.setText("")
        self._close_review()
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
        if mode is not self.unlock_page.mode:  # the same form keeps what the clerk typed
            self.unlock_page.set_mode(mode)
        self._after_first_answer()

    def _on_kit_loaded(self, kit: Any) -> None:
        self._kit = kit

    def _after_first_answer(self, *_answer: object) -> None:
        # The unlock screen is ready: load the rest once it has been painted (not when the
        # kit could not be built: the screen shows why, and a new unlock request retries).
        if self._loader is None and not self._built and self._kit is not None:
            QTimer.singleShot(0, self._load_workspace_modules)

    def _on_unlocked(self, login: str) -> None:
        if self._closing:
            return
        self.build_workspace()  # unless built already while the clerk typed
        self._unlocked = True
        self._lock_after_sync = False
        self.unlock_page.reset()
        self.cases_page.set_clerk(login)
        self.pages.setCurrentWidget(self.workspace)
        self.workspace.setCurrentWidget(self.dashboard)
        self.sync_indicator.setVisible(True)
        self.workspace.tabBar().setFocus()
        self._enable_actions()
        self.load_requested.emit()
        self.overview_requested.emit()
        self.request_devices()
        self.request_sync()
        self.auto_sync.start()
        self.device_poll.start()

    def _on_tab_changed(self, _index: int) -> None:
        if not self._unlocked:
            return
        page = self.workspace.currentWidget()
        if page is self.sync_page:
            self.outbox_requested.emit()
        elif page is self.dashboard:
            self.overview_requested.emit()

    def _on_overview_loaded(self, day: DayOverview) -> None:
        if not self._unlocked or self._closing:
            return
        self.dashboard.set_overview(day)
        self.overview_refreshed.emit()

    def _on_outbox_loaded(self, lines: tuple[OutboxLine, ...]) -> None:
        if not self._unlocked or self._closing:
            return
        self.sync_page.set_lines(lines)
        self.outbox_refreshed.emit(len(lines))

    def _on_devices_checked(self, infos: tuple[DeviceInfo, ...]) -> None:
        if self._closing:
            return
        self.dashboard.set_devices(infos)
        self.devices_refreshed.emit()

    def _on_queues_failed(self, failure: Failure) -> None:
        self.settings_page.show_queue_failure(failure.message)

    def _on_settings_failed(self, failure: Failure) -> None:
        self.settings_page.show_failure(failure.message)

    def _on_kit_check_failed(self, failure: Failure) -> None:
        if not self._closing:
            self.kit_check_page.show_failure(failure.message)

    def _on_kit_checked(self, report: CheckReport) -> None:
        if not self._closing:
            self.kit_check_page.show_report(report)

    def _on_review_loaded(self, sheet: ReviewSheet) -> None:
        if not self._unlocked or self._closing:
            return
        self._close_review()
        from koffer.ui.citizen_review import CitizenReviewWindow

        window = CitizenReviewWindow(sheet, self.citizen_language)
        window.answered.connect(self.review_answer)
        window.language_changed.connect(self._remember_citizen_language)
        self.review_window = window
        self.review_status.setText(
            self.tr("Bürgeransicht {0}: ○ wartet auf Antwort").format(sheet.reference)
        )
        window.present(self)
        self.review_opened.emit(sheet.case_id)

    def _remember_citizen_language(self, language: str) -> None:
        self.citizen_language = language

    def _on_review_recorded(self, case_id: str, confirmed: bool) -> None:
        if not self._unlocked or self._closing:
            return
        window = self.review_window
        reference = window.sheet.reference if window is not None else case_id
        text = (
            self.tr("Bürgeransicht {0}: ✓ bestätigt").format(reference)
            if confirmed
            else self.tr("Bürgeransicht {0}: ✗ Korrektur gewünscht").format(reference)
        )
        self.review_status.setText(text)
        self.statusBar().showMessage(text, MESSAGE_MS)
        self.review_answered.emit(case_id, confirmed)

    def _close_review(self) -> None:
        if self.review_window is not None:
            self.review_window.close()
            self.review_window.deleteLater()
            self.review_window = None

    def _apply_appearance(self, font_scale: int, high_contrast: bool) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply_appearance(app, font_scale, high_contrast)
            self.dashboard.restyle()
            self.sync_indicator.restyle()

    def _on_cases_loaded(self, listing: CaseListing) -> None:
        if not self._unlocked or self._closing:
            return  # read before the clerk locked: no names back on screen
        self.model.set_cases(listing.cases)
        if self._select_after_load:
            if self.cases_page.select_case(self._select_after_load):
                self.cases_page.table.setFocus()
            self._select_after_load = ""
        self.sync_indicator.set_queued(listing.queued, listing.failed)
        self.cases_refreshed.emit(len(listing.cases))

    def _on_load_failed(self, failure: Failure) -> None:
        if failure.key == "error.store_locked":  # the store locked itself when idle
            self.lock()
        elif self._unlocked and not self._closing:
            self.statusBar().showMessage(failure.message, MESSAGE_MS)

    def _on_issued(self, _case_id: str, _reference: str) -> None:
        self.load_requested.emit()
        self.overview_requested.emit()
        self.request_sync()

    def _on_dialog_finished(self) -> None:
        self.certificate_dialog = None
        self.id_card_dialog = None
        self.registration_dialog = None
        self.certification_dialog = None
        self._enable_actions()
        if self._unlocked and not self._closing:
            self.load_requested.emit()  # an unfinished case shows up too
            self.overview_requested.emit()
            self.workspace.currentWidget().setFocus()

    def _on_synced(self, outcome: SyncOutcome) -> None:
        self.sync_indicator.set_synced(outcome)
        summary = self.tr("Übermittelt: {0}; nicht übermittelt: {1}.").format(
            len(outcome.sent), len(outcome.failed)
        )
        if outcome.schedule_error:
            summary += " " + self.tr("Plan nicht geholt: {0}").format(outcome.schedule_error)
        if self._unlocked:
            self.dashboard.set_connection(True, "")
            self.sync_page.set_status(summary)
        if outcome.failed:
            reasons = "; ".join(f"{ref}: {reason}" for ref, reason in outcome.failed)
            self.statusBar().showMessage(
                self.tr("Nicht übermittelt: {0}").format(reasons), MESSAGE_MS
            )
        self._sync_done(reached=True)

    def _on_sync_failed(self, failure: Failure) -> None:
        if self._unlocked:
            self.sync_indicator.set_failed(failure)
            self.dashboard.set_connection(False, failure.message)
            self.sync_page.set_status(failure.message)
            self.statusBar().showMessage(failure.message, MESSAGE_MS)
        self._sync_done(reached=False)

    def _sync_done(self, reached: bool) -> None:
        self._syncing = False
        self.dashboard.set_syncing(False)
        self.sync_page.set_syncing(False)
        if self._closing:
            return
        if self._lock_after_sync:
            self._lock_after_sync = False
            self.lock_requested.emit()
        if self._unlocked:
            self.refresh_requested.emit()
            self.overview_requested.emit()
            self.outbox_requested.emit()
        self.sync_finished.emit(reached)
        if self._sync_again:
            self._sync_again = False
            self.request_sync()

    # --- closing ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Once first shown, let the store worker build the kit and open the store.

        Asked for after the first paint: the worker's imports would otherwise hold the
        interpreter while the window is drawn.
        """
        super().showEvent(event)
        if self._check_when_shown:
            self._check_when_shown = False
            QTimer.singleShot(0, self.check_requested.emit)

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
        self.device_poll.stop()
        self._close_review()
        dialogs = (self.certificate_dialog, self.id_card_dialog, self.registration_dialog,
                   self.certification_dialog)  # fmt: skip
        for dialog in dialogs:
            if dialog is not None:
                dialog.reject()
        self._stop_loader(cancel=True)
        for thread in self.worker_threads:
            thread.stop()
