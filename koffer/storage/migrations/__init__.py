"""Alembic migrations of the kit store."""
