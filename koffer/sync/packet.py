"""The application packet the kit sends: content, manifest of hashes, idempotency key.

Sealing (JWS inside JWE) is in :mod:`koffer.crypto`; this module defines what is sealed.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

FORMAT = "koffer-application/1"


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


def encode(application: Application) -> bytes:
    """Serialise an application with a manifest of attachment hashes."""
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
            }
            for a in application.attachments
        ],
        "attachments": [base64.b64encode(a.data).decode("ascii") for a in application.attachments],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


def decode(payload: bytes) -> Application:
    """Parse a payload and check every attachment against the manifest.

    Raises:
        PacketError: When the format is unknown or an attachment does not match.
    """
    try:
        document = json.loads(payload)
        if document.get("format") != FORMAT:
            raise PacketError(f"unknown format {document.get('format')!r}")
        attachments = []
        for entry, blob in zip(document["manifest"], document["attachments"], strict=True):
            data = base64.b64decode(blob, validate=True)
            if len(data) != entry["size"] or _sha256(data) != entry["sha256"]:
                raise PacketError(f"attachment {entry['kind']} does not match the manifest")
            attachments.append(Attachment(entry["kind"], entry["media_type"], data))
        return Application(
            document["idempotency_key"], document["case"], document["person"], tuple(attachments)
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, PacketError):
            raise
        raise PacketError(f"malformed packet: {exc}") from exc
