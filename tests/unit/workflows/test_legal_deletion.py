"""DOMAIN.md rule 6: fingerprints purged when the town hall confirms receipt; authority photos
purged at the latest 96 h after capture; synced cases purged after the retention period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from koffer import crypto
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState
from koffer.domain.errors import OfflineTooLong
from koffer.domain.messages import describe
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.sync.client import TownhallClient
from koffer.sync.townhall import keys
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.workflows.legal_deletion import LegalDeletion
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.synchronise import Synchroniser
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF

TOKEN = "token"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 21, 8, 0)  # noqa: DTZ001 - naive UTC, as stored

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def kit(tmp_path: Path, clock: Clock) -> Iterator[KitStore]:
    store = KitStore(tmp_path / "kit", TEST_KDF, clock=clock)
    store.create(CLERK, PASSPHRASE)
    yield store
    store.close()


def _case_with_biometrics(store: KitStore, citizen: Person) -> tuple[str, dict[str, str]]:
    service = RegistrationCertificateService(store, MunicipalSettings())
    opened = service.open_case(citizen, date(2026, 11, 21))
    with store.unit_of_work() as uow:
        ids = {
            kind: uow.add_attachment(opened.case_id, kind, "image/png", kind.encode())
            for kind in ("photo", "fingerprint", "signature")
        }
    return opened.case_id, ids


def _kinds(store: KitStore, case_id: str) -> set[str]:
    with store.unit_of_work() as uow:
        return {kind for _id, kind, _type in uow.attachments(case_id)}


def test_rule_6_fingerprints_and_photo_purged_when_town_hall_confirms_receipt(
    kit: KitStore, citizen: Person, tmp_path: Path
) -> None:
    case_id, _ids = _case_with_biometrics(kit, citizen)
    service = RegistrationCertificateService(kit, MunicipalSettings())
    service.render(case_id)
    service.print_certificate(case_id, SimPrinter(seconds_per_page=0))
    service.queue(case_id)
    with (
        EmbeddedTownhall(tmp_path / "townhall", TOKEN) as townhall,
        TownhallClient(townhall.url) as client,
    ):
        Synchroniser(kit, client, "kit", TOKEN).run()
    with kit.unit_of_work() as uow:
        assert uow.case(case_id).state is CaseState.ACKNOWLEDGED
    assert _kinds(kit, case_id) == {"signature", "registration_certificate_pdf"}


def test_rule_6_authority_photo_purged_96_hours_after_capture(
    kit: KitStore, citizen: Person, clock: Clock
) -> None:
    case_id, ids = _case_with_biometrics(kit, citizen)
    deletion = LegalDeletion(kit, photo_max_hours=96, clock=clock)
    clock.now += timedelta(hours=95)
    assert deletion.run().expired_photos == []
    clock.now += timedelta(hours=2)
    assert deletion.run().expired_photos == [ids["photo"]]
    assert _kinds(kit, case_id) == {"fingerprint", "signature"}
    with kit.unit_of_work() as uow:
        assert "attachment.deleted.photo_expired" in [e.event for e in uow.audit_events()]


def test_rule_6_acknowledged_case_purged_after_retention_with_its_key(
    kit: KitStore, citizen: Person, clock: Clock
) -> None:
    case_id, ids = _case_with_biometrics(kit, citizen)
    with kit.unit_of_work() as uow:
        uow.save_case(uow.case(case_id).moved_to(CaseState.ACKNOWLEDGED))
        wrapped = uow.session.execute(
            text("SELECT wrapped_key FROM case_key WHERE case_id = :c"), {"c": case_id}
        ).scalar_one()
        sealed = uow.session.execute(
            text("SELECT sealed FROM attachment WHERE id = :a"), {"a": ids["signature"]}
        ).scalar_one()
    deletion = LegalDeletion(kit, retention_days=30, clock=clock)
    clock.now += timedelta(days=29)
    assert deletion.run().purged_cases == []
    clock.now += timedelta(days=2)
    assert deletion.run().purged_cases == [case_id]
    with kit.unit_of_work() as uow:
        for table in ('"case"', "case_key", "attachment", "person", "outbox"):
            assert uow.session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0  # noqa: S608
        assert uow.audit_events()[-1].event == "case.purged"
    # Crypto-shredding: even a copy of the old ciphertext cannot be opened without the key.
    case_key = crypto.unseal(kit.key, wrapped, f"case_key:{case_id}".encode())
    assert crypto.unseal(case_key, sealed, f"attachment:{ids['signature']}".encode())
    kit.close()
    raw = b"".join(p.read_bytes() for p in kit.data_dir.iterdir() if p.is_file())
    assert wrapped not in raw  # secure_delete overwrote the freed pages
    assert sealed not in raw


def test_open_cases_are_never_purged(kit: KitStore, citizen: Person, clock: Clock) -> None:
    case_id, _ids = _case_with_biometrics(kit, citizen)
    clock.now += timedelta(days=400)
    report = LegalDeletion(kit, retention_days=30, clock=clock).run()
    assert report.purged_cases == []
    with kit.unit_of_work() as uow:
        assert uow.case(case_id).state is CaseState.DRAFT


def test_kit_offline_too_long_opens_no_new_case(
    kit: KitStore, citizen: Person, clock: Clock
) -> None:
    service = RegistrationCertificateService(kit, MunicipalSettings(), max_offline_days=14)
    clock.now += timedelta(days=14)
    service.open_case(citizen, date(2026, 12, 5))
    clock.now += timedelta(days=1)
    with pytest.raises(OfflineTooLong) as caught:
        service.open_case(citizen, date(2026, 12, 6))
    assert "15 Tage" in describe(caught.value, "de")
    with kit.unit_of_work() as uow:
        uow.mark_synced()
    service.open_case(citizen, date(2026, 12, 6))


def test_enrolment_escrows_the_kit_key_to_the_town_hall(kit: KitStore, tmp_path: Path) -> None:
    with (
        EmbeddedTownhall(tmp_path / "townhall", TOKEN) as townhall,
        TownhallClient(townhall.url) as client,
    ):
        Synchroniser(kit, client, "kit", TOKEN).enrolment()
    with kit.unit_of_work() as uow:
        (escrow,) = uow.session.execute(text("SELECT wrapped_key FROM key_escrow")).scalars()
    townhall_key = keys.load_or_create(tmp_path / "townhall")
    assert crypto.recover_escrowed_key(escrow, townhall_key) == kit.key
