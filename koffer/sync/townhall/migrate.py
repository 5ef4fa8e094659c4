"""Brings the town-hall database to the newest Alembic revision (SQLite or PostgreSQL)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, inspect, text

from koffer.alembic_lock import ALEMBIC_LOCK

SCRIPT_LOCATION = str(resources.files("koffer.sync.townhall") / "migrations")
INITIAL_REVISION = "0001"
# Tables of revision 0001: a database holding exactly these without a version table was
# made by ``create_all`` before the town hall had migrations.
_INITIAL_TABLES = frozenset({"kit", "submission", "status_event"})
# Any constant will do; it keeps two processes starting together from migrating at once.
_MIGRATION_LOCK = 0x4B6F6666_65720001


class ForeignDatabase(RuntimeError):
    """The database holds tables the town hall did not create; nothing was changed."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic config for the town-hall migrations."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` in one transaction.

    On PostgreSQL the schema change is transactional and guarded by an advisory lock, so
    several town-hall processes may start at the same time on one database.

    Raises:
        ForeignDatabase: When the database has tables but no town-hall version stamp.
    """
    with ALEMBIC_LOCK, engine.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        tables = set(inspect(connection).get_table_names())
        if tables and "alembic_version" not in tables:
            if tables != _INITIAL_TABLES:
                raise ForeignDatabase(", ".join(sorted(tables)[:5]))
            command.stamp(alembic_config(connection), INITIAL_REVISION)
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at (None when it has none)."""
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)
