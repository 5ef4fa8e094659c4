"""Tables of the kit store. Personal data lives only in the ``sealed`` columns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the kit store."""


class ClerkKey(Base):
    """A clerk's wrap of the kit data key (passphrase -> Argon2id -> AES-GCM)."""

    __tablename__ = "clerk_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    kdf: Mapped[str] = mapped_column(String(200))
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    failed_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]


class KeyEscrow(Base):
    """The kit data key encrypted to the town hall's public key (JWE), for recovery there."""

    __tablename__ = "key_escrow"

    townhall_kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    wrapped_key: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime]


class KitSecret(Base):
    """Named secrets of the kit (its signing key, its enrolment), sealed with the data key."""

    __tablename__ = "kit_secret"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class PersonRow(Base):
    """A citizen; every field is inside ``sealed``.

    ``name_sealed`` holds the display name alone (sealed as UTF-8 text), so the case list
    decrypts a few bytes per citizen instead of the whole record. Rows from before schema
    0003 have none and fall back to ``sealed``.
    """

    __tablename__ = "person"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime]
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    name_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


class AddressRow(Base):
    """One of a citizen's addresses (main or secondary residence, or a previous one).

    The address itself is sealed; only its kind and when it was recorded are plain.
    """

    __tablename__ = "address"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class CaseRow(Base):
    """A case; service, state and times are plain so lists and sync work without decrypting."""

    __tablename__ = "case"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    service: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    townhall_status: Mapped[str] = mapped_column(String(40), default="")
    clerk: Mapped[str] = mapped_column(String(64), default="", server_default="")
    visit: Mapped[str] = mapped_column(String(64), default="", server_default="")
    sealed: Mapped[bytes] = mapped_column(LargeBinary)

    # The case list walks this index newest first and never reads the table (0005).
    __table_args__ = (
        Index(
            "ix_case_list",
            "created_at", "id", "reference", "service", "state", "townhall_status", "person_id",
        ),
    )  # fmt: skip


class CaseKey(Base):
    """A case's own data key, wrapped with the kit key; deleting it shreds the attachments."""

    __tablename__ = "case_key"
    __table_args__ = ({"sqlite_with_rowid": False},)  # the key row is stored once (0004)

    case_id: Mapped[str] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), primary_key=True
    )
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)


class AttachmentRow(Base):
    """A document or biometric belonging to a case, sealed."""

    __tablename__ = "attachment"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    media_type: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime]
    # "case": sealed with the case key; "kit": sealed with the kit key (stores before 0002).
    key_ref: Mapped[str] = mapped_column(String(8), default="case", server_default="kit")
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class PaymentRow(Base):
    """A fee collected for a case (Gebühr), as the card terminal approved it."""

    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(20))
    authorisation_code: Mapped[str] = mapped_column(String(20))
    terminal_id: Mapped[str] = mapped_column(String(20))
    trace_number: Mapped[int]
    paid_at: Mapped[datetime]


class OutboxRow(Base):
    """A packet waiting for the town hall; written in the same transaction as the case change."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str] = mapped_column(String(200), default="")
    townhall_reference: Mapped[str] = mapped_column(String(64), default="")


class AuditEvent(Base):
    """Append-only, hash-chained log of what happened; ids and event types only."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    event: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[str | None] = mapped_column(String(36))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
