"""Hash chain over the audit log: each entry carries its predecessor's hash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from koffer.storage.models import AuditEvent

GENESIS = "0" * 64


def entry_hash(prev_hash: str, at: datetime, event: str, case_id: str | None) -> str:
    """Return the hash that chains an audit entry to its predecessor."""
    material = "\x1f".join([prev_hash, at.isoformat(), event, case_id or ""])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def first_break(events: Iterable[AuditEvent]) -> int | None:
    """Return the id of the first entry that breaks the chain, or None when it is whole."""
    prev = GENESIS
    for row in events:
        if row.prev_hash != prev or row.hash != entry_hash(prev, row.at, row.event, row.case_id):
            return row.id
        prev = row.hash
    return None
