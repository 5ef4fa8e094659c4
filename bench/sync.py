"""Sync over loopback against raw httpx, and 50 kits at once against the town hall on PostgreSQL.

Every figure has its baseline measured in the same run.

- Outbox: ``CASES`` queued ID-card-like cases (citizen, details, a 1244x1600 register JPEG
  from the simulated camera through the kit's own JPEG export, two fingerprints from the
  simulated sensor in the kit's transmission format, a signature from the simulated pad
  rendered as the kit does) are synchronised by the kit's
  :class:`~koffer.workflows.synchronise.Synchroniser` with a ``koffer townhall serve``
  process on 127.0.0.1 (SQLite): upload, decryption, checks and storage at the town hall,
  and the "received" events back. The kit seals each case when it is queued (the clerk's
  worker does it then, not the sync); that sealing is timed on its own and printed, with
  the share of raw throughput that sealing and sync reach together. Baseline: the same
  bytes (attachments plus the case and person JSON), one POST per case with a plain
  ``httpx.Client``, to a bare ASGI sink on the same uvicorn. Target: at least 50 % of the
  raw throughput. For reference, the same POSTs into a sink that commits each body to
  SQLite with ``synchronous=FULL`` before it answers, as the town hall must before it
  says "received": what durability alone costs.
- Kits: ``KITS`` simulated kits, each enrolled with its own key and its own connection,
  submit sealed registration-certificate packets (with their certificate PDF) as fast as
  the town hall answers, against ``koffer townhall serve`` on PostgreSQL (a throwaway
  database on 127.0.0.1:5432, dropped afterwards). Packets are sealed before the clock
  starts, so the figure is the town hall's. Each kit sends its packets twice over (fresh
  packets each time): one per request, as a kit that hands in each case when it is queued,
  and in the kit's batches, as a kit that comes back online with a day's cases. Baseline:
  ``GET /health`` from the same kits on the same server, that is the HTTP stack without
  crypto and database. Targets: >= 200 packets/s, p99 <= 500 ms.

``python bench/sync.py [CASES] [--kits N] [--pg URL]`` prints the rows and the targets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import cv2
import httpx
import numpy as np
from sqlalchemy import create_engine, make_url, text

from koffer import crypto
from koffer.biometrics import signature
from koffer.biometrics.fingerprint_encoding import encode_for_transmission
from koffer.biometrics.photo.export import register_jpeg
from koffer.devices.camera.sim import SimCamera
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.signature_pad.sim import SimSignaturePad
from koffer.domain.case import Case, CaseState, ServiceKind, new_reference
from koffer.domain.person import Address, Person
from koffer.storage.store import KitStore
from koffer.sync import packet
from koffer.sync.client import TownhallClient
from koffer.sync.parcel import seal_application
from koffer.workflows import outbox_parcels
from koffer.workflows.synchronise import BATCH_PACKETS, Synchroniser

Row = tuple[str, str, float, str, float, str]

CASES = 1000
KITS = 50
PACKETS_PER_KIT = 20
JOSE = "application/jose"  # a submission's body: the compact JWE, as the kit sends it
VARIANTS = 8  # distinct attachment sets, cycled over the cases
FAST_KDF = crypto.KdfParams(1024, 1, 1)
PASSPHRASE = "bench passphrase"  # noqa: S105 - a throwaway store
TOKEN = "bench-enrolment-token"  # noqa: S105 - a throwaway town hall
PG_URL = os.environ.get(
    "KOFFER_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
HERE = Path(__file__).resolve()
SERVER_START_S = 60.0

PERSON = Person(
    "Zoë Łucja",
    "Ñúñez-Müller",
    date(1941, 3, 2),
    Address("Lindenstraße", "12a", "45127", "Essen"),
    birth_place="Gelsenkirchen",
)
DETAILS = {"document": "id_card", "height_cm": 168, "eye_colour": "grün", "nationality": "DEU"}


class Attachment(NamedTuple):  # not a dataclass: bench/run.py loads this file unregistered
    kind: str
    media_type: str
    data: bytes


# --- realistic attachments -------------------------------------------------------------


def id_card_attachments(variant: int) -> list[Attachment]:
    """Photo, two fingerprints and a signature as the kit's capture steps produce them."""
    camera = SimCamera(seed=variant)
    camera.open()
    image = camera.capture().image
    camera.close()
    # A real sensor is noisy; the simulator's smooth picture would compress better than a
    # real one. The noise varies by variant: register JPEGs of about 150 to 260 kB.
    noise = np.random.default_rng(variant).normal(0, 0.5 + 0.2 * (variant % 8), image.shape)
    noisy = np.clip(image + noise, 0, 255).astype(np.uint8)
    if noisy.shape[:2] != (1600, 1244):
        noisy = cv2.resize(noisy, (1244, 1600), interpolation=cv2.INTER_AREA)
    photo = register_jpeg(noisy)
    sensor = SimFingerprintSensor(seed=variant, person=variant)
    sensor.open()
    prints = []
    for finger in (Finger.LEFT_INDEX, Finger.RIGHT_INDEX):
        media_type, encoded = encode_for_transmission(sensor.capture(finger).image)
        prints.append(Attachment(f"fingerprint_{finger}", media_type, encoded))
    sensor.close()
    signed = SimSignaturePad(seed=variant).capture()
    strokes = [[(p.x, p.y, p.pressure) for p in stroke] for stroke in signed.strokes]
    return [
        Attachment("photo", "image/jpeg", photo),
        *prints,
        Attachment("signature", "image/jpeg",
                   signature.from_strokes(strokes, signed.width, signed.height)),
    ]  # fmt: skip


# --- processes on 127.0.0.1 ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server {url} ended with {process.returncode}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server {url} did not start")


@contextmanager
def _process(command: list[str], port: int) -> Iterator[str]:
    """Run a server process (output discarded) and yield its URL once it is healthy."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def townhall(data_dir: Path, db_url: str = "", workers: int = 1) -> Any:
    """``koffer townhall serve`` on a free port (SQLite in ``data_dir`` unless ``db_url``)."""
    port = _free_port()
    command = [
        sys.executable, "-m", "koffer", "townhall", "serve", "--port", str(port),
        "--data-dir", str(data_dir), "--enrolment-token", TOKEN, "--workers", str(workers),
        *(["--db", db_url] if db_url else []),
    ]  # fmt: skip
    return _process(command, port)


def sink(durable: Path | None = None) -> Any:
    """A bare ASGI app on the same uvicorn that reads each request body and answers 200.

    With ``durable``, each body is first committed to a SQLite database there (WAL,
    ``synchronous=FULL``, as the town hall stores a packet) on a worker thread.
    """
    port = _free_port()
    command = [sys.executable, str(HERE), "--sink", str(port)]
    return _process(command + (["--durable", str(durable)] if durable else []), port)


class _DurableSink:
    def __init__(self, path: Path) -> None:
        import sqlite3
        import threading

        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE IF NOT EXISTS body (id INTEGER PRIMARY KEY, data BLOB)")

    def store(self, data: bytes) -> None:
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT INTO body (data) VALUES (?)", (data,))
            self.db.execute("COMMIT")


_DURABLE: list[_DurableSink] = []  # set in the sink process by --durable


async def _sink_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    chunks = []
    more = True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    size = sum(len(chunk) for chunk in chunks)
    if _DURABLE:
        await asyncio.to_thread(_DURABLE[0].store, b"".join(chunks))
    body = json.dumps({"received": size}).encode()
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _serve_sink(port: int, durable: str | None = None) -> None:
    import uvicorn

    if durable:
        _DURABLE.append(_DurableSink(Path(durable)))

    uvicorn.run(_sink_app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --- (a) the outbox over loopback ------------------------------------------------------


def _queue_cases(store: KitStore, count: int, variants: list[list[Attachment]]) -> list[bytes]:
    """Put ``count`` queued cases into the store; return the raw bytes of each case."""
    raw = []
    for number in range(count):
        attachments = variants[number % len(variants)]
        with store.unit_of_work() as uow:
            person_id = uow.add_person(PERSON)
            case = Case(
                id=str(uuid.uuid4()),
                reference=new_reference(2026),
                service=ServiceKind.ID_CARD,
                state=CaseState.QUEUED,
                person_id=person_id,
                created_at=datetime.now(UTC).replace(tzinfo=None),
                details=DETAILS,
            )
            uow.add_case(case)
            for attachment in attachments:
                uow.add_attachment(case.id, *attachment)
            uow.enqueue(case.id)
        document = {"case": {"reference": case.reference, "details": DETAILS},
                    "person": PERSON.to_dict()}  # fmt: skip
        raw.append(json.dumps(document).encode() + b"".join(a.data for a in attachments))
    return raw


def _post_all(server: Any, bodies: list[bytes]) -> float:
    """POST each body in turn with a plain httpx client; return the seconds it took."""
    with server as url, httpx.Client(base_url=url, timeout=60) as http:
        http.post("/warm-up", content=bodies[0])
        started = time.perf_counter()
        for body in bodies:
            http.post("/cases", content=body).raise_for_status()
        return time.perf_counter() - started


def bench_outbox(
    folder: Path, count: int = CASES, workers: int = 1
) -> tuple[Row, dict[str, float]]:
    variants = [id_card_attachments(v) for v in range(VARIANTS)]
    sizes = [sum(len(a.data) for a in v) for v in variants]
    store = KitStore(folder / "kit", FAST_KDF)
    store.create("bench", PASSPHRASE)
    try:
        with (
            townhall(folder / "townhall", workers=workers) as url,
            TownhallClient(url, timeout_s=60) as client,
        ):
            synchroniser = Synchroniser(store, client, "bench-kit", TOKEN)
            synchroniser.enrolment()  # enrolment is once per kit, not per sync
            raw = _queue_cases(store, count, variants)
            total_mb = sum(len(r) for r in raw) / 1e6
            # As the kit does when a case is queued (there, one case at a time).
            started = time.perf_counter()
            sealed = outbox_parcels.seal_queued(store)
            seal_s = time.perf_counter() - started
            if sealed != count:
                raise RuntimeError(f"sealed {sealed} of {count}")
            raw_s = _post_all(sink(), raw)
            durable_s = _post_all(sink(folder / "durable-sink.db"), raw)
            started = time.perf_counter()
            report = synchroniser.run()
            sync_s = time.perf_counter() - started
        if len(report.sent) != count or report.failed:
            raise RuntimeError(f"sync sent {len(report.sent)} of {count}: {report.failed[:3]}")
        with store.unit_of_work() as uow:
            acknowledged = sum(1 for c in uow.cases() if c.state is CaseState.ACKNOWLEDGED)
    finally:
        store.close()
    facts = {
        "cases": count,
        "acknowledged": acknowledged,
        "mb": total_mb,
        "case_kb_min": min(sizes) / 1e3,
        "case_kb_max": max(sizes) / 1e3,
        "photo_kb": statistics.mean(len(v[0].data) for v in variants) / 1e3,
        "sync_s": sync_s,
        "seal_s": seal_s,
        "raw_s": raw_s,
        "durable_s": durable_s,
    }
    row = (
        f"sync {count} ID-card cases",
        "kit sync, MB/s",
        total_mb / sync_s,
        "raw httpx POST, MB/s",
        total_mb / raw_s,
        "",
    )
    return row, facts


# --- (b) many kits against PostgreSQL ----------------------------------------------------


@contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards."""
    url = make_url(server_url)
    name = f"koffer_bench_{secrets.token_hex(4)}"
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


class SimulatedKit(NamedTuple):
    url: str  # the town hall this kit talks to
    kit_id: str
    auth: dict[str, str]
    packets: list[tuple[str, bytes]]  # (idempotency key, sealed packet)


def _certificate_pdf(number: int) -> bytes:
    """A small PDF-sized blob standing in for the printed certificate (sealed, so opaque)."""
    return b"%PDF-1.4\n" + os.urandom(12_000 + number % 5000)


def _enrol_kits(url: str, kits: int, packets: int) -> list[SimulatedKit]:
    enrolled = []
    for number in range(kits):
        with httpx.Client(base_url=url, timeout=30) as http:
            signing = crypto.new_signing_key()
            answer = http.post(
                "/v1/kits",
                json={"name": f"kit-{number}", "token": TOKEN,
                      "signing_key": crypto.public_jwk(signing)},
            )  # fmt: skip
            answer.raise_for_status()
            data = answer.json()
            recipient = crypto.encryption_key_from_jwk(data["encryption_key"])
            sealed = []
            for serial in range(packets):
                key = uuid.uuid4().hex
                application = packet.Application(
                    key,
                    {"reference": new_reference(2026), "service": "registration_certificate",
                     "details": {"variant": "simple", "fee_cents": 900}},
                    PERSON.to_dict(),
                    (packet.Attachment("registration_certificate_pdf", "application/pdf",
                                       _certificate_pdf(serial)),),
                )  # fmt: skip
                sealed.append((key, seal_application(application, signing, recipient).encode()))
            auth = {"Authorization": f"Bearer {data['kit_token']}"}
            enrolled.append(SimulatedKit(url, data["kit_id"], auth, sealed))
    return enrolled


def _requests(kit: SimulatedKit, mode: str) -> list[tuple[bytes, int]]:
    """A kit's requests as HTTP/1.1 bytes with the packets each carries, made beforehand.

    ``mode``: ``health`` (as many GETs as the kit has packets), ``single`` (one packet per
    request, a kit handing in each case as it is queued) or ``batch`` (the packets in the
    kit's own batches, as a kit hands in what it queued while offline).
    """
    host = kit.url.removeprefix("http://")
    head = f"Host: {host}\r\nAuthorization: {kit.auth['Authorization']}\r\n"
    if mode == "health":
        request = f"GET /health HTTP/1.1\r\nHost: {host}\r\n\r\n".encode("ascii")
        return [(request, 1)] * len(kit.packets)
    if mode == "single":
        return [
            (f"POST /v1/kits/{kit.kit_id}/submissions HTTP/1.1\r\n{head}"
             f"Idempotency-Key: {key}\r\nContent-Type: {JOSE}\r\n"
             f"Content-Length: {len(sealed)}\r\n\r\n".encode("ascii") + sealed, 1)
            for key, sealed in kit.packets
        ]  # fmt: skip
    made = []
    for start in range(0, len(kit.packets), BATCH_PACKETS):
        batch = kit.packets[start : start + BATCH_PACKETS]
        body = json.dumps(
            {"submissions": [{"idempotency_key": k, "packet": p.decode()} for k, p in batch]}
        ).encode("ascii")
        made.append(
            (f"POST /v1/kits/{kit.kit_id}/submission-batches HTTP/1.1\r\n{head}"
             f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
             .encode("ascii") + body, len(batch))
        )  # fmt: skip
    return made


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> None:
    """Send one request on a kept-alive connection and read its whole answer."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
    body = await reader.readexactly(int(fields["content-length"]))
    if status not in {200, 201}:
        raise RuntimeError(f"{status}: {body[:200]!r}")


async def _drive(kits: list[SimulatedKit], mode: str) -> tuple[float, list[float]]:
    """Every kit sends its packets (or as many health checks) in turn; return time, latencies.

    A packet's latency is that of the request that carried it.

    Each kit keeps one HTTP/1.1 connection and sends requests prepared before the clock
    starts, over plain asyncio streams. The 50 kits are 50 notebooks in the field; here they
    share the town hall's two cores, so they must cost it as little as they can: an
    ``httpx.AsyncClient`` took about 2.7 ms of CPU a packet, as much as a third of what the
    town hall itself needed.
    """
    latencies: list[float] = []
    prepared = [(kit, _requests(kit, mode)) for kit in kits]

    async def one_kit(kit: SimulatedKit, requests: list[tuple[bytes, int]]) -> None:
        host, port = kit.url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            for request, packets in requests:
                started = time.perf_counter()
                await _exchange(reader, writer, request)
                latencies.extend([time.perf_counter() - started] * packets)
        finally:
            writer.close()
            await writer.wait_closed()

    started = time.perf_counter()
    await asyncio.gather(*(one_kit(kit, requests) for kit, requests in prepared))
    return time.perf_counter() - started, latencies


def _p99_ms(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98] * 1000


def bench_kits(
    folder: Path,
    kits: int = KITS,
    packets: int = PACKETS_PER_KIT,
    server_url: str = PG_URL,
    workers: int = 1,
) -> tuple[list[Row], dict[str, float]]:
    with (
        throwaway_database(server_url) as db_url,
        townhall(folder / "pg-townhall", db_url, workers) as url,
    ):
        # Each kit seals twice its packets: the first half goes one per request, the
        # other half in the kit's batches (fresh packets, not repeats of the first).
        enrolled = _enrol_kits(url, kits, 2 * packets)
        simulated = [kit._replace(packets=kit.packets[:packets]) for kit in enrolled]
        batching = [kit._replace(packets=kit.packets[packets:]) for kit in enrolled]
        health_s, health_latencies = asyncio.run(_drive(simulated, "health"))
        submit_s, latencies = asyncio.run(_drive(simulated, "single"))
        batch_s, batch_latencies = asyncio.run(_drive(batching, "batch"))
        engine = create_engine(db_url)
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM submission")).scalar_one()
        engine.dispose()
    sent = kits * packets
    if stored != 2 * sent:
        raise RuntimeError(f"{stored} submissions stored for {2 * sent} sent")
    facts = {
        "packets": sent,
        "packets_s": sent / submit_s,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": _p99_ms(latencies),
        "batched_packets_s": sent / batch_s,
        "batched_p50_ms": statistics.median(batch_latencies) * 1000,
        "batched_p99_ms": _p99_ms(batch_latencies),
        "health_s": sent / health_s,
        "health_p99_ms": _p99_ms(health_latencies),
        "packet_kb": statistics.mean(len(s) for k in simulated for _, s in k.packets) / 1e3,
    }
    name = f"{kits} kits, PostgreSQL, {workers} proc"
    rows: list[Row] = [
        (name, "packets/s", facts["packets_s"], "GET /health, requests/s", facts["health_s"], ""),
        (name, "p99 latency, ms", facts["p99_ms"], "GET /health p99, ms",
         facts["health_p99_ms"], ""),
        (name + ", batched", "packets/s", facts["batched_packets_s"],
         "GET /health, requests/s", facts["health_s"], ""),
        (name + ", batched", "p99 latency, ms", facts["batched_p99_ms"],
         "GET /health p99, ms", facts["health_p99_ms"], ""),
    ]  # fmt: skip
    return rows, facts


# --- entry points --------------------------------------------------------------------------


def run(
    count: int = CASES, kits: int = KITS, server_url: str = PG_URL, workers: int = 1
) -> list[Row]:
    return _run(count, kits, server_url, workers)[0]


def _run(
    count: int, kits: int, server_url: str, workers: int
) -> tuple[list[Row], dict[str, float]]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        outbox, facts = bench_outbox(folder, count, workers)
        kit_rows, kit_facts = bench_kits(folder, kits, PACKETS_PER_KIT, server_url, workers)
    return [outbox, *kit_rows], facts | kit_facts


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=int, default=CASES)
    parser.add_argument("--kits", type=int, default=KITS)
    parser.add_argument("--pg", default=PG_URL, help="PostgreSQL server (a database is made)")
    parser.add_argument(
        "--workers", type=int, default=1, help="town-hall processes (serve --workers)"
    )
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--durable", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sink:
        _serve_sink(args.sink, args.durable)
        return 0
    rows, facts = _run(args.cases, args.kits, args.pg, args.workers)
    for name, label, value, base_label, base_value, _unit in rows:
        ratio = value / base_value if base_value else float("nan")
        print(f"{name:<26} {label:<18} {value:>9.1f}   {base_label:<24} {base_value:>9.1f} "
              f"{ratio:>6.2f}x")  # fmt: skip
    print(
        f"outbox: {facts['cases']:.0f} cases of {facts['case_kb_min']:.0f}-"
        f"{facts['case_kb_max']:.0f} kB (photo {facts['photo_kb']:.0f} kB), "
        f"{facts['mb']:.1f} MB: sync {facts['sync_s']:.1f} s, raw {facts['raw_s']:.1f} s, "
        f"{facts['acknowledged']:.0f} acknowledged"
    )
    share = facts["raw_s"] / facts["sync_s"]
    print(f"sync throughput {share:.0%} of raw -> target >= 50 % {_verdict(share >= 0.5)}")
    print(
        f"for reference, the same POSTs into a sink that commits each body to SQLite "
        f"(synchronous=FULL): {facts['durable_s']:.1f} s, {facts['raw_s'] / facts['durable_s']:.0%}"
        f" of raw; the sync reaches {facts['durable_s'] / facts['sync_s']:.0%} of that"
    )
    with_sealing = facts["raw_s"] / (facts["sync_s"] + facts["seal_s"])
    print(
        f"sealing at queue time: {facts['seal_s'] * 1000 / facts['cases']:.1f} ms per case; "
        f"sealing and sync together {with_sealing:.0%} of raw"
    )
    print(
        f"kits: {facts['packets']:.0f} packets of {facts['packet_kb']:.0f} kB sealed: "
        f"{facts['packets_s']:.0f} packets/s -> target >= 200 "
        f"{_verdict(facts['packets_s'] >= 200)}; p50 {facts['p50_ms']:.0f} ms, "
        f"p99 {facts['p99_ms']:.0f} ms -> target <= 500 ms {_verdict(facts['p99_ms'] <= 500)}"
    )
    print(
        f"kits sending their packets in batches of up to {BATCH_PACKETS} (as the kit does): "
        f"{facts['batched_packets_s']:.0f} packets/s -> target >= 200 "
        f"{_verdict(facts['batched_packets_s'] >= 200)}; p50 {facts['batched_p50_ms']:.0f} ms, "
        f"p99 {facts['batched_p99_ms']:.0f} ms (a packet's latency is its request's) -> "
        f"target <= 500 ms {_verdict(facts['batched_p99_ms'] <= 500)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
