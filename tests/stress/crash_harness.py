"""Kills a case writer at a random moment and checks what the kit store kept.

Shared by the short pytest version (``test_crash_safety.py``) and the long run
(``python -m tests.stress.crash_trials``).
"""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from koffer.startup import DB_NAME
from koffer.storage.store import KitStore
from koffer.storage.verify import verify_audit_chain
from tests.stress.crash_writer import KDF, LOGIN, PASSPHRASE, READY, person_for

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 60.0
KILLED = -signal.SIGKILL  # the return code of a process that SIGKILL ended
# A writer that is to kill itself stops after this many cases if its statement never comes.
SELF_KILL_MAX_CASES = 20


@dataclass(frozen=True)
class Acknowledged:
    """A case the writer reported as committed."""

    case_id: str
    attachment_id: str
    sha256: str


@dataclass
class WriterRun:
    """What one writer process did before it died."""

    acknowledged: list[Acknowledged]
    was_ready: bool
    killed: bool
    returncode: int
    stderr: str


@dataclass
class Check:
    """What the store looked like after a crash.

    ``lost``: acknowledged cases that are gone. ``damaged``: acknowledged cases that are there
    but do not read back as written. ``problems``: damage to the store as a whole (it does not
    open, the integrity check or the audit chain fails).
    """

    lost: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cases_in_store: int = 0


def writer_command(data_dir: Path, die_before: str | None = None) -> list[str]:
    """Return the command line that starts a writer on ``data_dir``."""
    command = [sys.executable, "-m", "tests.stress.crash_writer", str(data_dir)]
    if die_before:
        command += ["--die-before", die_before, "--max-cases", str(SELF_KILL_MAX_CASES)]
    return command


def _parse(out: str) -> tuple[bool, list[Acknowledged]]:
    lines = out.split("\n")[:-1]  # only whole lines: the last one may have been cut off
    was_ready = READY in lines
    acknowledged = []
    for line in lines:
        parts = line.split(" ")
        if len(parts) == 3:
            acknowledged.append(Acknowledged(*parts))
    return was_ready, acknowledged


def run_writer(
    data_dir: Path,
    work_dir: Path,
    delay_s: float | None,
    from_ready: bool = True,
    die_before: str | None = None,
) -> WriterRun:
    """Start a writer, SIGKILL it ``delay_s`` after it is ready (or after its start).

    With ``delay_s`` None the writer is not killed from outside; it is expected to die by
    itself (``die_before``; see :func:`writer_command`).
    """
    out_path = work_dir / "writer.out"
    err_path = work_dir / "writer.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen(
            writer_command(data_dir, die_before), cwd=REPO, stdout=out, stderr=err
        )
        try:
            killed = False
            if delay_s is not None:
                if from_ready:
                    _wait_for_ready(process, out_path)
                time.sleep(delay_s)
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
                    killed = True
            returncode = process.wait(timeout=READY_TIMEOUT_S)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    was_ready, acknowledged = _parse(out_path.read_text("utf-8"))
    return WriterRun(
        acknowledged, was_ready, killed, returncode, err_path.read_text("utf-8", "replace")
    )


def _wait_for_ready(process: subprocess.Popen[bytes], out_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        if out_path.read_bytes().startswith(READY.encode() + b"\n"):
            return
        time.sleep(0.005)


def check_store(data_dir: Path, ledger: dict[str, Acknowledged]) -> Check:
    """Reopen the store after a crash and check every case in ``ledger``.

    The audit chain is verified first on the store as the crash left it (hot WAL, read only),
    then the store is opened, which recovers the WAL; integrity check and chain run again.
    """
    check = Check()
    if not (data_dir / DB_NAME).is_file():
        check.lost = sorted(ledger)  # nothing there: fine only when nothing was acknowledged
        return check
    if _has_audit_table(data_dir):
        _check_chain(data_dir, check, "before reopening")
    else:
        # Killed between creating the file and migrating it: there is no chain to verify yet
        # (verify_audit_chain raises "no such table" here rather than FileNotFoundError).
        check.notes.append("no schema yet: chain not verified before reopening")
    store = KitStore(data_dir, KDF)
    try:
        if store.is_initialised():
            store.unlock(LOGIN, PASSPHRASE)
            _check_cases(store, ledger, check)
        else:
            check.lost = sorted(ledger)  # killed before the clerk was enrolled
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding itself
        check.problems.append(f"store unusable: {type(exc).__name__}: {exc}")
    finally:
        store.close()
    _check_integrity(data_dir, check)
    _check_chain(data_dir, check, "after reopening")
    return check


def _has_audit_table(data_dir: Path) -> bool:
    connection = sqlite3.connect(f"file:{data_dir / DB_NAME}?mode=ro", uri=True)
    try:
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_event'"
        return connection.execute(query).fetchone() is not None
    except sqlite3.Error:
        return True  # let the chain check itself report what is wrong
    finally:
        connection.close()


def _check_chain(data_dir: Path, check: Check, when: str) -> None:
    try:
        broken, _count = verify_audit_chain(data_dir)
    except Exception as exc:  # noqa: BLE001 - a chain that cannot be read is broken
        check.problems.append(f"audit chain unreadable {when}: {type(exc).__name__}: {exc}")
        return
    if broken is not None:
        check.problems.append(f"audit chain broken at entry {broken} {when}")


def _check_integrity(data_dir: Path, check: Check) -> None:
    connection = sqlite3.connect(data_dir / DB_NAME)
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.Error as exc:
        check.problems.append(f"integrity_check impossible: {exc}")
        return
    finally:
        connection.close()
    if result != ["ok"]:
        check.problems.append(f"integrity_check: {'; '.join(result[:5])}")
    if foreign:
        check.problems.append(f"foreign_key_check: {len(foreign)} rows")


def _check_cases(store: KitStore, ledger: dict[str, Acknowledged], check: Check) -> None:
    with store.unit_of_work() as uow:
        present = {summary.id for summary in uow.cases()}
        created = {e.case_id for e in uow.audit_events() if e.event == "case.created"}
        check.cases_in_store = len(present)
        if created != present:
            check.problems.append(
                f"{len(present ^ created)} cases and 'case.created' entries disagree"
            )
        for case_id, ack in ledger.items():
            if case_id not in present:
                check.lost.append(case_id)
                continue
            try:
                person = uow.person(uow.case(case_id).person_id)
                data = uow.attachment(ack.attachment_id)
            except Exception as exc:  # noqa: BLE001 - unreadable is what we count
                check.damaged.append(f"{case_id}: {type(exc).__name__}: {exc}")
                continue
            if person != person_for(case_id):
                check.damaged.append(f"{case_id}: person differs")
            elif hashlib.sha256(data).hexdigest() != ack.sha256:
                check.damaged.append(f"{case_id}: attachment differs")
