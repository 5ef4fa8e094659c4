"""The town hall's encryption key pair, kept in its data directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

from joserfc.jwk import RSAKey

from koffer import crypto

KEY_FILE = "townhall-encryption-key.json"


def load_or_create(data_dir: Path) -> RSAKey:
    """Return the town hall's RSA key, creating it (mode 0600) on first start."""
    path = data_dir / KEY_FILE
    if path.exists():
        return crypto.encryption_key_from_jwk(json.loads(path.read_text("utf-8")))
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = crypto.new_townhall_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(crypto.private_jwk(key), handle)
    return key
