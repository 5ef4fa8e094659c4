"""Sealed kit store against raw SQLite: saving an ID-card case, listing and searching 10,000.

Every figure has its baseline measured in the same run: the same bytes through plain
``sqlite3`` with the store's pragmas (WAL, ``synchronous=FULL``, the store's checkpoint
threshold), unencrypted, no ORM.

- Saving: one complete ID-card-like case of about 1 MB (citizen, details, a 1244x1600 JPEG
  from the simulated camera, two PNG fingerprints, a PNG signature) in one unit of work,
  against the same rows in one raw transaction. Median of ``SAVE_REPETITIONS``, interleaved.
- Listing and search with ``CASES`` cases in the store: ``uow.cases()`` against a ``SELECT``
  on a plain table with the same rows, and a search by surname substring against
  ``SELECT ... WHERE surname LIKE`` (through ``cases(search=...)`` when the store has it,
  else ``cases()`` filtered in Python, labelled so). The store keeps the names it decrypted
  while unlocked, so the first listing after an unlock, which decrypts them all, is a row
  of its own.
- Unlock with the default Argon2id parameters, against Argon2id alone.

Targets (store issue): saving at most 1.3x raw and under 20 ms; list and search under 50 ms.
``python bench/store.py [CASES]`` prints the rows and whether the targets are met.
"""

from __future__ import annotations

import inspect
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np

from koffer import crypto
from koffer.devices.camera.sim import SimCamera
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.signature_pad.sim import SimSignaturePad
from koffer.domain.case import Case, CaseState, ServiceKind, new_reference
from koffer.domain.person import Address, Person
from koffer.storage.checkpoint import AUTOCHECKPOINT_PAGES
from koffer.storage.repository import UnitOfWork
from koffer.storage.store import KitStore

Row = tuple[str, str, float, str, float, str]

CASES = 10_000
SAVE_REPETITIONS = 60  # a steadier median; 61 saves of 1 MB stay under the checkpoint threshold
LIST_REPETITIONS = 5
DEFAULT_KDF = crypto.KdfParams(64 * 1024, 3, 4)
FAST_KDF = crypto.KdfParams(1024, 1, 1)  # the 10,000-case store: unlock is not measured there
PASSPHRASE = "bench passphrase"  # noqa: S105 - a throwaway store
SEARCH = "schmi"  # a surname substring that matches about 1 in 20 citizens
SURNAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
    "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann",
    "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid",
    "Kowalczyk", "Yılmaz", "Nguyễn", "Łukasik", "Ñúñez", "Papadopoulos", "Öztürk", "Đorđević",
)  # fmt: skip
GIVEN_NAMES = ("Zoë", "Łucja", "Jürgen", "Anna", "Mehmet", "Sören", "Marie", "Ömer", "Ida")

PERSON = Person(
    "Zoë Łucja",
    "Ñúñez-Müller",
    date(1941, 3, 2),
    Address("Lindenstraße", "12a", "45127", "Essen"),
    birth_place="Gelsenkirchen",
)
DETAILS = {
    "document": "id_card",
    "height_cm": 168,
    "eye_colour": "grün",
    "nationality": "DEU",
    "validity_years": 10,
    "fee_cents": 3700,
    "pin_letter": "post",
    "online_function": True,
    "pickup": "Bürgeramt Essen-Mitte",
    "photo_check": {"icao": True, "score": 0.93},
}


class Attachment(NamedTuple):  # not a dataclass: bench/run.py loads this file unregistered
    kind: str
    media_type: str
    data: bytes


def id_card_attachments() -> list[Attachment]:
    """Photo, two fingerprints and a signature as the kit captures them (about 1 MB)."""
    camera = SimCamera()
    camera.open()
    image = camera.capture().image
    camera.close()
    # A real sensor is noisy; the simulator's smooth picture would compress to a fifth.
    noise = np.random.default_rng(0).normal(0, 5, image.shape)
    noisy = np.clip(image + noise, 0, 255).astype(np.uint8)
    photo = _encode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, 95])
    sensor = SimFingerprintSensor()
    sensor.open()
    prints = [
        Attachment(f"fingerprint_{finger}", "image/png", _encode(".png", sample.image))
        for finger in (Finger.LEFT_INDEX, Finger.RIGHT_INDEX)
        for sample in [sensor.capture(finger)]
    ]
    sensor.close()
    return [
        Attachment("photo", "image/jpeg", photo),
        *prints,
        Attachment("signature", "image/png", _signature_png()),
    ]


def _encode(extension: str, image: np.ndarray, params: list[int] | None = None) -> bytes:
    ok, encoded = cv2.imencode(extension, image, params or [])
    if not ok:
        raise RuntimeError(f"cv2 could not encode {extension}")
    return encoded.tobytes()


def _signature_png() -> bytes:
    signature = SimSignaturePad().capture()
    canvas = np.full((signature.height, signature.width), 255, np.uint8)
    for stroke in signature.strokes:
        points = np.array([[p.x, p.y] for p in stroke], np.int32)
        cv2.polylines(canvas, [points], isClosed=False, color=0, thickness=3, lineType=cv2.LINE_AA)
    return _encode(".png", canvas)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _new_case(person_id: str, created_at: datetime | None = None) -> Case:
    return Case(
        id=str(uuid.uuid4()),
        reference=new_reference(2026),
        service=ServiceKind.REGISTRATION_CERTIFICATE,
        state=CaseState.CAPTURED,
        person_id=person_id,
        created_at=created_at or _now(),
        details=DETAILS,
    )


def _median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# --- raw baseline -----------------------------------------------------------------------


def _raw_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.executescript(
        """
        CREATE TABLE person (id TEXT PRIMARY KEY, created_at TEXT, data TEXT);
        CREATE TABLE "case" (
            id TEXT PRIMARY KEY, reference TEXT UNIQUE, service TEXT, state TEXT,
            person_id TEXT REFERENCES person(id), created_at TEXT, updated_at TEXT, data TEXT);
        CREATE TABLE attachment (
            id TEXT PRIMARY KEY, case_id TEXT REFERENCES "case"(id), kind TEXT,
            media_type TEXT, created_at TEXT, data BLOB);
        CREATE INDEX ix_attachment_case_id ON attachment (case_id);
        """
    )
    return connection


def _raw_save(connection: sqlite3.Connection, attachments: list[Attachment]) -> None:
    now = _now().isoformat()
    person_id, case_id = str(uuid.uuid4()), str(uuid.uuid4())
    with connection:
        connection.execute(
            "INSERT INTO person VALUES (?, ?, ?)",
            (person_id, now, json.dumps(PERSON.to_dict(), ensure_ascii=False)),
        )
        connection.execute(
            'INSERT INTO "case" VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            (
                case_id,
                new_reference(2026),
                "registration_certificate",
                "captured",
                person_id,
                now,
                now,
                json.dumps(DETAILS, ensure_ascii=False),
            ),
        )
        connection.executemany(
            "INSERT INTO attachment VALUES (?, ?, ?, ?, ?, ?)",
            [(str(uuid.uuid4()), case_id, a.kind, a.media_type, now, a.data) for a in attachments],
        )


def _store_save(store: KitStore, attachments: list[Attachment]) -> None:
    with store.unit_of_work() as uow:
        person_id = uow.add_person(PERSON)
        case = _new_case(person_id)
        uow.add_case(case)
        for a in attachments:
            uow.add_attachment(case.id, a.kind, a.media_type, a.data)


def bench_save(folder: Path) -> tuple[Row, Row]:
    """Save the ID-card case through the store and through raw SQLite; also time unlock."""
    attachments = id_card_attachments()
    size_mb = sum(len(a.data) for a in attachments) / 1e6
    raw = _raw_connection(folder / "raw.db")
    store = KitStore(folder / "kit", DEFAULT_KDF)
    store.create("bench", PASSPHRASE)
    unlock = []
    for _ in range(3):
        store.lock()
        unlock.append(_timed(lambda: store.unlock("bench", PASSPHRASE)))
    _raw_save(raw, attachments)  # warm up both: first-use costs are not per case
    _store_save(store, attachments)
    raw_times, store_times = [], []
    for _ in range(SAVE_REPETITIONS):  # interleaved, so drift hits both alike
        raw_times.append(_timed(lambda: _raw_save(raw, attachments)))
        store_times.append(_timed(lambda: _store_save(store, attachments)))
    raw.close()
    store.close()
    salt = crypto.new_salt()
    argon2 = [_timed(lambda: crypto.derive_kek(PASSPHRASE, salt, DEFAULT_KDF)) for _ in range(3)]
    return (
        (
            f"store: save ID-card case {size_mb:.2f}MB",
            "KitStore, 1 unit of work",
            _median_ms(store_times),
            "raw sqlite3, 1 txn",
            _median_ms(raw_times),
            "ms",
        ),
        (
            "store: unlock (Argon2id 64MiB t3 p4)",
            "KitStore.unlock",
            min(unlock) * 1000,
            "Argon2id alone",
            min(argon2) * 1000,
            "ms",
        ),
    )


# --- listing and search -------------------------------------------------------------------


def _citizens(count: int) -> list[Person]:
    people = []
    for i in range(count):
        surname = SURNAMES[i % len(SURNAMES)] + ("" if i % 3 else f"-{SURNAMES[i % 7]}")
        people.append(
            Person(
                GIVEN_NAMES[i % len(GIVEN_NAMES)],
                surname,
                date(1940 + i % 70, 1 + i % 12, 1 + i % 28),
                Address("Lindenstraße", str(1 + i % 200), "45127", "Essen"),
            )
        )
    return people


def _fill_raw(path: Path, people: list[Person], start: datetime) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(
        "CREATE TABLE plain_case (id TEXT PRIMARY KEY, reference TEXT, service TEXT, "
        "state TEXT, given_names TEXT, surname TEXT, street TEXT, created_at TEXT, "
        "townhall_status TEXT)"
    )
    with connection:
        connection.executemany(
            "INSERT INTO plain_case VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    str(uuid.uuid4()),
                    new_reference(2026),
                    "registration_certificate",
                    "captured",
                    p.given_names,
                    p.surname,
                    p.address.street,
                    (start + timedelta(seconds=i)).isoformat(),
                    "",
                )
                for i, p in enumerate(people)
            ],
        )
    return connection


def _fill_store(folder: Path, people: list[Person], start: datetime) -> KitStore:
    store = KitStore(folder, FAST_KDF)
    store.create("bench", PASSPHRASE)
    with store.unit_of_work() as uow:  # one transaction, so filling does not dominate the run
        for i, person in enumerate(people):
            uow.add_case(_new_case(uow.add_person(person), start + timedelta(seconds=i)))
    return store


def bench_list(folder: Path, count: int = CASES) -> tuple[Row, Row, Row]:
    """List and search ``count`` cases in the store and in a plain table."""
    people = _citizens(count)
    start = _now() - timedelta(days=30)
    raw = _fill_raw(folder / "plain.db", people, start)
    store = _fill_store(folder / "kit-list", people, start)

    def store_list() -> int:
        with store.unit_of_work() as uow:
            return len(uow.cases())

    def store_list_after_unlock() -> float:
        store.lock()  # forgets the names decrypted so far
        store.unlock("bench", PASSPHRASE)
        return _timed(store_list)

    if _has_search():

        def store_search() -> int:
            with store.unit_of_work() as uow:
                return len(uow.cases(search=SEARCH))

        search_label = "uow.cases(search=...)"
    else:

        def store_search() -> int:
            with store.unit_of_work() as uow:
                return len([s for s in uow.cases() if SEARCH in s.citizen.casefold()])

        search_label = "cases() + filter (no search)"

    def raw_list() -> int:
        return len(
            raw.execute(
                "SELECT id, reference, service, state, given_names, surname, created_at, "
                "townhall_status FROM plain_case ORDER BY created_at DESC"
            ).fetchall()
        )

    def raw_list_new_connection() -> float:
        connection = sqlite3.connect(folder / "plain.db")
        try:
            return _timed(
                lambda: connection.execute(
                    "SELECT id, reference, service, state, given_names, surname, created_at, "
                    "townhall_status FROM plain_case ORDER BY created_at DESC"
                ).fetchall()
            )
        finally:
            connection.close()

    def raw_search() -> int:
        return len(
            raw.execute(
                "SELECT id, reference, service, state, given_names, surname, created_at, "
                "townhall_status FROM plain_case WHERE surname LIKE ? ORDER BY created_at DESC",
                (f"%{SEARCH}%",),
            ).fetchall()
        )

    listed, found = store_list(), store_search()  # warm up, and check both see the same
    if (listed, found) != (raw_list(), raw_search()):
        raise RuntimeError(f"store and raw disagree: {listed, found}")
    timings: dict[str, list[float]] = {key: [] for key in ("sl", "rl", "ss", "rs", "su", "rn")}
    for _ in range(LIST_REPETITIONS):
        timings["rl"].append(_timed(raw_list))
        timings["sl"].append(_timed(store_list))
        timings["rs"].append(_timed(raw_search))
        timings["ss"].append(_timed(store_search))
        timings["rn"].append(raw_list_new_connection())
        timings["su"].append(store_list_after_unlock())
    raw.close()
    store.close()
    return (
        (
            f"store: list {count:,} cases",
            "uow.cases()",
            _median_ms(timings["sl"]),
            "raw SELECT, plain table",
            _median_ms(timings["rl"]),
            "ms",
        ),
        (
            f"store: surname search, {count:,}",
            search_label,
            _median_ms(timings["ss"]),
            "raw SELECT ... LIKE",
            _median_ms(timings["rs"]),
            "ms",
        ),
        (
            f"store: list {count:,}, after unlock",
            "uow.cases(), names sealed",
            _median_ms(timings["su"]),
            "raw SELECT, new connection",
            _median_ms(timings["rn"]),
            "ms",
        ),
    )


def _has_search() -> bool:
    """Whether the store can search cases itself (``cases(search=...)``)."""
    return "search" in inspect.signature(UnitOfWork.cases).parameters


def run(count: int = CASES) -> list[Row]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        save, unlock = bench_save(folder)
        listing, search, cold = bench_list(folder, count)
    return [save, listing, search, cold, unlock]


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def _targets(rows: list[Row]) -> list[str]:
    save, listing, search, cold, _unlock = rows
    ratio = save[2] / save[4]
    limit = "target <50 ms"
    return [
        f"save: {save[2]:.1f} ms, {ratio:.2f}x raw -> target <=1.3x and <20 ms "
        + _verdict(ratio <= 1.3 and save[2] < 20),
        f"list: {listing[2]:.1f} ms -> {limit} {_verdict(listing[2] < 50)}",
        f"search: {search[2]:.1f} ms -> {limit} {_verdict(search[2] < 50)}",
        f"list, first after unlock: {cold[2]:.1f} ms -> {limit} {_verdict(cold[2] < 50)}",
    ]


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else CASES)
    for row in result:
        name, label, value, base_label, base_value, unit = row
        print(
            f"{name:<34} {label:<28} {value:>8.2f}{unit}   {base_label:<24} "
            f"{base_value:>8.2f}{unit} {value / base_value:>6.1f}x"
        )
    print("\n".join(_targets(result)))
