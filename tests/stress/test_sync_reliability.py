"""Every queued case reaches the town hall exactly once, through faults and SIGKILLs.

Short version of ``python -m tests.stress.sync_trials``: a few trials through the fault proxy,
every other one with the kit killed at a random moment while it synchronises.
"""

from __future__ import annotations

import os
import random
from dataclasses import replace
from pathlib import Path

from tests.stress.fault_proxy import FaultProxy, FaultRates
from tests.stress.sync_harness import (
    QueuedCase,
    TrialSettings,
    count_at_townhall,
    run_trial,
    running_townhall,
)

TRIALS = 8
KNOBS = TrialSettings(cases=3, max_kills=2, max_kill_delay_s=0.6, scan_bytes=(20_000, 200_000))


def test_no_case_is_lost_or_duplicated_through_faults_and_kills(tmp_path: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    kills = cases = 0
    with (
        running_townhall(tmp_path) as townhall,
        FaultProxy("127.0.0.1", townhall.port, FaultRates.scaled(0.4), seed=seed) as proxy,
    ):
        for trial in range(TRIALS):
            knobs = replace(KNOBS, kill_share=1.0 if trial % 2 == 0 else 0.0)
            trial_dir = tmp_path / f"trial-{trial}"
            trial_dir.mkdir()

            result = run_trial(trial_dir, townhall, proxy, rng, knobs)

            where = f"seed {seed}, trial {trial}, {proxy.summary()}"
            assert result.problems == [], where
            assert (result.lost, result.duplicated) == (0, 0), where
            kills += result.kills
            cases += result.cases
        counters = proxy.counters()
    assert cases == TRIALS * KNOBS.cases
    assert kills >= 1, f"seed {seed}: the kit was never killed while synchronising"
    broken = sum(counters.get(a, 0) for a in ("drop_before", "drop_after", "reset", "truncate"))
    assert broken >= 3, f"seed {seed}: too few faults to mean anything: {counters}"


def test_the_count_at_the_town_hall_notices_a_case_that_never_arrived(tmp_path: Path) -> None:
    with running_townhall(tmp_path) as townhall:
        count = count_at_townhall(townhall.db_url, [QueuedCase("K-2026-AAAA-AAAA", "0" * 32)])
    assert count.lost == ["K-2026-AAAA-AAAA"]
    assert count.duplicated == []
