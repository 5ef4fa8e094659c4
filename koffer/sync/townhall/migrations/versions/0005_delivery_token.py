"""The kit's delivery token (submissions and uploads only).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kit") as batch:
        batch.add_column(sa.Column("delivery_token_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kit") as batch:
        batch.drop_column("delivery_token_hash")
