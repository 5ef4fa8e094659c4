"""PACE v2 building blocks shared by the virtual card and the terminal (BSI TR-03110).

Only the protocol the German ID card announces in EF.CardAccess is implemented:
id-PACE-ECDH-GM-AES-CBC-CMAC-128 on brainpoolP256r1 (standardised domain parameters 13).
Everything here is real cryptography: AES from ``cryptography``, CMAC, SHA-1 for the key
derivation function, and the generic mapping G' = s·G + H on the curve (point arithmetic
from ``ecdsa``, which, unlike ``cryptography``, can multiply points on a mapped generator).
"""

from __future__ import annotations

import enum
import secrets
from typing import Any

from cryptography.hazmat.primitives import cmac, hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from ecdsa.curves import BRAINPOOLP256r1  # type: ignore[import-untyped]
from ecdsa.ellipticcurve import INFINITY, PointJacobi  # type: ignore[import-untyped]

from koffer.devices.change_terminal.tlv import tlv

# id-PACE-ECDH-GM-AES-CBC-CMAC-128 (bsi-de 2 2 4 2 2) and its DER object identifier TLV.
PACE_OID = bytes.fromhex("04007F00070202040202")
BRAINPOOL_P256R1_ID = 0x0D
BLOCK = 16
KEY_LENGTH = 16
TOKEN_LENGTH = 8
POINT_LENGTH = 65

KDF_ENC = 1
KDF_MAC = 2
KDF_PI = 3

Point = Any  # ecdsa's PointJacobi; the package has no type hints


class PasswordKind(enum.IntEnum):
    """The password a PACE run is based on, as its reference in MSE:Set AT (TR-03110 Part 3)."""

    CAN = 0x02
    PIN = 0x03
    PUK = 0x04


def kdf(secret: bytes, counter: int) -> bytes:
    """Key derivation for AES-128: the first 16 bytes of SHA-1(secret || counter as 32 bits)."""
    # SHA-1 is what TR-03110 prescribes for 128-bit keys; it is not used for collision resistance.
    digest = hashes.Hash(hashes.SHA1())  # noqa: S303
    digest.update(secret + counter.to_bytes(4, "big"))
    return digest.finalize()[:KEY_LENGTH]


def password_key(password: str) -> bytes:
    """K_pi: the key that encrypts the nonce, derived from the password's ASCII digits."""
    return kdf(password.encode("ascii"), KDF_PI)


def _cipher(key: bytes, iv: bytes) -> Cipher[modes.CBC]:
    return Cipher(algorithms.AES(key), modes.CBC(iv))


def aes_cbc_encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """AES-CBC without padding (the caller pads)."""
    encryptor = _cipher(key, iv).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def aes_cbc_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """Inverse of :func:`aes_cbc_encrypt`."""
    decryptor = _cipher(key, iv).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def encrypt_nonce(password: str, nonce: bytes) -> bytes:
    """Z = E(K_pi, s): AES-CBC with a zero IV over the 16-byte nonce."""
    return aes_cbc_encrypt(password_key(password), bytes(BLOCK), nonce)


def decrypt_nonce(password: str, encrypted: bytes) -> bytes:
    """S = D(K_pi, z)."""
    return aes_cbc_decrypt(password_key(password), bytes(BLOCK), encrypted)


def mac8(key: bytes, data: bytes) -> bytes:
    """AES-CMAC truncated to 8 bytes, the MAC length of PACE tokens and secure messaging."""
    signer = cmac.CMAC(algorithms.AES(key))
    signer.update(data)
    return signer.finalize()[:TOKEN_LENGTH]


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2 to the AES block size."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % BLOCK)


def unpad(data: bytes) -> bytes:
    """Remove padding method 2.

    Raises:
        ValueError: The data is not padded that way.
    """
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        raise ValueError("bad padding")
    return stripped[:-1]


def generator() -> Point:
    """The curve's base point G."""
    return BRAINPOOLP256r1.generator


def random_scalar() -> int:
    """A private key in [1, n-1]."""
    return secrets.randbelow(BRAINPOOLP256r1.order - 1) + 1


def random_nonce() -> bytes:
    """The card's PACE nonce s (16 bytes for AES-128)."""
    return secrets.token_bytes(BLOCK)


def encode_point(point: Point) -> bytes:
    """Uncompressed encoding 04 || x || y."""
    return bytes(point.to_bytes("uncompressed"))


def decode_point(data: bytes) -> Point:
    """Read an uncompressed point and check it lies on the curve and is not infinity.

    Raises:
        ValueError: Not a valid point of brainpoolP256r1.
    """
    if len(data) != POINT_LENGTH or data[0] != 0x04:
        raise ValueError("expected an uncompressed brainpoolP256r1 point")
    curve = BRAINPOOLP256r1.curve
    x = int.from_bytes(data[1:33], "big")
    y = int.from_bytes(data[33:], "big")
    if not curve.contains_point(x, y):
        raise ValueError("point is not on brainpoolP256r1")
    return PointJacobi(curve, x, y, 1)


def map_generator(nonce: bytes, shared: Point) -> Point:
    """Generic mapping: G' = s·G + H, with H the ECDH result of the mapping keys.

    Raises:
        ValueError: The mapping produced the point at infinity.
    """
    mapped = generator() * int.from_bytes(nonce, "big") + shared
    if mapped == INFINITY:
        raise ValueError("mapping gave the point at infinity")
    return mapped


def multiply(point: Point, scalar: int) -> Point:
    """scalar·point, refusing the point at infinity as a result.

    Raises:
        ValueError: The result is the point at infinity.
    """
    result = point * scalar
    if result == INFINITY:
        raise ValueError("point at infinity")
    return result


def shared_secret(point: Point, scalar: int) -> bytes:
    """ECDH key agreement: the x-coordinate of scalar·point, 32 bytes."""
    return int(multiply(point, scalar).x()).to_bytes(32, "big")


def session_keys(secret: bytes) -> tuple[bytes, bytes]:
    """KS_enc and KS_mac from the key-agreement secret."""
    return kdf(secret, KDF_ENC), kdf(secret, KDF_MAC)


def public_key_object(point_bytes: bytes) -> bytes:
    """The public key data object 7F49 {06 OID, 86 point} the authentication tokens cover."""
    return tlv(0x7F49, tlv(0x06, PACE_OID) + tlv(0x86, point_bytes))


def authentication_token(ks_mac: bytes, other_public_key: bytes) -> bytes:
    """T = MAC(KS_mac, PK of the other side): proves both sides derived the same keys."""
    return mac8(ks_mac, public_key_object(other_public_key))


def card_access() -> bytes:
    """EF.CardAccess: SET { PACEInfo { id-PACE-ECDH-GM-AES-CBC-CMAC-128, version 2, 13 } }."""
    pace_info = tlv(0x06, PACE_OID) + tlv(0x02, b"\x02") + tlv(0x02, bytes([BRAINPOOL_P256R1_ID]))
    return tlv(0x31, tlv(0x30, pace_info))
