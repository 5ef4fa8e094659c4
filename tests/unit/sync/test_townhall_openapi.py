"""The town hall's OpenAPI document lists every route with its auth and answers."""

from __future__ import annotations

import json
from pathlib import Path

from koffer.sync.townhall import openapi

EXPECTED = {
    ("get", "/health"),
    ("get", "/v1/encryption-key"),
    ("post", "/v1/kits"),
    ("get", "/v1/ca-certificate"),
    ("post", "/v1/kits/{kit_id}/certificate"),
    ("post", "/v1/kits/{kit_id}/delivery-token"),
    ("post", "/v1/kits/{kit_id}/uploads/{idempotency_key}"),
    ("get", "/v1/kits/{kit_id}/uploads/{idempotency_key}"),
    ("put", "/v1/kits/{kit_id}/uploads/{idempotency_key}/{index}/chunks/{chunk}"),
    ("post", "/v1/kits/{kit_id}/submissions"),
    ("post", "/v1/kits/{kit_id}/submission-batches"),
    ("get", "/v1/kits/{kit_id}/events"),
    ("get", "/v1/kits/{kit_id}/reference-data"),
    ("post", "/v1/status-lookup"),
    ("post", "/v1/admin/cases/{reference}/status"),
    ("get", "/v1/admin/kits"),
    ("post", "/v1/admin/kits/{kit_id}/revocation"),
    ("post", "/v1/admin/schedule"),
    ("get", "/v1/admin/schedule"),
    ("delete", "/v1/admin/schedule/{entry_id}"),
}


def test_openapi_document_is_written_with_every_route(tmp_path: Path) -> None:
    target = tmp_path / "townhall-openapi.json"
    openapi.write(target)
    document = json.loads(target.read_text("utf-8"))
    routes = {(method, path) for path, item in document["paths"].items() for method in item}
    assert routes == EXPECTED
    lookup = document["paths"]["/v1/status-lookup"]["post"]
    assert {"200", "404", "422", "429"} <= set(lookup["responses"])
    # The date of birth travels in the body only, never in the URL.
    assert "parameters" not in lookup
    change = document["paths"]["/v1/admin/cases/{reference}/status"]["post"]
    assert {"404", "409"} <= set(change["responses"])
    statuses = document["components"]["schemas"]["CaseStatus"]["enum"]
    assert statuses == [
        "received",
        "in_processing",
        "document_ordered",
        "ready_for_pickup",
        "sent",
        "rejected",
    ]


def test_openapi_document_names_who_may_call_what() -> None:
    document = openapi.openapi_document()
    schemes = document["components"]["securitySchemes"]
    assert {schemes[name]["scheme"] for name in ("kitToken", "adminToken")} == {"bearer"}
    for path, item in document["paths"].items():
        for operation in item.values():
            names = {name for entry in operation.get("security", []) for name in entry}
            if path.startswith("/v1/admin/"):
                assert names == {"adminToken"}, path
            elif path.startswith("/v1/kits/{kit_id}/"):
                assert names == {"kitToken"}, path
            else:
                assert names == set(), path


def test_a_chunk_travels_as_raw_bytes_with_its_digest() -> None:
    document = openapi.openapi_document()
    path = "/v1/kits/{kit_id}/uploads/{idempotency_key}/{index}/chunks/{chunk}"
    operation = document["paths"][path]["put"]
    assert "application/octet-stream" in operation["requestBody"]["content"]
    headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
    assert "content-digest" in headers
