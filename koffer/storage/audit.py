"""Hash chain over the audit log: each entry carries its predecessor's hash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from koffer.storage.models import AuditEvent

GENESIS = "0" * 64


def entry_hash(prev_hash: str, at: datetime, event: str, case_id: str | None) -> str:
    """Return the hash that chains an audit entry to its predecessor."""
    material = "\x1f".join([prev_hash, at.isoformat(), event, case_id or ""])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def append(session: Session, at: datetime, event: str, case_id: str | None) -> AuditEvent:
    """Append one event to the chain (inside the caller's transaction)."""
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
    prev = last.hash if last else GENESIS
    row = AuditEvent(
        at=at,
        event=event,
        case_id=case_id,
        prev_hash=prev,
        hash=entry_hash(prev, at, event, case_id),
    )
    session.add(row)
    return row


def first_break(events: Iterable[AuditEvent]) -> int | None:
    """Return the id of the first entry that breaks the chain, or None when it is whole."""
    prev = GENESIS
    for row in events:
        if row.prev_hash != prev or row.hash != entry_hash(prev, row.at, row.event, row.case_id):
            return row.id
        prev = row.hash
    return None
