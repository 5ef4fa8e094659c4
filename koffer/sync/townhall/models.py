"""Tables of the town-hall service (SQLite or PostgreSQL); changed only through Alembic."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
)
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
    # The kit's delivery token: it may only hand in packets and their uploads (the kit's
    # background delivery holds it without a passphrase); None until the kit asks for one.
    delivery_token_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    enrolled_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # Why the back office revoked the kit (lost, stolen, retired); never sent to the kit.
    revocation_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The kit's current client certificate (mutual TLS): its SHA-256 fingerprint and end.
    # An older or another certificate of the same CA is refused even while still valid.
    cert_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    cert_not_after: Mapped[datetime | None] = mapped_column(default=None)


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
    # The case's current status; the status events are its history.
    status: Mapped[str] = mapped_column(String(40), default="received", server_default="received")
    # Where the citizen asked to be told about status changes; only the town hall keeps it.
    notify_email: Mapped[str | None] = mapped_column(String(254), default=None)


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


class ScheduleEntry(Base):
    """An appointment or a service-point day, kept by the back office for the kits.

    A service-point day (Sprechtag) is a day on which a kit serves at a fixed place; an
    appointment is one visit (a home visit, a care home). An entry without a kit is meant
    for every kit.
    """

    __tablename__ = "schedule_entry"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[time | None] = mapped_column(Time, default=None)
    ends_at: Mapped[time | None] = mapped_column(Time, default=None)
    note: Mapped[str] = mapped_column(String(200), default="")
    kit_id: Mapped[str | None] = mapped_column(ForeignKey("kit.id"), default=None, index=True)
    created_at: Mapped[datetime]


class Upload(Base):
    """A large attachment being uploaded in chunks before its packet is submitted.

    It belongs to the packet's idempotency key; the content is the attachment sealed to the
    town-hall key (JWE), so chunks are ciphertext. Announcing it again with another hash
    (the kit sealed it anew) starts it over.
    """

    __tablename__ = "upload"
    __table_args__ = (UniqueConstraint("kit_id", "idempotency_key", "attachment_index"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kit_id: Mapped[str] = mapped_column(ForeignKey("kit.id"))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    attachment_index: Mapped[int]
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    chunk_size: Mapped[int]
    created_at: Mapped[datetime]


class UploadChunk(Base):
    """One received chunk of an upload."""

    __tablename__ = "upload_chunk"

    upload_id: Mapped[str] = mapped_column(
        ForeignKey("upload.id", ondelete="CASCADE"), primary_key=True
    )
    chunk_index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class SubmissionAttachment(Base):
    """An attachment that came as an upload, assembled and checked; still sealed (JWE)."""

    __tablename__ = "submission_attachment"

    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id"), primary_key=True)
    attachment_index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sealed: Mapped[str] = mapped_column(Text)
