"""The kit's side of mutual TLS: the pinned town-hall CA, the kit's TLS key and certificate.

All three are kit secrets, sealed in the kit store like the signing key. The TLS key is made
on the kit and never leaves it; the town hall signs a certificate request for it at
enrolment and again when the certificate nears its end.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from koffer.domain.errors import SyncError
from koffer.storage.repository import UnitOfWork
from koffer.storage.store import KitStore
from koffer.sync import pki
from koffer.sync.client import UNTRUSTED, Enrolment, TownhallClient

ENROLMENTS = "enrolments"  # town-hall kid -> the kit's enrolment there
PINNED_CAS = "townhall_cas"  # list of PEM CA certificates the kit trusts
TLS_KEYS = "tls_keys"  # town-hall kid -> PEM of the kit's TLS key for that town hall
RENEW_BEFORE = timedelta(days=30)
# The kit certificates in the clear, for the kit check (which has no passphrase). They are
# public: the kit shows them to the town hall in every handshake; the keys stay sealed.
CERTIFICATE_DIR = "certificates"


def published_certificates(data_dir: Path) -> list[Path]:
    """The kit certificates the kit check reads, one per town hall."""
    return sorted((data_dir / CERTIFICATE_DIR).glob("*.pem"))


def publish_certificate(data_dir: Path, townhall_kid: str, certificate: str) -> Path:
    """Write a kit certificate where the kit check finds it (atomically)."""
    folder = data_dir / CERTIFICATE_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{re.sub(r'[^A-Za-z0-9_-]', '_', townhall_kid)[:64] or 'townhall'}.pem"
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(certificate)
    Path(temporary).replace(target)
    return target


@dataclass(frozen=True)
class Identity:
    """What the kit shows a town hall over TLS, and which CAs it trusts there (PEM)."""

    ca_certificates: tuple[str, ...] = ()
    certificate: str = ""
    key: str = field(default="", repr=False)


class TownhallTrust:
    """Sets up the client's TLS: which CA to trust and which certificate to show."""

    def __init__(self, store: KitStore, client: TownhallClient, enrolment_token: str) -> None:
        self.store = store
        self.client = client
        self.enrolment_token = enrolment_token
        self._pinned: list[bytes] = []
        self._pending_key: pki.PrivateKey | None = None

    def connect(self) -> None:
        """Trust the pinned CA; learn and pin the town hall's CA when there is none yet.

        A pinned CA that the server does not match (a new town hall, or someone in between)
        leads to discovery again, which only a CA proven with the enrolment token passes.

        Raises:
            SyncError: ``sync.untrusted_server`` when no CA can be trusted.
        """
        if not self.client.uses_tls:
            return
        with self.store.unit_of_work(activity=False) as uow:
            self._pinned = [pem.encode("ascii") for pem in uow.secret(PINNED_CAS) or []]
        if self._pinned:
            self.client.trust(self._pinned)
            try:
                self.client.encryption_key()
            except SyncError as exc:
                if exc.params.get("reason") != UNTRUSTED:
                    raise
            else:
                return
        discovered = self.client.discover_ca(self.enrolment_token)
        if discovered not in self._pinned:
            self._pinned.append(discovered)
            with self.store.unit_of_work(activity=False) as uow:
                uow.set_secret(PINNED_CAS, [pem.decode("ascii") for pem in self._pinned])
                uow.audit("kit.townhall_ca_pinned")
        self.client.trust(self._pinned)

    def certificate_request(self, kit_name: str) -> bytes | None:
        """Make a new TLS key (kept in memory until enrolled) and return its request."""
        if not self.client.uses_tls:
            return None
        self._pending_key = pki.new_private_key()
        return pki.certificate_request(self._pending_key, kit_name)

    def enrolled(self, uow: UnitOfWork, townhall_kid: str, enrolment: Enrolment) -> None:
        """Keep the new TLS key with the enrolment (in the caller's unit of work).

        Raises:
            SyncError: ``sync.untrusted_server`` when the town hall answered without a
                certificate or with a CA other than the pinned one.
        """
        if not self.client.uses_tls:
            return
        if self._pending_key is None or not enrolment.certificate:
            raise SyncError("enrolment without a certificate", reason=UNTRUSTED)
        if enrolment.ca_certificate.encode("ascii") not in self._pinned:
            raise SyncError("enrolment under another CA", reason=UNTRUSTED)
        keys = uow.secret(TLS_KEYS) or {}
        keys[townhall_kid] = pki.private_pem(self._pending_key).decode("ascii")
        uow.set_secret(TLS_KEYS, keys)
        publish_certificate(self.store.data_dir, townhall_kid, enrolment.certificate)

    def has_identity(self, townhall_kid: str, enrolment: Enrolment) -> bool:
        """Whether the kit holds a certificate and key for this town hall (always without TLS)."""
        if not self.client.uses_tls:
            return True
        with self.store.unit_of_work(activity=False) as uow:
            key = (uow.secret(TLS_KEYS) or {}).get(townhall_kid)
        return bool(key and enrolment.certificate)

    def identity(self, townhall_kid: str) -> Identity:
        """The pinned CAs and the kit's current certificate and key for a town hall."""
        if not self.client.uses_tls:
            return Identity()
        with self.store.unit_of_work(activity=False) as uow:
            cas = tuple(uow.secret(PINNED_CAS) or ())
            key = str((uow.secret(TLS_KEYS) or {}).get(townhall_kid, ""))
            enrolment = (uow.secret(ENROLMENTS) or {}).get(townhall_kid) or {}
        return Identity(cas, str(enrolment.get("certificate", "")), key)

    def present(self, townhall_kid: str, enrolment: Enrolment, now: datetime | None = None) -> None:
        """Show the kit certificate from now on, renewing it first when it ends soon."""
        if not self.client.uses_tls:
            return
        with self.store.unit_of_work(activity=False) as uow:
            key = pki.load_private_pem(str((uow.secret(TLS_KEYS) or {})[townhall_kid]).encode())
        certificate = enrolment.certificate.encode("ascii")
        self.client.trust(self._pinned, certificate, key)
        ends = pki.load_certificate(certificate).not_valid_after_utc
        if ends - (now or datetime.now(UTC)) > RENEW_BEFORE:
            return
        new_key = pki.new_private_key()
        renewed = self.client.renew_certificate(
            enrolment, pki.certificate_request(new_key, townhall_kid)
        )
        self.store_renewal(townhall_kid, renewed, new_key)
        self.client.trust(self._pinned, renewed.encode("ascii"), new_key)

    def store_renewal(self, townhall_kid: str, certificate: str, key: pki.PrivateKey) -> None:
        """Replace the kit's certificate and key for a town hall."""
        with self.store.unit_of_work(activity=False) as uow:
            enrolments = uow.secret(ENROLMENTS) or {}
            enrolments[townhall_kid] = enrolments[townhall_kid] | {"certificate": certificate}
            uow.set_secret(ENROLMENTS, enrolments)
            keys = uow.secret(TLS_KEYS) or {}
            keys[townhall_kid] = pki.private_pem(key).decode("ascii")
            uow.set_secret(TLS_KEYS, keys)
            uow.audit("kit.certificate_renewed")
        publish_certificate(self.store.data_dir, townhall_kid, certificate)
