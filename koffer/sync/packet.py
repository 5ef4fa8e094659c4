"""The application packet the kit sends: content, manifest of hashes, idempotency key.

Sealing (JWS inside JWE) is in :mod:`koffer.crypto`; this module defines what is sealed.
A large attachment does not travel inside the packet: it is sealed on its own and uploaded
in chunks before the packet is submitted (``"transfer": "upload"`` in its manifest entry).
The signed manifest still holds its hash and size, so the town hall checks the assembled
upload against what the kit signed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

FORMAT = "koffer-application/1"
INLINE = "inline"
UPLOAD = "upload"


@dataclass(frozen=True)
class Attachment:
    """A file belonging to an application."""

    kind: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Application:
    """What the town hall receives for one case."""

    idempotency_key: str
    case: dict[str, Any]
    person: dict[str, Any]
    attachments: tuple[Attachment, ...] = ()

    @property
    def reference(self) -> str:
        """The case reference the citizen holds."""
        return str(self.case["reference"])


class PacketError(ValueError):
    """A packet's content does not match its manifest or format."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode(application: Application, uploaded: Collection[int] = ()) -> bytes:
    """Serialise an application with a manifest of attachment hashes.

    Args:
        application: What to send.
        uploaded: Indexes of attachments that are uploaded separately: the manifest keeps
            their hash and size, the packet carries no data for them.
    """
    document = {
        "format": FORMAT,
        "idempotency_key": application.idempotency_key,
        "case": application.case,
        "person": application.person,
        "manifest": [
            {
                "kind": a.kind,
                "media_type": a.media_type,
                "sha256": _sha256(a.data),
                "size": len(a.data),
                "transfer": UPLOAD if index in uploaded else INLINE,
            }
            for index, a in enumerate(application.attachments)
        ],
        "attachments": [
            "" if index in uploaded else base64.b64encode(a.data).decode("ascii")
            for index, a in enumerate(application.attachments)
        ],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


def uploads(payload: bytes) -> list[int]:
    """Return the indexes of the attachments a payload expects as separate uploads.

    Raises:
        PacketError: When the payload is malformed.
    """
    try:
        document = json.loads(payload)
        return [
            index
            for index, entry in enumerate(document["manifest"])
            if entry.get("transfer", INLINE) == UPLOAD
        ]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PacketError(f"malformed packet: {exc}") from exc


def decode(payload: bytes, uploaded: Callable[[int], bytes] | None = None) -> Application:
    """Parse a payload and check every attachment against the manifest.

    Args:
        payload: The opened packet.
        uploaded: Returns the content of an attachment uploaded separately, by index.

    Raises:
        PacketError: When the format is unknown or an attachment does not match.
    """
    try:
        document = json.loads(payload)
        if document.get("format") != FORMAT:
            raise PacketError(f"unknown format {document.get('format')!r}")
        attachments = []
        pairs = zip(document["manifest"], document["attachments"], strict=True)
        for index, (entry, blob) in enumerate(pairs):
            if entry.get("transfer", INLINE) == UPLOAD:
                if uploaded is None:
                    raise PacketError(f"attachment {entry['kind']} was to be uploaded")
                data = uploaded(index)
            else:
                # Strict, as b64decode(validate=True) is, without its regular-expression
                # pass over the whole text (a third of the decoding time of a photo).
                data = binascii.a2b_base64(blob, strict_mode=True)
            if len(data) != entry["size"] or _sha256(data) != entry["sha256"]:
                raise PacketError(f"attachment {entry['kind']} does not match the manifest")
            attachments.append(Attachment(entry["kind"], entry["media_type"], data))
        return Application(
            document["idempotency_key"], document["case"], document["person"], tuple(attachments)
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, PacketError):
            raise
        raise PacketError(f"malformed packet: {exc}") from exc
