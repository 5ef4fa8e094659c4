"""Every cryptographic choice of Koffer in one place.

- Passphrase -> key-encryption key: Argon2id (RFC 9106) from ``cryptography``.
- Data at rest: AES-256-GCM with a random 96-bit nonce and associated data that binds a
  ciphertext to the row it belongs to, so sealed values cannot be swapped between rows.
- Logs and crash reports: each file has its own AES-256-GCM key, agreed by X25519 between
  a fresh key in the file header and the kit's log key (HKDF-SHA256). Writing needs only the
  public half, so a locked kit can log; reading needs the private half, kept sealed under
  the kit data key.
- Packets to the town hall: JWS (Ed25519) by the kit, inside a JWE (RSA-OAEP-256 + A256GCM)
  to the town hall's public key, using ``joserfc``; the FIT-Connect pattern.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwe import JWERegistry
from joserfc.jwk import OKPKey, RSAKey
from joserfc.jws import JWSRegistry

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
_SEAL_VERSION = b"\x01"

JWS_ALGORITHM = "Ed25519"
JWE_ALGORITHM = "RSA-OAEP-256"
JWE_ENCRYPTION = "A256GCM"
TOWNHALL_RSA_BITS = 3072
# A packet's plaintext: the compact JWS, then this and the attached bytes (see seal_packet).
ATTACHED_SEPARATOR = b"\n"
ATTACHED_CONTENT_TYPE = "koffer-signed+attached"
# joserfc caps packets at 64 kB against memory exhaustion; an application with photo, prints
# and scans is larger, so the cap is ours: 64 MiB (the server also caps the request body).
MAX_PACKET_BYTES = 64 * 1024 * 1024


class _PacketJWERegistry(JWERegistry):
    max_ciphertext_length = MAX_PACKET_BYTES


class _PacketJWSRegistry(JWSRegistry):
    max_payload_length = MAX_PACKET_BYTES


_JWE_REGISTRY = _PacketJWERegistry(algorithms=[JWE_ALGORITHM, JWE_ENCRYPTION])
_JWS_REGISTRY = _PacketJWSRegistry(algorithms=[JWS_ALGORITHM])


class CryptoError(Exception):
    """A ciphertext, signature or key did not check out."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored next to each wrapped key so they can be raised later."""

    memory_kib: int
    iterations: int
    lanes: int

    def to_dict(self) -> dict[str, int]:
        """Return a JSON-ready dict."""
        return {"memory_kib": self.memory_kib, "iterations": self.iterations, "lanes": self.lanes}


def new_key() -> bytes:
    """Return a fresh random 256-bit key."""
    return AESGCM.generate_key(bit_length=256)


def new_salt() -> bytes:
    """Return a fresh random salt for the key derivation."""
    return os.urandom(SALT_BYTES)


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Derive a key-encryption key from a passphrase with Argon2id."""
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


class Sealer:
    """AES-256-GCM under one key, bound to a context; keeps the key schedule for many values."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        """Encrypt and authenticate ``plaintext`` bound to ``context``."""
        nonce = os.urandom(NONCE_BYTES)
        return _SEAL_VERSION + nonce + self._aead.encrypt(nonce, plaintext, _SEAL_VERSION + context)

    def unseal(self, sealed: bytes, context: bytes) -> bytes:
        """Decrypt what :meth:`seal` produced.

        Raises:
            CryptoError: When the key, the context or the ciphertext is wrong.
        """
        if sealed[:1] != _SEAL_VERSION or len(sealed) < 1 + NONCE_BYTES + 16:
            raise CryptoError("unknown sealed format")
        nonce = sealed[1 : 1 + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, sealed[1 + NONCE_BYTES :], _SEAL_VERSION + context)
        except InvalidTag as exc:
            raise CryptoError("authentication failed") from exc

    def unseal_many(self, items: Iterable[tuple[bytes, bytes]]) -> list[bytes | None]:
        """Decrypt many short values, each ``(sealed, context)``; None for one that fails.

        For thousands of names at once: the per-value checks of :meth:`unseal` are a
        third of its time on a name.
        """
        decrypt = self._aead.decrypt
        version = _SEAL_VERSION
        start = 1 + NONCE_BYTES
        opened: list[bytes | None] = []
        for sealed, context in items:
            if sealed[:1] != version:
                opened.append(None)
                continue
            try:
                opened.append(decrypt(sealed[1:start], sealed[start:], version + context))
            except (InvalidTag, ValueError):
                opened.append(None)
        return opened


def seal(key: bytes, plaintext: bytes, context: bytes) -> bytes:
    """Encrypt and authenticate ``plaintext`` bound to ``context`` (AES-256-GCM)."""
    return Sealer(key).seal(plaintext, context)


def unseal(key: bytes, sealed: bytes, context: bytes) -> bytes:
    """Decrypt what :func:`seal` produced.

    Raises:
        CryptoError: When the key, the context or the ciphertext is wrong.
    """
    return Sealer(key).unseal(sealed, context)


def new_log_key() -> tuple[bytes, bytes]:
    """Return a new X25519 log key pair as (private, public) raw bytes."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def log_public_key(log_private: bytes) -> bytes:
    """Return the public half of a raw X25519 log key."""
    return X25519PrivateKey.from_private_bytes(log_private).public_key().public_bytes_raw()


def _log_file_key(shared: bytes, header: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=b"koffer log\x00" + header).derive(
        shared
    )


def start_log_file(log_public: bytes) -> tuple[bytes, Sealer]:
    """Begin a sealed log file for the kit's public log key.

    Returns:
        The file's header (its own X25519 public key) and a sealer for its entries.
    """
    ephemeral = X25519PrivateKey.generate()
    header = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(log_public))
    return header, Sealer(_log_file_key(shared, header))


def open_log_file(log_private: bytes, header: bytes) -> Sealer:
    """Return the sealer that opens the entries of a log file with this header.

    Raises:
        CryptoError: When the header is not an X25519 public key.
    """
    try:
        theirs = X25519PublicKey.from_public_bytes(header)
    except ValueError as exc:
        raise CryptoError("not a log file header") from exc
    shared = X25519PrivateKey.from_private_bytes(log_private).exchange(theirs)
    return Sealer(_log_file_key(shared, header))


def seal_json(key: bytes, value: Any, context: bytes) -> bytes:
    """Seal a JSON-serialisable value."""
    return seal(key, json.dumps(value, ensure_ascii=False).encode("utf-8"), context)


def unseal_json(key: bytes, sealed: bytes, context: bytes) -> Any:
    """Open what :func:`seal_json` produced."""
    return json.loads(unseal(key, sealed, context))


# --- keys of kit and town hall -------------------------------------------------------------


def new_signing_key() -> OKPKey:
    """Return a new Ed25519 key for the kit's signatures."""
    return OKPKey.generate_key("Ed25519")


def new_townhall_key() -> RSAKey:
    """Return a new RSA key pair for encryption to the town hall."""
    return RSAKey.generate_key(TOWNHALL_RSA_BITS)


def signing_key_from_jwk(data: dict[str, Any]) -> OKPKey:
    """Import an Ed25519 key (private or public) from its JWK dict."""
    return OKPKey.import_key(data)


def encryption_key_from_jwk(data: dict[str, Any]) -> RSAKey:
    """Import an RSA key (private or public) from its JWK dict."""
    return RSAKey.import_key(data)


def public_jwk(key: OKPKey | RSAKey) -> dict[str, Any]:
    """Return the public half of a key as a JWK dict with its thumbprint as ``kid``."""
    data = dict(key.as_dict(private=False))
    data["kid"] = key.thumbprint()
    return data


def private_jwk(key: OKPKey | RSAKey) -> dict[str, Any]:
    """Return the whole key as a JWK dict (to be sealed before it is stored)."""
    return dict(key.as_dict(private=True))


def seal_packet(
    payload: bytes, signer: OKPKey, recipient: RSAKey, kid: str, attached: bytes = b""
) -> str:
    """Sign ``payload`` with the kit key, then encrypt it to the town hall (compact JWE).

    ``attached`` travels after the signature inside the encryption, unencoded; the signed
    payload must commit to it (the packet's manifest holds its hashes). The plaintext is
    the compact JWS, then a line feed (never part of a compact JWS) and those bytes.
    """
    signed = jws.serialize_compact(
        {"alg": JWS_ALGORITHM, "kid": signer.thumbprint()},
        payload,
        signer,
        registry=_JWS_REGISTRY,
    ).encode("ascii")
    return jwe.encrypt_compact(
        {
            "alg": JWE_ALGORITHM,
            "enc": JWE_ENCRYPTION,
            "kid": kid,
            "cty": ATTACHED_CONTENT_TYPE if attached else "JWT",
        },
        signed + ATTACHED_SEPARATOR + attached if attached else signed,
        recipient,
        registry=_JWE_REGISTRY,
    )


def open_attached(packet: str, recipient: RSAKey, signer_public: OKPKey) -> tuple[bytes, bytes]:
    """Decrypt a packet, verify the kit's signature; return the payload and attached bytes.

    Raises:
        CryptoError: When decryption or the signature check fails.
    """
    try:
        inner = jwe.decrypt_compact(packet, recipient, registry=_JWE_REGISTRY)
        signed, _separator, attached = (inner.plaintext or b"").partition(ATTACHED_SEPARATOR)
        verified = jws.deserialize_compact(signed, signer_public, registry=_JWS_REGISTRY)
    except (JoseError, ValueError) as exc:
        raise CryptoError(f"packet rejected: {exc}") from exc
    return verified.payload, attached


def open_packet(packet: str, recipient: RSAKey, signer_public: OKPKey) -> bytes:
    """Decrypt a packet with the town hall key and verify the kit's signature.

    Raises:
        CryptoError: When decryption or the signature check fails, or unsigned bytes
            travel after the signature.
    """
    payload, attached = open_attached(packet, recipient, signer_public)
    if attached:
        raise CryptoError("packet rejected: data after the signature")
    return payload


def escrow_key(data_key: bytes, townhall_public: RSAKey) -> str:
    """Encrypt the kit data key to the town hall (compact JWE), for recovery there."""
    return jwe.encrypt_compact(
        {
            "alg": JWE_ALGORITHM,
            "enc": JWE_ENCRYPTION,
            "kid": townhall_public.thumbprint(),
            "cty": "koffer-kit-key",
        },
        data_key,
        townhall_public,
        registry=_JWE_REGISTRY,
    )


def recover_escrowed_key(escrow: str, townhall_private: RSAKey) -> bytes:
    """Decrypt an escrowed kit data key with the town hall's private key.

    Raises:
        CryptoError: When the escrow was not made for this key or was altered.
    """
    try:
        key = jwe.decrypt_compact(escrow, townhall_private, registry=_JWE_REGISTRY).plaintext
    except (JoseError, ValueError) as exc:
        raise CryptoError(f"escrow rejected: {exc}") from exc
    if key is None or len(key) != KEY_BYTES:
        raise CryptoError("escrow does not hold a kit key")
    return key
