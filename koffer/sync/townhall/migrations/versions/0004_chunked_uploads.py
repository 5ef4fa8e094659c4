"""Resumable chunked uploads of large attachments, and the attachments they became.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 23:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kit_id", sa.String(length=36), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("attachment_index", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("chunk_size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["kit_id"], ["kit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kit_id", "idempotency_key", "attachment_index"),
    )
    op.create_table(
        "upload_chunk",
        sa.Column("upload_id", sa.String(length=36), nullable=False),
        sa.Column("chunk_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["upload_id"], ["upload.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("upload_id", "chunk_index"),
    )
    op.create_table(
        "submission_attachment",
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("attachment_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"]),
        sa.PrimaryKeyConstraint("submission_id", "attachment_index"),
    )


def downgrade() -> None:
    op.drop_table("submission_attachment")
    op.drop_table("upload_chunk")
    op.drop_table("upload")
