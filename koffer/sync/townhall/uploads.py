"""Resumable chunked uploads of large attachments: announce, store chunks, assemble.

An upload belongs to a kit and a packet's idempotency key; its content is one attachment
sealed to the town-hall key (JWE compact), cut into chunks of ``chunk_size`` bytes. The
town hall says which chunks it has, so a kit that lost its connection (or was switched off)
sends only the rest. When the packet is submitted the chunks are assembled, checked against
the announced hash, and kept as the submission's attachment; the chunks are then dropped.
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from koffer.sync.townhall.models import SubmissionAttachment, Upload, UploadChunk

CHUNK_BYTES = 256 * 1024
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
MAX_ATTACHMENTS = 32
_DIGEST = re.compile(r"(?:^|,)\s*sha-256=:([A-Za-z0-9+/]+={0,2}):")


class UploadError(ValueError):
    """An upload request that cannot be taken; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


@dataclass(frozen=True)
class UploadState:
    """What the town hall has of one upload."""

    index: int
    size: int
    sha256: str
    chunk_size: int
    chunks: int
    received: list[int]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def chunk_count(size: int, chunk_size: int) -> int:
    """How many chunks an upload of ``size`` bytes has."""
    return -(-size // chunk_size)


def content_digest(data: bytes) -> str:
    """The ``Content-Digest`` header value (RFC 9530) of a chunk."""
    return f"sha-256=:{base64.b64encode(hashlib.sha256(data).digest()).decode('ascii')}:"


def _digest_matches(header: str, data: bytes) -> bool:
    found = _DIGEST.search(header or "")
    if found is None:
        return False
    try:
        claimed = base64.b64decode(found.group(1), validate=True)
    except ValueError:
        return False
    return claimed == hashlib.sha256(data).digest()


def _uploads(db: Session, kit_id: str, key: str) -> list[Upload]:
    return list(
        db.scalars(
            select(Upload)
            .where(Upload.kit_id == kit_id, Upload.idempotency_key == key)
            .order_by(Upload.attachment_index)
        )
    )


def _state(db: Session, upload: Upload) -> UploadState:
    received = db.scalars(
        select(UploadChunk.chunk_index)
        .where(UploadChunk.upload_id == upload.id)
        .order_by(UploadChunk.chunk_index)
    )
    return UploadState(
        upload.attachment_index,
        upload.size,
        upload.sha256,
        upload.chunk_size,
        chunk_count(upload.size, upload.chunk_size),
        list(received),
    )


def states(db: Session, kit_id: str, key: str) -> list[UploadState]:
    """Return what the town hall has of every upload of a packet."""
    return [_state(db, upload) for upload in _uploads(db, kit_id, key)]


def announce(
    db: Session,
    kit_id: str,
    key: str,
    attachments: list[tuple[int, int, str]],
    chunk_size: int = CHUNK_BYTES,
) -> list[UploadState]:
    """Register the uploads of a packet, (index, size, sha256) each; idempotent.

    An upload announced again with the same hash keeps its chunks; with another hash it
    starts over (the kit has sealed the attachment anew).
    """
    indexes = [index for index, _size, _sha in attachments]
    if len(set(indexes)) != len(indexes):
        raise UploadError(422, "an attachment is announced twice")
    try:
        known = {upload.attachment_index: upload for upload in _uploads(db, kit_id, key)}
        for index, size, sha256 in attachments:
            upload = known.get(index)
            if upload is None:
                db.add(
                    Upload(
                        id=str(uuid.uuid4()),
                        kit_id=kit_id,
                        idempotency_key=key,
                        attachment_index=index,
                        size=size,
                        sha256=sha256,
                        chunk_size=chunk_size,
                        created_at=_now(),
                    )
                )
            elif (upload.sha256, upload.size) != (sha256, size):
                db.execute(delete(UploadChunk).where(UploadChunk.upload_id == upload.id))
                upload.sha256, upload.size, upload.chunk_size = sha256, size, chunk_size
        db.commit()
    except IntegrityError:
        # The same announcement raced in through another process: take what it made.
        db.rollback()
    wanted = set(indexes)
    return [state for state in states(db, kit_id, key) if state.index in wanted]


def store_chunk(
    db: Session, kit_id: str, key: str, *, index: int, chunk: int, data: bytes, digest: str
) -> UploadState:
    """Keep one chunk after checking its digest, length and place; idempotent.

    Raises:
        UploadError: 404 for an unannounced upload or chunk out of range, 422 for a
            digest or length that does not match.
    """
    upload = db.scalars(
        select(Upload).where(
            Upload.kit_id == kit_id,
            Upload.idempotency_key == key,
            Upload.attachment_index == index,
        )
    ).first()
    if upload is None:
        raise UploadError(404, "no such upload; announce it first")
    chunks = chunk_count(upload.size, upload.chunk_size)
    if not 0 <= chunk < chunks:
        raise UploadError(404, f"chunk {chunk} is outside 0..{chunks - 1}")
    expected = upload.chunk_size if chunk < chunks - 1 else upload.size - upload.chunk_size * chunk
    if len(data) != expected:
        raise UploadError(422, f"chunk {chunk} must have {expected} bytes, not {len(data)}")
    if not _digest_matches(digest, data):
        raise UploadError(422, "the chunk does not match its Content-Digest")
    existing = db.get(UploadChunk, (upload.id, chunk))
    if existing is None:
        db.add(UploadChunk(upload_id=upload.id, chunk_index=chunk, data=data))
    else:
        existing.data = data
    try:
        db.commit()
    except IntegrityError:
        db.rollback()  # the same chunk came twice at once; one copy is kept
    return _state(db, upload)


def assemble(db: Session, kit_id: str, key: str, indexes: list[int]) -> dict[int, bytes]:
    """Return the complete content of each named upload, checked against its hash.

    Raises:
        UploadError: 409 when an upload is missing or incomplete (the kit resumes it),
            422 when the assembled content does not match the announced hash.
    """
    if not indexes:  # most packets carry their attachments inline: no query
        return {}
    uploads = {upload.attachment_index: upload for upload in _uploads(db, kit_id, key)}
    result: dict[int, bytes] = {}
    for index in indexes:
        upload = uploads.get(index)
        if upload is None:
            raise UploadError(409, f"attachment {index} has not been uploaded")
        chunks = chunk_count(upload.size, upload.chunk_size)
        rows = db.execute(
            select(UploadChunk.chunk_index, UploadChunk.data)
            .where(UploadChunk.upload_id == upload.id)
            .order_by(UploadChunk.chunk_index)
        ).all()
        missing = sorted(set(range(chunks)) - {row.chunk_index for row in rows})
        if missing:
            raise UploadError(409, f"attachment {index} lacks chunks {missing[:10]}")
        content = b"".join(row.data for row in rows)
        if len(content) != upload.size or hashlib.sha256(content).hexdigest() != upload.sha256:
            raise UploadError(422, f"attachment {index} does not match its announced hash")
        result[index] = content
    return result


def finish(
    db: Session, kit_id: str, key: str, submission_id: str, sealed: dict[int, bytes]
) -> None:
    """Keep the assembled attachments with the submission and drop the uploads (no commit)."""
    if not sealed:
        return
    for index, content in sealed.items():
        db.add(
            SubmissionAttachment(
                submission_id=submission_id,
                attachment_index=index,
                sealed=content.decode("ascii"),
            )
        )
    for upload in _uploads(db, kit_id, key):
        db.execute(delete(UploadChunk).where(UploadChunk.upload_id == upload.id))
        db.delete(upload)
