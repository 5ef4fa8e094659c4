"""Synchronisation against the embedded town hall on 127.0.0.1 (a real HTTP server)."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from koffer import crypto
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState
from koffer.domain.errors import SyncError
from koffer.domain.messages import describe
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.sync import packet
from koffer.sync.client import TownhallClient
from koffer.sync.townhall import app as townhall_app
from koffer.sync.townhall import keys
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.synchronise import Synchroniser, SyncReport, backoff

TOKEN = "enrol-me"


@pytest.fixture
def townhall(tmp_path: Path) -> Iterator[EmbeddedTownhall]:
    with EmbeddedTownhall(tmp_path / "townhall", TOKEN) as running:
        yield running


def _queued_case(store: KitStore, citizen: Person) -> str:
    service = RegistrationCertificateService(store, MunicipalSettings())
    opened = service.open_case(citizen, date(2026, 11, 21))
    service.render(opened.case_id)
    service.print_certificate(opened.case_id, SimPrinter(seconds_per_page=0))
    service.queue(opened.case_id)
    return opened.case_id


def test_queued_case_reaches_the_town_hall_and_is_acknowledged(
    store: KitStore, citizen: Person, townhall: EmbeddedTownhall
) -> None:
    case_id = _queued_case(store, citizen)
    with TownhallClient(townhall.url) as client:
        report = Synchroniser(store, client, "kit-a", TOKEN).run()
    with store.unit_of_work() as uow:
        case = uow.case(case_id)
        assert report.statuses == {case.reference: "received"}
        assert [s.reference for s in report.sent] == [case.reference]
        assert case.state is CaseState.ACKNOWLEDGED
        assert uow.outbox_counts() == {"delivered": 1}
        assert uow.due_outbox() == []


def test_events_beyond_one_page_are_all_applied_in_one_sync(
    store: KitStore, citizen: Person, townhall: EmbeddedTownhall, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(townhall_app, "EVENTS_PAGE", 2)  # the server runs in this process
    case_ids = [_queued_case(store, citizen) for _ in range(5)]
    with TownhallClient(townhall.url) as client:
        report = Synchroniser(store, client, "kit-a", TOKEN).run()
    assert len(report.statuses) == 5
    with store.unit_of_work() as uow:
        assert {uow.case(case_id).state for case_id in case_ids} == {CaseState.ACKNOWLEDGED}


def test_a_packet_sent_twice_is_stored_once(
    store: KitStore, citizen: Person, townhall: EmbeddedTownhall
) -> None:
    _queued_case(store, citizen)
    with TownhallClient(townhall.url) as client:
        synchroniser = Synchroniser(store, client, "kit-a", TOKEN)
        enrolment = synchroniser.enrolment()
        with store.unit_of_work() as uow:
            (entry,) = uow.due_outbox()
        # The answer to the first attempt was lost: the kit sends the same entry again.
        synchroniser.push(enrolment, first := SyncReport())
        with store.unit_of_work() as uow:
            uow.session.execute(text("UPDATE outbox SET state = 'failed'"))
        synchroniser.push(enrolment, second := SyncReport())
        events = client.events(enrolment, 0)
    assert not first.sent[0].duplicate
    assert second.sent[0].duplicate
    assert second.sent[0].reference == first.sent[0].reference
    assert len(events) == 1
    assert entry.idempotency_key


def test_unreachable_town_hall_keeps_the_case_queued_with_backoff(
    store: KitStore, citizen: Person, townhall: EmbeddedTownhall
) -> None:
    case_id = _queued_case(store, citizen)
    with TownhallClient(townhall.url) as client:
        synchroniser = Synchroniser(store, client, "kit-a", TOKEN)
        enrolment = synchroniser.enrolment()
    with TownhallClient("http://127.0.0.1:9", timeout_s=2) as dead:
        report = SyncReport()
        Synchroniser(store, dead, "kit-a", TOKEN).push(enrolment, report)
    assert [reason for _ref, reason in report.failed] == ["sync.unreachable"]
    with store.unit_of_work() as uow:
        assert uow.case(case_id).state is CaseState.QUEUED
        assert uow.outbox_counts() == {"failed": 1}
        assert uow.due_outbox() == []  # waits for its backoff


def test_wrong_enrolment_token_is_refused(store: KitStore, townhall: EmbeddedTownhall) -> None:
    with TownhallClient(townhall.url) as client, pytest.raises(SyncError) as caught:
        Synchroniser(store, client, "kit-a", "wrong").enrolment()
    assert caught.value.params["reason"] == "sync.refused"
    assert "hat ihn gesperrt" in describe(caught.value, "de")


def test_backoff_grows_and_is_capped() -> None:
    assert 15 <= backoff(0).total_seconds() <= 30
    assert 120 <= backoff(3).total_seconds() <= 240
    assert backoff(40).total_seconds() <= 3600


def test_packet_carries_the_case_audit_signed_by_the_kit(
    store: KitStore, citizen: Person, townhall: EmbeddedTownhall
) -> None:
    case_id = _queued_case(store, citizen)
    with TownhallClient(townhall.url) as client:
        Synchroniser(store, client, "kit-a", TOKEN).run()
    with store.unit_of_work() as uow:
        signer = crypto.signing_key_from_jwk(
            crypto.public_jwk(crypto.signing_key_from_jwk(uow.secret("signing_key")))
        )
        local = [e.hash for e in uow.audit_events(case_id)]
    engine = create_engine(townhall.db_url)
    with engine.connect() as connection:
        sealed = connection.execute(text("SELECT packet FROM submission")).scalar_one()
    engine.dispose()
    payload, attached = crypto.open_attached(sealed, keys.load_or_create(townhall.data_dir), signer)
    application = packet.decode(payload, attached=attached)
    exported = application.case["audit"]
    assert [e["event"] for e in exported][:2] == ["case.created", "document.printed"]
    assert [e["hash"] for e in exported] == local[: len(exported)]


def test_a_revoked_kit_wipes_itself_on_its_next_sync(
    store: KitStore, citizen: Person, tmp_path: Path
) -> None:
    import httpx

    from koffer.domain.errors import KitRevoked

    _queued_case(store, citizen)
    with EmbeddedTownhall(tmp_path / "th", TOKEN, admin_token="back-office") as townhall:
        with TownhallClient(townhall.url) as client:
            enrolment = Synchroniser(store, client, "kit-lost", TOKEN).enrolment()
        admin = {"Authorization": "Bearer back-office"}
        revoked = httpx.post(
            f"{townhall.url}/v1/admin/kits/{enrolment.kit_id}/revocation",
            json={"reason": "reported stolen"},
            headers=admin,
            timeout=10,
        )
        assert revoked.status_code == 200, revoked.text
        with TownhallClient(townhall.url) as client, pytest.raises(KitRevoked) as error:
            Synchroniser(store, client, "kit-lost", TOKEN).run()

    assert "gelöscht" in describe(error.value, "de")
    assert not (store.data_dir / "kit.db").exists()
    assert [p for p in store.data_dir.rglob("*") if p.is_file()] == []


def test_packets_on_their_way_at_once_are_each_recorded_once_in_queue_order(
    store: KitStore, citizen: Person, townhall: EmbeddedTownhall, monkeypatch: pytest.MonkeyPatch
) -> None:
    from koffer.sync.delivery import Courier
    from koffer.workflows import synchronise

    monkeypatch.setattr(synchronise, "RECORD_BATCH", 2)  # several batches, one partial
    monkeypatch.setattr(synchronise, "BATCH_PACKETS", 2)  # requests on their way at once
    case_ids = [_queued_case(store, citizen) for _ in range(7)]
    with store.unit_of_work() as uow:
        references = [uow.case(case_id).reference for case_id in case_ids]
        refused_key = uow.outbox_key(case_ids[3])
    deliver_batch = Courier.deliver_batch

    def refuse_one(self: Courier, enrolment, parcels, **kwargs):  # type: ignore[no-untyped-def]
        others = [p for p in parcels if p.idempotency_key != refused_key]
        answers = iter(deliver_batch(self, enrolment, others, **kwargs))
        refusal = SyncError("HTTP 422 broken", reason="sync.rejected")
        return [refusal if p.idempotency_key == refused_key else next(answers) for p in parcels]

    monkeypatch.setattr(Courier, "deliver_batch", refuse_one)
    with TownhallClient(townhall.url) as client:
        report = Synchroniser(store, client, "kit-a", TOKEN).run()
        events = client.events(Synchroniser(store, client, "kit-a", TOKEN).enrolment(), 0)
    expected = references[:3] + references[4:]
    assert [sent.reference for sent in report.sent] == expected
    assert report.failed == [(references[3], "sync.rejected")]
    assert sorted(event.case_reference for event in events) == sorted(expected)
    with store.unit_of_work() as uow:
        assert uow.outbox_counts() == {"delivered": 6, "failed": 1}
        assert uow.case(case_ids[3]).state is CaseState.QUEUED
        assert {uow.case(c).state for c in case_ids if c != case_ids[3]} == {CaseState.ACKNOWLEDGED}
    # Every delivered parcel left the spool; the refused one waits for its next attempt.
    assert list(synchronise.Spool(store.data_dir).keys()) == [refused_key]
