"""Sealed kit store against raw SQLite: what encryption at rest and the ORM cost per case."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from koffer import crypto
from koffer.domain.person import Address, Person
from koffer.storage.store import KitStore

N = 300
PERSON = Person(
    "Zoë Łucja", "Ñúñez-Müller", date(1941, 3, 2), Address("Lindenstraße", "12a", "45127", "Essen")
)


def _raw_sqlite(folder: Path) -> float:
    connection = sqlite3.connect(folder / "raw.db")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, data TEXT)")
    started = time.perf_counter()
    for _ in range(N):
        with connection:
            connection.execute("INSERT INTO person (data) VALUES (?)", (str(PERSON.to_dict()),))
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed / N * 1000


def _kit_store(folder: Path) -> tuple[float, float]:
    store = KitStore(folder / "kit", crypto.KdfParams(64 * 1024, 3, 4))
    store.create("bench", "bench passphrase")
    timings = []
    for _ in range(3):
        store.lock()
        started = time.perf_counter()
        store.unlock("bench", "bench passphrase")
        timings.append((time.perf_counter() - started) * 1000)
    unlock_ms = min(timings)
    started = time.perf_counter()
    for _ in range(N):
        with store.unit_of_work() as uow:
            uow.add_person(PERSON)
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed / N * 1000, unlock_ms


def _argon2_raw() -> float:
    salt = crypto.new_salt()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        crypto.derive_kek("bench passphrase", salt, crypto.KdfParams(64 * 1024, 3, 4))
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def run() -> list[tuple[str, str, float, str, float, str]]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        raw = _raw_sqlite(folder)
        sealed, unlock = _kit_store(folder)
    return [
        ("store: write one person", "sealed store, 1 txn", sealed, "raw sqlite3, 1 txn", raw, "ms"),
        (
            "store: unlock (Argon2id 64MiB t3 p4)",
            "KitStore.unlock",
            unlock,
            "Argon2id alone",
            _argon2_raw(),
            "ms",
        ),
    ]
