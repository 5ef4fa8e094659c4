"""``koffer doctor``: the kit check before a visit, for clerks and for scripts (--json)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows.registration_certificate import RegistrationCertificateService
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF
from tests.integration.conftest import run_koffer


def _doctor(data_dir: Path) -> tuple[int, dict[str, object]]:
    result = run_koffer("doctor", "--json", "--data-dir", str(data_dir))
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def _checks(report: dict[str, object]) -> dict[str, dict[str, object]]:
    return {c["name"]: c for c in report["checks"]}  # type: ignore[attr-defined, index]


def test_a_kit_without_clerks_is_not_ready(tmp_path: Path) -> None:
    code, report = _doctor(tmp_path / "kit")

    assert code == 1
    assert report["ready"] is False
    checks = _checks(report)
    assert checks["store"]["ready"] is False
    assert checks["device.printer"]["ready"] is True
    assert {name for name in checks if name.startswith("device.")} == {
        "device.camera", "device.fingerprint", "device.scanner", "device.printer",
        "device.change_terminal", "device.signature_pad", "device.payment",
    }  # fmt: skip
    assert not (tmp_path / "kit").exists()  # checking creates nothing


def test_a_case_waiting_longer_than_the_offline_limit_keeps_the_kit_home(tmp_path: Path) -> None:
    store = KitStore(tmp_path / "kit", TEST_KDF)
    store.create(CLERK, PASSPHRASE)
    service = RegistrationCertificateService(store, MunicipalSettings())
    person = Person("Anna", "Weber", date(1950, 1, 1), Address("Weg", "1", "45127", "Essen"))
    opened = service.open_case(person)
    service.render(opened.case_id)
    service.queue(opened.case_id)
    code, report = _doctor(tmp_path / "kit")
    assert code == 0, report
    assert _checks(report)["outbox"]["data"]["counts"] == {"pending": 1}

    with store.unit_of_work() as uow:  # the case was queued 15 days ago
        uow.session.execute(
            text('UPDATE "case" SET updated_at = :at'), {"at": uow.now() - timedelta(days=15)}
        )
    store.close()
    code, report = _doctor(tmp_path / "kit")

    assert code == 1
    outbox = _checks(report)["outbox"]
    assert outbox["ready"] is False
    assert 14.9 < outbox["data"]["oldest_waiting_days"] < 15.1  # type: ignore[index, operator]


def test_plain_output_names_what_is_not_ready(tmp_path: Path) -> None:
    result = run_koffer("doctor", "--data-dir", str(tmp_path / "kit"))

    assert result.returncode == 1
    assert "NOT store" in result.stdout
    assert result.stdout.strip().endswith("NOT ready to leave")


def test_a_configured_usb_device_that_is_not_plugged_in_is_reported(tmp_path: Path) -> None:
    result = run_koffer(
        "doctor", "--json", "--data-dir", str(tmp_path / "kit"),
        env={"KOFFER_DEVICES__USB_IDS": '{"fingerprint": "1c7a:0570"}'},
    )  # fmt: skip

    usb = _checks(json.loads(result.stdout))["usb.fingerprint"]
    assert usb["ready"] is False
    assert usb["data"] == {"id": "1c7a:0570"}
    assert "absent" in usb["detail"] or "unknown" in usb["detail"]


def test_the_kit_check_reaches_a_zvt_card_terminal(tmp_path: Path) -> None:
    from koffer.devices.payment.zvt_sim import ZvtTerminalSimulator

    with ZvtTerminalSimulator(terminal_id="29001234") as terminal:
        env = {
            "KOFFER_DEVICES__PAYMENT": "zvt",
            "KOFFER_DEVICES__ZVT_HOST": "127.0.0.1",
            "KOFFER_DEVICES__ZVT_PORT": str(terminal.port),
        }
        result = run_koffer("doctor", "--json", "--data-dir", str(tmp_path / "kit"), env=env)
    payment = _checks(json.loads(result.stdout))["device.payment"]
    assert payment["ready"] is True
    assert payment["data"]["backend"] == "zvt"
    assert "29001234" in payment["detail"]

    unreachable = run_koffer(
        "doctor", "--json", "--data-dir", str(tmp_path / "kit"),
        env=env | {"KOFFER_DEVICES__ZVT_PORT": "1"},
    )  # fmt: skip
    assert _checks(json.loads(unreachable.stdout))["device.payment"]["ready"] is False
