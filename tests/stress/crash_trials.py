"""Many crash trials in a row: ``python -m tests.stress.crash_trials --trials 200``.

Each trial starts a writer on a kit store, SIGKILLs it after a random delay and checks the
store: every acknowledged case must read back intact, the integrity check must pass and the
audit chain must verify. Trials run in series on one store (the first writer of a series
enrols the clerk, the later ones unlock and keep adding), so a crash can also damage what
earlier runs wrote; every acknowledged case of the series is checked after every kill.

Most kills come a random time after the writer reported ``ready`` (it is writing then); a
share comes a random time after the start, which also hits start-up: imports, opening,
migrating a new store, enrolling the clerk.

The last line reads ``N trials, L lost, C corrupt (...)``: L counts acknowledged cases that
were gone, C counts trials after which the store was damaged (did not open, failed the
integrity check or the audit chain, or a case did not read back as written).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.stress.crash_harness import KILLED, Acknowledged, check_store, run_writer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--series", type=int, default=5, help="trials on one store")
    parser.add_argument("--max-delay", type=float, default=1.0, help="seconds, at most")
    parser.add_argument(
        "--spawn-share", type=float, default=0.2, help="share of kills timed from the start"
    )
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    print(f"seed {seed}", flush=True)

    started = time.monotonic()
    lost = corrupt = acknowledged = checked = 0
    notes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="koffer-crash-") as name:
        work = Path(name)
        data_dir = work / "kit"
        ledger: dict[str, Acknowledged] = {}
        in_series = 0
        for trial in range(1, args.trials + 1):
            if in_series == args.series:
                shutil.rmtree(data_dir, ignore_errors=True)
                ledger.clear()
                in_series = 0
            in_series += 1
            from_ready = rng.random() >= args.spawn_share
            delay = rng.uniform(0.0, args.max_delay)
            run = run_writer(data_dir, work, delay, from_ready=from_ready)
            acknowledged += len(run.acknowledged)
            ledger.update((ack.case_id, ack) for ack in run.acknowledged)
            check = check_store(data_dir, ledger)
            checked += len(ledger)
            problems = check.problems + check.damaged[:5]
            if not run.killed or run.returncode != KILLED:
                problems.append(f"writer ended by itself ({run.returncode}): {run.stderr[-500:]}")
            for note in check.notes:
                notes[note] = notes.get(note, 0) + 1
            lost += len(check.lost)
            for case_id in check.lost:
                del ledger[case_id]  # count each lost case once
            timing = f"{'ready' if from_ready else 'start'}+{delay:.3f}s"
            if check.lost or problems:
                print(f"trial {trial} ({timing}): {len(check.lost)} lost", flush=True)
                for problem in problems:
                    print(f"  {problem}", flush=True)
            if problems:
                corrupt += 1
                in_series = args.series  # start over on a fresh store
            elif trial % 10 == 0:
                print(
                    f"trial {trial}: ok, {check.cases_in_store} cases in the store "
                    f"({len(run.acknowledged)} acknowledged this run, killed at {timing})",
                    flush=True,
                )
    elapsed = time.monotonic() - started
    for note, count in sorted(notes.items()):
        print(f"note: {count} trials: {note}", flush=True)
    print(
        f"{args.trials} trials, {lost} lost, {corrupt} corrupt "
        f"({acknowledged} cases acknowledged, {checked} case checks, {elapsed:.1f} s)",
        flush=True,
    )
    return 0 if lost == corrupt == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
