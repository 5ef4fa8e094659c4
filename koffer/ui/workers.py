"""Worker objects that run store, device and network calls off the GUI thread.

Each worker lives in its own QThread (see ``threads.WorkerThread``). The GUI reaches a worker
only through request signals connected to its slots; a worker answers only through signals
carrying plain data (strings, ids, frozen dataclasses), never ORM objects and never widgets.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Signal, Slot

from koffer.domain.errors import KofferError, SyncError
from koffer.domain.messages import describe, translate

if TYPE_CHECKING:
    # The unlock screen needs only the store worker: the workflows and the town-hall link
    # are imported by the slots that use them, on the workers' threads.
    from koffer.devices.payment.interface import PaymentTerminal
    from koffer.devices.printer.interface import Printer
    from koffer.domain.person import Person
    from koffer.storage.repository import CaseSummary
    from koffer.storage.store import KitStore
    from koffer.ui.kit_start import KitStart
    from koffer.workflows.registration_certificate import RegistrationCertificateService


@dataclass(frozen=True)
class Failure:
    """An error a clerk can act on, as plain data for the GUI.

    Attributes:
        message: The translated message (``koffer.domain.messages.describe``).
        key: The message key, so the GUI can word it again with its own field labels.
        params: The message's parameters.
        field: The input field a validation error is about, or "".
        step: The workflow step that failed, or "".
    """

    message: str
    key: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    field: str = ""
    step: str = ""

    @classmethod
    def of(cls, error: KofferError, language: str, step: str = "") -> Failure:
        """Describe ``error`` in ``language``."""
        return cls(
            describe(error, language),
            error.message_key,
            dict(error.params),
            str(error.params.get("field", "")),
            step,
        )

    def worded(self, language: str, labels: Mapping[str, str]) -> str:
        """Return the message naming field and device in the clerk's words.

        The catalogue fills ``{field}`` and ``{device}`` with code names ("given_names",
        "printer"); ``labels`` maps those to what the screen calls them ("Vornamen", "Drucker").
        """
        names = {
            param: labels[str(self.params[param])]
            for param in ("field", "device")
            if str(self.params.get(param, "")) in labels
        }
        if not names:
            return self.message
        return translate(self.key, language, **{**self.params, **names})

    @classmethod
    def unexpected(cls, language: str, step: str = "") -> Failure:
        """The generic message shown when a bug stopped a step (the bug is still raised)."""
        return cls(translate("error.generic", language), "error.generic", step=step)


class _Reporting:
    """Context manager: a KofferError becomes a Failure signal; a bug is reported, then raised.

    ``ok`` tells the caller whether the block ran to its end.
    """

    def __init__(self, failed: Callable[[Failure], None], language: str, step: str = "") -> None:
        self._failed = failed
        self._language = language
        self._step = step
        self.ok = False

    def __enter__(self) -> _Reporting:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> bool:
        if exc is None:
            self.ok = True
            return False
        if isinstance(exc, KofferError):
            self._failed(Failure.of(exc, self._language, self._step))
            return True
        if isinstance(exc, Exception):
            # Not caught to hide it: the GUI must leave its busy state, and the bug still
            # propagates to the excepthook with its traceback.
            self._failed(Failure.unexpected(self._language, self._step))
        return False


Reporting = _Reporting  # for the workers in other modules


def _today() -> date:
    """The kit's calendar day (local time: the day the clerk is working)."""
    return datetime.now().astimezone().date()


# --- store ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseListing:
    """The case list and the outbox figures, read in one unit of work."""

    cases: tuple[CaseSummary, ...]
    queued: int
    failed: int


class StoreWorker(QObject):
    """Opens, unlocks, reads and locks the kit store."""

    status_known = Signal(bool)  # whether a clerk has been enrolled
    unlocked = Signal(str)  # the clerk's login
    unlock_failed = Signal(object)  # Failure
    cases_loaded = Signal(object)  # CaseListing
    load_failed = Signal(object)  # Failure
    locked = Signal()
    overview_loaded = Signal(object)  # overview.DayOverview
    outbox_loaded = Signal(object)  # tuple of overview.OutboxLine
    review_loaded = Signal(object)  # overview.ReviewSheet
    review_recorded = Signal(str, bool)  # case id, confirmed
    kit_loaded = Signal(object)  # the app.Kit, built on this thread by the first request

    def __init__(self, start: KitStart, language: str) -> None:
        """Work on the store of the kit ``start`` builds, describing errors in ``language``."""
        super().__init__()
        self._start = start
        self._language = language

    @property
    def _store(self) -> KitStore:
        """The kit's store; the first use builds the kit (settings, store) on this thread."""
        loaded = self._start.kit is not None
        kit = self._start.load()
        if not loaded:
            self.kit_loaded.emit(kit)
        return cast("KitStore", kit.store)

    @Slot()
    def check(self) -> None:
        """Open (and migrate) the store and tell whether it has a clerk yet."""
        with _Reporting(self.unlock_failed.emit, self._language) as run:
            initialised = self._store.is_initialised()
        if run.ok:
            self.status_known.emit(initialised)

    @Slot(str, str)
    def unlock(self, login: str, passphrase: str) -> None:
        """Unlock with a clerk's passphrase (Argon2id: a fraction of a second)."""
        with _Reporting(self.unlock_failed.emit, self._language) as run:
            self._store.unlock(login, passphrase)
        if run.ok:
            self.unlocked.emit(self._store.clerk or login)

    @Slot(str, str)
    def create(self, login: str, passphrase: str) -> None:
        """Enrol the first clerk and unlock."""
        with _Reporting(self.unlock_failed.emit, self._language) as run:
            self._store.create(login, passphrase)
        if run.ok:
            self.unlocked.emit(self._store.clerk or login)

    @Slot()
    def load_cases(self) -> None:
        """Read the case list and the outbox counts (the clerk asked: counts as activity)."""
        self._load(activity=True)

    @Slot()
    def refresh_cases(self) -> None:
        """Read them again after background work, without keeping the store from locking."""
        self._load(activity=False)

    def _load(self, *, activity: bool) -> None:
        from koffer.storage.repository import OutboxState

        reporting = _Reporting(self.load_failed.emit, self._language)
        with reporting, self._store.unit_of_work(activity=activity) as uow:
            cases = tuple(uow.cases())
            counts = uow.outbox_counts()
        if reporting.ok:
            failed = counts.get(OutboxState.FAILED, 0)
            self.cases_loaded.emit(
                CaseListing(cases, counts.get(OutboxState.PENDING, 0) + failed, failed)
            )

    @Slot()
    def load_overview(self) -> None:
        """Read the dashboard's day (schedule, today's cases, drafts, outbox, last sync)."""
        from koffer.workflows import overview

        with _Reporting(self.load_failed.emit, self._language) as run:
            day = overview.day_overview(self._store, _today())
        if run.ok:
            self.overview_loaded.emit(day)

    @Slot()
    def load_outbox(self) -> None:
        """Read every outbox entry for the sync page."""
        from koffer.workflows import overview

        with _Reporting(self.load_failed.emit, self._language) as run:
            lines = tuple(overview.outbox_lines(self._store))
        if run.ok:
            self.outbox_loaded.emit(lines)

    @Slot(str)
    def load_review(self, case_id: str) -> None:
        """Read what will be submitted for a case, for the citizen's screen."""
        from koffer.workflows import overview

        with _Reporting(self.load_failed.emit, self._language) as run:
            sheet = overview.review_sheet(self._store, case_id)
        if run.ok:
            self.review_loaded.emit(sheet)

    @Slot(str, bool)
    def record_review(self, case_id: str, confirmed: bool) -> None:
        """Note the citizen's answer in the case's audit trail."""
        from koffer.workflows import overview

        with _Reporting(self.load_failed.emit, self._language) as run:
            overview.record_review(self._store, case_id, confirmed=confirmed)
        if run.ok:
            self.review_recorded.emit(case_id, confirmed)

    @Slot()
    def lock(self) -> None:
        """Forget the data key."""
        self._store.lock()
        self.locked.emit()


# --- registration certificate ---------------------------------------------------------


class Step(enum.StrEnum):
    """The steps of issuing a registration certificate, in order."""

    OPEN = "open"
    PAY = "pay"
    RENDER = "render"
    PRINT = "print"
    QUEUE = "queue"


STEPS = tuple(Step)


@dataclass(frozen=True)
class CertificateRequest:
    """Issue a certificate for ``person``, or resume an opened case at ``start``.

    Attributes:
        person: The citizen (validated when constructed).
        case_id: The case opened earlier, or "" to open one.
        reference: That case's reference, or "".
        start: The first step to run; the steps before it are done.
    """

    person: Person
    case_id: str = ""
    reference: str = ""
    start: Step = Step.OPEN


@dataclass(frozen=True)
class StepDone:
    """A step finished for a case."""

    step: Step
    case_id: str
    reference: str


class CertificateWorker(QObject):
    """Runs the registration-certificate steps with the kit's card terminal and printer."""

    step_started = Signal(str)  # Step
    step_done = Signal(object)  # StepDone
    failed = Signal(object)  # Failure with its step
    issued = Signal(str, str)  # case id, reference

    def __init__(
        self,
        service: RegistrationCertificateService,
        payment: PaymentTerminal,
        printer: Printer,
        language: str,
    ) -> None:
        """Work with ``service`` and the two devices it needs."""
        super().__init__()
        self._service = service
        self._payment = payment
        self._printer = printer
        self._language = language

    @Slot(object)
    def issue(self, request: CertificateRequest) -> None:
        """Run the steps from ``request.start``; stop at the first failure."""
        case_id, reference = request.case_id, request.reference
        for step in STEPS[STEPS.index(request.start) :]:
            self.step_started.emit(str(step))
            with _Reporting(self.failed.emit, self._language, str(step)) as run:
                if step is Step.OPEN:
                    opened = self._service.open_case(request.person)
                    case_id, reference = opened.case_id, opened.reference
                else:
                    self._run(step, case_id)
            if not run.ok:
                return
            self.step_done.emit(StepDone(step, case_id, reference))
        self.issued.emit(case_id, reference)

    def _run(self, step: Step, case_id: str) -> None:
        if step is Step.PAY:
            self._service.collect_fee(case_id, self._payment)
        elif step is Step.RENDER:
            self._service.render(case_id)
        elif step is Step.PRINT:
            self._service.print_certificate(case_id, self._printer)
        else:
            self._service.queue(case_id)


# --- synchronisation ------------------------------------------------------------------


@dataclass(frozen=True)
class SyncOutcome:
    """What one synchronisation did, as plain data."""

    finished_at: datetime
    sent: tuple[str, ...]  # references the town hall took
    failed: tuple[tuple[str, str], ...]  # (reference, reason)
    statuses: tuple[tuple[str, str], ...]  # (reference, town-hall status)
    schedule_error: str = ""  # why the day's schedule could not be pulled ("" = pulled)


class SyncWorker(QObject):
    """Talks to the town hall: starts the embedded one when needed, then synchronises."""

    synced = Signal(object)  # SyncOutcome
    failed = Signal(object)  # Failure
    back_online = Signal()  # the town hall answers again (emitted from the probing thread)

    def __init__(self, kit: Any) -> None:
        """Synchronise ``kit`` (an ``app.Kit``; its lazy town-hall start happens here)."""
        from koffer.workflows.connectivity import ConnectivityWatch, townhall_probe

        super().__init__()
        self._kit = kit
        self._language = kit.settings.language
        probe = townhall_probe(kit.connect_townhall)
        self.watch = ConnectivityWatch(probe, self.back_online.emit, background=True)

    @Slot()
    def prepare(self) -> None:
        """Start the embedded town hall when no town-hall URL is configured."""
        self._kit.connect_townhall()

    @Slot()
    def sync(self) -> None:
        """Enrol if needed, push the outbox and pull status events."""
        from koffer.workflows import overview

        schedule_error = ""
        with (
            _Reporting(self.failed.emit, self._language) as run,
            self._kit.synchroniser() as synchroniser,
        ):
            report = self.watch.observe(synchroniser.run)
            try:
                overview.refresh_reference_data(synchroniser, _today())
            except SyncError as exc:  # the cases went out; the schedule kept stays
                schedule_error = describe(exc, self._language)
        if run.ok:
            self.synced.emit(
                SyncOutcome(
                    datetime.now().astimezone(),
                    tuple(sent.reference for sent in report.sent),
                    tuple(report.failed),
                    tuple(report.statuses.items()),
                    schedule_error,
                )
            )
