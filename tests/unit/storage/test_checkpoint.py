"""WAL checkpoints run on the store's own thread once it is quiet, not inside a clerk's save."""

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from koffer.domain.case import Case, CaseState, ServiceKind, new_reference
from koffer.domain.person import Person
from koffer.storage.checkpoint import AUTOCHECKPOINT_PAGES, Checkpointer
from koffer.storage.store import KitStore
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF

BLOB = bytes(range(256)) * 4096  # 1 MiB: 256 pages of log


def _save(store: KitStore, citizen: Person) -> None:
    with store.unit_of_work() as uow:
        case = Case(
            str(uuid.uuid4()),
            new_reference(2026),
            ServiceKind.ID_CARD,
            CaseState.CAPTURED,
            uow.add_person(citizen),
            uow.now(),
        )
        uow.add_case(case)
        uow.add_attachment(case.id, "photo", "image/jpeg", BLOB)


def _checkpointer(store: KitStore) -> Checkpointer:
    checkpointer = store._checkpointer
    assert checkpointer is not None
    return checkpointer


def _wait_for(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "no checkpoint came"
        time.sleep(0.02)


def test_a_save_leaves_its_pages_in_the_log_until_the_quiet_checkpoint(
    store: KitStore, citizen: Person
) -> None:
    _save(store, citizen)  # the first save; its checkpoint settles before measuring
    _wait_for(lambda: _checkpointer(store).runs >= 1)
    size_before = store.path.stat().st_size
    runs = _checkpointer(store).runs
    _checkpointer(store)._quiet_s = 1.0  # room for a slow machine between commit and stat

    _save(store, citizen)
    # Right after the commit the new pages sit in the log; the database file has not grown.
    assert store.path.stat().st_size == size_before

    _wait_for(lambda: _checkpointer(store).runs > runs)
    assert store.path.stat().st_size >= size_before + len(BLOB)


def test_the_connections_checkpoint_by_themselves_only_as_a_safety_net(store: KitStore) -> None:
    with store.engine.connect() as connection:
        raw: Any = connection.connection.driver_connection
        assert raw.execute("PRAGMA wal_autocheckpoint").fetchone() == (AUTOCHECKPOINT_PAGES,)


def test_a_burst_of_saves_gets_one_checkpoint_after_it(store: KitStore, citizen: Person) -> None:
    for _ in range(5):
        _save(store, citizen)
    _wait_for(lambda: _checkpointer(store).runs >= 1)
    time.sleep(0.5)  # two quiet periods more: nothing new to fold
    assert _checkpointer(store).runs == 1


def test_closing_the_store_ends_the_thread(tmp_path: Path, citizen: Person) -> None:
    kit = KitStore(tmp_path / "kit", TEST_KDF)
    kit.create(CLERK, PASSPHRASE)
    _save(kit, citizen)
    checkpointer = _checkpointer(kit)
    thread = checkpointer._thread
    assert thread is not None
    assert thread.is_alive()
    kit.close()
    assert not thread.is_alive()
    checkpointer.nudge()  # after stop: ignored, no new thread
    assert checkpointer._thread is thread
