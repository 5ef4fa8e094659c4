"""Parcels: queued applications sealed for the town hall and kept on disk until delivered.

A parcel is one outbox entry in its sealed form, in ``<data dir>/outbox-uploads/<key>/``:

- ``<index>-<recipient>.jwe``: a large attachment, sealed on its own (uploaded in chunks),
- ``packet-<recipient>.jwe``: the sealed packet, which names those attachments in its
  signed manifest. It is written last: a parcel without it is not ready.
- ``receipt.json``: the town hall's answer, once it took the packet,
- ``attempts.json``: failed deliveries of the background delivery (see
  :mod:`koffer.workflows.delivery_agent`), which has no access to the outbox in the store.

``<recipient>`` is the start of the town-hall key's thumbprint: a new town-hall key means
sealing anew. Sealing is randomised, so a sealed form, once made, is kept: an interrupted
upload resumes with the very same bytes. Everything here is encrypted to the town hall (the
kit itself cannot read it), written 0600 in 0700 folders, and goes when the packet is
delivered or the kit is wiped.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joserfc.jwk import OKPKey, RSAKey

from koffer import crypto
from koffer.sync import packet
from koffer.sync.client import Receipt

SPOOL_DIR = "outbox-uploads"
# Attachments larger than this go as chunked uploads; smaller ones ride inside the packet.
INLINE_LIMIT = 256 * 1024
PACKET = "packet"
RECEIPT = "receipt.json"
ATTEMPTS = "attempts.json"
LOCK = ".lock"
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def recipient_tag(townhall_kid: str) -> str:
    """The part of a town-hall key's thumbprint that names its parcels' files."""
    return townhall_kid[:16]


def write_private(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` with mode 0600, atomically; durably unless told not to."""
    partial = path.with_name(path.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    partial.replace(path)  # a kit switched off mid-write leaves no half file in use


@dataclass(frozen=True)
class Attempts:
    """Failed deliveries of a parcel by the background delivery."""

    count: int
    next_at: float  # time.time() when the parcel is due again
    reason: str


@dataclass(frozen=True)
class Parcel:
    """One sealed outbox entry, ready to deliver."""

    directory: Path
    recipient: str

    @property
    def idempotency_key(self) -> str:
        """The outbox entry's idempotency key (the folder's name)."""
        return self.directory.name

    @property
    def packet_path(self) -> Path:
        """Where the sealed packet is (there once the parcel is ready)."""
        return self.directory / f"{PACKET}-{self.recipient}.jwe"

    @property
    def packet(self) -> str:
        """The sealed packet (compact JWE)."""
        return self.packet_path.read_text("ascii")

    def uploads(self) -> dict[int, Path]:
        """The sealed large attachments, by index in the packet."""
        found = {}
        for path in self.directory.glob(f"*-{self.recipient}.jwe"):
            index = path.name.split("-", 1)[0]
            if index.isdigit():
                found[int(index)] = path
        return dict(sorted(found.items()))

    def receipt(self) -> Receipt | None:
        """The town hall's answer, if the packet was delivered (kept until the store has it)."""
        data = _read_json(self.directory / RECEIPT)
        if data is None:
            return None
        return Receipt(str(data["reference"]), str(data["status"]), bool(data["duplicate"]))

    def keep_receipt(self, receipt: Receipt, *, durable: bool = True) -> None:
        """Record the town hall's answer (before anything else is done about it).

        The background delivery's receipts must survive a power cut: the store learns of
        the delivery only from them. The app records its deliveries in the store itself,
        so its receipt only tells the background delivery to leave the parcel alone, and
        need not wait for the disk (lost, the packet is handed in again and the town hall
        answers with the first receipt).
        """
        write_private(self.directory / RECEIPT, json.dumps(vars(receipt)).encode(), durable=durable)

    def attempts(self) -> Attempts:
        """The background delivery's failed attempts so far."""
        data = _read_json(self.directory / ATTEMPTS) or {}
        return Attempts(
            int(data.get("count", 0)), float(data.get("next_at", 0)), str(data.get("reason", ""))
        )

    def keep_attempts(self, attempts: Attempts) -> None:
        """Record a failed attempt and when the parcel is due again."""
        write_private(self.directory / ATTEMPTS, json.dumps(vars(attempts)).encode())

    def due(self, now: float | None = None) -> bool:
        """Whether the background delivery should try this parcel now."""
        return self.attempts().next_at <= (time.time() if now is None else now)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except ValueError:  # a damaged file: as if it were not there
        return None
    return data if isinstance(data, dict) else None


def seal_application(
    application: packet.Application,
    signer: OKPKey,
    recipient: RSAKey,
    uploaded: frozenset[int] = frozenset(),
) -> str:
    """Seal an application as a packet in format 2 (attachments in ``uploaded`` left out)."""
    document, attached = packet.encode(application, uploaded)
    return crypto.seal_packet(document, signer, recipient, recipient.thumbprint(), attached)


class Spool:
    """The folder of parcels."""

    def __init__(self, data_dir: Path, inline_limit: int = INLINE_LIMIT) -> None:
        self.root = data_dir / SPOOL_DIR
        self.inline_limit = inline_limit

    def _folder(self, idempotency_key: str) -> Path:
        if not _KEY.match(idempotency_key):
            raise ValueError("not an idempotency key")
        return self.root / idempotency_key

    def large(self, application: packet.Application) -> frozenset[int]:
        """Indexes of the attachments that go as uploads."""
        return frozenset(
            index
            for index, attachment in enumerate(application.attachments)
            if len(attachment.data) > self.inline_limit
        )

    def parcel(self, idempotency_key: str, townhall_kid: str) -> Parcel | None:
        """The ready parcel of an outbox entry for a town-hall key, if there is one."""
        parcel = Parcel(self._folder(idempotency_key), recipient_tag(townhall_kid))
        return parcel if parcel.packet_path.exists() else None

    def seal(self, application: packet.Application, signer: OKPKey, recipient: RSAKey) -> Parcel:
        """Seal an application into a parcel for ``recipient``, or return the one made before.

        Sealed attachments already in the folder are kept (an upload may be under way).
        """
        kid = recipient.thumbprint()
        ready = self.parcel(application.idempotency_key, kid)
        if ready is not None:
            return ready
        folder = self._folder(application.idempotency_key)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tag = recipient_tag(kid)
        uploaded = self.large(application)
        for index in sorted(uploaded):
            path = folder / f"{index}-{tag}.jwe"
            if not path.exists():
                data = application.attachments[index].data
                write_private(path, crypto.seal_packet(data, signer, recipient, kid).encode())
        sealed = seal_application(application, signer, recipient, uploaded)
        write_private(folder / f"{PACKET}-{tag}.jwe", sealed.encode("ascii"))
        return Parcel(folder, tag)

    def keys(self) -> list[str]:
        """The idempotency keys of every parcel folder, ready or not."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and _KEY.match(p.name))

    def ready(self, townhall_kid: str) -> list[Parcel]:
        """Every parcel ready for this town-hall key, oldest first."""
        found = [self.parcel(key, townhall_kid) for key in self.keys()]
        parcels = [parcel for parcel in found if parcel is not None]
        return sorted(parcels, key=lambda p: p.packet_path.stat().st_mtime)

    def receipts(self) -> list[tuple[str, Receipt]]:
        """The town hall's answers not yet taken into the store, by idempotency key."""
        found = []
        for key in self.keys():
            receipt = Parcel(self.root / key, "").receipt()
            if receipt is not None:
                found.append((key, receipt))
        return found

    @contextmanager
    def claim(self, idempotency_key: str) -> Iterator[bool]:
        """Hold a parcel for delivery; yields False when another process holds it."""
        try:
            descriptor = os.open(
                self._folder(idempotency_key) / LOCK, os.O_RDWR | os.O_CREAT, 0o600
            )
        except FileNotFoundError:  # dropped meanwhile: delivered and recorded
            yield False
            return
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(descriptor)  # closing releases the lock

    def forget(self, idempotency_key: str) -> None:
        """Drop a parcel (delivered and recorded, or no longer wanted)."""
        shutil.rmtree(self._folder(idempotency_key), ignore_errors=True)

    def wipe(self) -> None:
        """Drop every parcel."""
        shutil.rmtree(self.root, ignore_errors=True)
