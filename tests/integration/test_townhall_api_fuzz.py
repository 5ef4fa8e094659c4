"""Property-based tests of the town hall's API against its OpenAPI spec: no answer is a 5xx.

Schemathesis generates requests from the spec that ``koffer townhall serve`` publishes (both
valid ones and ones that break the spec) and sends them to the running server on 127.0.0.1
(SQLite). Requests go out with and without the tokens of an enrolled kit and of the back
office, so that they reach the handlers behind authentication too. A second test seals
arbitrary content with a real kit key, since no generator can forge a valid packet.

``KOFFER_TEST_FUZZ_EXAMPLES`` sets the examples per operation and mode,
``KOFFER_TEST_FUZZ_PACKETS`` the sealed packets, ``KOFFER_TEST_FUZZ_DB`` another database
URL (PostgreSQL). Longer run: ``python -m tests.stress.sync_api_fuzz --examples 300``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from koffer import crypto
from koffer.sync import packet
from koffer.sync.parcel import seal_application
from tests.integration.conftest import TOWNHALL_TOKEN, TownhallProcess
from tests.stress.sync_harness import running_townhall
from tests.unit.sync.townhall_support import EnrolledKit, enrol

ADMIN_TOKEN = "fuzz-admin-token"
EXAMPLES = int(os.environ.get("KOFFER_TEST_FUZZ_EXAMPLES", "30"))
PACKET_EXAMPLES = int(os.environ.get("KOFFER_TEST_FUZZ_PACKETS", "60"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@dataclass(frozen=True)
class Target:
    """The running town hall, an enrolled kit and a submitted case to aim at."""

    url: str
    kit: EnrolledKit
    reference: str
    server: TownhallProcess

    def report(self, found: list[str]) -> str:
        """The first failures and the end of the server's output (its tracebacks)."""
        return "\n".join(found[:10]) + "\n--- server output ---\n" + self.server.output()[-4000:]


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Target]:
    monkeypatch.setenv("KOFFER_ADMIN_TOKEN", ADMIN_TOKEN)  # read by `koffer townhall serve`
    with running_townhall(tmp_path, os.environ.get("KOFFER_TEST_FUZZ_DB", "")) as townhall:
        yield _prepared(townhall.url, townhall.process)


def _prepared(url: str, server: TownhallProcess) -> Target:
    """Enrol a kit and submit one case, so that kit and case routes find something."""
    with httpx.Client(base_url=url, timeout=30) as http:
        kit = enrol(http, token=TOWNHALL_TOKEN)
        reference = "K-2026-ACDE-FGHJ"
        submitted = http.post(
            f"{kit.base}/submissions",
            headers=kit.auth | {"Idempotency-Key": "fuzz-0001"},
            json={"packet": seal(kit, "fuzz-0001", {"reference": reference, "service": "x"}, {})},
        )
        assert submitted.status_code == 201, submitted.text
    return Target(url, kit, reference, server)


def seal(kit: EnrolledKit, key: str, case: Any, person: Any, *, raw: bytes | None = None) -> str:
    """Seal an application (or ``raw`` bytes) as ``kit`` does, for the target town hall."""
    recipient = crypto.encryption_key_from_jwk(kit.encryption_key)
    if raw is None:
        return seal_application(packet.Application(key, case, person), kit.signing, recipient)
    return crypto.seal_packet(raw, kit.signing, recipient, recipient.thumbprint())


def _headers(target: Target, path: str, authenticated: bool) -> dict[str, str]:
    if not authenticated:
        return {}
    if path.startswith("/v1/admin/"):
        return {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    if path.startswith("/v1/kits/{kit_id}"):
        return dict(target.kit.auth)
    return {}


def _server_errors(target: Target, mode: GenerationMode, authenticated: bool) -> list[str]:
    """Run every operation in ``mode``; return what answered with a 5xx."""
    schema = schemathesis.openapi.from_url(f"{target.url}/openapi.json")
    found: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        fixed: dict[str, Any] = {}
        if authenticated:
            names = {p.name for p in operation.path_parameters}
            fixed = {"kit_id": target.kit.kit_id, "reference": target.reference}
            fixed = {name: value for name, value in fixed.items() if name in names}
        strategy = operation.as_strategy(mode, path_parameters=fixed or None)
        found += _call_all(target.url, strategy, _headers(target, operation.path, authenticated))
    return found


def _call_all(
    url: str, strategy: st.SearchStrategy[schemathesis.Case], headers: dict[str, str]
) -> list[str]:
    """Send the generated requests; return the ones answered with a 5xx."""
    found: list[str] = []

    @FUZZ_SETTINGS
    @given(case=strategy)
    def check(case: schemathesis.Case) -> None:
        response = case.call(base_url=url, headers=headers, timeout=30)
        if response.status_code >= 500:
            found.append(
                f"{case.method} {case.formatted_path} -> {response.status_code}: "
                f"{case.as_curl_command(headers)}"
            )

    # Unsatisfiable: an operation without parameters has no invalid requests to make.
    with contextlib.suppress(Unsatisfiable):
        check()
    return found


@pytest.mark.parametrize(
    ("mode", "authenticated"),
    [
        (GenerationMode.POSITIVE, True),
        (GenerationMode.NEGATIVE, True),
        (GenerationMode.POSITIVE, False),
    ],
    ids=["valid-authenticated", "invalid-authenticated", "valid-anonymous"],
)
def test_no_request_the_spec_allows_or_forbids_gets_a_server_error(
    target: Target, mode: GenerationMode, authenticated: bool
) -> None:
    found = _server_errors(target, mode, authenticated)
    assert found == [], target.report(found)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)
CASES = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries(
        {"reference": JSON_VALUES | st.text(max_size=60), "service": JSON_VALUES},
        optional={"details": JSON_VALUES},
    ),
)


def test_a_signed_packet_with_any_content_gets_no_server_error(target: Target) -> None:
    """An enrolled kit's packet, sealed correctly, whatever it holds: 201, 200 or 4xx."""
    found: list[str] = []

    @settings(
        max_examples=PACKET_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(
        case=CASES,
        person=JSON_VALUES | st.fixed_dictionaries({"birth_date": JSON_VALUES}),
        raw=st.none() | st.binary(max_size=200) | st.just(b'{"format": "koffer-application/1"}'),
        number=st.integers(min_value=0, max_value=10**9),
    )
    def check(case: Any, person: Any, raw: bytes | None, number: int) -> None:
        key = f"fuzz-packet-{number:010d}"
        sealed = seal(target.kit, key, case, person, raw=raw)
        response = httpx.post(
            f"{target.url}{target.kit.base}/submissions",
            headers=target.kit.auth | {"Idempotency-Key": key},
            json={"packet": sealed},
            timeout=30,
        )
        if response.status_code >= 500:
            found.append(f"{response.status_code} for case={case!r} person={person!r} raw={raw!r}")

    check()
    assert found == [], target.report(found)
