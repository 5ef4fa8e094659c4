import sqlite3
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from koffer.domain.case import Case, CaseState, ServiceKind, new_reference
from koffer.domain.errors import RecordDamaged, StoreLocked, ValidationError, WrongPassphrase
from koffer.domain.messages import describe
from koffer.domain.person import Person
from koffer.storage.models import PersonRow
from koffer.storage.repository import DAMAGED_NAME
from koffer.storage.store import KitStore
from koffer.storage.verify import verify_audit_chain
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF


def _reopen(store: KitStore) -> KitStore:
    store.close()
    return KitStore(store.data_dir, TEST_KDF)


def test_created_store_is_unlocked_and_reopens_with_the_passphrase(
    store: KitStore, citizen: Person
) -> None:
    assert store.unlocked
    with store.unit_of_work() as uow:
        person_id = uow.add_person(citizen)
    reopened = _reopen(store)
    assert not reopened.unlocked
    with pytest.raises(StoreLocked):
        reopened.unit_of_work().__enter__()
    reopened.unlock(CLERK, PASSPHRASE)
    with reopened.unit_of_work() as uow:
        assert uow.person(person_id) == citizen
    reopened.close()


def test_wrong_passphrase_and_unknown_clerk_look_the_same(store: KitStore) -> None:
    reopened = _reopen(store)
    with pytest.raises(WrongPassphrase):
        reopened.unlock(CLERK, "wrong passphrase")
    with pytest.raises(WrongPassphrase):
        reopened.unlock("nobody", PASSPHRASE)
    assert not reopened.unlocked
    reopened.close()


def test_second_clerk_unlocks_the_same_data(store: KitStore, citizen: Person) -> None:
    with store.unit_of_work() as uow:
        person_id = uow.add_person(citizen)
    store.add_clerk("clerk2", "another passphrase")
    reopened = _reopen(store)
    reopened.unlock("clerk2", "another passphrase")
    with reopened.unit_of_work() as uow:
        assert uow.person(person_id).surname == citizen.surname
    assert reopened.clerks() == ["clerk1", "clerk2"]
    reopened.close()


def test_short_passphrase_is_refused(tmp_path: Path) -> None:
    fresh = KitStore(tmp_path / "s", TEST_KDF, min_passphrase=12)
    with pytest.raises(ValidationError) as caught:
        fresh.create("clerk", "short")
    assert caught.value.params["minimum"] == 12
    assert not fresh.is_initialised()
    fresh.close()


def test_no_personal_data_in_the_database_files(store: KitStore, citizen: Person) -> None:
    with store.unit_of_work() as uow:
        uow.add_person(citizen)
    store.close()
    raw = b"".join(p.read_bytes() for p in store.data_dir.iterdir() if p.is_file())
    for needle in (citizen.surname, "Lindenstraße", "Łucja", "1941-03-02"):
        assert needle.encode("utf-8") not in raw


def test_store_files_are_private(store: KitStore, citizen: Person) -> None:
    with store.unit_of_work() as uow:
        uow.add_person(citizen)
    assert store.data_dir.stat().st_mode & 0o777 == 0o700
    files = list(store.data_dir.iterdir())
    assert {p.name for p in files} >= {"kit.db", "kit.db-wal", "kit.db-shm"}
    for path in files:
        assert path.stat().st_mode & 0o077 == 0, path.name


def test_a_failed_unit_of_work_rolls_back(store: KitStore, citizen: Person) -> None:
    def add_then_fail() -> None:
        with store.unit_of_work() as uow:
            uow.add_person(citizen)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        add_then_fail()
    with store.unit_of_work() as uow:
        assert uow.session.execute(text("SELECT count(*) FROM person")).scalar() == 0


def test_a_commit_refused_by_a_foreign_key_rolls_back_and_the_store_goes_on(
    store: KitStore, citizen: Person
) -> None:
    for use_the_orm in (False, True):  # the driver's transaction alone, and with the ORM in it

        def dangling_address(use_the_orm: bool = use_the_orm) -> None:
            with store.unit_of_work() as uow:
                uow.add_person(citizen)
                uow.add_address("no such person", citizen.address, "main")
                if use_the_orm:
                    uow.set_secret("note", "kept only with the rest")

        with pytest.raises((sqlite3.IntegrityError, IntegrityError)):
            dangling_address()  # foreign keys are checked at commit
    with store.unit_of_work() as uow:
        assert uow.session.execute(text("SELECT count(*) FROM person")).scalar() == 0
        assert uow.secret("note") is None
        kept = uow.add_person(citizen)
    with store.unit_of_work() as uow:
        assert uow.person(kept) == citizen


def test_units_of_work_on_several_threads_take_turns_and_keep_the_chain(
    store: KitStore, citizen: Person
) -> None:
    errors: list[BaseException] = []

    def save_cases() -> None:
        try:
            for _ in range(5):
                with store.unit_of_work() as uow:
                    case = Case(str(uuid.uuid4()), new_reference(2026), ServiceKind.ID_CARD,
                                CaseState.CAPTURED, uow.add_person(citizen), uow.now())  # fmt: skip
                    uow.add_case(case)
                    uow.add_attachment(case.id, "photo", "image/jpeg", b"jpeg")
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    threads = [threading.Thread(target=save_cases) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with store.unit_of_work() as uow:
        assert len(uow.cases()) == 15
    assert verify_audit_chain(store.data_dir) == (None, 15)


def test_a_unit_of_work_takes_a_pooled_connection_while_the_kept_one_is_busy(
    store: KitStore, citizen: Person
) -> None:
    # Held, as while another thread's unit of work uses it: a pooled connection steps in.
    with store._worker_lock, store.unit_of_work() as uow:
        pooled = uow.add_person(citizen)
    with store.unit_of_work() as uow:
        assert uow.person(pooled) == citizen


def test_times_are_stored_as_sqlalchemy_stores_them(tmp_path: Path, citizen: Person) -> None:
    at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC).replace(tzinfo=None)  # naive, no microseconds
    kit = KitStore(tmp_path / "kit", TEST_KDF, clock=lambda: at)
    kit.create(CLERK, PASSPHRASE)
    with kit.unit_of_work() as uow:
        person_id = uow.add_person(citizen)
    with kit.unit_of_work() as uow:
        stored = uow.session.execute(
            text("SELECT created_at FROM person WHERE id = :id"), {"id": person_id}
        ).scalar_one()
        assert stored == "2026-11-02 09:30:00.000000"
        row = uow.session.get(PersonRow, person_id)
        assert row is not None
        assert row.created_at == at
    kit.close()


def test_audit_chain_detects_a_changed_entry(store: KitStore, citizen: Person) -> None:
    with store.unit_of_work() as uow:
        uow.audit("a")
        uow.audit("b")
        uow.audit("c")
    assert verify_audit_chain(store.data_dir) == (None, 3)
    store.close()
    engine = create_engine(f"sqlite:///{store.path}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET event = 'x' WHERE id = 2"))
    engine.dispose()
    assert verify_audit_chain(store.data_dir) == (2, 3)


def test_a_tampered_record_names_itself_and_leaves_the_rest_readable(
    store: KitStore, citizen: Person
) -> None:
    with store.unit_of_work() as uow:
        damaged, intact = uow.add_person(citizen), uow.add_person(citizen)
        case = Case(str(uuid.uuid4()), new_reference(2026), ServiceKind.REGISTRATION_CERTIFICATE,
                    CaseState.DRAFT, damaged, uow.now(), {})  # fmt: skip
        uow.add_case(case)
        attachment = uow.add_attachment(case.id, "scan", "image/png", b"scan")
    with store.unit_of_work() as uow:  # flip one bit in each sealed value of one citizen
        for table, column, row_id in (
            ("person", "sealed", damaged),
            ("person", "name_sealed", damaged),
            ("attachment", "sealed", attachment),
        ):
            blob = uow.session.execute(
                text(f"SELECT {column} FROM {table} WHERE id = :id"),  # noqa: S608
                {"id": row_id},
            ).scalar_one()
            flipped = blob[:-1] + bytes([blob[-1] ^ 1])
            uow.session.execute(
                text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),  # noqa: S608
                {"v": flipped, "id": row_id},
            )
    store.lock()
    store.unlock(CLERK, PASSPHRASE)

    with store.unit_of_work() as uow:
        with pytest.raises(RecordDamaged) as error:
            uow.person(damaged)
        assert error.value.detail == f"person {damaged}"
        with pytest.raises(RecordDamaged):
            uow.attachment(attachment)
        assert uow.person(intact) == citizen
        assert [c.citizen for c in uow.cases()] == [DAMAGED_NAME]
    assert citizen.surname not in describe(error.value, "de")
