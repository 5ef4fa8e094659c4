"""A store created by the previous schema opens, migrates and keeps every record."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from koffer import crypto
from koffer.domain.case import Case, CaseState, ServiceKind, new_reference
from koffer.domain.person import Person
from koffer.storage.migrate import alembic_config
from koffer.storage.store import HEAD_REVISION, KNOWN_REVISIONS, KitStore
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF

NOW = datetime(2026, 11, 1, 9, 30, tzinfo=UTC).replace(tzinfo=None)  # naive UTC, as stored


def _store_at_0001(folder: Path, citizen: Person) -> None:
    """Write a kit store exactly as schema 0001 (the first release) laid it out."""
    folder.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{folder / 'kit.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    data_key = crypto.new_key()
    salt = crypto.new_salt()
    wrapped = crypto.seal(
        crypto.derive_kek(PASSPHRASE, salt, TEST_KDF), data_key, f"clerk:{CLERK}".encode()
    )
    rows = {
        "clerk_key": {
            "id": 1,
            "login": CLERK,
            "kdf": json.dumps(TEST_KDF.to_dict()),
            "salt": salt,
            "wrapped_key": wrapped,
            "created_at": NOW,
        },
        "person": {
            "id": "p1",
            "created_at": NOW,
            "sealed": crypto.seal_json(data_key, citizen.to_dict(), b"person:p1"),
        },
        "case": {
            "id": "c1",
            "reference": "K-2026-AAAA-AAAA",
            "service": "registration_certificate",
            "state": "queued",
            "person_id": "p1",
            "created_at": NOW,
            "updated_at": NOW,
            "townhall_status": "",
            "sealed": crypto.seal_json(data_key, {}, b"case:c1"),
        },
        "attachment": {
            "id": "a1",
            "case_id": "c1",
            "kind": "registration_certificate_pdf",
            "media_type": "application/pdf",
            "created_at": NOW,
            "sealed": crypto.seal(data_key, b"%PDF-old", b"attachment:a1"),
        },
        "outbox": {
            "id": 1,
            "case_id": "c1",
            "idempotency_key": "k1",
            "state": "pending",
            "attempts": 0,
            "next_attempt_at": NOW,
            "last_error": "",
            "townhall_reference": "",
        },
    }
    with engine.begin() as connection:
        for table, row in rows.items():
            columns = ", ".join(row)
            values = ", ".join(f":{name}" for name in row)
            insert = f'INSERT INTO "{table}" ({columns}) VALUES ({values})'  # noqa: S608
            connection.execute(text(insert), row)
    engine.dispose()


def test_store_from_schema_0001_migrates_and_keeps_everything(
    tmp_path: Path, citizen: Person
) -> None:
    _store_at_0001(tmp_path / "kit", citizen)
    store = KitStore(tmp_path / "kit", TEST_KDF)
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work() as uow:
        revision = uow.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == max(KNOWN_REVISIONS)
        assert uow.person("p1") == citizen  # address still inside the sealed record
        assert [c.citizen for c in uow.cases()] == [citizen.full_name]  # no sealed name yet
        assert uow.case("c1").reference == "K-2026-AAAA-AAAA"
        assert uow.attachment("a1") == b"%PDF-old"  # still sealed with the kit key
        assert uow.outbox_counts() == {"pending": 1}
        new = uow.add_attachment("c1", "scan", "image/png", b"new scan")
    with store.unit_of_work() as uow:
        assert uow.attachment(new) == b"new scan"  # sealed with the case key made on use
        clerk_row = uow.session.execute(
            text("SELECT failed_attempts, locked_until FROM clerk_key")
        ).one()
        assert tuple(clerk_row) == (0, None)
    store.close()


def _schema(database: Path) -> dict[str, str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return dict(rows.fetchall())


def test_case_keys_move_into_a_without_rowid_table_and_still_open_their_attachments(
    tmp_path: Path, citizen: Person
) -> None:
    store = KitStore(tmp_path / "kit", TEST_KDF)
    store.create(CLERK, PASSPHRASE)
    with store.unit_of_work() as uow:
        case_id = str(uuid.uuid4())
        uow.add_case(
            Case(
                case_id,
                new_reference(2026),
                ServiceKind.ID_CARD,
                CaseState.CAPTURED,
                uow.add_person(citizen),
                uow.now(),
            )
        )
        photo = uow.add_attachment(case_id, "photo", "image/jpeg", b"jpeg")
    store.close()
    engine = create_engine(f"sqlite:///{store.path}")
    with engine.begin() as connection:  # back to the layout of schema 0003
        command.downgrade(alembic_config(connection), "0003")
    engine.dispose()
    before = _schema(store.path)
    assert "WITHOUT ROWID" not in before["case_key"]
    assert "ix_case_state" in before

    store = KitStore(tmp_path / "kit", TEST_KDF)
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work() as uow:
        assert uow.attachment(photo) == b"jpeg"
        uow.purge_case(case_id)  # crypto-shredding: the key row goes first
    with store.unit_of_work() as uow:
        assert uow.session.execute(text("SELECT count(*) FROM case_key")).scalar() == 0
    store.close()
    after = _schema(store.path)
    assert "WITHOUT ROWID" in after["case_key"]
    assert "ON DELETE CASCADE" in after["case_key"]
    assert "ix_case_state" not in after


def test_the_revision_a_start_skips_alembic_at_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == HEAD_REVISION == max(KNOWN_REVISIONS)
