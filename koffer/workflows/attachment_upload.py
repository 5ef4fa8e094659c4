"""Resumable upload of a packet's large attachments before the packet itself is submitted.

Each large attachment is sealed on its own (JWS by the kit inside JWE to the town hall, as
the packet) and sent in chunks. Sealing is randomised, so the sealed form is kept in the
kit's spool until the packet is delivered: after a lost connection or a restart the kit
asks the town hall which chunks it has and sends only the others, of the very same bytes.
The spool holds only what is encrypted to the town hall (the kit itself cannot read it);
the files are written with mode 0600 and go when the packet is delivered or the kit wiped.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from joserfc.jwk import OKPKey, RSAKey

from koffer import crypto
from koffer.sync import packet
from koffer.sync.client import Enrolment, TownhallClient, UploadPlan

SPOOL_DIR = "outbox-uploads"
# Attachments larger than this go as chunked uploads; smaller ones ride inside the packet.
INLINE_LIMIT = 256 * 1024


@dataclass
class UploadStats:
    """What the uploads of one synchronisation sent (and could skip)."""

    chunks_sent: int = 0
    bytes_sent: int = 0
    chunks_skipped: int = 0


class AttachmentUploader:
    """Sends a packet's large attachments; resumes where the town hall's chunks end."""

    def __init__(
        self, client: TownhallClient, data_dir: Path, inline_limit: int = INLINE_LIMIT
    ) -> None:
        self.client = client
        self.spool = data_dir / SPOOL_DIR
        self.inline_limit = inline_limit
        self.stats = UploadStats()

    def large(self, application: packet.Application) -> frozenset[int]:
        """Indexes of the attachments that go as uploads."""
        return frozenset(
            index
            for index, attachment in enumerate(application.attachments)
            if len(attachment.data) > self.inline_limit
        )

    def send(
        self,
        enrolment: Enrolment,
        application: packet.Application,
        signer: OKPKey,
        recipient: RSAKey,
    ) -> frozenset[int]:
        """Upload what the town hall lacks of the large attachments; return their indexes.

        Raises:
            SyncError: When the town hall cannot be reached or refuses; the chunks it
                already has stay there, the sealed forms stay in the spool.
        """
        indexes = self.large(application)
        if not indexes:
            return indexes
        key = application.idempotency_key
        sealed = {
            index: self._sealed(key, index, application.attachments[index].data, signer, recipient)
            for index in sorted(indexes)
        }
        plans = [
            UploadPlan(index, len(blob), hashlib.sha256(blob).hexdigest())
            for index, blob in sealed.items()
        ]
        answer = self.client.announce(enrolment, key, plans)
        if answer.submitted:  # the packet is in already; its submit answer was lost
            return indexes
        for index, blob in sealed.items():
            state = answer.states[index]
            for chunk in range(state.chunks):
                if chunk in state.received:
                    self.stats.chunks_skipped += 1
                    continue
                data = blob[chunk * state.chunk_size : (chunk + 1) * state.chunk_size]
                self.client.upload_chunk(enrolment, key, index, chunk, data)
                self.stats.chunks_sent += 1
                self.stats.bytes_sent += len(data)
        return indexes

    def _sealed(
        self, key: str, index: int, data: bytes, signer: OKPKey, recipient: RSAKey
    ) -> bytes:
        """The attachment sealed to the town hall: from the spool, or sealed and spooled."""
        directory = self.spool / key
        # The recipient's thumbprint in the name: a new town-hall key means sealing anew.
        path = directory / f"{index}-{recipient.thumbprint()[:16]}.jwe"
        if path.exists():
            return path.read_bytes()
        blob = crypto.seal_packet(data, signer, recipient, recipient.thumbprint()).encode("ascii")
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_suffix(".part")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)  # a kit switched off mid-write leaves no half file in use
        return blob

    def forget(self, idempotency_key: str) -> None:
        """Drop the spooled sealed attachments of a delivered packet."""
        shutil.rmtree(self.spool / idempotency_key, ignore_errors=True)
