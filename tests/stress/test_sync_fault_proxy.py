"""The fault proxy does to a real town hall's traffic what its knobs say, and counts it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from koffer import crypto
from koffer.sync.townhall.server import EmbeddedTownhall
from tests.stress.fault_proxy import ACTIONS, FaultProxy, FaultRates
from tests.unit.sync.townhall_support import ADMIN, ADMIN_TOKEN, TOKEN, provide_key


@pytest.fixture(scope="module")
def townhall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedTownhall]:
    data_dir = tmp_path_factory.mktemp("townhall")
    provide_key(data_dir)
    with EmbeddedTownhall(data_dir, TOKEN, admin_token=ADMIN_TOKEN) as running:
        yield running


def only(action: str, **extra: float) -> FaultRates:
    """Rates under which every exchange gets ``action``."""
    return FaultRates(**(FaultRates.none().weights() | {action: 1.0}), **extra)


def _kits(townhall: EmbeddedTownhall) -> int:
    answer = httpx.get(f"{townhall.url}/v1/admin/kits", headers=ADMIN, timeout=10)
    return len(answer.json()["kits"])


def _enrol(http: httpx.Client) -> httpx.Response:
    body = {"name": "kit", "token": TOKEN, "signing_key": crypto.public_jwk(SIGNING)}
    return http.post("/v1/kits", json=body)


SIGNING = crypto.new_signing_key()


def test_pass_forwards_requests_and_answers_unchanged(townhall: EmbeddedTownhall) -> None:
    direct = httpx.get(f"{townhall.url}/v1/encryption-key", timeout=10).json()
    with (
        FaultProxy("127.0.0.1", townhall.port, FaultRates.none()) as proxy,
        httpx.Client(base_url=proxy.url, timeout=10) as http,
    ):
        answers = [http.get("/v1/encryption-key").json() for _ in range(3)]
        assert _enrol(http).status_code == 201
        counters = proxy.counters()
    assert answers == [direct] * 3
    # One connection, four exchanges: the proxy tells requests apart on a kept-alive one.
    assert counters == {"connections": 1, "exchanges": 4, "pass": 4}


@pytest.mark.parametrize(
    ("action", "reaches_server"), [("drop_before", False), ("drop_after", True)]
)
def test_dropped_connections_before_and_after_the_server_did_the_work(
    townhall: EmbeddedTownhall, action: str, *, reaches_server: bool
) -> None:
    before = _kits(townhall)
    with (
        FaultProxy("127.0.0.1", townhall.port, only(action)) as proxy,
        httpx.Client(base_url=proxy.url, timeout=10) as http,
        pytest.raises(httpx.TransportError),
    ):
        _enrol(http)
    assert _kits(townhall) == before + int(reaches_server)
    assert proxy.counters()[action] == 1


def test_reset_ends_the_connection_with_an_error(townhall: EmbeddedTownhall) -> None:
    with (
        FaultProxy("127.0.0.1", townhall.port, only("reset"), seed=3) as proxy,
        httpx.Client(base_url=proxy.url, timeout=10) as http,
    ):
        for _ in range(6):
            with pytest.raises(httpx.TransportError):
                http.get("/v1/encryption-key")
    assert proxy.counters()["reset"] == 6


def test_truncated_answer_is_cut_inside_the_body(townhall: EmbeddedTownhall) -> None:
    with (
        FaultProxy("127.0.0.1", townhall.port, only("truncate"), seed=5) as proxy,
        httpx.Client(base_url=proxy.url, timeout=10) as http,
    ):
        for _ in range(5):
            with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
                http.get("/v1/encryption-key")
    assert proxy.counters()["truncate"] == 5


@pytest.mark.parametrize("status", [502, 503])
def test_proxy_answers_5xx_itself_without_asking_the_server(
    townhall: EmbeddedTownhall, status: int
) -> None:
    before = _kits(townhall)
    with (
        FaultProxy("127.0.0.1", townhall.port, only(f"http_{status}")) as proxy,
        httpx.Client(base_url=proxy.url, timeout=10) as http,
    ):
        assert _enrol(http).status_code == status
    assert _kits(townhall) == before


def test_delay_holds_the_answer(townhall: EmbeddedTownhall) -> None:
    rates = only("delay", delay_min_s=0.3, delay_max_s=0.4)
    with (
        FaultProxy("127.0.0.1", townhall.port, rates) as proxy,
        httpx.Client(base_url=proxy.url, timeout=10) as http,
    ):
        started = time.monotonic()
        assert http.get("/health").status_code == 200
        assert time.monotonic() - started >= 0.3


def test_the_same_seed_gives_the_same_faults(townhall: EmbeddedTownhall) -> None:
    def run(seed: int) -> tuple[list[str], dict[str, int]]:
        outcomes = []
        with (
            FaultProxy("127.0.0.1", townhall.port, FaultRates.scaled(0.6), seed=seed) as proxy,
            httpx.Client(base_url=proxy.url, timeout=10) as http,
        ):
            for _ in range(30):
                try:
                    outcomes.append(str(http.get("/health").status_code))
                except httpx.TransportError:
                    outcomes.append("broken")
            return outcomes, proxy.counters()

    first, second = run(7), run(7)
    assert first == second
    counters = first[1]
    assert counters["exchanges"] == 30
    assert sum(counters.get(action, 0) for action in ACTIONS) == 30
    assert counters.get("pass", 0) < 30


def test_rates_must_be_probabilities() -> None:
    with pytest.raises(ValueError, match="sum to at most 1"):
        FaultRates(drop_before=0.7, drop_after=0.7)


def test_fault_proxy_listens_on_loopback_only() -> None:
    with FaultProxy("127.0.0.1", 9, FaultRates.none()) as proxy:
        assert proxy.url.startswith("http://127.0.0.1:")
        assert proxy.port > 0
