"""Whole-database encryption (SQLCipher) against plain SQLite, for the store's design choice.

Koffer seals personal columns and blobs itself (AES-256-GCM, per-case keys for
attachments). This benchmark measures the alternative it was weighed against: the same
rows in an SQLCipher database (raw 256-bit key, so no PBKDF2 per open; WAL,
``synchronous=FULL``), against plain ``sqlite3`` with the same pragmas, in one run:

- saving the ID-card case of ``store.py`` (about 1 MB) in one transaction,
- listing and LIKE-searching 10,000 plain-text rows (SQLCipher decrypts pages instead).

SQLCipher is not a dependency of Koffer: the rows appear only where ``sqlcipher3`` is
installed (``pip install sqlcipher3-binary``); elsewhere the benchmark prints why it has none.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ROWS = 10_000
REPETITIONS = 20

Row = tuple[str, str, float, str, float, str]


def _load_store_bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_store_shared", HERE / "store.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("store.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prepare(connection: Any) -> Any:
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.executescript(
        """
        CREATE TABLE attachment (id TEXT PRIMARY KEY, kind TEXT, data BLOB);
        CREATE TABLE person (id TEXT PRIMARY KEY, surname TEXT, given TEXT, created TEXT);
        """
    )
    return connection


def _save(connection: Any, blobs: list[bytes]) -> None:
    with connection:
        connection.execute(
            "INSERT INTO person VALUES (?, ?, ?, ?)", (str(uuid.uuid4()), "Müller", "Zoë", "x")
        )
        connection.executemany(
            "INSERT INTO attachment VALUES (?, ?, ?)",
            [(str(uuid.uuid4()), "photo", blob) for blob in blobs],
        )


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run() -> list[Row]:
    if importlib.util.find_spec("sqlcipher3") is None:
        print("sqlcipher benchmark: sqlcipher3 not installed, no SQLCipher rows", file=sys.stderr)
        return []
    import sqlcipher3  # type: ignore[import-not-found]

    store_bench = _load_store_bench()
    blobs = [a.data for a in store_bench.id_card_attachments()]
    people = store_bench._citizens(ROWS)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        plain = _prepare(sqlite3.connect(folder / "plain.db"))
        cipher = sqlcipher3.connect(str(folder / "cipher.db"))
        cipher.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
        cipher.execute("PRAGMA temp_store=MEMORY")
        _prepare(cipher)
        for connection in (plain, cipher):
            _save(connection, blobs)
        saves: dict[str, list[float]] = {"plain": [], "cipher": []}
        for _ in range(REPETITIONS):
            saves["plain"].append(_timed(lambda: _save(plain, blobs)))
            saves["cipher"].append(_timed(lambda: _save(cipher, blobs)))
        rows = [(str(uuid.uuid4()), p.surname, p.given_names, str(i)) for i, p in enumerate(people)]
        for connection in (plain, cipher):
            with connection:
                connection.executemany("INSERT INTO person VALUES (?, ?, ?, ?)", rows)
        queries = {
            "list": ("SELECT id, surname, given FROM person ORDER BY created DESC", ()),
            "search": ("SELECT id FROM person WHERE surname LIKE ?", ("%schmi%",)),
        }
        reads: dict[str, list[float]] = {f"{q}-{c}": [] for q in queries for c in ("p", "c")}
        for _ in range(5):
            for query, (sql, args) in queries.items():
                reads[f"{query}-p"].append(_timed(plain.execute(sql, args).fetchall))
                reads[f"{query}-c"].append(_timed(cipher.execute(sql, args).fetchall))
        plain.close()
        cipher.close()

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    size = sum(len(b) for b in blobs) / 1e6
    return [
        (f"sqlcipher: save case {size:.2f}MB", "SQLCipher 4, 1 txn", ms(saves["cipher"]),
         "plain sqlite3, 1 txn", ms(saves["plain"]), "ms"),
        (f"sqlcipher: list {ROWS:,} rows", "SQLCipher SELECT", ms(reads["list-c"]),
         "plain SELECT", ms(reads["list-p"]), "ms"),
        (f"sqlcipher: LIKE search {ROWS:,}", "SQLCipher LIKE", ms(reads["search-c"]),
         "plain LIKE", ms(reads["search-p"]), "ms"),
    ]  # fmt: skip


if __name__ == "__main__":
    for row in run():
        print(f"{row[0]:<34} {row[1]:<22} {row[2]:>8.2f}ms   {row[3]:<22} {row[4]:>8.2f}ms")
