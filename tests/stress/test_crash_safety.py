"""A kit whose process is killed keeps every case it reported saved, and stays usable.

Short version of ``python -m tests.stress.crash_trials``: a writer process is SIGKILLed at
random moments and at chosen SQL statements, then the test reopens the store.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from koffer.startup import DB_NAME
from koffer.storage.migrate import alembic_config
from koffer.storage.store import KitStore
from tests.stress.crash_harness import KILLED, Acknowledged, check_store, run_writer
from tests.stress.crash_writer import KDF, LOGIN, PASSPHRASE, open_store, write_one

TRIALS = 5
MAX_DELAY_S = 0.5


def _acknowledged(line: str) -> Acknowledged:
    return Acknowledged(*line.split(" "))


def test_killed_writer_loses_no_acknowledged_case(tmp_path: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    data_dir = tmp_path / "kit"
    open_store(data_dir).close()  # enrolled here: crashes in the first start are tested below
    ledger: dict[str, Acknowledged] = {}
    for trial in range(TRIALS):
        delay = rng.uniform(0.0, MAX_DELAY_S)
        where = f"seed {seed}, trial {trial}, killed {delay:.3f} s after ready"
        run = run_writer(data_dir, tmp_path, delay)
        assert run.killed, f"{where}: writer ended by itself: {run.stderr[-2000:]}"
        assert run.returncode == KILLED, where
        ledger.update((ack.case_id, ack) for ack in run.acknowledged)

        check = check_store(data_dir, ledger)

        assert check.lost == [], where
        assert check.damaged == [], where
        assert check.problems == [], where
        # At most the unit of work that was committing when the kill came is there unannounced.
        assert len(ledger) <= check.cases_in_store <= len(ledger) + trial + 1, where
    assert ledger, f"seed {seed}: no case was acknowledged in {TRIALS} trials"


def test_kill_inside_a_unit_of_work_keeps_none_of_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "kit"
    store = open_store(data_dir)
    try:
        ledger = {ack.case_id: ack for ack in (_acknowledged(write_one(store)) for _ in range(3))}
    finally:
        store.close()

    # Person and case are flushed, the attachment is next: the process dies mid-transaction.
    run = run_writer(data_dir, tmp_path, None, die_before=r'INSERT INTO "?attachment"? ')

    assert run.returncode == KILLED, run.stderr[-2000:]
    assert run.was_ready
    assert run.acknowledged == []
    check = check_store(data_dir, ledger)
    assert check.problems == []
    assert check.damaged == []
    assert check.lost == []
    assert check.cases_in_store == len(ledger)  # and no 'case.created' without its case


def test_crash_while_the_first_start_creates_the_schema_leaves_a_store_that_opens(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "kit"

    run = run_writer(data_dir, tmp_path, None, die_before=r'CREATE TABLE "?case"? \(')

    assert run.returncode == KILLED, run.stderr[-2000:]
    assert not run.was_ready
    store = KitStore(data_dir, KDF)
    try:
        assert not store.is_initialised()
        store.create(LOGIN, PASSPHRASE)
    finally:
        store.close()


def test_crash_during_a_schema_upgrade_leaves_a_store_that_opens(tmp_path: Path) -> None:
    data_dir = tmp_path / "kit"
    data_dir.mkdir()
    engine = create_engine(f"sqlite:///{data_dir / DB_NAME}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    engine.dispose()

    run = run_writer(data_dir, tmp_path, None, die_before=r"UPDATE alembic_version")

    assert run.returncode == KILLED, run.stderr[-2000:]
    assert not run.was_ready
    store = KitStore(data_dir, KDF)
    try:
        assert not store.is_initialised()
    finally:
        store.close()
