"""Terminal authentication, simplified: which terminal may do what on the card.

In TR-03110 the terminal proves its rights with a chain of card-verifiable (CV) certificates
from the country verifying CA down to the terminal, with the rights in each certificate's
CHAT. Certificate chains are out of scope here: the card holds the trusted terminals'
public keys directly, each with the rights it may be granted. What stays real is the
challenge-response: the terminal signs, with ECDSA-SHA-256 on brainpoolP256r1, the card's
identifier from PACE (the x-coordinate of its ephemeral PACE key), the card's 8-byte
challenge, its own name and the rights it asks for; the card verifies that signature with
the trusted public key and grants the requested rights it allows that terminal.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SCALAR_LENGTH = 32


class TerminalRight(enum.Flag):
    """Rights of an authentication terminal (one byte in the simplified CHAT)."""

    NONE = 0
    WRITE_DG17 = 0x01
    WRITE_DG18 = 0x02
    PIN_MANAGEMENT = 0x04
    CAN_ALLOWED = 0x08

    @classmethod
    def change_terminal(cls) -> TerminalRight:
        """All rights of an official change terminal (Änderungsterminal)."""
        return cls.WRITE_DG17 | cls.WRITE_DG18 | cls.PIN_MANAGEMENT | cls.CAN_ALLOWED

    def to_byte(self) -> bytes:
        """The rights as the single byte sent in MSE:Set AT."""
        return bytes([self.value])

    @classmethod
    def from_byte(cls, value: int) -> TerminalRight:
        """Read the rights byte, ignoring bits this model does not know."""
        return cls(value & cls.change_terminal().value)


def signed_message(id_picc: bytes, challenge: bytes, name: str, rights: TerminalRight) -> bytes:
    """What the terminal signs: card identifier, challenge, terminal name and rights."""
    return id_picc + challenge + name.encode("utf-8") + rights.to_byte()


@dataclass(frozen=True)
class TrustedTerminal:
    """A terminal the card accepts: its public key and the rights it may be granted."""

    name: str
    public_key: bytes  # uncompressed brainpoolP256r1 point
    rights: TerminalRight

    def verify(self, signature: bytes, message: bytes) -> bool:
        """Check a plain (r || s) ECDSA-SHA-256 signature over ``message``."""
        if len(signature) != 2 * SCALAR_LENGTH:
            return False
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.BrainpoolP256R1(), self.public_key)
        r = int.from_bytes(signature[:SCALAR_LENGTH], "big")
        s = int.from_bytes(signature[SCALAR_LENGTH:], "big")
        try:
            key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class TerminalCredential:
    """The terminal's name, private key and the rights it asks for."""

    name: str
    private_key: ec.EllipticCurvePrivateKey
    rights: TerminalRight

    @classmethod
    def generate(cls, name: str, rights: TerminalRight) -> TerminalCredential:
        """A fresh key pair (tests: a terminal the card does not know)."""
        return cls(name, ec.generate_private_key(ec.BrainpoolP256R1()), rights)

    @classmethod
    def training(cls, rights: TerminalRight | None = None) -> TerminalCredential:
        """The training kit's change terminal, which every virtual card trusts by default.

        Its key is derived from a public label: it protects nothing and exists only so that
        simulators, trainers and CI can run the protocol. A production kit has no such key.
        """
        seed = hashlib.sha256(b"Koffer training change terminal").digest()
        scalar = int.from_bytes(seed, "big") % (_ORDER - 1) + 1
        key = ec.derive_private_key(scalar, ec.BrainpoolP256R1())
        chosen = TerminalRight.change_terminal() if rights is None else rights
        return cls(TRAINING_TERMINAL_NAME, key, chosen)

    def public_key(self) -> bytes:
        """The uncompressed public point."""
        return self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )

    def trusted(self, rights: TerminalRight | None = None) -> TrustedTerminal:
        """How a card would register this terminal (all requested rights, unless narrowed)."""
        return TrustedTerminal(
            self.name, self.public_key(), self.rights if rights is None else rights
        )

    def sign(self, message: bytes) -> bytes:
        """Plain (r || s) ECDSA-SHA-256 signature."""
        der = self.private_key.sign(message, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return r.to_bytes(SCALAR_LENGTH, "big") + s.to_bytes(SCALAR_LENGTH, "big")


TRAINING_TERMINAL_NAME = "DETRAIN-KOFFER-AT00001"
_ORDER = 0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7
