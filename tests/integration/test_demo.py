"""`koffer demo`: one visit end to end, as a user runs it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.conftest import TOWNHALL_TOKEN, printed_text, run_koffer

CITIZEN = "Zoë Łucja Ñúñez-Müller"
FAST_KDF = {"KOFFER_SECURITY__ARGON2_MEMORY_KIB": "8192", "KOFFER_SECURITY__ARGON2_ITERATIONS": "1"}


def run_demo(
    tmp_path: Path, *args: str, citizen: str = CITIZEN, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``koffer demo`` on a kit in ``tmp_path/kit`` (fast key derivation unless ``env`` says)."""
    return run_koffer(
        "demo",
        "--data-dir",
        str(tmp_path / "kit"),
        "--citizen",
        citizen,
        *args,
        env={**FAST_KDF, **(env or {})},
    )


def _assert_complete_visit(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    steps = [line for line in lines if line.startswith("[")]
    assert [line[:5] for line in steps] == [f"[{n}/8]" for n in range(1, 9)]
    assert CITIZEN in result.stdout
    assert steps[-1].endswith("status 'received'")
    return result.stdout


def test_demo_with_embedded_town_hall_and_simulated_printer(tmp_path: Path) -> None:
    # Default key derivation here: the demo as a user runs it.
    result = run_demo(
        tmp_path,
        "--out",
        str(tmp_path / "paper"),
        env={
            "KOFFER_SECURITY__ARGON2_MEMORY_KIB": "65536",
            "KOFFER_SECURITY__ARGON2_ITERATIONS": "3",
        },
    )
    output = _assert_complete_visit(result)
    assert "(embedded)" in output
    (printed,) = (tmp_path / "paper").iterdir()
    text = subprocess.run(
        ["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Łucja" in text
    assert "Ñúñez-Müller" in text


def test_demo_twice_reuses_the_store_and_the_enrolment(tmp_path: Path) -> None:
    for _ in range(2):
        _assert_complete_visit(run_demo(tmp_path))
    result = run_koffer("audit", "verify", "--data-dir", str(tmp_path / "kit"))
    assert result.returncode == 0
    assert "audit chain intact" in result.stdout


def test_demo_with_wrong_passphrase_fails_clearly(tmp_path: Path) -> None:
    _assert_complete_visit(run_demo(tmp_path))
    result = run_demo(tmp_path, env={"KOFFER_PASSPHRASE": "not the passphrase"})
    assert result.returncode == 1
    assert "Die Passphrase ist falsch." in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_with_an_invalid_citizen_name_fails_clearly(tmp_path: Path) -> None:
    result = run_demo(tmp_path, citizen="Cher", env={"KOFFER_LANGUAGE": "en"})
    assert result.returncode == 1
    assert "Invalid input: citizen's name." in result.stderr


def _demo_against(url: str, tmp_path: Path) -> str:
    result = run_demo(
        tmp_path, "--townhall", url, env={"KOFFER_SYNC__ENROLMENT_TOKEN": TOWNHALL_TOKEN}
    )
    return _assert_complete_visit(result)


def test_demo_against_a_separate_town_hall_process(
    tmp_path: Path, start_townhall: Callable[..., str]
) -> None:
    url = start_townhall()
    assert f"at {url} (remote)" in _demo_against(url, tmp_path)


def test_demo_against_a_town_hall_on_postgresql(
    tmp_path: Path, start_townhall: Callable[..., str], postgres_url: str
) -> None:
    url = start_townhall(postgres_url)
    assert f"at {url} (remote)" in _demo_against(url, tmp_path)


def test_demo_when_the_town_hall_is_down_keeps_the_case_queued(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "--townhall", "http://127.0.0.1:9", env={"KOFFER_LANGUAGE": "en"})
    assert result.returncode == 1
    assert "[7/8] Queued for the town hall" in result.stdout
    assert result.stderr.strip() == (
        "Transfer to the town hall failed: the town hall cannot be reached (no connection). "
        "The case stays queued."
    )


def test_demo_prints_through_the_real_cups_queue(
    tmp_path: Path, cups_queue: tuple[str, Path]
) -> None:
    queue, out = cups_queue
    result = run_demo(tmp_path, "--printer", "cups", "--queue", queue)
    output = _assert_complete_visit(result)
    assert f"Printed on {queue}: job " in output
    job_id = output.split(f"Printed on {queue}: job ")[1].split()[0]
    text = printed_text(out, f"*-job_{job_id}.pdf")
    assert "Meldebescheinigung" in text
    assert "Ñúñez-Müller" in text


def test_gui_without_a_display_runs_the_headless_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    result = run_koffer("gui", env={**FAST_KDF, "KOFFER_DATA_DIR": str(tmp_path / "kit")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No display found")
    assert "[8/8] Synced with the town hall" in result.stdout


def test_demo_of_an_id_card_application_through_every_simulated_device(tmp_path: Path) -> None:
    from koffer import crypto
    from koffer.storage.store import KitStore

    out = tmp_path / "printed"
    result = run_demo(tmp_path, "--service", "id_card", "--out", str(out),
                      env={"KOFFER_PASSPHRASE": "a demo passphrase"})  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    steps = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert [line[:5] for line in steps] == [f"[{n}/9]" for n in range(1, 10)]
    assert "checks passed" in steps[2]
    assert steps[-1].split("status ")[1].startswith("'received'")
    assert len(list(out.glob("*.pdf"))) == 2  # receipt and application summary
    store = KitStore(tmp_path / "kit", crypto.KdfParams(8192, 1, 1))
    store.unlock("demo", "a demo passphrase")
    with store.unit_of_work() as uow:
        (case,) = uow.cases()
        kinds = {kind for _id, kind, _media in uow.attachments(case.id)}
        assert str(uow.case(case.id).state) == "acknowledged"
    store.close()
    # Received by the town hall: the biometrics are gone from the kit, the paperwork stays.
    assert not {"photo", "photo_production", "fingerprint_left", "fingerprint_right"} & kinds
    assert {"signature", "receipt_pdf"} <= kinds
