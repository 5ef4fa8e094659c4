"""Alembic environment of the town-hall database: runs on the connection it is handed."""

from alembic import context

from koffer.sync.townhall.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
