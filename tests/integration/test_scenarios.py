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


def test_there_are_scenarios_for_every_device_kind_with_faults() -> None:
    names = {p.stem for p in sim_run.shipped_scenarios()}
    assert len(names) >= 8
    for kind in ("printer", "payment", "eid", "fingerprint", "scanner"):
        assert any(kind in n or (kind == "payment" and "card-declined" in n) for n in names)


def _shipped(stem: str) -> Path:
    (path,) = [p for p in sim_run.shipped_scenarios() if p.stem == stem]
    return path


def test_eid_card_events_each_get_their_remedy_and_the_case_waits() -> None:
    report = sim_run.run(_shipped("eid-card-absent-wrong-can-pin-blocked"), "en")

    assert report.failures == []
    failed = {(o.step, o.outcome): o for o in report.outcomes if o.outcome != "ok"}
    assert failed["card", "no_card"].remedy == "card laid on again"
    assert failed["card", "eid.wrong_can"].message == (
        "The card access number (CAN) does not match the card."
    )
    assert failed["pin", "eid.pin_blocked"].remedy == "new PIN set after the identity check"
    assert report.devices["change_terminal"][0] == "#1 connect [no card]"
    assert report.final_states == ["queued", "queued"]


def test_card_pulled_mid_write_holds_the_old_or_the_new_address_never_a_mix() -> None:
    report = sim_run.run(_shipped("eid-card-pulled-during-address-write"), "de")

    assert report.failures == []
    interrupted = [o for o in report.outcomes if o.outcome == "eid.write_interrupted"]
    assert [o.remedy for o in interrupted] == [
        "card laid on again; it holds the old address",  # pulled between DG17 and DG18
        "card laid on again; it holds the new address",  # pulled before its last answer
    ]
    assert all("nie eine Mischung" in o.message for o in interrupted)
    writes = [line for line in report.devices["change_terminal"] if " write" in line]
    assert len(writes) == 8  # 2 + 2 for the first card, 2 + 2 for the second


def test_fingerprint_conditions_show_in_the_sensor_journal() -> None:
    report = sim_run.run(_shipped("fingerprint-wet-dry-partial-no-finger-unplugged"), "en")

    assert report.failures == []
    journal = report.devices["fingerprint"]
    for condition in ("[wet]", "[dry]", "[partial]", "[no finger]", "-> DeviceUnavailable"):
        assert sum(condition in line for line in journal) == 1, condition
    assert report.step("fingerprints") == ["ok", "unavailable", "ok"]


def test_an_unmet_journal_expectation_fails_the_scenario(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong-journal.toml"
    wrong.write_text(
        'visit = "id_card"\n[[faults]]\ndevice = "fingerprint"\noperation = 2\naction = "dry"\n'
        '[expect.journal]\nfingerprint = ["#2 capture [wet]"]\n',
        "utf-8",
    )
    report = sim_run.run(wrong, "en")

    assert report.failures == ["fingerprint journal lacks '#2 capture [wet]' (in order)"]
    assert "#2 capture [dry]" in report.devices["fingerprint"]


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
