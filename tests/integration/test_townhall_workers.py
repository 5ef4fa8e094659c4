"""``koffer townhall serve --workers N``: several processes serve one port."""

from __future__ import annotations

import os
import signal
import uuid
from pathlib import Path

import httpx

from koffer import crypto
from koffer.domain.case import new_reference
from koffer.sync import packet
from koffer.sync.parcel import seal_application
from tests.integration.conftest import (
    TOWNHALL_TOKEN,
    free_port,
    launch_townhall,
    wait_until_healthy,
)


def _workers_of(pid: int) -> set[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(child) for child in children.read_text().split()} if children.exists() else set()


def _submit_from_a_new_kit(url: str, number: int) -> int:
    """Enrol a kit and hand in one packet, each on a fresh connection; return the status."""
    signing = crypto.new_signing_key()
    with httpx.Client(base_url=url, timeout=30) as http:
        answer = http.post(
            "/v1/kits",
            json={"name": f"kit-{number}", "token": TOWNHALL_TOKEN,
                  "signing_key": crypto.public_jwk(signing)},
        )  # fmt: skip
        answer.raise_for_status()
        enrolment = answer.json()
    key = uuid.uuid4().hex
    application = packet.Application(
        key,
        {"reference": new_reference(2026), "service": "registration_certificate"},
        {"birth_date": "1941-03-02"},
    )
    recipient = crypto.encryption_key_from_jwk(enrolment["encryption_key"])
    sealed = seal_application(application, signing, recipient)
    with httpx.Client(base_url=url, timeout=30) as http:
        response = http.post(
            f"/v1/kits/{enrolment['kit_id']}/submissions",
            headers={"Authorization": f"Bearer {enrolment['kit_token']}",
                     "Idempotency-Key": key, "Content-Type": "application/jose"},
            content=sealed.encode("ascii"),
        )  # fmt: skip
    return response.status_code


def test_two_workers_share_the_port_and_stop_together(tmp_path: Path) -> None:
    port = free_port()
    process = launch_townhall(tmp_path / "townhall", port, extra=["--workers", "2"])
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        workers = _workers_of(process.pid)
        assert len(workers) == 2
        assert [_submit_from_a_new_kit(url, n) for n in range(6)] == [201] * 6
    finally:
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=20)
    assert status == 0, process.output()
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_a_worker_that_dies_takes_the_service_down_with_a_failure(tmp_path: Path) -> None:
    port = free_port()
    process = launch_townhall(tmp_path / "townhall", port, extra=["--workers", "2"])
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process)
        first, *others = sorted(_workers_of(process.pid))
        os.kill(first, signal.SIGKILL)
        status = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert status == 1  # a service manager restarts the whole
    assert not any(Path(f"/proc/{pid}").exists() for pid in others)
