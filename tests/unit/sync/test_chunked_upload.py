"""Resumable chunked uploads of large attachments, kit and town hall over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text

from koffer import crypto
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.errors import SyncError
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.sync import packet
from koffer.sync.client import Enrolment, TownhallClient
from koffer.sync.parcel import SPOOL_DIR, seal_application
from koffer.sync.townhall import keys
from koffer.sync.townhall.models import StatusEvent, Submission, SubmissionAttachment, Upload
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.sync.townhall.uploads import CHUNK_BYTES, content_digest
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.synchronise import Synchroniser
from tests.conftest import CLERK, PASSPHRASE
from tests.unit.sync.townhall_support import TOKEN, EnrolledKit, enrol, provide_key, seal

SCAN = os.urandom(1024 * 1024 + 12_345)  # random: the sealed form is as large as it gets


@pytest.fixture
def townhall(tmp_path: Path) -> Iterator[EmbeddedTownhall]:
    provide_key(tmp_path / "townhall")
    with EmbeddedTownhall(tmp_path / "townhall", TOKEN) as running:
        yield running


def _rows(townhall: EmbeddedTownhall, model: type) -> int:
    engine = create_engine(townhall.db_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(model)).scalar_one())
    finally:
        engine.dispose()


def _queued_case_with_scan(store: KitStore, citizen: Person) -> str:
    service = RegistrationCertificateService(store, MunicipalSettings())
    opened = service.open_case(citizen, date(2026, 11, 21))
    service.render(opened.case_id)
    service.print_certificate(opened.case_id, SimPrinter(seconds_per_page=0))
    service.queue(opened.case_id)
    with store.unit_of_work() as uow:
        uow.add_attachment(opened.case_id, "scan", "application/octet-stream", SCAN)
    return opened.case_id


class DroppingClient(TownhallClient):
    """A client whose connection drops after ``chunks_before_drop`` chunks went through."""

    def __init__(self, base_url: str, chunks_before_drop: int) -> None:
        super().__init__(base_url)
        self.left = chunks_before_drop
        self.sent: list[tuple[int, int]] = []

    def upload_chunk(
        self, enrolment: Enrolment, idempotency_key: str, index: int, chunk: int, data: bytes
    ) -> None:
        if self.left == 0:
            raise SyncError("connection reset", reason="sync.unreachable")
        self.left -= 1
        super().upload_chunk(enrolment, idempotency_key, index, chunk, data)
        self.sent.append((index, chunk))


def _make_due(store: KitStore) -> None:
    with store.unit_of_work() as uow:
        uow.session.execute(text("UPDATE outbox SET next_attempt_at = '2000-01-01 00:00:00'"))


def test_a_large_attachment_goes_in_chunks_and_arrives_whole(
    store: KitStore, citizen: Person, townhall: EmbeddedTownhall
) -> None:
    _queued_case_with_scan(store, citizen)
    with TownhallClient(townhall.url) as client:
        synchroniser = Synchroniser(store, client, "kit-a", TOKEN)
        report = synchroniser.run()
    assert len(report.sent) == 1
    stats = synchroniser.courier.stats
    assert stats.chunks_sent >= 4
    assert stats.chunks_skipped == 0
    # What went over the wire in chunks is the sealed scan, not the scan itself.
    assert stats.bytes_sent > len(SCAN)
    # The town hall kept the scan sealed, dropped the chunks; the kit dropped its spool.
    assert _rows(townhall, SubmissionAttachment) == 1
    assert _rows(townhall, Upload) == 0
    assert not (store.data_dir / SPOOL_DIR).exists() or not any(
        (store.data_dir / SPOOL_DIR).iterdir()
    )
    engine = create_engine(townhall.db_url)
    with engine.connect() as connection:
        sealed = connection.execute(select(SubmissionAttachment.sealed)).scalar_one()
        packet_text = connection.execute(select(Submission.packet)).scalar_one()
    engine.dispose()
    private = keys.load_or_create(townhall.data_dir)
    with store.unit_of_work() as uow:
        signer = crypto.signing_key_from_jwk(uow.secret("signing_key"))
    assert crypto.open_packet(sealed, private, signer) == SCAN
    # The packet itself is small: the scan is only named in its signed manifest.
    assert len(packet_text) < len(SCAN) / 4
    payload, attached = crypto.open_attached(packet_text, private, signer)
    application = packet.decode(payload, lambda _index: SCAN, attached)
    assert application.attachments[-1].data == SCAN


def test_an_interrupted_upload_resumes_after_a_restart_without_resending_chunks(
    store: KitStore, citizen: Person, townhall: EmbeddedTownhall
) -> None:
    case_id = _queued_case_with_scan(store, citizen)
    client = DroppingClient(townhall.url, chunks_before_drop=3)
    try:
        report = Synchroniser(store, client, "kit-a", TOKEN).run()
    finally:
        client.close()
    assert report.sent == []
    assert [reason for _ref, reason in report.failed] == ["sync.unreachable"]
    assert client.sent == [(1, 0), (1, 1), (1, 2)]  # the scan is attachment 1
    assert _rows(townhall, Submission) == 0

    # The kit is switched off and on again: a new store session, client and synchroniser.
    store.close()
    store.unlock(CLERK, PASSPHRASE)
    _make_due(store)
    with TownhallClient(townhall.url) as client_after:
        second = Synchroniser(store, client_after, "kit-a", TOKEN)
        report = second.run()
    assert len(report.sent) == 1
    stats = second.courier.stats
    assert stats.chunks_skipped == 3
    total = 3 + stats.chunks_sent
    sealed_size = stats.bytes_sent + 3 * CHUNK_BYTES
    assert total == -(-sealed_size // CHUNK_BYTES)
    assert _rows(townhall, Submission) == 1
    assert _rows(townhall, StatusEvent) == 1
    with store.unit_of_work() as uow:
        assert uow.outbox_counts() == {"delivered": 1}
        assert uow.case(case_id).reference == report.sent[0].reference


def test_a_lost_submit_answer_does_not_upload_again(
    store: KitStore, citizen: Person, townhall: EmbeddedTownhall
) -> None:
    _queued_case_with_scan(store, citizen)
    with TownhallClient(townhall.url) as client:
        synchroniser = Synchroniser(store, client, "kit-a", TOKEN)
        assert len(synchroniser.run().sent) == 1
        # The kit did not hear the answer: the entry is due again with the same key.
        with store.unit_of_work() as uow:
            uow.session.execute(text("UPDATE outbox SET state = 'failed'"))
        _make_due(store)
        again = Synchroniser(store, client, "kit-a", TOKEN)
        report = again.run()
    assert report.sent[0].duplicate
    assert again.courier.stats.chunks_sent == 0
    assert _rows(townhall, Submission) == 1
    assert _rows(townhall, SubmissionAttachment) == 1


# --- the town hall's side, request by request ---------------------------------------------

KEY = "idem-upload-1"


def _sealed_upload(kit: EnrolledKit, data: bytes) -> bytes:
    recipient = crypto.encryption_key_from_jwk(kit.encryption_key)
    return crypto.seal_packet(data, kit.signing, recipient, recipient.thumbprint()).encode()


def _announce(http: httpx.Client, kit: EnrolledKit, blob: bytes) -> httpx.Response:
    return http.post(
        f"{kit.base}/uploads/{KEY}",
        headers=kit.auth,
        json={
            "attachments": [
                {"index": 0, "size": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}
            ]
        },
    )


def _put(
    http: httpx.Client, kit: EnrolledKit, chunk: int, data: bytes, digest: str | None = None
) -> httpx.Response:
    return http.put(
        f"{kit.base}/uploads/{KEY}/0/chunks/{chunk}",
        headers=kit.auth
        | {
            "Content-Type": "application/octet-stream",
            "Content-Digest": digest or content_digest(data),
        },
        content=data,
    )


def _chunks(blob: bytes) -> list[bytes]:
    return [blob[i : i + CHUNK_BYTES] for i in range(0, len(blob), CHUNK_BYTES)]


def _submit_with_upload(http: httpx.Client, kit: EnrolledKit, scan: bytes) -> httpx.Response:
    application = packet.Application(
        KEY,
        {"reference": "K-2026-UPLD-0001", "service": "registration_certificate"},
        {"birth_date": "1941-03-02"},
        (packet.Attachment("scan", "application/octet-stream", scan),),
    )
    recipient = crypto.encryption_key_from_jwk(kit.encryption_key)
    sealed = seal_application(application, kit.signing, recipient, frozenset({0}))
    return http.post(
        f"{kit.base}/submissions",
        headers=kit.auth | {"Idempotency-Key": KEY},
        json={"packet": sealed},
    )


def test_the_town_hall_reports_its_chunks_and_refuses_bad_ones(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    blob = _sealed_upload(kit, SCAN)
    chunks = _chunks(blob)
    announced = _announce(admin_http, kit, blob)
    assert announced.status_code == 200, announced.text
    (state,) = announced.json()["uploads"]
    assert (state["chunks"], state["received"], state["chunk_size"]) == (
        len(chunks),
        [],
        CHUNK_BYTES,
    )
    assert _put(admin_http, kit, 0, chunks[0]).json()["received"] == 1
    assert _put(admin_http, kit, 0, chunks[0]).json()["received"] == 1  # idempotent
    assert _put(admin_http, kit, 2, chunks[2]).status_code == 200

    wrong_digest = _put(admin_http, kit, 1, chunks[1], content_digest(b"other"))
    assert wrong_digest.status_code == 422
    assert _put(admin_http, kit, 1, chunks[1][:-1]).status_code == 422  # short
    assert _put(admin_http, kit, len(chunks), chunks[-1]).status_code == 404
    bad_header = _put(admin_http, kit, 1, chunks[1], "md5=:AAAA:")
    assert bad_header.status_code == 422

    state = admin_http.get(f"{kit.base}/uploads/{KEY}", headers=kit.auth).json()
    assert state["uploads"][0]["received"] == [0, 2]
    assert not state["submitted"]
    # Announcing again keeps what arrived.
    assert _announce(admin_http, kit, blob).json()["uploads"][0]["received"] == [0, 2]


def test_a_packet_is_refused_until_its_upload_is_complete(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    blob = _sealed_upload(kit, SCAN)
    chunks = _chunks(blob)
    assert _submit_with_upload(admin_http, kit, SCAN).status_code == 409  # not announced
    _announce(admin_http, kit, blob)
    for number, data in enumerate(chunks[:-1]):
        assert _put(admin_http, kit, number, data).status_code == 200
    incomplete = _submit_with_upload(admin_http, kit, SCAN)
    assert incomplete.status_code == 409
    assert str(len(chunks) - 1) in incomplete.json()["detail"]
    assert _put(admin_http, kit, len(chunks) - 1, chunks[-1]).status_code == 200
    done = _submit_with_upload(admin_http, kit, SCAN)
    assert done.status_code == 201, done.text
    state = admin_http.get(f"{kit.base}/uploads/{KEY}", headers=kit.auth).json()
    assert state == {"submitted": True, "uploads": []}


def test_an_upload_not_matching_the_signed_manifest_is_refused(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    # The kit signed a manifest for SCAN but uploads another (well-sealed) file.
    other = _sealed_upload(kit, b"x" * len(SCAN))
    _announce(admin_http, kit, other)
    for number, data in enumerate(_chunks(other)):
        _put(admin_http, kit, number, data)
    refused = _submit_with_upload(admin_http, kit, SCAN)
    assert refused.status_code == 422
    assert "manifest" in refused.json()["detail"]
    events = admin_http.get(f"{kit.base}/events", headers=kit.auth).json()["events"]
    assert events == []


def test_a_chunk_changed_after_its_digest_fails_the_announced_hash(
    admin_http: httpx.Client,
) -> None:
    kit = enrol(admin_http)
    blob = _sealed_upload(kit, SCAN)
    _announce(admin_http, kit, blob)
    chunks = _chunks(blob)
    chunks[1] = bytes([chunks[1][0] ^ 1]) + chunks[1][1:]
    for number, data in enumerate(chunks):
        assert _put(admin_http, kit, number, data).status_code == 200
    refused = _submit_with_upload(admin_http, kit, SCAN)
    assert refused.status_code == 422
    assert "announced hash" in refused.json()["detail"]


def test_announcing_another_hash_starts_the_upload_over(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    first = _sealed_upload(kit, SCAN)
    _announce(admin_http, kit, first)
    _put(admin_http, kit, 0, _chunks(first)[0])
    resealed = _sealed_upload(kit, SCAN)  # randomised sealing: other bytes, other hash
    state = _announce(admin_http, kit, resealed).json()["uploads"][0]
    assert state["received"] == []
    assert state["sha256"] == hashlib.sha256(resealed).hexdigest()


def test_uploads_of_one_kit_are_not_anothers(admin_http: httpx.Client) -> None:
    kit, other = enrol(admin_http), enrol(admin_http, "other")
    blob = _sealed_upload(kit, SCAN)
    _announce(admin_http, kit, blob)
    stolen = admin_http.put(
        f"{other.base}/uploads/{KEY}/0/chunks/0",
        headers=kit.auth | {"Content-Digest": content_digest(b"x")},
        content=b"x",
    )
    assert stolen.status_code == 403
    theirs = admin_http.get(f"{other.base}/uploads/{KEY}", headers=other.auth).json()
    assert theirs["uploads"] == []


def test_an_inline_packet_still_works(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    response = admin_http.post(
        f"{kit.base}/submissions",
        headers=kit.auth | {"Idempotency-Key": "idem-inline"},
        json={"packet": seal(kit, "idem-inline")},
    )
    assert response.status_code == 201, response.text


def test_the_digest_header_is_rfc_9530() -> None:
    digest = content_digest(b"hello")
    assert digest == f"sha-256=:{base64.b64encode(hashlib.sha256(b'hello').digest()).decode()}:"
