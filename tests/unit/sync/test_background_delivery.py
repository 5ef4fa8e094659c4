"""The background delivery: parcels sealed at queue time, handed in while the kit is locked."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState
from koffer.domain.person import Person
from koffer.kit_check import check_kit
from koffer.settings import KofferSettings, MunicipalSettings
from koffer.storage.store import KitStore
from koffer.sync import delivery
from koffer.sync.client import TownhallClient
from koffer.sync.parcel import SPOOL_DIR, Spool
from koffer.sync.townhall.models import Submission
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.workflows.delivery_agent import DeliveryAgent
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.synchronise import Synchroniser, wipe_kit
from tests.conftest import CLERK, PASSPHRASE
from tests.unit.sync.townhall_support import ADMIN, TOKEN


def _queue(store: KitStore, citizen: Person) -> str:
    service = RegistrationCertificateService(store, MunicipalSettings())
    opened = service.open_case(citizen, date(2026, 11, 22))
    service.render(opened.case_id)
    service.print_certificate(opened.case_id, SimPrinter(seconds_per_page=0))
    return service.queue(opened.case_id)


def _sync(store: KitStore, townhall: EmbeddedTownhall) -> Synchroniser:
    with TownhallClient(townhall.url) as client:
        synchroniser = Synchroniser(store, client, "kit-a", TOKEN, publish_pass=True)
        synchroniser.run()
    return synchroniser


def _submissions(townhall: EmbeddedTownhall) -> int:
    engine = create_engine(townhall.db_url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(select(func.count()).select_from(Submission)).scalar_one()
            )
    finally:
        engine.dispose()


def _agent(store: KitStore, wiped: list[bool] | None = None) -> DeliveryAgent:
    def wipe() -> None:
        if wiped is not None:
            wiped.append(True)
        wipe_kit(store)

    return DeliveryAgent(store.data_dir, wipe, timeout_s=5.0)


@pytest.fixture
def enrolled(store: KitStore, admin_townhall: EmbeddedTownhall) -> KitStore:
    """A kit that has synchronised once with a configured town hall (so it has a pass)."""
    _sync(store, admin_townhall)
    return store


def test_a_case_is_sealed_when_queued_and_nothing_readable_lands_on_disk(
    enrolled: KitStore, citizen: Person
) -> None:
    key = _queue(enrolled, citizen)
    folder = enrolled.data_dir / SPOOL_DIR / key
    files = [p for p in folder.iterdir() if p.name != ".lock"]
    assert [p.name.split("-")[0] for p in files] == ["packet"]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        content = path.read_bytes()
        for plain in (citizen.surname, "Lindenstraße", "Essen", citizen.given_names):
            assert plain.encode() not in content
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_pass_is_private_and_holds_a_delivery_token_not_the_kit_token(
    enrolled: KitStore, admin_townhall: EmbeddedTownhall
) -> None:
    path = delivery.pass_path(enrolled.data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    issued = delivery.read_pass(enrolled.data_dir)
    assert issued is not None
    assert issued.townhall_url == admin_townhall.url
    with enrolled.unit_of_work() as uow:
        kit_token = next(iter(uow.secret("enrolments").values()))["kit_token"]
    assert issued.delivery_token
    assert issued.delivery_token != kit_token
    assert issued.delivery_token not in repr(issued)


def test_the_delivery_token_only_hands_in(
    enrolled: KitStore, admin_http: httpx.Client, citizen: Person
) -> None:
    issued = delivery.read_pass(enrolled.data_dir)
    assert issued is not None
    auth = {"Authorization": f"Bearer {issued.delivery_token}"}
    base = f"/v1/kits/{issued.kit_id}"
    # Reading: no events, no reference data; no new token, no new certificate.
    assert admin_http.get(f"{base}/events", params={"since": 0}, headers=auth).status_code == 403
    assert (
        admin_http.get(f"{base}/reference-data", params={"day": "2026-11-22"}, headers=auth)
    ).status_code == 403
    assert admin_http.post(f"{base}/delivery-token", headers=auth).status_code == 403
    # Handing in: yes.
    key = _queue(enrolled, citizen)
    assert admin_http.get(f"{base}/uploads/{key}", headers=auth).status_code == 200


def test_a_locked_kit_delivers_and_the_app_records_it_once(
    enrolled: KitStore, admin_townhall: EmbeddedTownhall, citizen: Person
) -> None:
    key = _queue(enrolled, citizen)
    enrolled.close()  # the clerk locks the kit and drives back

    result = _agent(enrolled).run_once()

    assert (result.delivered, result.failed, result.offline) == (1, 0, False)
    assert _submissions(admin_townhall) == 1
    assert _agent(enrolled).run_once().delivered == 0  # the receipt is kept: not sent again

    enrolled.unlock(CLERK, PASSPHRASE)
    synchroniser = _sync(enrolled, admin_townhall)
    with enrolled.unit_of_work() as uow:
        found = uow.outbox_by_key(key)
        assert found is not None
        assert found[1] == "delivered"
        assert uow.case(found[0].case_id).state in {CaseState.DELIVERED, CaseState.ACKNOWLEDGED}
    assert synchroniser.courier.stats.chunks_sent == 0
    assert _submissions(admin_townhall) == 1
    assert Spool(enrolled.data_dir).keys() == []


def test_the_app_reports_what_the_background_delivered(
    enrolled: KitStore, admin_townhall: EmbeddedTownhall, citizen: Person
) -> None:
    _queue(enrolled, citizen)
    assert _agent(enrolled).run_once().delivered == 1
    with TownhallClient(admin_townhall.url) as client:
        report = Synchroniser(enrolled, client, "kit-a", TOKEN, publish_pass=True).run()
    assert len(report.sent) == 1
    assert report.sent[0].status == "received"


def test_an_unreachable_town_hall_leaves_the_parcel_untouched(
    enrolled: KitStore, admin_townhall: EmbeddedTownhall, citizen: Person
) -> None:
    key = _queue(enrolled, citizen)
    admin_townhall.stop()
    result = _agent(enrolled).run_once()
    assert result.offline
    assert result.delivered == 0
    assert result.failed == 0
    parcel = Spool(enrolled.data_dir).parcel(
        key, delivery.read_pass(enrolled.data_dir).townhall_kid
    )
    assert parcel is not None
    assert parcel.attempts().count == 0  # a lost connection is no fault of the parcel
    assert parcel.receipt() is None


def test_a_refused_parcel_backs_off_and_is_not_retried_at_once(
    enrolled: KitStore, admin_townhall: EmbeddedTownhall, citizen: Person
) -> None:
    key = _queue(enrolled, citizen)
    issued = delivery.read_pass(enrolled.data_dir)
    assert issued is not None
    parcel = Spool(enrolled.data_dir).parcel(key, issued.townhall_kid)
    assert parcel is not None
    sealed = parcel.packet
    parcel.packet_path.write_text(sealed[:-8] + "AAAAAAAA", "ascii")  # tampered on disk

    first = _agent(enrolled).run_once()
    assert (first.delivered, first.failed) == (0, 1)
    attempts = parcel.attempts()
    assert attempts.count == 1
    assert attempts.reason == "sync.rejected"
    assert attempts.next_at > time.time() + 10
    second = _agent(enrolled).run_once()
    assert (second.delivered, second.failed, second.waiting) == (0, 0, 1)
    assert _submissions(admin_townhall) == 0


def test_a_parcel_the_app_is_handing_in_is_left_alone(enrolled: KitStore, citizen: Person) -> None:
    key = _queue(enrolled, citizen)
    with Spool(enrolled.data_dir).claim(key) as mine:
        assert mine
        assert _agent(enrolled).run_once().delivered == 0
    assert _agent(enrolled).run_once().delivered == 1


def test_a_revoked_kit_wipes_itself_from_the_background(
    enrolled: KitStore, admin_http: httpx.Client, citizen: Person
) -> None:
    _queue(enrolled, citizen)
    issued = delivery.read_pass(enrolled.data_dir)
    assert issued is not None
    revoked = admin_http.post(
        f"/v1/admin/kits/{issued.kit_id}/revocation", headers=ADMIN, json={"reason": "stolen"}
    )
    assert revoked.status_code == 200
    wiped: list[bool] = []
    result = _agent(enrolled, wiped).run_once()
    assert result.revoked
    assert wiped == [True]
    assert not enrolled.path.exists()
    assert delivery.read_pass(enrolled.data_dir) is None
    assert not (enrolled.data_dir / SPOOL_DIR).exists()


def test_a_kit_without_a_pass_does_nothing(store: KitStore, citizen: Person) -> None:
    _queue(store, citizen)  # never synchronised: nothing sealed, no pass
    result = _agent(store).run_once()
    assert not result.has_pass
    assert result.delivered == 0
    assert Spool(store.data_dir).keys() == []


def test_the_command_delivers_in_watch_mode_and_stops_on_sigterm(
    enrolled: KitStore, admin_townhall: EmbeddedTownhall, citizen: Person
) -> None:
    _queue(enrolled, citizen)
    enrolled.close()
    environment = os.environ | {"KOFFER_DATA_DIR": str(enrolled.data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "koffer", "deliver", "--watch"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while _submissions(admin_townhall) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _submissions(admin_townhall) == 1
        process.terminate()
        output, _ = process.communicate(timeout=15)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "delivered 1, refused 0" in output
    assert citizen.surname not in output
    once = subprocess.run(
        [sys.executable, "-m", "koffer", "deliver"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert once.returncode == 0, once.stdout + once.stderr
    assert "Delivered 0, refused 0" in once.stdout


def test_a_pass_file_that_is_damaged_counts_as_none(tmp_path: Path) -> None:
    tmp_path.joinpath(delivery.PASS_FILE).write_text(json.dumps({"kit_id": 3}), "utf-8")
    assert delivery.read_pass(tmp_path) is None


def test_the_kit_check_reports_the_background_delivery(enrolled: KitStore, citizen: Person) -> None:
    settings = KofferSettings(data_dir=enrolled.data_dir)

    def delivery_finding() -> dict[str, object]:
        [finding] = [f for f in check_kit(settings).findings if f.name == "delivery"]
        return finding.data

    _queue(enrolled, citizen)
    assert delivery_finding() | {"townhall": ""} == {
        "pass": True, "townhall": "", "sealed": 1, "handed_in": 0, "refused": 0,
    }  # fmt: skip
    _agent(enrolled).run_once()
    assert delivery_finding()["handed_in"] == 1
    assert delivery_finding()["sealed"] == 0
