"""Taking sealed packets in: open and check each one, store the good ones exactly once.

A single packet (``POST .../submissions``) and a batch (``POST .../submission-batches``)
go the same way. Every packet is opened and checked on its own: the kit's signature, the
manifest's hashes, the idempotency key it was sealed under, the fields the columns need.
The good packets of one request are then stored in one transaction with their "received"
events, so a batch of packets costs one commit, one kit lookup and one request. A refused
packet stores nothing and does not hold up the others.

A packet sent again (its answer was lost) gets its first receipt, after its signature is
checked; so does one that raced in through another process at the same moment (the unique
key refuses the second row, and the packets are then stored one at a time).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from joserfc.jwk import RSAKey
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from koffer import crypto
from koffer.sync import packet as packet_format
from koffer.sync.townhall import uploads
from koffer.sync.townhall.models import Kit, StatusEvent, Submission
from koffer.sync.townhall.notify import clean_address
from koffer.sync.townhall.status import CaseStatus

RECEIVED = CaseStatus.RECEIVED.value
STORED, STORED_BEFORE, UNPROCESSABLE = 201, 200, 422


@dataclass(frozen=True)
class Outcome:
    """What became of one packet: ``status`` as HTTP would say it (201, 200, 409, 422)."""

    idempotency_key: str
    status: int
    reference: str = ""
    detail: str = ""

    @property
    def taken(self) -> bool:
        """Whether the town hall has the packet (now or from before)."""
        return self.status in {STORED, STORED_BEFORE}


@dataclass(frozen=True)
class _Opened:
    """A packet opened and checked, ready to be stored."""

    key: str
    packet: str
    application: packet_format.Application
    sealed: dict[int, bytes]  # its uploaded attachments, assembled


class _Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def lookup_digest(reference: str, birth_date: str) -> str:
    """Return the digest a citizen's status lookup is matched against."""
    return hashlib.sha256(f"{reference}|{birth_date}".encode()).hexdigest()


def lock_kit_events(db: Session, kit_id: str) -> None:
    """Serialise the appending of a kit's status events until the transaction ends.

    Event ids come from a sequence; without the lock, two processes could commit ids 11
    and 10 in that order, and a kit reading in between would move its cursor past 10 for
    good. SQLite has a single writer anyway.
    """
    if db.get_bind().dialect.name == "postgresql":
        digest = hashlib.sha256(f"koffer-events:{kit_id}".encode()).digest()
        key = int.from_bytes(digest[:8], "big", signed=True)
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def find(db: Session, kit_id: str, idempotency_key: str) -> Submission | None:
    """The submission a kit made under ``idempotency_key``, if any."""
    return db.scalars(
        select(Submission).where(
            Submission.kit_id == kit_id, Submission.idempotency_key == idempotency_key
        )
    ).first()


def take(
    db: Session, kit: Kit, townhall_key: RSAKey, packets: Sequence[tuple[str, str]]
) -> list[Outcome]:
    """Open, check and store a kit's packets, ``(idempotency key, compact JWE)`` each.

    Returns one outcome per packet, in order. Commits what it stores.
    """
    known = _known(db, kit.id, [key for key, _ in packets])
    signer = crypto.signing_key_from_jwk(kit.signing_key)
    outcomes: list[Outcome] = []
    fresh: dict[str, _Opened] = {}
    for key, sealed in packets:
        try:
            opened = _open(
                db,
                key,
                sealed,
                kit_id=kit.id,
                townhall_key=townhall_key,
                signer=signer,
                known=known,
            )
        except _Refused as exc:
            outcomes.append(Outcome(key, exc.status, detail=exc.detail))
            continue
        if isinstance(opened, Outcome):
            outcomes.append(opened)
        elif key in fresh:  # twice in one batch: stored once, the second is a repeat
            outcomes.append(Outcome(key, STORED_BEFORE, fresh[key].application.reference))
        else:
            fresh[key] = opened
            outcomes.append(Outcome(key, STORED, opened.application.reference))
    if fresh:
        repeated = _store(db, kit.id, list(fresh.values()))
        outcomes = [repeated.get(o.idempotency_key, o) if o.taken else o for o in outcomes]
    return outcomes


def _known(db: Session, kit_id: str, keys: list[str]) -> dict[str, str]:
    """The case references of the submissions this kit made under any of ``keys``."""
    rows = db.execute(
        select(Submission.idempotency_key, Submission.case_reference).where(
            Submission.kit_id == kit_id, Submission.idempotency_key.in_(set(keys))
        )
    )
    return {row[0]: row[1] for row in rows}


def _open(
    db: Session,
    key: str,
    sealed: str,
    *,
    kit_id: str,
    townhall_key: RSAKey,
    signer: Any,
    known: dict[str, str],
) -> _Opened | Outcome:
    """Open and check one packet; an :class:`Outcome` when it was stored before.

    Raises:
        _Refused: With the status and reason to answer (nothing of it is stored).
    """
    if not sealed.isascii():
        raise _Refused(UNPROCESSABLE, "packet is not ASCII")
    try:
        payload, attached = crypto.open_attached(sealed, townhall_key, signer)
        if key in known:  # its uploads went when it was stored: answer before assembling
            return Outcome(key, STORED_BEFORE, known[key])
        listed = packet_format.uploads(payload)
        contents = uploads.assemble(db, kit_id, key, listed)
        opened = {
            index: crypto.open_packet(content.decode("ascii"), townhall_key, signer)
            for index, content in contents.items()
        }
        application = packet_format.decode(payload, opened.__getitem__, attached)
    except uploads.UploadError as exc:
        raise _Refused(exc.status, str(exc)) from exc
    except (crypto.CryptoError, packet_format.PacketError, UnicodeDecodeError) as exc:
        raise _Refused(UNPROCESSABLE, str(exc)) from exc
    if application.idempotency_key != key:
        raise _Refused(UNPROCESSABLE, "idempotency key differs from the packet")
    unfit = _unfit(application)
    if unfit:
        raise _Refused(UNPROCESSABLE, unfit)
    return _Opened(key, sealed, application, contents)


def _unfit(application: packet_format.Application) -> str:
    """Say why a well-sealed application cannot be stored (empty: it can).

    The signature proves who sent a packet, not that its content has the shape the
    columns need: a kit with a bug must get a 422, not a 500.
    """
    case, person = application.case, application.person
    if not isinstance(case, dict) or not isinstance(person, dict):
        return "case and person must be objects"
    for name, longest in (("reference", 32), ("service", 40)):
        value = case.get(name)
        if not isinstance(value, str) or not 0 < len(value) <= longest or "\x00" in value:
            return f"case {name} missing, too long or not text"
    return ""


def _notify_address(case: dict[str, Any]) -> str | None:
    """Return the address the citizen gave for status mail (``case.details.notify_email``).

    Optional: missing or implausible means no mail. It is kept in the clear only in the town
    hall's database, as it is needed for sending.
    """
    details = case.get("details")
    return clean_address(details.get("notify_email")) if isinstance(details, dict) else None


def _store(db: Session, kit_id: str, opened: list[_Opened]) -> dict[str, Outcome]:
    """Store the opened packets in one transaction; if one is in already, one at a time.

    Returns the outcomes of the packets that turned out to be in already (200).
    """
    try:
        _insert(db, kit_id, opened)
    except IntegrityError:
        db.rollback()
    else:
        return {}
    repeated = {}
    for one in opened:  # raced in through another process, or the background delivery
        try:
            _insert(db, kit_id, [one])
        except IntegrityError:
            db.rollback()
            existing = find(db, kit_id, one.key)
            if existing is None:
                raise
            repeated[one.key] = Outcome(one.key, STORED_BEFORE, existing.case_reference)
    return repeated


def _insert(db: Session, kit_id: str, opened: list[_Opened]) -> None:
    """Add the submissions, their attachments and "received" events, and commit."""
    now = datetime.now(UTC).replace(tzinfo=None)
    lock_kit_events(db, kit_id)
    rows = [_submission(kit_id, one, now) for one in opened]
    db.add_all(rows)
    db.flush()  # events and attachments refer to them; the ORM does not order them
    for one, row in zip(opened, rows, strict=True):
        uploads.finish(db, kit_id, one.key, row.id, one.sealed)
    db.add_all(
        StatusEvent(
            kit_id=kit_id,
            submission_id=row.id,
            case_reference=row.case_reference,
            status=RECEIVED,
            at=now,
        )
        for row in rows
    )
    db.commit()


def _submission(kit_id: str, opened: _Opened, now: datetime) -> Submission:
    application = opened.application
    return Submission(
        id=str(uuid.uuid4()),
        kit_id=kit_id,
        idempotency_key=opened.key,
        case_reference=application.reference,
        service=str(application.case["service"]),
        lookup_digest=lookup_digest(
            application.reference, str(application.person.get("birth_date", ""))
        ),
        packet=opened.packet,
        received_at=now,
        status=RECEIVED,
        notify_email=_notify_address(application.case),
    )
