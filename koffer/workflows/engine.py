"""The workflow engine: services as data (steps, evidence, legal checks, fees), run on the store.

A :class:`Service` says what a case needs: its steps in order, which evidence each step
captures, when a step does not apply (no fingerprints under 6, no signature under 10, a
medical exemption...) and why, the legal checks made when the case is opened, and its fee.
:class:`CaseFlow` runs cases through services: it opens a case, tells which step is next,
records each step's result (data and attachments) in one transaction with its audit event,
and moves the case through its states:

- ``draft`` until every capture step (form, photo, prints, scans, card) is done or skipped,
- ``captured``, then ``signed`` after the signature (or when none is needed),
- ``paid`` after the payment step (``koffer.workflows.payment``: charged once),
- ``queued`` when the case goes to the outbox, with every step done.

Step results live in the case's sealed details (``details["steps"]``), so a draft resumes
after a restart exactly where it stopped, and nothing here knows Qt: the clerk's app renders
the steps from these definitions.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from koffer.devices.payment.interface import PaymentTerminal
from koffer.devices.printer.interface import Printer, PrintJob, PrintResult
from koffer.domain.case import Case, CaseState, ServiceKind, can_move, new_reference
from koffer.domain.errors import InvalidTransition, ValidationError
from koffer.domain.fees import FeeBreakdown
from koffer.domain.person import Person
from koffer.storage.store import KitStore
from koffer.workflows import outbox_parcels, payment
from koffer.workflows.offline_limit import ensure_recently_synced

STEPS = "steps"


class Evidence(enum.StrEnum):
    """What a step captures."""

    FORM = "form"  # data the clerk enters with the citizen
    PHOTO = "photo"
    FINGERPRINTS = "fingerprints"
    SCAN = "scan"
    CARD = "card"  # an operation on the change terminal
    SIGNATURE = "signature"
    PAYMENT = "payment"
    DOCUMENT = "document"  # a document printed for the citizen


CAPTURE = frozenset(
    {Evidence.FORM, Evidence.PHOTO, Evidence.FINGERPRINTS, Evidence.SCAN, Evidence.CARD}
)


@dataclass(frozen=True)
class CaseFacts:
    """What a service's rules look at: the citizen, the case's details, the day it began."""

    person: Person
    details: Mapping[str, Any]
    application_date: date

    def flag(self, name: str) -> bool:
        """A yes/no detail (absent = no)."""
        return bool(self.details.get(name, False))


@dataclass(frozen=True)
class Step:
    """One step of a service.

    ``skip`` returns the message key of the reason the step does not apply to a case, or
    ``None`` when it does.
    """

    name: str
    evidence: Evidence
    title_key: str
    skip: Callable[[CaseFacts], str | None] = lambda _facts: None


@dataclass(frozen=True)
class Service:
    """A service the kit offers, as data the engine and the app both read."""

    kind: ServiceKind
    title_key: str
    steps: tuple[Step, ...]
    admit: Callable[[CaseFacts], Mapping[str, Any]]  # legal checks; returns cleaned details
    fee: Callable[[CaseFacts], FeeBreakdown]
    # What the service records on the person (an information block); None: nothing.
    amend_person: Callable[[CaseFacts], Person] | None = None

    def step(self, name: str) -> Step:
        """The step called ``name``.

        Raises:
            ValidationError: When the service has no such step.
        """
        for step in self.steps:
            if step.name == name:
                return step
        raise ValidationError("step", "error.unknown_step", detail=name)


class StepState(enum.StrEnum):
    """Where a case stands on one step."""

    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class PlannedStep:
    """A step as it stands for one case."""

    step: Step
    state: StepState
    reason_key: str = ""  # why it was skipped


@dataclass(frozen=True)
class Attachment:
    """A captured file for a step: kind (e.g. ``photo``), media type, bytes."""

    kind: str
    media_type: str
    data: bytes


@dataclass
class CaseFlow:
    """Runs cases through the services it knows."""

    store: KitStore
    services: Mapping[ServiceKind, Service]
    max_offline_days: int = 14
    today: Callable[[], date] = field(default=lambda: datetime.now(UTC).date())

    def service(self, kind: ServiceKind) -> Service:
        """The service definition for ``kind``."""
        try:
            return self.services[kind]
        except KeyError as exc:
            raise ValidationError("service", "error.unknown_service", detail=str(kind)) from exc

    def open(self, kind: ServiceKind, person: Person, details: Mapping[str, Any]) -> Case:
        """Check the service's rules for this citizen and store a new draft case.

        Raises:
            ValidationError: When a rule refuses the application (nothing is stored).
            OfflineTooLong: When the kit has not synced for too long.
        """
        service = self.service(kind)
        today = self.today()
        person.validate_on(today)
        cleaned = dict(service.admit(CaseFacts(person, details, today)))
        if service.amend_person is not None:
            person = service.amend_person(CaseFacts(person, cleaned, today))
        with self.store.unit_of_work() as uow:
            ensure_recently_synced(uow, self.max_offline_days)
            case = Case(
                id=str(uuid.uuid4()),
                reference=new_reference(today.year),
                service=kind,
                state=CaseState.DRAFT,
                person_id=uow.add_person(person),
                created_at=uow.now(),
                details=cleaned | {"application_date": today.isoformat(), STEPS: {}},
            )
            uow.add_case(case)
        return case

    def _load(self, case_id: str) -> tuple[Case, Service, CaseFacts]:
        with self.store.unit_of_work() as uow:
            case = uow.case(case_id)
            person = uow.person(case.person_id)
        service = self.service(case.service)
        applied = date.fromisoformat(case.details["application_date"])
        return case, service, CaseFacts(person, case.details, applied)

    def plan(self, case_id: str) -> list[PlannedStep]:
        """Every step of the case's service with its state (done, skipped with why, pending)."""
        case, service, facts = self._load(case_id)
        return _plan(case, service, facts)

    def next_step(self, case_id: str) -> Step | None:
        """The first pending step, or None when the case is complete."""
        for planned in self.plan(case_id):
            if planned.state is StepState.PENDING:
                return planned.step
        return None

    def record(
        self,
        case_id: str,
        step_name: str,
        data: Mapping[str, Any] | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> Case:
        """Store a step's result and attachments in one transaction, then move the state on.

        Recording a step again replaces its result (a retaken photo); the old attachments
        of that step are deleted with it.

        Raises:
            ValidationError: For an unknown step, a step that does not apply, or a case
                already past capture (queued or later).
        """
        case, service, facts = self._load(case_id)
        step = service.step(step_name)
        reason = step.skip(facts)
        if reason is not None:
            raise ValidationError("step", reason, detail=step_name)
        if _rank(case.state) >= _rank(CaseState.QUEUED):
            raise InvalidTransition(f"{case.state} -> record {step_name}")
        with self.store.unit_of_work() as uow:
            case = uow.case(case_id)
            steps = dict(case.details.get(STEPS, {}))
            for old in steps.get(step_name, {}).get("attachments", []):
                uow.delete_attachment(old, "replaced")
            ids = [uow.add_attachment(case_id, a.kind, a.media_type, a.data) for a in attachments]
            steps[step_name] = {
                "at": uow.now().isoformat(),
                "data": dict(data or {}),
                "attachments": ids,
            }
            case = case.with_details(**{STEPS: steps})
            uow.audit(f"step.{step_name}", case_id)
            case = _advance(case, service, facts)
            uow.save_case(case)  # logs the state change, after the step that caused it
        return case

    def issue(
        self, case_id: str, step_name: str, pdf: bytes, title: str, printer: Printer
    ) -> PrintResult:
        """Print a document step's PDF and record the step with the PDF kept sealed.

        A printer fault records nothing, so the clerk retries the same step; the PDF is
        stored with the step only once it is on paper.

        Raises:
            ValidationError: When ``step_name`` is not a document step of the case.
        """
        case, service, _facts = self._load(case_id)
        step = service.step(step_name)
        if step.evidence is not Evidence.DOCUMENT:
            raise ValidationError("step", "error.unknown_step", detail=step_name)
        result = printer.print(PrintJob(pdf, f"{title} {case.reference}"))
        attachment = Attachment(f"{step_name}_pdf", "application/pdf", pdf)
        data = {"job_id": result.job_id, "printer": result.printer}
        self.record(case_id, step_name, data, [attachment])
        return result

    def fee(self, case_id: str) -> FeeBreakdown:
        """The case's fee, itemised."""
        _case, service, facts = self._load(case_id)
        return service.fee(facts)

    def pay(self, case_id: str, terminal: PaymentTerminal) -> Case:
        """Take the fee at the card terminal (once) and record the payment step."""
        case, service, facts = self._load(case_id)
        before = []
        for planned in _plan(case, service, facts):
            if planned.step.evidence is Evidence.PAYMENT:
                break
            if planned.state is StepState.PENDING:
                before.append(planned.step.name)
        if before:  # the fee is taken once everything it pays for is captured and signed
            raise ValidationError("steps", "error.steps_missing", detail=", ".join(before))
        total = service.fee(facts).total_cents
        payment.collect(self.store, case_id, total, terminal)
        return self.record(case_id, "payment", {"amount_cents": total})

    def queue(self, case_id: str) -> str:
        """Hand a complete case to the outbox and return its idempotency key (idempotent).

        Raises:
            ValidationError: ``error.steps_missing`` while a step is still pending.
        """
        pending = [p.step.name for p in self.plan(case_id) if p.state is StepState.PENDING]
        if pending:
            raise ValidationError("steps", "error.steps_missing", detail=", ".join(pending))
        with self.store.unit_of_work() as uow:
            existing = uow.outbox_key(case_id)
            if existing is not None:
                return existing
            uow.save_case(uow.case(case_id).moved_to(CaseState.QUEUED))
            key = uow.enqueue(case_id)
        # Sealed for the town hall now, so that it can go while the kit is locked.
        outbox_parcels.seal_queued(self.store)
        return key


def _plan(case: Case, service: Service, facts: CaseFacts) -> list[PlannedStep]:
    done = case.details.get(STEPS, {})
    planned = []
    for step in service.steps:
        reason = step.skip(facts)
        if reason is not None:
            planned.append(PlannedStep(step, StepState.SKIPPED, reason))
        elif step.name in done:
            planned.append(PlannedStep(step, StepState.DONE))
        else:
            planned.append(PlannedStep(step, StepState.PENDING))
    return planned


_ORDER = list(CaseState)


def _rank(state: CaseState) -> int:
    return _ORDER.index(state)


def _advance(case: Case, service: Service, facts: CaseFacts) -> Case:
    """Move the case as far as its finished steps allow (never backwards)."""
    plan = _plan(case, service, facts)

    def complete(kinds: frozenset[Evidence]) -> bool:
        return all(p.state is not StepState.PENDING for p in plan if p.step.evidence in kinds)

    target = case.state
    if complete(CAPTURE):
        target = CaseState.CAPTURED
        if complete(frozenset({Evidence.SIGNATURE})):
            target = CaseState.SIGNED
            paid = any(
                p.step.evidence is Evidence.PAYMENT and p.state is StepState.DONE for p in plan
            )
            if paid:
                target = CaseState.PAID
    if target is not case.state and can_move(case.state, target):
        return case.moved_to(target)
    return case
