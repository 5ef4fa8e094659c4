"""case keys without rowid, no index on case state

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:00:00

Two b-tree pages that every new case wrote and nothing needed:
- ``case_key`` kept its rows in a rowid table plus the index SQLite makes for the text
  primary key; as a WITHOUT ROWID table the key row is stored once, under ``case_id``.
  Deleting it still leaves nothing behind (``secure_delete`` zeroes the freed cell).
- ``ix_case_state`` served only legal deletion's background search for closed cases (which
  also compares ``updated_at``). Without it that search scans the case table: about 5 ms
  for 10,000 cases, and no slower than with the index once most of them are closed.
"""

from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_case_state', table_name='case')
    with op.batch_alter_table(
        'case_key', recreate='always', table_kwargs={'sqlite_with_rowid': False}
    ):
        pass  # the table is copied as it is, into a WITHOUT ROWID table


def downgrade() -> None:
    with op.batch_alter_table(
        'case_key', recreate='always', table_kwargs={'sqlite_with_rowid': True}
    ):
        pass  # back into a rowid table
    op.create_index('ix_case_state', 'case', ['state'], unique=False)
