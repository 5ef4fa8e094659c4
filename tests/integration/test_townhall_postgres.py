"""The town hall on PostgreSQL: migrations, and several stateless processes on one database."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, make_url, text

from koffer.sync.townhall import migrate
from koffer.sync.townhall.server import EmbeddedTownhall, open_database
from tests.integration.conftest import (
    TOWNHALL_TOKEN,
    free_port,
    launch_townhall,
    wait_until_healthy,
)
from tests.unit.sync.townhall_support import (
    ADMIN_TOKEN,
    BIRTH_DATE,
    REFERENCE,
    change_status,
    check_upgrade_from_initial,
    enrol,
    events,
    provide_key,
    schema_differences,
    seal,
)

ROUNDS = 12


@pytest.fixture
def townhall_db(postgres_url: str) -> Iterator[str]:
    """An empty database of its own on the test server, dropped afterwards."""
    url = make_url(postgres_url)
    name = f"{url.database}_th_{secrets.token_hex(4)}"
    server = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _at_once(
    clients: tuple[httpx.Client, httpx.Client], call: Callable[[httpx.Client], httpx.Response]
) -> list[httpx.Response]:
    """Make the same call through both clients, released together by a barrier."""
    barrier = threading.Barrier(len(clients))

    def released(http: httpx.Client) -> httpx.Response:
        barrier.wait(timeout=10)
        return call(http)

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(released, clients))


def test_initial_revision_migrates_on_postgresql(townhall_db: str) -> None:
    engine = create_engine(townhall_db)
    try:
        check_upgrade_from_initial(engine)
    finally:
        engine.dispose()


def test_two_processes_store_a_concurrent_duplicate_once(
    start_townhall: Callable[[str], str], townhall_db: str
) -> None:
    first, second = start_townhall(townhall_db), start_townhall(townhall_db)
    with (
        httpx.Client(base_url=first, timeout=30) as http_a,
        httpx.Client(base_url=second, timeout=30) as http_b,
    ):
        kit = enrol(http_a, token=TOWNHALL_TOKEN)  # enrolled through one, known to both
        keys = [f"race-{n:04d}-{secrets.token_hex(4)}" for n in range(ROUNDS)]
        for n, key in enumerate(keys):
            packet = seal(kit, key, reference=f"K-2026-ACDE-{n:04d}")
            answers = _at_once(
                (http_a, http_b),
                lambda http, key=key, packet=packet: http.post(
                    f"{kit.base}/submissions",
                    headers=kit.auth | {"Idempotency-Key": key},
                    json={"packet": packet},
                ),
            )
            assert sorted(a.status_code for a in answers) == [200, 201], [a.text for a in answers]
            assert answers[0].json() == answers[1].json()
        # Both processes report the same events: one "received" per case.
        seen_a, seen_b = events(http_a, kit), events(http_b, kit)
        assert seen_a == seen_b
        assert len(seen_a) == ROUNDS

    engine = create_engine(townhall_db)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT idempotency_key, count(*) FROM submission GROUP BY idempotency_key")
            ).all()
            assert dict(stored) == dict.fromkeys(keys, 1)
            assert connection.execute(text("SELECT count(*) FROM status_event")).scalar() == ROUNDS
    finally:
        engine.dispose()


def test_two_processes_starting_together_migrate_once(townhall_db: str, tmp_path: Path) -> None:
    provide_key(tmp_path / "townhall")
    ports = [free_port(), free_port()]
    processes = [launch_townhall(tmp_path / "townhall", port, townhall_db) for port in ports]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_until_healthy(f"http://127.0.0.1:{port}", process)
    finally:
        for process in processes:
            process.terminate()
            process.communicate(timeout=10)
    engine = create_engine(townhall_db)
    try:
        assert schema_differences(engine) == []
        assert migrate.current_revision(engine) is not None
    finally:
        engine.dispose()


@pytest.fixture
def two_townhalls(townhall_db: str, tmp_path: Path) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """Two town-hall servers (own engines, own apps) with an admin token on one database."""
    provide_key(tmp_path)
    with (
        EmbeddedTownhall(tmp_path, TOWNHALL_TOKEN, townhall_db, admin_token=ADMIN_TOKEN) as one,
        EmbeddedTownhall(tmp_path, TOWNHALL_TOKEN, townhall_db, admin_token=ADMIN_TOKEN) as two,
        httpx.Client(base_url=one.url, timeout=30) as http_one,
        httpx.Client(base_url=two.url, timeout=30) as http_two,
    ):
        yield http_one, http_two


def test_back_office_and_lookup_across_servers(
    two_townhalls: tuple[httpx.Client, httpx.Client],
) -> None:
    one, two = two_townhalls
    kit = enrol(one, token=TOWNHALL_TOKEN)
    response = one.post(
        f"{kit.base}/submissions",
        headers=kit.auth | {"Idempotency-Key": "idem-0001"},
        json={"packet": seal(kit, "idem-0001")},
    )
    assert response.status_code == 201
    assert change_status(two, "in_processing").status_code == 200
    assert change_status(one, "in_processing").status_code == 409
    lookup = {"reference": REFERENCE, "birth_date": BIRTH_DATE}
    assert one.post("/v1/status-lookup", json=lookup).json()["status"] == "in_processing"
    assert [e["status"] for e in events(two, kit)] == ["received", "in_processing"]

    # Two clerks move the same case at the same moment, through different servers.
    moves = _at_once((one, two), lambda http: change_status(http, "document_ordered"))
    assert sorted(m.status_code for m in moves) == [200, 409]
    assert [e["status"] for e in events(one, kit)] == [
        "received",
        "in_processing",
        "document_ordered",
    ]

    revoked = two.post(
        f"/v1/admin/kits/{kit.kit_id}/revocation",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        json={"reason": "lost"},
    )
    assert revoked.status_code == 200
    assert one.get(f"{kit.base}/events", headers=kit.auth).status_code == 403


def test_open_database_twice_is_harmless(townhall_db: str) -> None:
    for _ in range(2):
        engine = open_database(townhall_db)
        assert schema_differences(engine) == []
        engine.dispose()
