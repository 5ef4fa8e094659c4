"""covering index for the case list

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 07:00:00

The case list reads id, reference, service, state, creation time, town-hall status and
citizen of every case, newest first. Without an index SQLite reads every case row (with its
sealed details) and sorts them; with this one it walks the index backwards and never
touches the table: about 4 ms less for 10,000 cases, for one more index entry per case.
Nothing in the index is personal (the citizen is an id; the names stay sealed).
"""

from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

COLUMNS = ['created_at', 'id', 'reference', 'service', 'state', 'townhall_status', 'person_id']


def upgrade() -> None:
    op.create_index('ix_case_list', 'case', COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_list', table_name='case')
