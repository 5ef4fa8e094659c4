"""A citizen's status lookup: case reference + date of birth, and nothing else revealed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from koffer.sync.townhall.ratelimit import TokenBucket
from koffer.sync.townhall.server import EmbeddedTownhall
from tests.unit.sync.townhall_support import (
    ADMIN_TOKEN,
    BIRTH_DATE,
    REFERENCE,
    TOKEN,
    change_status,
    enrol,
    provide_key,
    submit,
)

LOOKUP = "/v1/status-lookup"


def _lookup(
    http: httpx.Client, reference: str = REFERENCE, birth_date: str = BIRTH_DATE
) -> httpx.Response:
    return http.post(LOOKUP, json={"reference": reference, "birth_date": birth_date})


def test_lookup_reveals_the_status_and_nothing_else(admin_http: httpx.Client) -> None:
    kit = enrol(admin_http)
    submit(
        admin_http,
        kit,
        notify_email="citizen@example.org",
        person={"surname": "Núñez", "given_names": "Ana"},
    )
    response = _lookup(admin_http)
    assert response.status_code == 200
    assert response.json() == {"reference": REFERENCE, "status": "received"}
    change_status(admin_http, "in_processing")
    assert _lookup(admin_http).json()["status"] == "in_processing"


def test_lookup_forgives_case_and_spaces_in_the_reference(admin_http: httpx.Client) -> None:
    submit(admin_http, enrol(admin_http))
    response = _lookup(admin_http, reference=f"  {REFERENCE.lower()} ")
    assert response.json() == {"reference": REFERENCE, "status": "received"}


def test_unknown_reference_and_wrong_birth_date_get_the_same_404(admin_http: httpx.Client) -> None:
    submit(admin_http, enrol(admin_http))
    wrong_date = _lookup(admin_http, birth_date="1941-03-03")
    unknown = _lookup(admin_http, reference="K-2026-CDEF-GHJK")
    assert wrong_date.status_code == unknown.status_code == 404
    assert wrong_date.content == unknown.content
    assert dict(wrong_date.headers).keys() == dict(unknown.headers).keys()


def test_lookup_is_not_offered_by_get(admin_http: httpx.Client) -> None:
    # The date of birth must never be part of a URL (proxies and access logs keep URLs).
    response = admin_http.get(LOOKUP, params={"reference": REFERENCE, "birth_date": BIRTH_DATE})
    assert response.status_code == 405


@pytest.mark.parametrize(
    "body",
    [
        {"reference": REFERENCE},
        {"reference": REFERENCE, "birth_date": "02.03.1941"},
        {"reference": "", "birth_date": BIRTH_DATE},
        {"reference": "K" * 33, "birth_date": BIRTH_DATE},
    ],
)
def test_malformed_lookups_are_refused(admin_http: httpx.Client, body: dict[str, str]) -> None:
    assert admin_http.post(LOOKUP, json=body).status_code == 422


@pytest.fixture
def limited_townhall(tmp_path: Path) -> Iterator[EmbeddedTownhall]:
    provide_key(tmp_path)
    limiter = TokenBucket(capacity=3, per_second=0.01)
    with EmbeddedTownhall(tmp_path, TOKEN, admin_token=ADMIN_TOKEN, lookup_limiter=limiter) as th:
        yield th


def test_lookups_are_rate_limited_per_client_address(limited_townhall: EmbeddedTownhall) -> None:
    with httpx.Client(base_url=limited_townhall.url, timeout=10) as http:
        submit(http, enrol(http))
        answers = [_lookup(http, birth_date=f"1941-03-{day:02d}").status_code for day in (1, 3, 4)]
        assert answers == [404, 404, 404]
        refused = _lookup(http)  # even the right date: the bucket is empty
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        # Other routes are not limited.
        assert http.get("/health").status_code == 200


def test_token_bucket_refills_and_keeps_addresses_apart() -> None:
    now = [0.0]
    bucket = TokenBucket(capacity=2, per_second=0.5, max_keys=2, clock=lambda: now[0])
    assert [bucket.take("a"), bucket.take("a")] == [0.0, 0.0]
    assert bucket.take("a") == pytest.approx(2.0)
    assert bucket.take("b") == 0.0
    now[0] = 2.0  # one token back for "a"
    assert bucket.take("a") == 0.0
    assert bucket.take("a") > 0
    bucket.take("c")  # "b" is the least recently used and is forgotten
    assert bucket.take("b") == 0.0
    with pytest.raises(ValueError, match="capacity"):
        TokenBucket(capacity=0, per_second=1)


def test_no_personal_data_in_the_logs(
    admin_http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    kit = enrol(admin_http)
    submit(admin_http, kit, notify_email="citizen@example.org", person={"surname": "Núñez"})
    _lookup(admin_http)
    _lookup(admin_http, birth_date="1941-03-03")
    change_status(admin_http, "in_processing")  # the mail fails: no notifier configured
    # What the town hall logged (the test's own HTTP client logs its URLs: not ours).
    server_log = "\n".join(
        f"{r.name} {r.getMessage()}"
        for r in caplog.records
        if not r.name.startswith(("httpx", "httpcore"))
    )
    assert "notification for status event" in server_log
    for secret in (BIRTH_DATE, "1941-03-03", "citizen@example.org", "Núñez", REFERENCE):
        assert secret not in server_log
