"""Writes cases into a kit store until killed; run as a subprocess by the crash harness.

Usage: ``python -m tests.stress.crash_writer DATA_DIR [--die-before REGEX] [--max-cases N]``.

The first run in an empty directory enrols the clerk, later runs unlock. After each unit of
work has committed, one line goes to stdout (flushed):
``<case id> <attachment id> <sha256 of the attachment>``. A line is printed only once the
commit has returned, so every printed case must survive a kill. ``ready`` is printed once the
store is open and unlocked.

``--die-before REGEX`` makes the writer SIGKILL itself just before it sends the first SQL
statement matching REGEX, for crashes at a chosen point (in a migration, inside a unit of
work) rather than at a random moment. ``--max-cases N`` ends the writer after N cases, so a
pattern that never matches cannot fill the disk.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import signal
import sys
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from koffer import crypto
from koffer.domain.case import Case, CaseState, ServiceKind, new_reference
from koffer.domain.person import Address, Person
from koffer.storage.store import KitStore

# Fast key derivation, like tests/conftest.py's TEST_KDF (the writer must not import pytest).
KDF = crypto.KdfParams(memory_kib=1024, iterations=1, lanes=1)
LOGIN = "crash-clerk"
PASSPHRASE = "crash test passphrase"
ATTACHMENT_BYTES = 100_000
ATTACHMENT_KIND = "scan"
ATTACHMENT_TYPE = "application/octet-stream"
READY = "ready"


def person_for(case_id: str) -> Person:
    """Return the citizen written with ``case_id``, so the checker can rebuild it."""
    # Names hold letters only (DIN 91379 Datentyp A): the id's hex digits become letters.
    tag = case_id[:8].translate(str.maketrans("0123456789", "ghijklmnop"))
    return Person(
        given_names=f"Zoë {tag}",
        surname=f"Crash-Müller-{tag}",
        birth_date=date(1970, 1, 1),
        address=Address("Lindenstraße", tag, "45127", "Essen"),
    )


def open_store(data_dir: Path) -> KitStore:
    """Open the store in ``data_dir``: enrol the clerk on first use, unlock otherwise."""
    store = KitStore(data_dir, KDF)
    if store.is_initialised():
        store.unlock(LOGIN, PASSPHRASE)
    else:
        store.create(LOGIN, PASSPHRASE)
    return store


def write_one(store: KitStore) -> str:
    """Write a person, a case and a random attachment in one unit of work; return the line."""
    case_id = str(uuid.uuid4())
    data = os.urandom(ATTACHMENT_BYTES)
    with store.unit_of_work() as uow:
        person_id = uow.add_person(person_for(case_id))
        uow.add_case(
            Case(
                id=case_id,
                reference=new_reference(2026),
                service=ServiceKind.REGISTRATION_CERTIFICATE,
                state=CaseState.DRAFT,
                person_id=person_id,
                created_at=datetime.now(UTC).replace(tzinfo=None),
                details={"crash_test": True},
            )
        )
        attachment_id = uow.add_attachment(case_id, ATTACHMENT_KIND, ATTACHMENT_TYPE, data)
    return f"{case_id} {attachment_id} {hashlib.sha256(data).hexdigest()}"


def die_before(pattern: str) -> None:
    """SIGKILL this process just before the first SQL statement matching ``pattern``.

    SQLite's own trace callback sees every statement as it starts, whether SQLAlchemy or
    the store's direct driver calls issued it.
    """
    compiled = re.compile(pattern)

    def check(statement: str) -> None:
        if compiled.search(statement):
            os.kill(os.getpid(), signal.SIGKILL)

    def trace(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_trace_callback(check)

    event.listen(Engine, "connect", trace)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--die-before", metavar="REGEX", help="SIGKILL before this SQL")
    parser.add_argument("--max-cases", type=int, default=None, help="stop after N cases")
    args = parser.parse_args(argv)
    if args.die_before:
        die_before(args.die_before)
    store = open_store(args.data_dir)
    print(READY, flush=True)
    written = 0
    while args.max_cases is None or written < args.max_cases:
        line = write_one(store)
        # Only now, after the commit returned, may the case count as saved.
        print(line, flush=True)
        written += 1
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
