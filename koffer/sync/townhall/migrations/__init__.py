"""Alembic migrations of the town-hall database (applied by ``migrate.upgrade`` at start).

There is no ``alembic.ini``: the environment runs on the connection it is handed. To draft a
revision, bring a scratch database to head and autogenerate against it, e.g.::

    engine = sqlalchemy.create_engine("sqlite:///scratch.db")
    migrate.upgrade(engine)
    with engine.begin() as connection:
        alembic.command.revision(
            migrate.alembic_config(connection), "what changes", autogenerate=True, rev_id="0003"
        )

then tidy the file (ruff and mypy check it) and add a data migration where a new column
needs values.
"""
