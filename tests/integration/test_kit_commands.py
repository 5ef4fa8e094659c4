"""The operator's commands on a kit, run as the ``koffer`` command: logs, recover, wipe."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

from koffer import crypto
from koffer.domain.person import Address, Person
from koffer.storage import logbook
from koffer.storage.store import KitStore
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF
from tests.integration.conftest import run_koffer

CITIZEN = Person("Zoë", "Łukasik", date(1950, 1, 2), Address("Am Markt", "1", "45127", "Essen"))


def _kit(data_dir: Path) -> KitStore:
    store = KitStore(data_dir, TEST_KDF)
    store.create(CLERK, PASSPHRASE)
    return store


def test_logs_opens_the_sealed_log_with_a_passphrase(tmp_path: Path) -> None:
    data_dir = tmp_path / "kit"
    handler = logbook.install(data_dir)
    store = _kit(data_dir)
    logging.getLogger("koffer.printer").warning("paper jam on job 7")
    store.close()
    logbook.uninstall(handler)

    shown = run_koffer(
        "logs", "--data-dir", str(data_dir), "--login", CLERK,
        env={"KOFFER_PASSPHRASE": PASSPHRASE},
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "WARNING  koffer.printer: paper jam on job 7" in shown.stdout

    refused = run_koffer(
        "logs", "--data-dir", str(data_dir), "--login", CLERK,
        env={"KOFFER_PASSPHRASE": "not the passphrase"},
    )  # fmt: skip
    assert refused.returncode == 1
    assert "paper jam" not in refused.stdout
    assert "Traceback" not in refused.stderr
    assert refused.stderr.strip()  # the translated wrong-passphrase message


def test_recover_gives_a_clerk_a_new_passphrase_with_the_town_halls_key(tmp_path: Path) -> None:
    data_dir = tmp_path / "kit"
    townhall = crypto.new_townhall_key()
    store = _kit(data_dir)
    store.escrow_to(townhall)
    with store.unit_of_work() as uow:
        case_person = uow.add_person(CITIZEN)
    store.close()
    key_file = tmp_path / "townhall-key.json"
    key_file.write_text(json.dumps(crypto.private_jwk(townhall)), "utf-8")

    result = run_koffer(
        "recover", "--data-dir", str(data_dir), "--townhall-key", str(key_file),
        "--login", CLERK, env={"KOFFER_NEW_PASSPHRASE": "a brand new passphrase"},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    store = KitStore(data_dir, TEST_KDF)
    store.unlock(CLERK, "a brand new passphrase")
    with store.unit_of_work() as uow:
        assert uow.person(case_person) == CITIZEN  # nothing was lost
    store.close()

    wrong = tmp_path / "other-key.json"
    wrong.write_text(json.dumps(crypto.private_jwk(crypto.new_townhall_key())), "utf-8")
    refused = run_koffer(
        "recover", "--data-dir", str(data_dir), "--townhall-key", str(wrong),
        "--login", CLERK, env={"KOFFER_NEW_PASSPHRASE": "yet another passphrase"},
    )  # fmt: skip
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr


def test_wipe_leaves_nothing_behind(tmp_path: Path) -> None:
    data_dir = tmp_path / "kit"
    handler = logbook.install(data_dir)
    store = _kit(data_dir)
    logging.getLogger("koffer.test").warning("soon gone")
    store.close()
    logbook.uninstall(handler)

    unconfirmed = run_koffer("wipe", "--data-dir", str(data_dir))
    assert unconfirmed.returncode == 1
    assert (data_dir / "kit.db").exists()

    result = run_koffer("wipe", "--data-dir", str(data_dir), "--yes")

    assert result.returncode == 0, result.stderr
    assert [p for p in data_dir.rglob("*") if p.is_file()] == []
