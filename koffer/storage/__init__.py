"""Encrypted kit store: SQLAlchemy models, unit of work, keys, audit chain, migrations."""
