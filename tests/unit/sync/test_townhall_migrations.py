"""The town-hall schema is made and changed by Alembic only."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from koffer.sync.townhall import migrate
from koffer.sync.townhall.server import EmbeddedTownhall, open_database
from tests.unit.sync.townhall_support import (
    ADMIN_TOKEN,
    BIRTH_DATE,
    REFERENCE,
    TOKEN,
    change_status,
    check_upgrade_from_initial,
    fill_initial_schema,
    provide_key,
    schema_differences,
)


def test_head_matches_the_models(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'townhall.db'}")
    assert schema_differences(engine) == []
    engine.dispose()


def test_a_database_of_the_initial_revision_is_migrated(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'townhall.db'}")
    check_upgrade_from_initial(engine)
    engine.dispose()


def test_the_migrated_database_serves(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'townhall.db'}"
    engine = create_engine(db_url)
    migrate.upgrade(engine, migrate.INITIAL_REVISION)
    fill_initial_schema(engine)
    engine.dispose()
    provide_key(tmp_path)
    with (
        EmbeddedTownhall(tmp_path, TOKEN, db_url, admin_token=ADMIN_TOKEN) as townhall,
        httpx.Client(base_url=townhall.url, timeout=10) as http,
    ):
        lookup = {"reference": REFERENCE, "birth_date": BIRTH_DATE}
        assert http.post("/v1/status-lookup", json=lookup).json()["status"] == "received"
        assert change_status(http, "in_processing").status_code == 200
        assert http.post("/v1/status-lookup", json=lookup).json()["status"] == "in_processing"


def test_a_database_made_before_migrations_is_adopted(tmp_path: Path) -> None:
    # Town halls that ran before Alembic have the 0001 tables and no version table.
    engine = create_engine(f"sqlite:///{tmp_path / 'townhall.db'}")
    migrate.upgrade(engine, migrate.INITIAL_REVISION)
    fill_initial_schema(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    migrate.upgrade(engine)
    assert schema_differences(engine) == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM submission")).scalar() == 1
    engine.dispose()


def test_a_foreign_database_is_left_alone(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    with pytest.raises(migrate.ForeignDatabase, match="invoices"):
        migrate.upgrade(engine)
    assert inspect(engine).get_table_names() == ["invoices"]
    engine.dispose()


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'townhall.db'}")
    revision = migrate.current_revision(engine)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == revision
    engine.dispose()


def test_downgrade_to_the_initial_revision(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'townhall.db'}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), migrate.INITIAL_REVISION)
    assert "schedule_entry" not in inspect(engine).get_table_names()
    assert "status" not in {c["name"] for c in inspect(engine).get_columns("submission")}
    engine.dispose()
