"""Sealed logs: written with the public key only, read after unlock, damage reported."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from koffer import crypto
from koffer.storage import logbook
from koffer.storage.store import KitStore
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF

SECRET = "Zoë Łucja Ñúñez-Müller"


@pytest.fixture
def kit(tmp_path: Path) -> Iterator[KitStore]:
    store = KitStore(tmp_path / "kit", TEST_KDF)
    store.create(CLERK, PASSPHRASE)
    yield store
    store.close()


@pytest.fixture
def log(kit: KitStore) -> Iterator[logbook.SealedLogHandler]:
    handler = logbook.install(kit.data_dir)
    yield handler
    logbook.uninstall(handler)


def _messages(kit: KitStore) -> list[str]:
    """Koffer's own entries (the migrations log through alembic's logger as well)."""
    entries = list(logbook.read_logs(kit.data_dir, kit.log_private_key()))
    assert all(isinstance(e, logbook.LogEntry) for e in entries)
    return [e.message for e in entries if getattr(e, "logger", "").startswith("koffer")]


def test_entries_are_sealed_on_disk_and_open_with_the_kits_key(
    kit: KitStore, log: logbook.SealedLogHandler
) -> None:
    logging.getLogger("koffer.test").warning("case for %s printed", SECRET)
    logging.getLogger("koffer.test").info("second entry")

    assert log.path is not None
    raw = log.path.read_bytes()
    assert raw.startswith(logbook.MAGIC)
    assert SECRET.encode() not in raw
    assert b"second entry" not in raw
    assert oct(log.path.stat().st_mode & 0o777) == "0o600"
    assert _messages(kit)[-2:] == [f"case for {SECRET} printed", "second entry"]


def test_a_locked_kit_still_logs(kit: KitStore, log: logbook.SealedLogHandler) -> None:
    kit.lock()
    logging.getLogger("koffer.test").error("device fault while locked")
    kit.unlock(CLERK, PASSPHRASE)

    assert "device fault while locked" in _messages(kit)


def test_entries_before_the_kit_has_a_log_key_wait_in_memory(tmp_path: Path) -> None:
    data_dir = tmp_path / "kit"
    handler = logbook.install(data_dir)
    try:
        logging.getLogger("koffer.test").warning("before the first clerk")
        assert not (data_dir / logbook.LOG_DIR).exists() or not list(
            (data_dir / logbook.LOG_DIR).glob("*.klog")
        )
        store = KitStore(data_dir, TEST_KDF)
        store.create(CLERK, PASSPHRASE)  # publishes the log key
        logging.getLogger("koffer.test").warning("after")
        assert _messages(store) == ["before the first clerk", "after"]
        store.close()
    finally:
        logbook.uninstall(handler)


def test_another_kits_key_cannot_open_the_log(kit: KitStore, log: logbook.SealedLogHandler) -> None:
    logging.getLogger("koffer.test").warning("for this kit only")
    stranger, _public = crypto.new_log_key()

    (problem,) = list(logbook.read_logs(kit.data_dir, stranger))

    assert isinstance(problem, logbook.LogProblem)
    assert problem.sequence == 0
    assert "another kit" in problem.what


def test_a_torn_last_entry_and_a_removed_entry_are_reported(
    kit: KitStore, log: logbook.SealedLogHandler
) -> None:
    for number in range(3):
        logging.getLogger("koffer.test").warning("entry %d", number)
    assert log.path is not None
    data = log.path.read_bytes()
    start = len(logbook.MAGIC) + logbook.HEADER_BYTES
    first = logbook.LENGTH_BYTES + int.from_bytes(data[start : start + 4], "big")

    log.path.write_bytes(data[:-5])  # killed in the middle of the last write
    items = list(logbook.read_logs(kit.data_dir, kit.log_private_key()))
    assert [getattr(i, "message", None) for i in items[:2]] == ["entry 0", "entry 1"]
    assert isinstance(items[2], logbook.LogProblem)
    assert "torn" in items[2].what

    log.path.write_bytes(data[:start] + data[start + first :])  # the first entry cut out
    (problem,) = list(logbook.read_logs(kit.data_dir, kit.log_private_key()))
    assert isinstance(problem, logbook.LogProblem)
    assert problem.sequence == 0


def test_old_log_files_are_pruned(kit: KitStore, log: logbook.SealedLogHandler) -> None:
    logging.getLogger("koffer.test").warning("kept")
    folder = kit.data_dir / logbook.LOG_DIR
    old = folder / "koffer-20260101T000000000000Z-1.klog"
    old.write_bytes(logbook.MAGIC)
    month_ago = (datetime.now(UTC) - timedelta(days=31)).timestamp()
    os.utime(old, (month_ago, month_ago))

    removed = logbook.prune(kit.data_dir, 30, datetime.now(UTC))

    assert removed == 1
    assert not old.exists()
    assert log.path is not None
    assert log.path.exists()


def test_wipe_removes_the_logs(kit: KitStore, log: logbook.SealedLogHandler) -> None:
    logging.getLogger("koffer.test").warning("soon gone")
    kit.wipe()

    assert not (kit.data_dir / logbook.LOG_DIR).exists()


def test_a_crash_prints_only_the_error_type_and_seals_the_traceback(kit: KitStore) -> None:
    kit.close()
    script = textwrap.dedent(
        f"""
        import sys, threading
        from pathlib import Path
        from koffer.storage import logbook
        logbook.install(Path(sys.argv[1]))
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start(); worker.join()
        raise RuntimeError("could not save {SECRET}")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(kit.data_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 1
    assert SECRET not in result.stderr
    assert "RuntimeError" in result.stderr
    assert "ZeroDivisionError" in result.stderr
    assert "Traceback" not in result.stderr
    kit.unlock(CLERK, PASSPHRASE)
    crashes = [m for m in _messages(kit) if m.startswith("uncaught exception")]
    assert len(crashes) == 2
    assert "ZeroDivisionError" in crashes[0]
    assert f"RuntimeError: could not save {SECRET}" in crashes[1]
