"""``koffer townhall init``: the CA, server certificate and packet key in one directory."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from koffer.sync import pki
from koffer.sync.townhall import keys


def init(directory: Path, hosts: Sequence[str] = pki.DEFAULT_HOSTS) -> list[str]:
    """Create what a town hall serving mutual TLS needs, and return lines saying what.

    Kept when present: the CA (kits have pinned it) and the packet encryption key (packets
    and escrowed kit keys are encrypted to it). The server certificate is issued anew for
    ``hosts``. Private keys are written with mode 0600 in a directory of mode 0700.
    """
    encryption_key = directory / keys.KEY_FILE
    had_encryption_key = encryption_key.exists()
    result = pki.init_directory(directory, hosts)
    keys.load_or_create(directory)
    lines = [f"written: {path}" for path in result.written]
    lines += [f"kept:    {path}" for path in result.kept]
    lines.append(f"{'kept:   ' if had_encryption_key else 'written:'} {encryption_key}")
    lines.append(f"server certificate for: {', '.join(hosts)}")
    lines.append(f"CA fingerprint (SHA-256): {result.ca_fingerprint}")
    lines.append(f"serve with: koffer townhall serve --data-dir {directory} --tls-dir {directory}")
    return lines
