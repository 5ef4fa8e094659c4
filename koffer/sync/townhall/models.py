"""Tables of the town-hall service (SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the town-hall database."""


class Kit(Base):
    """An enrolled kit notebook."""

    __tablename__ = "kit"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    signing_key: Mapped[dict[str, str]] = mapped_column(JSON)
    token_hash: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Submission(Base):
    """A sealed application as received; the packet stays encrypted to the town-hall key."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("kit_id", "idempotency_key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kit_id: Mapped[str] = mapped_column(ForeignKey("kit.id"))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    case_reference: Mapped[str] = mapped_column(String(32), index=True)
    service: Mapped[str] = mapped_column(String(40))
    # sha256 of "reference|birth date": lets a citizen look up a status without the town
    # hall's receiving database holding birth dates in the clear.
    lookup_digest: Mapped[str] = mapped_column(String(64), index=True)
    packet: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]


class StatusEvent(Base):
    """A status change of a case; the id is the cursor kits read from."""

    __tablename__ = "status_event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kit_id: Mapped[str] = mapped_column(ForeignKey("kit.id"), index=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id"))
    case_reference: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime]
