"""The back office: case status changes, kit revocation, schedule; the kit's reference data."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from koffer.domain.errors import SyncError
from koffer.domain.fees import fee_tables
from koffer.sync import client as kit_client
from koffer.sync.client import Enrolment, TownhallClient
from koffer.sync.townhall import app as townhall_app
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.sync.townhall.status import CaseStatus, can_change
from tests.unit.sync.townhall_support import (
    ADMIN,
    REFERENCE,
    TOKEN,
    change_status,
    enrol,
    events,
    provide_key,
    submit,
)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {TOKEN}"}],
    ids=["none", "wrong", "enrolment-token"],
)
def test_admin_routes_need_the_admin_token(
    admin_http: httpx.Client, headers: dict[str, str]
) -> None:
    kit = enrol(admin_http)
    submit(admin_http, kit)
    calls = [
        ("POST", f"/v1/admin/cases/{REFERENCE}/status", {"status": "in_processing"}),
        ("POST", f"/v1/admin/kits/{kit.kit_id}/revocation", {"reason": "lost"}),
        ("GET", "/v1/admin/kits", None),
        ("POST", "/v1/admin/schedule", {"day": "2026-12-01", "kind": "appointment", "place": "x"}),
        ("GET", "/v1/admin/schedule?day=2026-12-01", None),
        ("DELETE", "/v1/admin/schedule/1", None),
    ]
    for method, url, body in calls:
        response = admin_http.request(method, url, headers=headers, json=body)
        assert response.status_code == 403, (method, url)
    assert [e["status"] for e in events(admin_http, kit)] == ["received"]


def test_admin_routes_are_closed_without_a_configured_token(tmp_path: Path) -> None:
    provide_key(tmp_path)
    with EmbeddedTownhall(tmp_path, TOKEN) as townhall:
        for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Bearer x"}):
            response = httpx.get(townhall.url + "/v1/admin/kits", headers=headers, timeout=10)
            assert response.status_code == 403


def test_status_flow_reaches_the_kit_through_its_cursor(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    submit(admin_http, kit)
    first = events(admin_http, kit)
    assert [e["status"] for e in first] == ["received"]
    cursor = first[-1]["id"]
    for status in ("in_processing", "document_ordered", "ready_for_pickup"):
        response = change_status(admin_http, status)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == status
        assert body["notification"] == "not_requested"
    later = events(admin_http, kit, since=cursor)
    assert [(e["case_reference"], e["status"]) for e in later] == [
        (REFERENCE, "in_processing"),
        (REFERENCE, "document_ordered"),
        (REFERENCE, "ready_for_pickup"),
    ]
    assert [e["id"] for e in later] == sorted(e["id"] for e in later)
    assert events(admin_http, kit, since=later[-1]["id"]) == []


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], "ready_for_pickup"),
        ([], "document_ordered"),
        ([], "received"),
        (["in_processing"], "sent"),
        (["in_processing", "document_ordered", "sent"], "ready_for_pickup"),
        (["in_processing", "document_ordered", "sent"], "in_processing"),
        (["in_processing", "document_ordered", "ready_for_pickup"], "sent"),
    ],
)
def test_invalid_transitions_are_refused_with_409(
    admin_http: httpx.Client, path: list[str], refused: str
) -> None:
    kit = enrol(admin_http)
    submit(admin_http, kit)
    for status in path:
        assert change_status(admin_http, status).status_code == 200
    before = events(admin_http, kit)
    response = change_status(admin_http, refused)
    assert response.status_code == 409
    assert events(admin_http, kit) == before


def test_rejection_needs_a_reason_and_is_final(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    submit(admin_http, kit)
    assert change_status(admin_http, "rejected").status_code == 422
    assert change_status(admin_http, "rejected", reason="   ").status_code == 422
    response = change_status(admin_http, "rejected", reason="Nachweis fehlt / proof missing")
    assert response.status_code == 200
    last = events(admin_http, kit)[-1]
    assert (last["status"], last["reason"]) == ("rejected", "Nachweis fehlt / proof missing")
    assert change_status(admin_http, "in_processing").status_code == 409


def test_unknown_status_and_unknown_case(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    submit(admin_http, kit)
    assert change_status(admin_http, "lost_in_the_post").status_code == 422
    assert (
        change_status(admin_http, "in_processing", reference="K-2026-XXXX-XXXX").status_code == 404
    )


def test_transition_table() -> None:
    assert can_change("received", CaseStatus.IN_PROCESSING)
    assert can_change("document_ordered", CaseStatus.SENT)
    assert can_change("in_processing", CaseStatus.REJECTED)
    assert not can_change("rejected", CaseStatus.REJECTED)
    assert not can_change("something else", CaseStatus.IN_PROCESSING)


def test_revoked_kit_is_refused_with_a_distinguishable_reason(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    other = enrol(admin_http, "other kit")
    assert submit(admin_http, kit).status_code == 201
    response = admin_http.post(
        f"/v1/admin/kits/{kit.kit_id}/revocation", headers=ADMIN, json={"reason": "stolen"}
    )
    assert response.status_code == 200
    revoked_at = response.json()["revoked_at"]
    assert response.json()["revoked"] is True

    for refused in (
        admin_http.get(f"{kit.base}/events", headers=kit.auth),
        submit(admin_http, kit, key="idem-0002"),
        admin_http.get(f"{kit.base}/reference-data?day=2026-12-01", headers=kit.auth),
    ):
        assert refused.status_code == 403
        assert refused.headers[townhall_app.ERROR_HEADER] == townhall_app.KIT_REVOKED
        assert "stolen" not in refused.text  # the back office's reason stays at the town hall
    # Without the kit's token nobody learns that the kit was revoked.
    guess = admin_http.get(f"{kit.base}/events", headers={"Authorization": "Bearer guess"})
    assert guess.status_code == 403
    assert townhall_app.ERROR_HEADER not in guess.headers
    # Other kits carry on.
    assert (
        submit(admin_http, other, key="idem-0003", reference="K-2026-CDEF-GHJK").status_code == 201
    )
    # Revoking again keeps the first revocation.
    again = admin_http.post(
        f"/v1/admin/kits/{kit.kit_id}/revocation", headers=ADMIN, json={"reason": "again"}
    )
    assert again.json()["revoked_at"] == revoked_at
    listed = {k["id"]: k for k in admin_http.get("/v1/admin/kits", headers=ADMIN).json()["kits"]}
    assert listed[kit.kit_id]["revoked"] is True
    assert listed[other.kit_id]["revoked"] is False
    unknown = admin_http.post(
        "/v1/admin/kits/no-such-kit/revocation", headers=ADMIN, json={"reason": "lost"}
    )
    assert unknown.status_code == 404


def test_kit_client_maps_revocation_to_its_own_reason(
    admin_townhall: EmbeddedTownhall, admin_http: httpx.Client
) -> None:
    assert kit_client.ERROR_HEADER == townhall_app.ERROR_HEADER
    assert kit_client.KIT_REVOKED == townhall_app.KIT_REVOKED
    kit = enrol(admin_http)
    enrolment = Enrolment(kit.kit_id, kit.kit_token, kit.encryption_key)
    with TownhallClient(admin_townhall.url) as client:
        assert client.events(enrolment, 0) == []
        with pytest.raises(SyncError) as wrong_token:
            client.events(Enrolment(kit.kit_id, "wrong", kit.encryption_key), 0)
        assert wrong_token.value.params["reason"] == "sync.refused"
        admin_http.post(
            f"/v1/admin/kits/{kit.kit_id}/revocation", headers=ADMIN, json={"reason": "lost"}
        )
        with pytest.raises(SyncError) as revoked:
            client.events(enrolment, 0)
        assert revoked.value.params["reason"] == "sync.revoked"
        with pytest.raises(SyncError) as revoked_submit:
            client.submit(enrolment, "idem-0001", "x" * 20)
        assert revoked_submit.value.params["reason"] == "sync.revoked"


def test_reference_data_has_fee_tables_and_the_kits_schedule(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    other = enrol(admin_http, "other kit")
    entries = [
        {
            "day": "2026-12-01",
            "kind": "service_point_day",
            "place": "Rathaus Nord",
            "starts_at": "09:00:00",
            "ends_at": "12:00:00",
        },
        {
            "day": "2026-12-01",
            "kind": "appointment",
            "place": "Seniorenheim St. Anna",
            "starts_at": "14:00:00",
            "kit_id": kit.kit_id,
            "note": "Zimmer 12",
        },
        {"day": "2026-12-01", "kind": "appointment", "place": "elsewhere", "kit_id": other.kit_id},
        {"day": "2026-12-03", "kind": "service_point_day", "place": "Ortsteil Süd"},
        {"day": "2026-12-09", "kind": "service_point_day", "place": "too late"},
    ]
    ids = []
    for entry in entries:
        response = admin_http.post("/v1/admin/schedule", headers=ADMIN, json=entry)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])

    one_day = admin_http.get(
        f"{kit.base}/reference-data", params={"day": "2026-12-01"}, headers=kit.auth
    )
    assert one_day.status_code == 200
    data = one_day.json()
    assert [e["place"] for e in data["schedule"]] == ["Rathaus Nord", "Seniorenheim St. Anna"]
    assert data["schedule"][1]["note"] == "Zimmer 12"
    tables = fee_tables()
    assert [t["valid_from"] for t in data["fee_tables"]] == [
        t.valid_from.isoformat() for t in tables
    ]
    assert data["fee_tables"][-1]["sections"] == tables[-1].sections

    week = admin_http.get(
        f"{kit.base}/reference-data", params={"day": "2026-12-01", "days": 7}, headers=kit.auth
    ).json()
    assert week["last_day"] == "2026-12-07"
    assert [e["place"] for e in week["schedule"]] == [
        "Rathaus Nord",
        "Seniorenheim St. Anna",
        "Ortsteil Süd",
    ]

    assert admin_http.delete(f"/v1/admin/schedule/{ids[0]}", headers=ADMIN).status_code == 204
    assert admin_http.delete(f"/v1/admin/schedule/{ids[0]}", headers=ADMIN).status_code == 404
    listed = admin_http.get("/v1/admin/schedule", params={"day": "2026-12-01"}, headers=ADMIN)
    assert [e["place"] for e in listed.json()["entries"]] == ["elsewhere", "Seniorenheim St. Anna"]


@pytest.mark.parametrize(
    "entry",
    [
        {
            "day": "2026-12-01",
            "kind": "appointment",
            "place": "x",
            "starts_at": "10:00:00",
            "ends_at": "09:00:00",
        },
        {
            # In UTC the end is after the start; as the town's wall clock it is not.
            "day": "2026-12-01",
            "kind": "appointment",
            "place": "x",
            "starts_at": "19:09:02+19:31",
            "ends_at": "04:15:37-13:55",
        },
        {"day": "2026-12-01", "kind": "party", "place": "x"},
        {"day": "2026-12-01", "kind": "appointment", "place": ""},
        {"day": "2026-12-01", "kind": "appointment", "place": "x", "kit_id": "no-such-kit"},
    ],
    ids=["ends-before-start", "utc-offset", "unknown-kind", "no-place", "unknown-kit"],
)
def test_bad_schedule_entries_are_refused(admin_http: httpx.Client, entry: dict[str, str]) -> None:
    assert admin_http.post("/v1/admin/schedule", headers=ADMIN, json=entry).status_code == 422


def test_reference_data_needs_a_day_and_the_kit_token(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    assert admin_http.get(f"{kit.base}/reference-data", headers=kit.auth).status_code == 422
    assert (
        admin_http.get(
            f"{kit.base}/reference-data", params={"day": "2026-12-01", "days": 32}, headers=kit.auth
        ).status_code
        == 422
    )
    assert (
        admin_http.get(f"{kit.base}/reference-data", params={"day": "2026-12-01"}).status_code
        == 403
    )


def test_admin_token_must_differ_from_the_enrolment_token(tmp_path: Path) -> None:
    provide_key(tmp_path)
    with pytest.raises(ValueError, match="differ"):
        EmbeddedTownhall(tmp_path, TOKEN, admin_token=TOKEN).start()
