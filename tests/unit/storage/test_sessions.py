"""Clerk sessions, lock-out, idle lock, escrow recovery, wipe, and what bad files do."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from koffer import crypto
from koffer.domain.errors import (
    DiskFull,
    ForeignDatabase,
    LockedOut,
    StoreCorrupt,
    StoreLocked,
    WrongPassphrase,
)
from koffer.domain.messages import describe
from koffer.domain.person import Person
from koffer.storage.clerks import lockout_delay
from koffer.storage.store import KitStore
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 21, 8, 0)  # noqa: DTZ001 - naive UTC, as stored

    def __call__(self) -> datetime:
        return self.now


def _fresh(tmp_path: Path, clock: Clock | None = None, **kwargs: object) -> KitStore:
    store = KitStore(tmp_path / "kit", TEST_KDF, clock=clock or Clock(), **kwargs)  # type: ignore[arg-type]
    store.create(CLERK, PASSPHRASE)
    store.lock()
    return store


def test_lockout_delay_grows_after_five_failures_and_is_capped() -> None:
    assert [lockout_delay(n).total_seconds() for n in (4, 5, 6, 7)] == [0, 30, 60, 120]
    assert lockout_delay(40) == timedelta(hours=1)


def test_five_wrong_passphrases_lock_the_login_out_even_for_the_right_one(
    tmp_path: Path,
) -> None:
    clock = Clock()
    store = _fresh(tmp_path, clock)
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            store.unlock(CLERK, "wrong passphrase")
    with pytest.raises(LockedOut) as caught:
        store.unlock(CLERK, PASSPHRASE)
    assert caught.value.params["seconds"] == 31
    assert "in 31 Sekunden" in describe(caught.value, "de")
    clock.now += timedelta(seconds=31)
    store.unlock(CLERK, PASSPHRASE)  # the wait is over; success resets the count
    store.lock()
    with pytest.raises(WrongPassphrase):
        store.unlock(CLERK, "wrong passphrase")
    store.unlock(CLERK, PASSPHRASE)
    store.close()


def test_lock_out_survives_a_restart(tmp_path: Path) -> None:
    clock = Clock()
    store = _fresh(tmp_path, clock)
    for _ in range(6):
        with pytest.raises((WrongPassphrase, LockedOut)):
            store.unlock(CLERK, "wrong passphrase")
    store.close()
    reopened = KitStore(tmp_path / "kit", TEST_KDF, clock=clock)
    with pytest.raises(LockedOut):
        reopened.unlock(CLERK, PASSPHRASE)
    reopened.close()


def test_store_locks_itself_when_idle(tmp_path: Path) -> None:
    store = _fresh(tmp_path, idle_timeout_s=0.05)
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work():
        pass
    time.sleep(0.1)
    assert not store.unlocked
    with pytest.raises(StoreLocked):
        store.unit_of_work().__enter__()
    store.close()


def test_background_work_does_not_keep_an_idle_store_unlocked(tmp_path: Path) -> None:
    store = _fresh(tmp_path, idle_timeout_s=0.3)
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work():  # the clerk's last action
        pass
    for _ in range(4):  # a sync loop running on meanwhile
        time.sleep(0.1)
        if not store.unlocked:
            break
        with store.unit_of_work(activity=False) as uow:
            uow.outbox_counts()
    time.sleep(0.1)
    assert not store.unlocked
    store.close()


def test_the_clerks_input_keeps_the_store_unlocked(tmp_path: Path) -> None:
    store = _fresh(tmp_path, idle_timeout_s=0.3)
    store.unlock(CLERK, PASSPHRASE)
    for _ in range(5):  # typing into a form for longer than the idle time, saving nothing
        time.sleep(0.1)
        store.touch()
    assert store.unlocked
    store.close()


def test_forgotten_passphrase_is_recovered_with_the_town_hall_key(
    tmp_path: Path, citizen: Person
) -> None:
    townhall = crypto.new_townhall_key()
    store = _fresh(tmp_path)
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work() as uow:
        person_id = uow.add_person(citizen)
    store.escrow_to(crypto.encryption_key_from_jwk(crypto.public_jwk(townhall)))
    store.close()

    reopened = KitStore(tmp_path / "kit", TEST_KDF)
    with pytest.raises(WrongPassphrase):
        reopened.recover(crypto.new_townhall_key(), CLERK, "a new passphrase")
    reopened.recover(townhall, CLERK, "a new passphrase")
    with reopened.unit_of_work() as uow:
        assert uow.person(person_id) == citizen
        assert uow.audit_events()[-1].event == "kit.recovered"
    reopened.lock()
    with pytest.raises(WrongPassphrase):
        reopened.unlock(CLERK, PASSPHRASE)
    reopened.unlock(CLERK, "a new passphrase")
    reopened.close()


def test_wipe_leaves_nothing_readable(tmp_path: Path, citizen: Person) -> None:
    store = _fresh(tmp_path)
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work() as uow:
        uow.add_person(citizen)
    store.wipe()
    assert not store.unlocked
    assert not any(p.name.startswith("kit.db") for p in (tmp_path / "kit").iterdir())
    fresh = KitStore(tmp_path / "kit", TEST_KDF)
    assert not fresh.is_initialised()
    fresh.close()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "kit"
    folder.mkdir()
    (folder / "kit.db").write_bytes(b"this is a letter, not a database" * 10)
    store = KitStore(folder, TEST_KDF)
    with pytest.raises(StoreCorrupt) as caught:
        store.is_initialised()
    assert "beschädigt" in describe(caught.value, "de")
    assert (folder / "kit.db").read_bytes().startswith(b"this is a letter")


def test_a_foreign_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "kit"
    folder.mkdir()
    with sqlite3.connect(folder / "kit.db") as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    store = KitStore(folder, TEST_KDF)
    with pytest.raises(ForeignDatabase) as caught:
        store.is_initialised()
    assert "invoices" in describe(caught.value, "en")
    with sqlite3.connect(folder / "kit.db") as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]
    assert tables == ["invoices"]


def test_a_store_from_a_newer_koffer_is_refused(tmp_path: Path) -> None:
    store = _fresh(tmp_path)
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work() as uow:
        uow.session.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    store.close()
    with pytest.raises(ForeignDatabase, match="0099"):
        KitStore(tmp_path / "kit", TEST_KDF).is_initialised()


def test_full_disk_rolls_back_and_keeps_earlier_data(tmp_path: Path, citizen: Person) -> None:
    store = _fresh(tmp_path)
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work() as uow:
        kept = uow.add_person(citizen)
        pages = uow.session.execute(text("PRAGMA page_count")).scalar()

    def write_until_full() -> None:
        with store.unit_of_work() as uow:
            # SQLite reports SQLITE_FULL when the file may not grow, as on a full disk.
            uow.session.execute(text(f"PRAGMA max_page_count = {pages}"))
            for _ in range(50):
                uow.set_secret("filler", "x" * 100_000)
                uow.session.flush()

    with pytest.raises(DiskFull):
        write_until_full()
    with store.unit_of_work() as uow:
        assert uow.person(kept) == citizen
    store.close()
