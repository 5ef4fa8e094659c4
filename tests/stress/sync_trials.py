"""Many sync trials in a row: ``python -m tests.stress.sync_trials --trials 200``.

Each trial queues cases on a fresh kit, lets the kit synchronise in a child process through a
fault proxy (drops, resets, delays, truncated answers, 502/503), SIGKILLs the kit at random
moments in a share of the trials, restarts it until it reports every case acknowledged, and
then counts at the town hall's database: every case must be stored exactly once under its
idempotency key, with one "received" event.

The town hall is ``koffer townhall serve`` on 127.0.0.1 (SQLite in a temporary directory, or
``--db postgresql+psycopg://...``); all trials share it and the proxy.

The last line reads ``N trials, C cases, L lost, D duplicated, faults: ...``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from tests.stress.fault_proxy import FaultProxy, FaultRates
from tests.stress.sync_harness import TrialSettings, run_trial, running_townhall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--cases", type=int, default=4, help="queued cases per trial")
    parser.add_argument("--fault-rate", type=float, default=0.4, help="share of broken exchanges")
    parser.add_argument("--kill-share", type=float, default=0.6, help="share of trials with kills")
    parser.add_argument("--max-kills", type=int, default=3, help="kills per trial, at most")
    parser.add_argument("--max-kill-delay", type=float, default=1.5, help="seconds after ready")
    parser.add_argument("--db", default="", help="town-hall database URL (default: SQLite)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    # Stopped with SIGTERM: unwind, so that the town hall and the proxy stop as well.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    print(f"seed {seed}", flush=True)
    knobs = TrialSettings(
        cases=args.cases,
        kill_share=args.kill_share,
        max_kills=args.max_kills,
        max_kill_delay_s=args.max_kill_delay,
    )
    started = time.monotonic()
    cases = lost = duplicated = failed = kills = runs = again = 0
    with tempfile.TemporaryDirectory(prefix="koffer-sync-") as name:
        work = Path(name)
        with (
            running_townhall(work, args.db) as townhall,
            FaultProxy(
                "127.0.0.1", townhall.port, FaultRates.scaled(args.fault_rate), seed=seed
            ) as proxy,
        ):
            for trial in range(1, args.trials + 1):
                trial_dir = work / f"trial-{trial}"
                trial_dir.mkdir()
                result = run_trial(trial_dir, townhall, proxy, rng, knobs)
                shutil.rmtree(trial_dir, ignore_errors=True)
                cases += result.cases
                lost += result.lost
                duplicated += result.duplicated
                kills += result.kills
                runs += result.runs
                again += result.answered_again
                if result.problems:
                    failed += 1
                    print(f"trial {trial}: FAILED", flush=True)
                    for problem in result.problems:
                        print(f"  {problem}", flush=True)
                elif trial % 10 == 0 or trial == args.trials:
                    print(
                        f"trial {trial}: ok ({result.cases} cases, {result.runs} kit runs, "
                        f"{result.kills} killed, {result.seconds:.1f} s); {proxy.summary()}",
                        flush=True,
                    )
            faults = proxy.summary()
    elapsed = time.monotonic() - started
    print(
        f"{args.trials} trials, {cases} cases, {lost} lost, {duplicated} duplicated, "
        f"{failed} failed trials, {runs} kit runs, {kills} killed, {again} packets sent "
        f"again and stored once; faults: {faults} ({elapsed:.0f} s)",
        flush=True,
    )
    return 0 if lost == duplicated == failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
