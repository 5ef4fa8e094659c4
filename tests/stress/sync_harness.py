"""Sync trials: a kit with queued cases, a fault proxy, SIGKILLs, and a count at the town hall.

Shared by the short pytest version (``test_sync_reliability.py``) and the long run
(``python -m tests.stress.sync_trials``). The town hall is ``koffer townhall serve``, started
by the same helper as the integration tests; the kit synchronises in a child process
(:mod:`tests.stress.sync_kit`) through a :class:`~tests.stress.fault_proxy.FaultProxy`.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import bindparam, create_engine, text

from koffer.devices.printer.sim import SimPrinter
from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows.registration_certificate import RegistrationCertificateService
from tests.integration.conftest import (
    TOWNHALL_TOKEN,
    TownhallProcess,
    free_port,
    launch_townhall,
    wait_until_healthy,
)
from tests.stress.fault_proxy import FaultProxy
from tests.stress.sync_kit import DONE, KDF, LOGIN, PASSPHRASE, READY, open_store, unfinished

REPO = Path(__file__).resolve().parents[2]
KILLED = -signal.SIGKILL
READY_TIMEOUT_S = 60.0
RUN_TIMEOUT_S = 300.0
# Hours of the kit's clock one child may use up (rounds x round hours stays below it).
HOURS_PER_CHILD = 1000.0
SCAN_KIND = "scan"


@dataclass(frozen=True)
class Townhall:
    """A running ``koffer townhall serve`` and where its database is."""

    url: str
    port: int
    db_url: str
    data_dir: Path
    process: TownhallProcess


@contextmanager
def running_townhall(work: Path, db_url: str = "") -> Iterator[Townhall]:
    """Start the town hall (SQLite in ``work`` unless ``db_url``) and stop it afterwards."""
    data_dir = work / "townhall"
    port = free_port()
    process = launch_townhall(data_dir, port, db_url)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process)
        yield Townhall(url, port, db_url or f"sqlite:///{data_dir.resolve() / 'townhall.db'}",
                       data_dir, process)  # fmt: skip
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class QueuedCase:
    """A case the kit queued for the town hall."""

    reference: str
    idempotency_key: str


def citizen(rng: random.Random) -> Person:
    """A made-up citizen (names need more than Latin-1)."""
    tag = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
    return Person(
        given_names=f"Zoë {tag.capitalize()}",
        surname=f"Ñúñez-Müller-{tag.capitalize()}",
        birth_date=date(1941, 3, 2),
        address=Address("Lindenstraße", "12a", "45127", "Essen"),
    )


def prepare_kit(
    data_dir: Path, cases: int, rng: random.Random, scan_bytes: tuple[int, int]
) -> list[QueuedCase]:
    """Create a kit store with ``cases`` queued registration certificates.

    Each case gets its printed certificate and a scan of random bytes (size drawn from
    ``scan_bytes``), so that its packet takes a while to upload and a kill can hit it.
    """
    store = KitStore(data_dir, KDF)
    store.create(LOGIN, PASSPHRASE)
    service = RegistrationCertificateService(store, MunicipalSettings())
    queued = []
    try:
        for _ in range(cases):
            opened = service.open_case(citizen(rng), date(2026, 11, 21))
            service.render(opened.case_id)
            service.print_certificate(opened.case_id, SimPrinter(seconds_per_page=0))
            with store.unit_of_work() as uow:
                size = rng.randint(*scan_bytes)
                uow.add_attachment(opened.case_id, SCAN_KIND, "image/jpeg", os.urandom(size))
            key = service.queue(opened.case_id)
            queued.append(QueuedCase(opened.reference, key))
    finally:
        store.close()
    return queued


@dataclass
class ChildRun:
    """One run of the syncing kit until it finished or was killed."""

    killed: bool
    returncode: int
    output: str


def run_kit(
    data_dir: Path,
    work: Path,
    townhall_url: str,
    kill_after_s: float | None,
    clock_offset_h: float,
) -> ChildRun:
    """Start the syncing kit; SIGKILL it ``kill_after_s`` after it is ready (None: never)."""
    out_path = work / "kit.out"
    command = [
        sys.executable, "-m", "tests.stress.sync_kit", str(data_dir),
        "--townhall", townhall_url, "--token", TOWNHALL_TOKEN,
        "--clock-offset-hours", str(clock_offset_h),
    ]  # fmt: skip
    with out_path.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            if kill_after_s is not None:
                _wait_for(process, out_path, READY)
                deadline = time.monotonic() + kill_after_s
                while process.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.002)
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
            returncode = process.wait(timeout=RUN_TIMEOUT_S)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    # Killed only if the signal ended it: the kit may have finished just before it came.
    return ChildRun(returncode == KILLED, returncode, out_path.read_text("utf-8", "replace"))


def _wait_for(process: subprocess.Popen[bytes], out_path: Path, line: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    marker = line.encode() + b"\n"
    while time.monotonic() < deadline and process.poll() is None:
        if marker in out_path.read_bytes():
            return
        time.sleep(0.005)


@dataclass
class TownhallCount:
    """What the town hall stored for a set of cases."""

    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    wrong_key: list[str] = field(default_factory=list)


def count_at_townhall(db_url: str, queued: list[QueuedCase]) -> TownhallCount:
    """Count submissions and 'received' events per case reference in the town-hall database."""
    references = [case.reference for case in queued]
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            submissions = connection.execute(
                text(
                    "SELECT case_reference, idempotency_key FROM submission "
                    "WHERE case_reference IN :refs"
                ).bindparams(bindparam("refs", expanding=True)),
                {"refs": references},
            ).all()
            received = connection.execute(
                text(
                    "SELECT case_reference, count(*) FROM status_event "
                    "WHERE status = 'received' AND case_reference IN :refs "
                    "GROUP BY case_reference"
                ).bindparams(bindparam("refs", expanding=True)),
                {"refs": references},
            ).all()
    finally:
        engine.dispose()
    stored: dict[str, list[str]] = {}
    for reference, key in submissions:
        stored.setdefault(reference, []).append(key)
    events = dict(received)
    count = TownhallCount()
    for case in queued:
        keys = stored.get(case.reference, [])
        if not keys:
            count.lost.append(case.reference)
        elif len(keys) > 1 or events.get(case.reference, 0) > 1:
            count.duplicated.append(case.reference)
        elif keys != [case.idempotency_key]:
            count.wrong_key.append(case.reference)
    return count


@dataclass
class TrialResult:
    """One trial: how many children ran, how many were killed, what the town hall holds."""

    cases: int
    runs: int
    kills: int
    lost: int
    duplicated: int
    answered_again: int  # packets the town hall had already (a lost answer, a killed kit)
    problems: list[str]
    seconds: float


@dataclass(frozen=True)
class TrialSettings:
    """Knobs of a trial."""

    cases: int = 4
    kill_share: float = 0.6  # share of trials in which the kit is killed
    max_kills: int = 3
    max_kill_delay_s: float = 1.5
    max_runs: int = 12  # kit starts per trial before it counts as stuck
    scan_bytes: tuple[int, int] = (20_000, 300_000)


def run_trial(
    work: Path, townhall: Townhall, proxy: FaultProxy, rng: random.Random, knobs: TrialSettings
) -> TrialResult:
    """Queue cases on a fresh kit, sync through the proxy with kills, then count."""
    started = time.monotonic()
    data_dir = work / "kit"
    queued = prepare_kit(data_dir, knobs.cases, rng, knobs.scan_bytes)
    kills_planned = rng.randint(1, knobs.max_kills) if rng.random() < knobs.kill_share else 0
    problems: list[str] = []
    runs = kills = answered_again = 0
    finished = False
    while runs < knobs.max_runs and not finished:
        kill_after = rng.uniform(0, knobs.max_kill_delay_s) if kills < kills_planned else None
        run = run_kit(data_dir, work, proxy.url, kill_after, clock_offset_h=runs * HOURS_PER_CHILD)
        runs += 1
        answered_again += _answered_again(run.output)
        if run.killed:
            kills += 1
            continue
        if run.returncode == 0 and DONE in run.output.splitlines():
            finished = True
        elif "Traceback" in run.output:
            # A kit that gave up (max rounds) is started again; one that crashed is a finding.
            problems.append(f"kit crashed ({run.returncode}): {run.output[-1500:]}")
    if not finished:
        last = " | ".join(run.output.splitlines()[-4:])
        problems.append(f"not all acknowledged after {runs} kit runs; last run: {last}")
    problems += _kit_side(data_dir, queued)
    count = count_at_townhall(townhall.db_url, queued)
    problems += [f"stored under another key: {ref}" for ref in count.wrong_key]
    if count.lost:
        problems.append(f"lost: {', '.join(count.lost)}")
    if count.duplicated:
        problems.append(f"duplicated: {', '.join(count.duplicated)}")
    return TrialResult(
        cases=len(queued),
        runs=runs,
        kills=kills,
        lost=len(count.lost),
        duplicated=len(count.duplicated),
        answered_again=answered_again,
        problems=problems,
        seconds=time.monotonic() - started,
    )


def _answered_again(output: str) -> int:
    """Sum the "N again" counts of the kit's round lines (see :mod:`.sync_kit`)."""
    found = re.findall(r"^round \d+: \d+ sent \((\d+) again\)", output, re.MULTILINE)
    return sum(int(n) for n in found)


def _kit_side(data_dir: Path, queued: list[QueuedCase]) -> list[str]:
    """The kit must still hold every case, acknowledged, with an empty outbox."""
    store = open_store(data_dir)
    try:
        left = unfinished(store)
        with store.unit_of_work(activity=False) as uow:
            references = {summary.reference for summary in uow.cases()}
    finally:
        store.close()
    problems = [f"kit: {what}" for what in left]
    missing = {case.reference for case in queued} - references
    if missing:
        problems.append(f"kit lost its own cases: {sorted(missing)}")
    return problems
