"""Checks the audit chain of a kit store without unlocking it (entries hold no personal data)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from koffer.startup import DB_NAME
from koffer.storage import audit
from koffer.storage.models import AuditEvent


def verify_audit_chain(data_dir: Path) -> tuple[int | None, int]:
    """Return (id of the first broken entry or None, number of entries).

    Raises:
        FileNotFoundError: When there is no kit store in ``data_dir``.
    """
    path = data_dir / DB_NAME
    if not path.is_file():
        raise FileNotFoundError(path)
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with Session(engine) as session:
            events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    finally:
        engine.dispose()
    return audit.first_break(events), len(events)
