"""Every shipped scenario runs headless and holds its expectations (``koffer sim run``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from koffer import sim_run
from tests.integration.conftest import run_koffer


@pytest.mark.parametrize("path", sim_run.shipped_scenarios(), ids=lambda p: p.stem)
def test_shipped_scenario_holds(path: Path) -> None:
    report = sim_run.run(path, "en")

    assert report.failures == []
    failed = [o for o in report.outcomes if o.outcome != "ok"]
    assert failed, "a scenario must make something fail"
    assert all(o.case_intact and o.message for o in failed)


def test_there_are_scenarios_for_printer_and_payment_faults() -> None:
    names = {p.stem for p in sim_run.shipped_scenarios()}
    assert len(names) >= 4
    assert any("printer" in n for n in names)
    assert any("payment" in n or "card" in n for n in names)


def test_the_command_reports_json_and_fails_on_an_unmet_expectation(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(
        'name = "expects too much"\n[[faults]]\ndevice = "printer"\noperation = 1\n'
        'error = "paper_jam"\n[expect]\n"print" = ["ok"]\n',
        "utf-8",
    )
    result = run_koffer("sim", "run", "all", str(wrong), "--json")
    assert result.returncode == 1
    result = run_koffer("sim", "run", str(wrong), "--json")

    assert result.returncode == 1
    (report,) = json.loads(result.stdout)
    assert report["passed"] is False
    assert report["steps"]["print"] == ["paper_jam", "ok"]
    assert report["devices"]["printer"] == ["#1 print -> PaperJam", "#2 print"]

    shipped = run_koffer("sim", "run", "all")
    assert shipped.returncode == 0, shipped.stdout
    assert shipped.stdout.count("PASS") == len(sim_run.shipped_scenarios())
