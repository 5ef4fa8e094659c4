"""The kit's client certificate (mutual TLS): fingerprint and end of validity.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 22:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cert_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("cert_not_after", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kit", schema=None) as batch_op:
        batch_op.drop_column("cert_not_after")
        batch_op.drop_column("cert_sha256")
