"""Noticing the town hall come back: probe ``/health`` with backoff and jitter while offline.

The kit works offline for days. While the last synchronisation could not reach the town
hall, :class:`ConnectivityWatch` probes it, first after a few seconds, then ever less often
(exponential backoff with jitter, capped, so that many kits coming back at once do not probe
in step); the first probe that gets an answer triggers a synchronisation. While the town
hall is reachable the watch does nothing: the regular synchronisation takes over.

Qt-free: the app runs it on a thread of its own (:meth:`ConnectivityWatch.start`) and turns
``on_back`` into a signal.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from koffer.domain.errors import SyncError
from koffer.sync.client import TownhallClient
from koffer.workflows.synchronise import SyncReport

PROBE_BASE_S = 5.0
PROBE_CAP_S = 300.0
# Reasons that mean "no connection", not "the town hall said no".
OFFLINE_REASONS = frozenset({"sync.unreachable", "sync.timeout"})

log = logging.getLogger(__name__)


def probe_delay(attempt: int, rng: random.Random, base_s: float, cap_s: float) -> float:
    """Seconds before probe number ``attempt`` (0-based): exponential, capped, jittered."""
    ceiling = min(cap_s, base_s * 2 ** min(attempt, 20))
    return rng.uniform(ceiling / 2, ceiling)


class ConnectivityWatch:
    """Probes the town hall while it is out of reach and says when it is back."""

    def __init__(
        self,
        probe: Callable[[], bool],
        on_back: Callable[[], None],
        *,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        base_s: float = PROBE_BASE_S,
        cap_s: float = PROBE_CAP_S,
        background: bool = False,
    ) -> None:
        """Watch with ``probe`` (True: the town hall answered); ``on_back`` is then called.

        With ``background`` the probing thread starts by itself the first time the town
        hall is out of reach; otherwise the owner calls :meth:`tick` (or :meth:`start`).
        """
        self._background = background
        self._probe = probe
        self._on_back = on_back
        self._clock = clock
        self._rng = rng or random.SystemRandom()
        self._base_s = base_s
        self._cap_s = cap_s
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self.online = True
        self.attempts = 0
        self._next_probe_at: float | None = None

    # --- state -----------------------------------------------------------------------

    def report(self, reached: bool) -> None:
        """Record whether a synchronisation reached the town hall.

        Not reached: probing starts (on the background thread once :meth:`start` ran).
        """
        with self._lock:
            if reached:
                self.online = True
                self.attempts = 0
                self._next_probe_at = None
            elif self.online or self._next_probe_at is None:
                self.online = False
                self.attempts = 0
                self._schedule()
        if not reached and self._background:
            self.start()
        self._wake.set()

    def observe(self, synchronise: Callable[[], SyncReport]) -> SyncReport:
        """Run a synchronisation and record whether it reached the town hall.

        A packet that failed for want of a connection counts as not reached even when the
        run itself ended (the connection dropped mid-way).
        """
        try:
            report = synchronise()
        except SyncError as exc:
            self.report(exc.params.get("reason") not in OFFLINE_REASONS)
            raise
        self.report(not any(reason in OFFLINE_REASONS for _ref, reason in report.failed))
        return report

    def next_probe_in(self) -> float | None:
        """Seconds until the next probe is due (0 when overdue), None while online."""
        with self._lock:
            if self._next_probe_at is None:
                return None
            return max(0.0, self._next_probe_at - self._clock())

    def tick(self) -> bool:
        """Probe if a probe is due; return True when the town hall has come back."""
        with self._lock:
            due = self._next_probe_at is not None and self._clock() >= self._next_probe_at
        if not due:
            return False
        try:
            reached = self._probe()
        except (SyncError, OSError) as exc:  # no answer, whichever way: still offline
            log.debug("connectivity probe failed: %s", type(exc).__name__)
            reached = False
        with self._lock:
            if self._next_probe_at is None:  # a synchronisation reached it meanwhile
                return False
            if not reached:
                self.attempts += 1
                self._schedule()
                return False
            self.online = True
            self.attempts = 0
            self._next_probe_at = None
        self._on_back()
        return True

    def _schedule(self) -> None:
        delay = probe_delay(self.attempts, self._rng, self._base_s, self._cap_s)
        self._next_probe_at = self._clock() + delay

    # --- background thread -----------------------------------------------------------

    def start(self) -> None:
        """Run the probes on a daemon thread until :meth:`stop`."""
        with self._lock:
            if self._thread is not None:
                return
            self._stopped.clear()
            self._thread = threading.Thread(
                target=self._run, name="koffer-connectivity", daemon=True
            )
            self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the thread (a probe under way finishes first)."""
        self._stopped.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._thread = None

    def _run(self) -> None:
        while not self._stopped.is_set():
            wait_s = self.next_probe_in()
            self._wake.wait(timeout=wait_s)  # None: until the next report
            self._wake.clear()
            if not self._stopped.is_set():
                self.tick()


def townhall_probe(url: Callable[[], str], timeout_s: float = 5.0) -> Callable[[], bool]:
    """A probe asking the town hall at ``url()`` (read anew each time) for ``/health``."""

    def probe() -> bool:
        with TownhallClient(url(), timeout_s) as client:
            return client.reachable(timeout_s)

    return probe
