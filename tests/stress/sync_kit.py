"""A kit that synchronises until the town hall has acknowledged every queued case.

Run as a child process by the sync harness (which may SIGKILL it at any moment):
``python -m tests.stress.sync_kit DATA_DIR --townhall URL --token TOKEN``.

It unlocks the kit store, prints ``ready``, then runs synchronisation rounds through the
kit's own :class:`~koffer.workflows.synchronise.Synchroniser`. A round that fails (the
connection broke, the town hall answered 5xx) is simply followed by the next one. After each
round it checks the store; when every case is acknowledged and nothing is left in the outbox
it prints ``acknowledged`` and exits 0; after ``--max-rounds`` it exits 3. Each round prints
``round N: S sent (A again), F failed, E events``; "again" counts packets the town hall
already had (it answered 200 with the first receipt).

Time: a failed packet waits for its backoff (minutes to an hour). The store's clock is made
to run ahead by ``--round-hours`` per round, so every entry is due again in the next round
without the harness waiting in real time. ``--clock-offset-hours`` starts a restarted kit
after the time its killed predecessor reached.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from koffer import crypto
from koffer.domain.case import CaseState
from koffer.domain.errors import SyncError
from koffer.storage.repository import OutboxState
from koffer.storage.store import KitStore, utcnow
from koffer.sync.client import TownhallClient
from koffer.workflows.synchronise import Synchroniser

KDF = crypto.KdfParams(memory_kib=1024, iterations=1, lanes=1)
LOGIN = "sync-clerk"
PASSPHRASE = "sync test passphrase"
KIT_NAME = "stress-kit"
READY = "ready"
DONE = "acknowledged"
NOT_DONE = 3


class AdvancingClock:
    """Real time plus an offset that grows by a fixed step on :meth:`advance`."""

    def __init__(self, offset: timedelta, step: timedelta) -> None:
        self.offset = offset
        self.step = step

    def __call__(self) -> datetime:
        return utcnow() + self.offset

    def advance(self) -> None:
        self.offset += self.step


def open_store(data_dir: Path, clock: Callable[[], datetime] = utcnow) -> KitStore:
    """Open and unlock the kit store the harness prepared in ``data_dir``."""
    store = KitStore(data_dir, KDF, clock=clock)
    store.unlock(LOGIN, PASSPHRASE)
    return store


def unfinished(store: KitStore) -> list[str]:
    """What keeps the kit from being done: cases not acknowledged, entries still to send."""
    with store.unit_of_work(activity=False) as uow:
        left = [
            f"{case.reference} {case.state}"
            for case in uow.cases()
            if case.state is not CaseState.ACKNOWLEDGED
        ]
        counts = uow.outbox_counts()
    for state in (OutboxState.PENDING, OutboxState.FAILED, OutboxState.DEAD):
        if counts.get(state):
            left.append(f"{counts[state]} outbox entries {state}")
    return left


def synchronise_once(store: KitStore, townhall_url: str, token: str, timeout_s: float) -> str:
    """One synchronisation as the kit does it; return a line saying how it went."""
    try:
        with TownhallClient(townhall_url, timeout_s) as client:
            report = Synchroniser(store, client, KIT_NAME, token).run()
    except SyncError as exc:
        return f"failed: {exc.params.get('reason')}"
    again = sum(1 for sent in report.sent if sent.duplicate)
    return (
        f"{len(report.sent)} sent ({again} again), {len(report.failed)} failed, "
        f"{len(report.statuses)} events"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--townhall", required=True, help="base URL (the fault proxy's)")
    parser.add_argument("--token", required=True, help="enrolment token")
    parser.add_argument("--timeout", type=float, default=5.0, help="HTTP timeout, seconds")
    parser.add_argument("--max-rounds", type=int, default=200)
    parser.add_argument("--round-hours", type=float, default=2.0)
    parser.add_argument("--clock-offset-hours", type=float, default=0.0)
    args = parser.parse_args(argv)
    clock = AdvancingClock(
        timedelta(hours=args.clock_offset_hours), timedelta(hours=args.round_hours)
    )
    store = open_store(args.data_dir, clock)
    print(READY, flush=True)
    try:
        for number in range(1, args.max_rounds + 1):
            outcome = synchronise_once(store, args.townhall, args.token, args.timeout)
            print(f"round {number}: {outcome}", flush=True)
            left = unfinished(store)
            if not left:
                print(DONE, flush=True)
                return 0
            clock.advance()
        print(f"not done after {args.max_rounds} rounds: {', '.join(left[:5])}", flush=True)
        return NOT_DONE
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
