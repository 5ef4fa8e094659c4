"""Batches of submissions: each packet taken or refused on its own, the good ones stored once.

The town hall over real HTTP; the kit's client and synchroniser against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select

from koffer.domain.case import CaseState
from koffer.domain.errors import SyncError
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.sync.client import Enrolment, Receipt, TownhallClient
from koffer.sync.townhall.models import StatusEvent, Submission
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.workflows import synchronise
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.synchronise import Synchroniser
from tests.unit.sync.townhall_support import ADMIN, TOKEN, EnrolledKit, enrol, seal


def _batch(
    http: httpx.Client, kit: EnrolledKit, items: list[tuple[str, str]], **kwargs: Any
) -> httpx.Response:
    return http.post(
        f"{kit.base}/submission-batches",
        headers=kit.auth,
        json={"submissions": [{"idempotency_key": k, "packet": p} for k, p in items]},
        **kwargs,
    )


def _stored(townhall: EmbeddedTownhall) -> list[tuple[str, str]]:
    """(idempotency key, case reference) of every submission, and the events' references."""
    engine = create_engine(townhall.db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(Submission.idempotency_key, Submission.case_reference).order_by(
                    Submission.idempotency_key
                )
            ).all()
            events = connection.execute(
                select(StatusEvent.case_reference).order_by(StatusEvent.id)
            ).all()
    finally:
        engine.dispose()
    assert sorted(e.case_reference for e in events) == sorted(r.case_reference for r in rows)
    return [(row.idempotency_key, row.case_reference) for row in rows]


def _reference(number: int) -> str:
    return f"K-2026-BTCH-{number:04d}"


def test_a_batch_is_stored_with_one_receipt_per_packet(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    kit = enrol(admin_http)
    items = [(f"idem-b-{n}", seal(kit, f"idem-b-{n}", reference=_reference(n))) for n in range(3)]

    answer = _batch(admin_http, kit, items)

    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [(r["idempotency_key"], r["status"], r["reference"]) for r in results] == [
        (f"idem-b-{n}", 201, _reference(n)) for n in range(3)
    ]
    assert _stored(admin_townhall) == [(f"idem-b-{n}", _reference(n)) for n in range(3)]
    # Each case got its "received" event, readable by the kit from its cursor.
    events = admin_http.get(f"{kit.base}/events", params={"since": 0}, headers=kit.auth).json()
    assert [e["case_reference"] for e in events["events"]] == [_reference(n) for n in range(3)]


def test_refused_packets_do_not_hold_up_the_others(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    kit, other = enrol(admin_http, "kit-a"), enrol(admin_http, "kit-b")
    assert _batch(admin_http, kit, [("idem-old", seal(kit, "idem-old"))]).status_code == 200
    good = seal(kit, "idem-good", reference=_reference(1))
    items = [
        ("idem-good", good),
        ("idem-garbage", "not.a.jwe.at.all"),
        ("idem-foreign", seal(other, "idem-foreign")),  # another kit's signature
        ("idem-relabel", good),  # sealed under another key
        ("idem-old", seal(kit, "idem-old", reference=_reference(9))),  # stored before
        ("idem-good", good),  # twice in one batch
        ("idem-non-ascii", "ä" * 20),
    ]

    results = _batch(admin_http, kit, items).json()["results"]

    statuses = [(r["idempotency_key"], r["status"]) for r in results]
    assert statuses == [
        ("idem-good", 201),
        ("idem-garbage", 422),
        ("idem-foreign", 422),
        ("idem-relabel", 422),
        ("idem-old", 200),
        ("idem-good", 200),
        ("idem-non-ascii", 422),
    ]
    assert results[3]["detail"] == "idempotency key differs from the packet"
    assert all(r["detail"] for r in results if r["status"] == 422)
    assert results[4]["reference"] == "K-2026-ACDE-FGHJ"  # the first receipt, not the new one
    assert results[5]["reference"] == _reference(1)
    assert _stored(admin_townhall) == [
        ("idem-good", _reference(1)),
        ("idem-old", "K-2026-ACDE-FGHJ"),
    ]


def test_a_batch_sent_again_is_stored_once(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    kit = enrol(admin_http)
    items = [(f"idem-r-{n}", seal(kit, f"idem-r-{n}", reference=_reference(n))) for n in range(4)]
    first = _batch(admin_http, kit, items).json()["results"]
    again = _batch(admin_http, kit, items).json()["results"]

    assert [r["status"] for r in first] == [201] * 4
    assert [r["status"] for r in again] == [200] * 4
    assert [r["reference"] for r in again] == [r["reference"] for r in first]
    assert len(_stored(admin_townhall)) == 4


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ({"submissions": []}, "application/json", 422),
        ({"submissions": [{"packet": "x" * 20}]}, "application/json", 422),
        ({"submissions": [{"idempotency_key": "short", "packet": "x" * 20}]}, None, 422),
        ({"other": 1}, "application/json", 422),
        (None, "application/json", 422),  # not JSON at all
        ({"submissions": []}, "application/jose", 415),
    ],
)
def test_a_malformed_batch_is_refused_whole(
    admin_http: httpx.Client,
    admin_townhall: EmbeddedTownhall,
    body: dict[str, Any] | None,
    content_type: str | None,
    expected: int,
) -> None:
    kit = enrol(admin_http)
    content = b"{not json" if body is None else httpx.Request("POST", "/", json=body).content
    answer = admin_http.post(
        f"{kit.base}/submission-batches",
        headers=kit.auth | {"Content-Type": content_type or "application/json"},
        content=content,
    )
    assert answer.status_code == expected, answer.text
    assert _stored(admin_townhall) == []


def test_too_many_packets_in_one_batch_are_refused(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    items = [(f"idem-many-{n}", "x" * 20) for n in range(65)]
    assert _batch(admin_http, kit, items).status_code == 422


def test_a_batch_needs_the_kits_token_and_a_revoked_kit_learns_it(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    kit, other = enrol(admin_http, "kit-a"), enrol(admin_http, "kit-b")
    items = [("idem-auth-1", seal(kit, "idem-auth-1"))]
    borrowed = admin_http.post(
        f"{kit.base}/submission-batches",
        headers=other.auth,
        json={"submissions": [{"idempotency_key": k, "packet": p} for k, p in items]},
    )
    assert borrowed.status_code == 403
    revoking = admin_http.post(
        f"/v1/admin/kits/{kit.kit_id}/revocation", headers=ADMIN, json={"reason": "stolen"}
    )
    assert revoking.is_success, revoking.text
    revoked = _batch(admin_http, kit, items)
    assert revoked.status_code == 403
    assert revoked.headers["Koffer-Error"] == "kit-revoked"
    assert _stored(admin_townhall) == []


# --- the kit's side ------------------------------------------------------------------------


def test_the_client_reads_receipts_and_refusals(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    kit = enrol(admin_http)
    enrolment = _enrolment(kit)
    items = [("idem-c-1", seal(kit, "idem-c-1")), ("idem-c-2", "not.a.jwe.at.all")]
    with TownhallClient(admin_townhall.url) as client:
        first, refused = client.submit_batch(enrolment, items)
        (again,) = client.submit_batch(enrolment, items[:1])
    assert first == Receipt("K-2026-ACDE-FGHJ", "received", duplicate=False)
    assert again == Receipt("K-2026-ACDE-FGHJ", "received", duplicate=True)
    assert isinstance(refused, SyncError)
    assert refused.params["reason"] == "sync.rejected"
    assert refused.params["status"] == 422


def test_a_town_hall_without_batches_gets_the_packets_one_by_one(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    """An older town hall answers 404 on the batch route: the client submits singly."""
    kit = enrol(admin_http)
    real = httpx.Client(base_url=admin_townhall.url)
    seen: list[str] = []

    def older(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path.endswith("/submission-batches"):
            return httpx.Response(404, json={"detail": "Not Found"})
        forwarded = real.send(real.build_request(
            request.method, request.url.path, headers=request.headers, content=request.read()
        ))  # fmt: skip
        return httpx.Response(forwarded.status_code, content=forwarded.content)

    items = [(f"idem-o-{n}", seal(kit, f"idem-o-{n}", reference=_reference(n))) for n in range(3)]
    client = TownhallClient(admin_townhall.url)
    client._http = httpx.Client(base_url=admin_townhall.url, transport=httpx.MockTransport(older))
    try:
        answers = client.submit_batch(_enrolment(kit), items)
        later = client.submit_batch(_enrolment(kit), items[:1])
    finally:
        client.close()
        real.close()
    assert [a.reference for a in answers if isinstance(a, Receipt)] == [
        _reference(n) for n in range(3)
    ]
    assert isinstance(later[0], Receipt)
    assert later[0].duplicate
    batch_route = f"/v1/kits/{kit.kit_id}/submission-batches"
    assert seen.count(batch_route) == 1  # asked once, then remembered
    assert seen.count(f"/v1/kits/{kit.kit_id}/submissions") == 4


def _enrolment(kit: EnrolledKit) -> Enrolment:
    return Enrolment(kit.kit_id, kit.kit_token, kit.encryption_key)


def _queue(store: KitStore, citizen: Person, count: int) -> None:
    service = RegistrationCertificateService(store, MunicipalSettings())
    for _ in range(count):
        opened = service.open_case(citizen, date(2026, 11, 21))
        service.render(opened.case_id)
        service.queue(opened.case_id)


class CountingClient(TownhallClient):
    """Counts the batches and packets the kit sends."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url)
        self.batches: list[int] = []

    def submit_batch(
        self, enrolment: Enrolment, packets: Sequence[tuple[str, str]]
    ) -> list[Receipt | SyncError]:
        self.batches.append(len(packets))
        return super().submit_batch(enrolment, packets)


class TamperingClient(TownhallClient):
    """Changes the tag of one packet on the way: that packet fails its check."""

    def __init__(self, base_url: str, tampered_key: str) -> None:
        super().__init__(base_url)
        self.tampered_key = tampered_key

    def submit_batch(
        self, enrolment: Enrolment, packets: Sequence[tuple[str, str]]
    ) -> list[Receipt | SyncError]:
        changed = [
            (key, sealed[:-8] + "AAAAAAAA" if key == self.tampered_key else sealed)
            for key, sealed in packets
        ]
        return super().submit_batch(enrolment, changed)


def test_the_kit_sends_its_outbox_in_batches(
    store: KitStore,
    citizen: Person,
    admin_townhall: EmbeddedTownhall,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(synchronise, "BATCH_PACKETS", 4)
    _queue(store, citizen, 10)
    client = CountingClient(admin_townhall.url)
    try:
        report = Synchroniser(store, client, "kit-a", TOKEN).run()
    finally:
        client.close()
    # Two batches travel at once: the last two may reach the client in either order.
    assert sorted(client.batches) == [2, 4, 4]
    assert len(report.sent) == 10
    assert not report.failed
    assert len(_stored(admin_townhall)) == 10
    with store.unit_of_work() as uow:
        counts = uow.outbox_counts()
        states = {case.state for case in uow.cases()}
    assert counts == {"delivered": 10}
    assert states == {CaseState.ACKNOWLEDGED}  # the "received" events came back


def test_a_refused_packet_in_a_batch_fails_alone(
    store: KitStore, citizen: Person, admin_townhall: EmbeddedTownhall
) -> None:
    _queue(store, citizen, 3)
    with store.unit_of_work() as uow:
        refused_key = uow.due_outbox()[1].idempotency_key
    with TamperingClient(admin_townhall.url, refused_key) as client:
        report = Synchroniser(store, client, "kit-a", TOKEN).run()
    assert len(report.sent) == 2
    assert [reason for _reference, reason in report.failed] == ["sync.rejected"]
    assert len(_stored(admin_townhall)) == 2
    with store.unit_of_work() as uow:
        counts = uow.outbox_counts()
    assert counts.get("failed") == 1
