"""Unit of work over the kit store: reads and writes domain objects, sealing personal data."""

from __future__ import annotations

import functools
import json
import logging
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    Connection,
    DateTime,
    RootTransaction,
    Table,
    delete,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.orm import Session

from koffer import crypto
from koffer.domain.case import Case, CaseState, ServiceKind
from koffer.domain.errors import KofferError, RecordDamaged
from koffer.domain.person import Address, Person
from koffer.storage import audit
from koffer.storage.models import (
    AddressRow,
    AttachmentRow,
    AuditEvent,
    Base,
    CaseKey,
    CaseRow,
    ClerkKey,
    KitSecret,
    OutboxRow,
    PaymentRow,
    PersonRow,
)


class NotFound(KofferError):
    """A record the caller named does not exist."""

    message_key = "error.not_found"


class OutboxState:
    """States of an outbox entry."""

    PENDING = "pending"
    DELIVERED = "delivered"
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"
    DEAD = "dead"


class CaseSummary(NamedTuple):  # a tuple: building 10,000 frozen dataclasses costs 15 ms
    """One line of the case list."""

    id: str
    reference: str
    service: ServiceKind
    state: CaseState
    citizen: str
    created_at: datetime
    townhall_status: str


@dataclass(frozen=True)
class OutboxEntry:
    """A packet due for the town hall."""

    id: int
    case_id: str
    idempotency_key: str
    attempts: int


_Row = TypeVar("_Row", bound=Base)
_SERVICES: dict[str, ServiceKind] = {kind.value: kind for kind in ServiceKind}
_STATES: dict[str, CaseState] = {state.value: state for state in CaseState}
LAST_SYNC = "last_sync_at"
_IN_LIMIT = 500
MAIN = "main"
_CHAIN_HEAD = "SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1"
_CASE_LIST = (
    "SELECT id, reference, service, state, created_at, townhall_status, person_id, NULL "
    'FROM "case" ORDER BY created_at DESC'
)
# The first list after an unlock knows no names yet: they come with the cases, in one scan.
_CASE_LIST_NAMED = (
    "SELECT c.id, c.reference, c.service, c.state, c.created_at, c.townhall_status, "
    'c.person_id, p.name_sealed FROM "case" c JOIN person p ON p.id = c.person_id '
    "ORDER BY c.created_at DESC"
)
DAMAGED_NAME = "\u26a0"  # shown in the case list for a citizen whose sealed name is damaged
_log = logging.getLogger(__name__)


def _display_name(person: dict[str, Any]) -> str:
    parts = (person.get("doctoral_degree"), person["given_names"], person["surname"])
    return " ".join(p for p in parts if p)


_DIALECT = sqlite_dialect.dialect()
_to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps builds one per call


def _datetime_processor(fallback: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A DateTime bind processor with a fast path for the naive UTC datetimes we store.

    ``isoformat`` gives the text SQLAlchemy's SQLite DateTime stores
    (``YYYY-MM-DD HH:MM:SS.ffffff``), several times faster; anything else goes to
    SQLAlchemy's own processor.
    """

    def process(value: Any) -> Any:
        if type(value) is datetime and value.tzinfo is None:
            return value.isoformat(" ", "microseconds")
        return fallback(value)

    return process


@functools.cache
def _insert_plan(
    table: Table, keys: tuple[str, ...]
) -> tuple[str, tuple[tuple[str, Any, Callable[[Any], Any] | None], ...]]:
    """SQL and (column, default, bind processor) triples for inserting ``keys`` into ``table``.

    Columns not given take their scalar Python default; an integer primary key not given is
    left to SQLite (autoincrement).
    """
    columns = []
    for column in table.columns:
        default = column.default
        if column.name in keys:
            columns.append((column, None))
        elif default is not None and getattr(default, "is_scalar", False):
            columns.append((column, default.arg))  # type: ignore[attr-defined]
    names = ", ".join(f'"{column.name}"' for column, _ in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'  # noqa: S608 - our own names
    plan = []
    for column, default in columns:
        impl = column.type.dialect_impl(_DIALECT)
        processor: Callable[[Any], Any] | None = impl.bind_processor(_DIALECT)
        if processor is not None and isinstance(column.type, DateTime):
            processor = _datetime_processor(processor)
        plan.append((column.name, default, processor))
    return sql, tuple(plan)


def begin_immediate(driver_connection: Any) -> None:
    """Open a write transaction straight on an SQLite driver connection.

    Foreign keys are checked at commit, not per statement: a unit of work can then write its
    rows once, in any order, and still never commit a dangling reference.
    """
    driver_connection.execute("BEGIN IMMEDIATE")
    driver_connection.execute("PRAGMA defer_foreign_keys=ON")


def _ctx(table: str, row_id: str) -> bytes:
    return f"{table}:{row_id}".encode()


def _opened(
    unseal: Callable[[bytes, bytes], bytes], sealed: bytes, table: str, row_id: str
) -> bytes:
    """Unseal a row's value; a value that does not decrypt names its row, never its content."""
    try:
        return unseal(sealed, _ctx(table, row_id))
    except crypto.CryptoError as exc:
        raise RecordDamaged(f"{table} {row_id}") from exc


class UnitOfWork:
    """One transaction on the kit store with the data key at hand.

    The transaction lives on the driver connection (:meth:`begin`, :meth:`commit`); SQLAlchemy
    joins it only when the ORM session is first needed, so a save of new rows never pays
    for SQLAlchemy's transaction bookkeeping.
    """

    def __init__(
        self,
        connection: Connection,
        sealer: crypto.Sealer,
        clock: Callable[[], datetime],
        clerk: str = "",
        names: dict[str, str] | None = None,
    ) -> None:
        self._connection = connection
        self._transaction: RootTransaction | None = None  # SQLAlchemy's, once the ORM joins
        self._session: Session | None = None
        self._sealer = sealer  # under the kit data key
        self._now = clock
        self.clerk = clerk
        # Decrypted display names shared by the units of work of one unlocked session.
        self._names = names if names is not None else {}
        self._case_sealers: dict[str, crypto.Sealer] = {}  # case keys unwrapped in this unit
        self._audit_head: str | None = None  # the chain's last hash, once read
        self._driver_connection: Any = connection.connection.driver_connection

    def begin(self) -> None:
        """Open the write transaction on the driver connection."""
        begin_immediate(self._driver_connection)

    @property
    def session(self) -> Session:
        """The ORM session in this unit of work's transaction, made on first use.

        Saving a new case never needs one (new rows go straight to the driver), so a save
        does not pay for it.
        """
        if self._session is None:
            # SQLAlchemy learns of the transaction the driver is in already (its begin event
            # sees that and issues no second BEGIN); the session joins it.
            self._transaction = self._connection.begin()
            self._session = Session(bind=self._connection, expire_on_commit=False)
        return self._session

    def commit(self) -> None:
        """Write what the ORM session holds and commit the transaction."""
        if self._session is not None:
            self._session.flush()
            self._session.close()
        if self._transaction is not None:
            self._transaction.commit()
        else:
            self._driver_connection.commit()

    def rollback(self) -> None:
        """Undo the transaction (what is left of it after a failed statement or commit)."""
        try:
            if self._session is not None:
                self._session.close()
            if self._transaction is not None:  # whichever SQLAlchemy still holds, if any
                self._connection.rollback()
        finally:
            self._driver_connection.rollback()  # nothing to do when SQLAlchemy did it

    def now(self) -> datetime:
        """The store's current time (naive UTC)."""
        return self._now()

    # --- sealing ----------------------------------------------------------------------

    def _seal(self, table: str, row_id: str, value: Any) -> bytes:
        plain = _to_json(value).encode("utf-8")
        return self._sealer.seal(plain, _ctx(table, row_id))

    def _unseal(self, table: str, row_id: str, sealed: bytes) -> Any:
        return json.loads(_opened(self._sealer.unseal, sealed, table, row_id))

    # --- people and cases -------------------------------------------------------------

    def add_person(self, person: Person) -> str:
        """Store a citizen (their address as the main residence) and return their id."""
        person_id = str(uuid.uuid4())
        record = person.to_dict()
        del record["address"]
        self._insert(
            PersonRow,
            id=person_id,
            created_at=self._now(),
            sealed=self._seal("person", person_id, record),
            name_sealed=self._sealer.seal(
                person.full_name.encode("utf-8"), _ctx("person_name", person_id)
            ),
        )
        self.add_address(person_id, person.address, MAIN)
        return person_id

    def add_address(self, person_id: str, address: Address, kind: str) -> str:
        """Record an address of a citizen: ``main``, ``secondary`` or ``previous``."""
        address_id = str(uuid.uuid4())
        self._insert(
            AddressRow,
            id=address_id,
            person_id=person_id,
            kind=kind,
            created_at=self._now(),
            sealed=self._seal("address", address_id, address.to_dict()),
        )
        return address_id

    def addresses(self, person_id: str) -> list[tuple[str, Address]]:
        """Return a citizen's addresses as (kind, address), oldest first."""
        rows = self.session.execute(
            select(AddressRow.id, AddressRow.kind, AddressRow.sealed)
            .where(AddressRow.person_id == person_id)
            .order_by(literal_column("address.rowid"))  # insertion order, even within a tick
        )
        return [
            (kind, Address.from_dict(self._unseal("address", row_id, sealed)))
            for row_id, kind, sealed in rows
        ]

    def person(self, person_id: str) -> Person:
        """Return a stored citizen with their latest main address."""
        row = self._row(PersonRow, person_id)
        record = self._unseal("person", row.id, row.sealed)
        mains = [address for kind, address in self.addresses(person_id) if kind == MAIN]
        if mains:  # records from before schema 0003 keep the address inside ``sealed``
            record["address"] = mains[-1].to_dict()
        return Person.from_dict(record)

    def add_case(self, case: Case) -> None:
        """Store a new case and log its creation."""
        self._insert(
            CaseRow,
            id=case.id,
            reference=case.reference,
            service=str(case.service),
            state=str(case.state),
            person_id=case.person_id,
            created_at=case.created_at,
            updated_at=self._now(),
            clerk=self.clerk,
            sealed=self._seal("case", case.id, case.details),
        )
        self._new_case_key(case.id)
        self.audit("case.created", case.id)

    def _driver(self) -> Any:
        """The SQLite driver connection under this unit of work's transaction."""
        return self._driver_connection

    def _insert(self, model: type[Base], **values: Any) -> None:
        """Insert one new row at once, straight through the SQLite driver.

        New rows skip the ORM's unit of work and SQLAlchemy's per-statement machinery (about
        0.1 ms a statement, most of a case's save otherwise); the SQL, the column defaults and
        the type processors are prepared once per table and keyword order. Foreign keys are
        checked at commit (``defer_foreign_keys``), so the order of inserts and of later ORM
        flushes does not matter.
        """
        sql, columns = _insert_plan(model.__table__, tuple(values))
        params = []
        for name, default, processor in columns:
            value = values.get(name, default)
            params.append(value if processor is None or value is None else processor(value))
        self._driver_connection.execute(sql, params)

    def _row(self, model: type[_Row], row_id: str | int) -> _Row:
        row = self.session.get(model, row_id)
        if row is None:
            raise NotFound(str(row_id))
        return row

    def case(self, case_id: str) -> Case:
        """Return a stored case."""
        return self._case_of(self._row(CaseRow, case_id))

    def _case_of(self, row: CaseRow) -> Case:
        return Case(
            id=row.id,
            reference=row.reference,
            service=ServiceKind(row.service),
            state=CaseState(row.state),
            person_id=row.person_id,
            created_at=row.created_at,
            details=self._unseal("case", row.id, row.sealed),
        )

    def case_by_reference(self, reference: str) -> Case | None:
        """Return the case with this reference, or None."""
        row = self.session.scalars(select(CaseRow).where(CaseRow.reference == reference)).first()
        return None if row is None else self._case_of(row)

    def save_case(self, case: Case) -> None:
        """Write a case's state and details back, logging a state change."""
        row = self._row(CaseRow, case.id)
        if row.state != case.state:
            self.audit(f"case.{case.state}", case.id)
        row.state = str(case.state)
        row.sealed = self._seal("case", case.id, case.details)
        row.updated_at = self._now()

    def set_townhall_status(self, case_id: str, status: str) -> None:
        """Record the latest status the town hall reported for a case."""
        row = self._row(CaseRow, case_id)
        row.townhall_status = status
        self.audit(f"townhall.{status}", case_id)

    def cases(self, search: str = "") -> list[CaseSummary]:
        """Return the cases, newest first, with the citizen's name decrypted.

        ``search`` keeps cases whose reference or citizen's name contains it (any case,
        NFC). The names are sealed, so the search runs here, after decryption, in memory.
        """
        needle = unicodedata.normalize("NFC", search).casefold().strip()
        # Straight through the driver: 10,000 rows through SQLAlchemy's result machinery (and
        # its regex DateTime parser) cost more than the 50 ms the whole list may take.
        rows = self._driver().execute(_CASE_LIST if self._names else _CASE_LIST_NAMED).fetchall()
        names = self._names_of(rows)
        result = []
        for case_id, reference, service, state, created, status, person_id, _name in rows:
            citizen = names[person_id]
            if needle and needle not in citizen.casefold() and needle not in reference.casefold():
                continue
            result.append(
                CaseSummary(
                    case_id,
                    reference,
                    _SERVICES[service],
                    _STATES[state],
                    citizen,
                    datetime.fromisoformat(created),
                    status,
                )
            )
        return result

    def _names_of(self, rows: list[Any]) -> dict[str, str]:
        """Citizens' display names, decrypted once per unlocked session and kept in memory.

        ``rows`` are case-list rows: the person id, then the sealed name when the list
        fetched it. Names neither known nor fetched are read by id.
        """
        known = self._names
        sealed = {row[6]: row[7] for row in rows if row[6] not in known}
        unfetched = [person_id for person_id, name in sealed.items() if name is None]
        if unfetched:
            query = select(PersonRow.id, PersonRow.name_sealed)
            if len(unfetched) < _IN_LIMIT:  # a few new citizens; else one scan beats a huge IN
                query = query.where(PersonRow.id.in_(unfetched))
            for person_id, name_sealed in self.session.connection().execute(query).all():
                if person_id in sealed:
                    sealed[person_id] = name_sealed
        older = [person_id for person_id, name in sealed.items() if name is None]
        to_open = [(p, n) for p, n in sealed.items() if n is not None]
        opened = self._sealer.unseal_many(
            (name, b"person_name:" + person_id.encode()) for person_id, name in to_open
        )
        for (person_id, _sealed), name in zip(to_open, opened, strict=True):
            if name is None:  # one damaged record must not hide every other case
                _log.warning("person %s: sealed name does not decrypt", person_id)
                known[person_id] = DAMAGED_NAME
            else:
                known[person_id] = name.decode()
        if older:  # citizens stored before schema 0003: the name is inside the full record
            records = self.session.execute(
                select(PersonRow.id, PersonRow.sealed).where(PersonRow.id.in_(older))
            )
            for person_id, sealed_person in records:
                known[person_id] = _display_name(self._unseal("person", person_id, sealed_person))
        return known

    # --- attachments ------------------------------------------------------------------

    def add_attachment(self, case_id: str, kind: str, media_type: str, data: bytes) -> str:
        """Store a sealed document or biometric for a case and return its id."""
        attachment_id = str(uuid.uuid4())
        sealed = self._case_sealer(case_id).seal(data, _ctx("attachment", attachment_id))
        self._insert(
            AttachmentRow,
            id=attachment_id,
            case_id=case_id,
            kind=kind,
            media_type=media_type,
            created_at=self._now(),
            key_ref="case",
            sealed=sealed,
        )
        return attachment_id

    def _new_case_key(self, case_id: str) -> crypto.Sealer:
        key = crypto.new_key()
        self._insert(
            CaseKey, case_id=case_id, wrapped_key=self._sealer.seal(key, _ctx("case_key", case_id))
        )
        sealer = self._case_sealers[case_id] = crypto.Sealer(key)
        return sealer

    def _case_sealer(self, case_id: str) -> crypto.Sealer:
        """The sealer under a case's own key (unwrapped once per unit of work)."""
        sealer = self._case_sealers.get(case_id)
        if sealer is not None:
            return sealer
        row = self.session.get(CaseKey, case_id)
        if row is None:  # a case from before schema 0002 gets its key on first use
            self._row(CaseRow, case_id)
            return self._new_case_key(case_id)
        key = _opened(self._sealer.unseal, row.wrapped_key, "case_key", case_id)
        sealer = self._case_sealers[case_id] = crypto.Sealer(key)
        return sealer

    def attachment(self, attachment_id: str) -> bytes:
        """Return an attachment's content."""
        row = self._row(AttachmentRow, attachment_id)
        sealer = self._sealer if row.key_ref == "kit" else self._case_sealer(row.case_id)
        return _opened(sealer.unseal, row.sealed, "attachment", row.id)

    def attachments_before(self, kinds: set[str], before: datetime) -> list[tuple[str, str]]:
        """Return (id, case id) of attachments of these kinds created before ``before``."""
        rows = self.session.execute(
            select(AttachmentRow.id, AttachmentRow.case_id).where(
                AttachmentRow.kind.in_(kinds), AttachmentRow.created_at < before
            )
        )
        return [(r.id, r.case_id) for r in rows]

    def cases_closed_before(self, states: set[str], before: datetime) -> list[str]:
        """Return ids of cases in ``states`` whose last change was before ``before``."""
        return list(
            self.session.scalars(
                select(CaseRow.id).where(CaseRow.state.in_(states), CaseRow.updated_at < before)
            )
        )

    def delete_attachment(self, attachment_id: str, reason: str) -> None:
        """Delete one attachment, logging why (an event type, no content)."""
        row = self._row(AttachmentRow, attachment_id)
        self.session.delete(row)
        self.audit(f"attachment.deleted.{reason}", row.case_id)

    def delete_attachments(self, case_id: str, kinds: set[str]) -> int:
        """Delete a case's attachments of the given kinds; return how many went."""
        # One DELETE: loading the rows first would read every sealed print just to drop it.
        deleted = self.session.connection().execute(
            delete(AttachmentRow).where(
                AttachmentRow.case_id == case_id, AttachmentRow.kind.in_(kinds)
            )
        )
        count = deleted.rowcount
        if count:
            self.audit("attachments.deleted", case_id)
        return count

    def purge_case(self, case_id: str) -> None:
        """Delete a case for good: its key first (crypto-shredding), then all its rows.

        With ``secure_delete`` on, SQLite overwrites the freed pages.
        """
        case = self._row(CaseRow, case_id)
        self.session.delete(self._row(CaseKey, case_id))
        self.session.flush()
        for model in (AttachmentRow, OutboxRow, PaymentRow):
            for row in self.session.scalars(select(model).where(model.case_id == case_id)):
                self.session.delete(row)
        person_id = case.person_id
        self.session.delete(case)
        self.session.flush()
        still_used = self.session.scalars(
            select(CaseRow.id).where(CaseRow.person_id == person_id).limit(1)
        ).first()
        if still_used is None:
            self.session.delete(self._row(PersonRow, person_id))
            self._names.pop(person_id, None)
        self.audit("case.purged", case_id)

    def attachments(self, case_id: str) -> list[tuple[str, str, str]]:
        """Return (id, kind, media type) of a case's attachments."""
        rows = self.session.execute(
            select(AttachmentRow.id, AttachmentRow.kind, AttachmentRow.media_type)
            .where(AttachmentRow.case_id == case_id)
            .order_by(AttachmentRow.created_at)
        )
        return [(r.id, r.kind, r.media_type) for r in rows]

    # --- payments ---------------------------------------------------------------------

    def add_payment(self, case_id: str, **approval: Any) -> None:
        """Record a fee the card terminal approved for a case.

        Args:
            case_id: The case paid for.
            **approval: amount_cents, currency, authorisation_code, terminal_id,
                trace_number, and optionally method (default "card").
        """
        self._row(CaseRow, case_id)
        self.session.add(
            PaymentRow(
                case_id=case_id,
                method=approval.pop("method", "card"),
                paid_at=self._now(),
                **approval,
            )
        )
        self.audit("payment.recorded", case_id)

    def payments(self, case_id: str) -> list[dict[str, Any]]:
        """Return a case's payments as plain data (for receipts and the packet)."""
        rows = self.session.scalars(
            select(PaymentRow).where(PaymentRow.case_id == case_id).order_by(PaymentRow.id)
        )
        return [
            {
                "amount_cents": r.amount_cents,
                "currency": r.currency,
                "method": r.method,
                "authorisation_code": r.authorisation_code,
                "terminal_id": r.terminal_id,
                "trace_number": r.trace_number,
                "paid_at": r.paid_at.isoformat(),
            }
            for r in rows
        ]

    # --- outbox -----------------------------------------------------------------------

    def enqueue(self, case_id: str) -> str:
        """Add an outbox entry for a case and return its idempotency key."""
        key = uuid.uuid4().hex
        self.session.add(
            OutboxRow(
                case_id=case_id,
                idempotency_key=key,
                state=OutboxState.PENDING,
                attempts=0,
                next_attempt_at=self._now(),
            )
        )
        self.audit("outbox.queued", case_id)
        return key

    def outbox_key(self, case_id: str) -> str | None:
        """Return the idempotency key of a case's outbox entry, or None when it has none."""
        return self.session.scalars(
            select(OutboxRow.idempotency_key).where(OutboxRow.case_id == case_id)
        ).first()

    def due_outbox(self) -> list[OutboxEntry]:
        """Return the entries whose next attempt is due, oldest first."""
        return self.undelivered_outbox(due_only=True)

    def undelivered_outbox(self, *, due_only: bool = False) -> list[OutboxEntry]:
        """Return the entries the town hall does not have yet, oldest first."""
        query = select(OutboxRow).where(
            OutboxRow.state.in_([OutboxState.PENDING, OutboxState.FAILED])
        )
        if due_only:
            query = query.where(OutboxRow.next_attempt_at <= self._now())
        rows = self.session.scalars(query.order_by(OutboxRow.id))
        return [OutboxEntry(r.id, r.case_id, r.idempotency_key, r.attempts) for r in rows]

    def outbox_by_key(self, idempotency_key: str) -> tuple[OutboxEntry, str] | None:
        """Return the entry with this idempotency key and its state, or None."""
        row = self.session.scalars(
            select(OutboxRow).where(OutboxRow.idempotency_key == idempotency_key)
        ).first()
        if row is None:
            return None
        return OutboxEntry(row.id, row.case_id, row.idempotency_key, row.attempts), row.state

    def outbox_counts(self) -> dict[str, int]:
        """Return how many entries are in each outbox state."""
        counts: dict[str, int] = {}
        for state in self.session.scalars(select(OutboxRow.state)):
            counts[state] = counts.get(state, 0) + 1
        return counts

    def mark_delivered(self, entry_id: int, townhall_reference: str) -> None:
        """Record that the town hall accepted a packet."""
        row = self._outbox(entry_id)
        row.state = OutboxState.DELIVERED
        row.townhall_reference = townhall_reference
        row.last_error = ""
        self.audit("outbox.delivered", row.case_id)

    def mark_failed(self, entry_id: int, reason: str, retry_in: timedelta) -> None:
        """Record a failed attempt and when to try again."""
        row = self._outbox(entry_id)
        row.state = OutboxState.FAILED
        row.attempts += 1
        row.last_error = reason[:200]
        row.next_attempt_at = self._now() + retry_in
        self.audit("outbox.failed", row.case_id)

    def _outbox(self, entry_id: int) -> OutboxRow:
        return self._row(OutboxRow, entry_id)

    # --- kit secrets and audit --------------------------------------------------------

    def mark_synced(self) -> None:
        """Record that the kit has just reached its town hall."""
        self.set_secret(LAST_SYNC, self._now().isoformat())

    def last_synced(self) -> datetime:
        """When the kit last reached its town hall (or, before its first sync, was set up)."""
        stored = self.secret(LAST_SYNC)
        if stored:
            return datetime.fromisoformat(stored)
        created = self.session.scalars(select(func.min(ClerkKey.created_at))).first()
        return created or self._now()

    def secret(self, name: str) -> Any:
        """Return a sealed kit secret, or None when unset."""
        row = self.session.get(KitSecret, name)
        return None if row is None else self._unseal("secret", name, row.sealed)

    def set_secret(self, name: str, value: Any) -> None:
        """Store a kit secret sealed under the data key."""
        sealed = self._seal("secret", name, value)
        row = self.session.get(KitSecret, name)
        if row is None:
            self.session.add(KitSecret(name=name, sealed=sealed))
        else:
            row.sealed = sealed

    def audit(self, event: str, case_id: str | None = None) -> None:
        """Append an event (ids and event types only) to the audit chain."""
        if self._audit_head is None:  # BEGIN IMMEDIATE: no one else appends meanwhile
            self._audit_head = self._chain_head()
        at = self._now()
        digest = audit.entry_hash(self._audit_head, at, event, case_id)
        self._insert(
            AuditEvent, at=at, event=event, case_id=case_id, prev_hash=self._audit_head, hash=digest
        )
        self._audit_head = digest

    def _chain_head(self) -> str:
        """The audit chain's last hash, read through the driver (once per unit of work).

        Audit rows are only ever written by :meth:`audit`, straight to the table, so the
        ORM never holds one that is not in the database yet.
        """
        last = (
            self._driver()
            .execute("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1")
            .fetchone()
        )
        return str(last[0]) if last else audit.GENESIS

    def audit_events(self, case_id: str | None = None) -> list[AuditEvent]:
        """Return the audit chain in order (only one case's entries when ``case_id`` given)."""
        query = select(AuditEvent).order_by(AuditEvent.id)
        if case_id is not None:
            query = query.where(AuditEvent.case_id == case_id)
        return list(self.session.scalars(query))
