"""WAL checkpoints off the clerk's path.

With ``journal_mode=WAL`` every commit appends to the write-ahead log, and SQLite's automatic
checkpoint copies the log back into the database on whichever commit crosses the threshold
(1,000 pages by default): that commit then also writes and syncs the database file, about ten
times the cost of an ordinary one, every fourth or fifth ID-card case. Here a background thread
runs a passive checkpoint once the store has been quiet for a moment, so a clerk's save is only
its own commit. A passive checkpoint never waits for a writer; SQLite keeps it crash-safe.

Should the thread fall behind (a long series of saves without a pause), the committing
connection still checkpoints by itself at :data:`AUTOCHECKPOINT_PAGES`.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

QUIET_S = 0.25
AUTOCHECKPOINT_PAGES = 16_384  # 64 MiB of log at 4 KiB pages: the safety net only

_log = logging.getLogger(__name__)


class Checkpointer:
    """Folds the WAL into the database after each burst of commits, on a thread of its own."""

    def __init__(self, engine: Engine, quiet_s: float = QUIET_S) -> None:
        self._engine = engine
        self._quiet_s = quiet_s
        self._wake = threading.Condition()
        self._pending = False
        self._stopped = False
        self._last_nudge = 0.0
        self._thread: threading.Thread | None = None
        self.runs = 0  # checkpoints done, for tests and the kit check

    def nudge(self) -> None:
        """Note a commit: a checkpoint follows once no other commit came for ``quiet_s``."""
        self._last_nudge = time.monotonic()
        if self._pending:
            # The thread is waiting for quiet already and reads the new time when its wait
            # ends; waking it (and taking the lock) on every commit only costs the saver.
            # Should it be deciding to checkpoint just now, that checkpoint starts after
            # this commit and covers it.
            return
        with self._wake:
            if self._stopped:
                return
            self._pending = True
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="koffer-wal-checkpoint", daemon=True
                )
                self._thread.start()
            self._wake.notify()

    def stop(self) -> None:
        """End the thread (a checkpoint under way finishes first); nudges are ignored after."""
        with self._wake:
            self._stopped = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while self._wait_for_quiet():
            self.checkpoint()

    def _wait_for_quiet(self) -> bool:
        """Block until a nudge is ``quiet_s`` old; False once stopped."""
        with self._wake:
            while not self._stopped:
                if not self._pending:
                    self._wake.wait()
                    continue
                remaining = self._last_nudge + self._quiet_s - time.monotonic()
                if remaining <= 0:
                    self._pending = False
                    return True
                self._wake.wait(remaining)
            return False

    def checkpoint(self) -> None:
        """Copy what the log holds into the database now, without waiting for writers."""
        try:
            with self._engine.connect() as connection:
                raw: Any = connection.connection.driver_connection  # outside any transaction
                raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.runs += 1
        except (DBAPIError, sqlite3.Error) as exc:  # the next commit's nudge tries again
            cause = exc.orig if isinstance(exc, DBAPIError) else exc
            _log.warning("WAL checkpoint failed: %s", type(cause).__name__)
