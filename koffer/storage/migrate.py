"""Brings a kit store's schema to the newest Alembic revision."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from koffer.alembic_lock import ALEMBIC_LOCK

SCRIPT_LOCATION = str(resources.files("koffer.storage") / "migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic config for the kit store's migrations."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate the database behind ``connection`` to ``revision``."""
    with ALEMBIC_LOCK:
        command.upgrade(alembic_config(connection), revision)
