"""Case status, kit revocation, the notification address and the schedule table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 19:53:30.815163
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schedule_entry",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("ends_at", sa.Time(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("kit_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kit_id"],
            ["kit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("schedule_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedule_entry_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_schedule_entry_kit_id"), ["kit_id"], unique=False)

    with op.batch_alter_table("kit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("revocation_reason", sa.String(length=200), server_default="", nullable=False)
        )

    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=40), server_default="received", nullable=False)
        )
        batch_op.add_column(sa.Column("notify_email", sa.String(length=254), nullable=True))

    # A case's current status is its newest event (only "received" existed before).
    op.execute(
        "UPDATE submission SET status = COALESCE(("
        "SELECT e.status FROM status_event e WHERE e.submission_id = submission.id "
        "ORDER BY e.id DESC LIMIT 1), 'received')"
    )
    op.execute("UPDATE kit SET revoked_at = enrolled_at WHERE revoked")


def downgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_column("notify_email")
        batch_op.drop_column("status")

    with op.batch_alter_table("kit", schema=None) as batch_op:
        batch_op.drop_column("revocation_reason")
        batch_op.drop_column("revoked_at")

    with op.batch_alter_table("schedule_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_entry_kit_id"))
        batch_op.drop_index(batch_op.f("ix_schedule_entry_day"))

    op.drop_table("schedule_entry")
