"""What the clerk's overview screens read: the day, the outbox, and a case for the citizen.

Read models only (plain frozen dataclasses, no Qt): the dashboard's day, the sync page's
outbox lines, and the review sheet the citizen checks before signing. The town hall's
reference data (the kit's schedule for the coming days) is pulled here after a
synchronisation and kept as a sealed kit secret, so the day's plan is there offline too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select

from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.errors import SyncError
from koffer.storage.models import CaseRow, OutboxRow
from koffer.storage.repository import LAST_SYNC, CaseSummary, OutboxState
from koffer.storage.store import KitStore
from koffer.workflows.synchronise import ENROLMENTS, Synchroniser

REFERENCE_DATA = "reference_data"
REFERENCE_DAYS = 7  # a week ahead: the kit may be offline for days on a tour
OPEN_STATES = frozenset({CaseState.DRAFT, CaseState.CAPTURED, CaseState.SIGNED, CaseState.PAID})
APPOINTMENT = "appointment"
SERVICE_POINT_DAY = "service_point_day"
# The details a citizen checks on the review screen, in the order shown.
REVIEW_DETAILS = ("height_cm", "eye_colour", "move_in_date", "pages", "purpose", "witness")
REVIEW_CONFIRMED = "review.confirmed"
REVIEW_CORRECTION = "review.correction_requested"


@dataclass(frozen=True)
class ScheduleItem:
    """An appointment or a service-point day (Sprechtag) the town hall planned for the kit."""

    day: date
    kind: str  # APPOINTMENT or SERVICE_POINT_DAY
    place: str
    starts_at: time | None
    ends_at: time | None
    note: str = ""


@dataclass(frozen=True)
class DayOverview:
    """Everything the dashboard shows about one day, read in one unit of work."""

    day: date
    schedule: tuple[ScheduleItem, ...]
    schedule_fetched_at: datetime | None  # None: never pulled from the town hall
    cases_today: int
    drafts: tuple[CaseSummary, ...]  # unfinished cases, newest first
    outbox: Mapping[str, int]
    last_sync: datetime | None  # UTC, None before the first synchronisation

    @property
    def waiting(self) -> int:
        """Cases waiting for the town hall (pending or failed once)."""
        return self.outbox.get(OutboxState.PENDING, 0) + self.outbox.get(OutboxState.FAILED, 0)


@dataclass(frozen=True)
class OutboxLine:
    """One outbox entry as the sync page lists it."""

    id: int
    case_id: str
    reference: str
    service: ServiceKind
    state: str
    attempts: int
    next_attempt_at: datetime  # UTC
    error_key: str  # message key of the last failure ("" when none)
    error_detail: str  # technical detail of the last failure


@dataclass(frozen=True)
class ReviewSheet:
    """What will be submitted for a case, as the citizen checks it."""

    case_id: str
    reference: str
    service: ServiceKind
    given_names: str
    surname: str
    birth_date: date
    street: str
    house_number: str
    postcode: str
    city: str
    details: tuple[tuple[str, str], ...]  # (detail name, value) from REVIEW_DETAILS


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _parse_time(text: Any) -> time | None:
    return time.fromisoformat(text) if text else None


def schedule_from(data: Mapping[str, Any]) -> tuple[ScheduleItem, ...]:
    """Read the schedule out of the town hall's reference data.

    Raises:
        SyncError: When the answer does not have the expected shape.
    """
    try:
        return tuple(
            ScheduleItem(
                date.fromisoformat(entry["day"]),
                str(entry["kind"]),
                str(entry["place"]),
                _parse_time(entry.get("starts_at")),
                _parse_time(entry.get("ends_at")),
                str(entry.get("note") or ""),
            )
            for entry in data["schedule"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(f"reference data: {exc!r}", reason="sync.rejected") from exc


def refresh_reference_data(
    synchroniser: Synchroniser, today: date, days: int = REFERENCE_DAYS
) -> tuple[ScheduleItem, ...]:
    """Pull the kit's schedule for ``days`` days from ``today`` and keep it sealed.

    Raises:
        SyncError: When the town hall cannot be reached or answers nonsense; what was
            kept before stays.
    """
    enrolment = synchroniser.enrolment()
    data = synchroniser.client.reference_data(enrolment, today, days)
    schedule = schedule_from(data)  # checked before anything is replaced
    with synchroniser.store.unit_of_work(activity=False) as uow:
        uow.set_secret(
            REFERENCE_DATA,
            {"fetched_at": _utc_now().isoformat(), "schedule": data["schedule"]},
        )
    return schedule


def day_overview(store: KitStore, today: date) -> DayOverview:
    """Read the day's schedule, today's and unfinished cases, the outbox and the last sync."""
    with store.unit_of_work(activity=False) as uow:
        kept = uow.secret(REFERENCE_DATA) or {}
        cases = uow.cases()
        counts = uow.outbox_counts()
        # The store notes set-up as a "sync" (the offline limit starts there); a kit that
        # has never enrolled with a town hall has never synchronised.
        synced = uow.secret(LAST_SYNC) if uow.secret(ENROLMENTS) else None
    schedule = tuple(item for item in schedule_from(kept or {"schedule": []}) if item.day == today)
    fetched = kept.get("fetched_at")
    midnight = datetime.combine(today, time()).astimezone().astimezone(UTC).replace(tzinfo=None)
    return DayOverview(
        day=today,
        schedule=tuple(sorted(schedule, key=lambda s: (s.starts_at or time(), s.place))),
        schedule_fetched_at=datetime.fromisoformat(fetched) if fetched else None,
        cases_today=sum(1 for case in cases if case.created_at >= midnight),
        drafts=tuple(case for case in cases if case.state in OPEN_STATES),
        outbox=counts,
        last_sync=datetime.fromisoformat(synced) if synced else None,
    )


def split_error(stored: str) -> tuple[str, str]:
    """Split a stored outbox error into its message key and the technical detail.

    Failures are stored as ``"<message key>: <detail>"``; an older row without a key gets
    the generic ``sync.failed``.
    """
    key, sep, detail = stored.partition(": ")
    if sep and key.startswith("sync.") and " " not in key:
        return key, detail
    return ("sync.failed" if stored else ""), stored


def outbox_lines(store: KitStore) -> list[OutboxLine]:
    """Every outbox entry with its case's reference, oldest first."""
    query = (
        select(OutboxRow, CaseRow.reference, CaseRow.service)
        .join(CaseRow, CaseRow.id == OutboxRow.case_id)
        .order_by(OutboxRow.id)
    )
    with store.unit_of_work(activity=False) as uow:
        rows = uow.session.execute(query).all()
        lines = []
        for row, reference, service in rows:
            key, detail = split_error(row.last_error)
            lines.append(
                OutboxLine(
                    row.id,
                    row.case_id,
                    reference,
                    ServiceKind(service),
                    row.state,
                    row.attempts,
                    row.next_attempt_at,
                    key,
                    detail,
                )
            )
    return lines


def review_sheet(store: KitStore, case_id: str) -> ReviewSheet:
    """What will be submitted for ``case_id``, for the citizen's review screen."""
    with store.unit_of_work() as uow:
        case = uow.case(case_id)
        person = uow.person(case.person_id)
    details = tuple(
        (name, _detail_text(case.details[name]))
        for name in REVIEW_DETAILS
        if case.details.get(name) not in (None, "", False)
    )
    address = person.address
    return ReviewSheet(
        case.id,
        case.reference,
        case.service,
        person.given_names,
        person.surname,
        person.birth_date,
        address.street,
        address.house_number,
        address.postcode,
        address.city,
        details,
    )


def _detail_text(value: Any) -> str:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


def record_review(store: KitStore, case_id: str, *, confirmed: bool) -> None:
    """Note the citizen's answer in the case's audit trail (the event only, no content)."""
    with store.unit_of_work() as uow:
        uow.case(case_id)  # NotFound for an unknown case
        uow.audit(REVIEW_CONFIRMED if confirmed else REVIEW_CORRECTION, case_id)
