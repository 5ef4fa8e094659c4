"""The terminal's side of PACE (TR-03110 Part 2 / 3): MSE:Set AT, then four General Authenticate."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from koffer.devices.change_terminal import pace
from koffer.devices.change_terminal.apdu import CommandApdu
from koffer.devices.change_terminal.interface import ApduResponse
from koffer.devices.change_terminal.secure_messaging import SecureMessaging
from koffer.devices.change_terminal.status import SW_OK
from koffer.devices.change_terminal.tlv import find, tlv

CHAINING = 0x10

Send = Callable[[CommandApdu], ApduResponse]


class PaceRefused(Exception):
    """The card ended the run with status word ``sw``."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"PACE refused: {sw:04X}")
        self.sw = sw


class PaceBroken(Exception):
    """The card's answers do not fit the protocol (bad point, token mismatch)."""


@dataclass(frozen=True)
class PaceChannel:
    """The outcome of PACE: the secure-messaging channel and the card's identifier."""

    secure_messaging: SecureMessaging
    id_picc: bytes


def mse_set_at(kind: pace.PasswordKind) -> CommandApdu:
    """MSE:Set AT for PACE with the given password (00 22 C1 A4)."""
    data = (
        tlv(0x80, pace.PACE_OID)
        + tlv(0x83, bytes([kind]))
        + tlv(0x84, bytes([pace.BRAINPOOL_P256R1_ID]))
    )
    return CommandApdu(0x00, 0x22, 0xC1, 0xA4, data)


def _step(send: Send, content: bytes, tag: int, *, last: bool = False) -> bytes:
    cla = 0x00 if last else CHAINING
    response = send(CommandApdu(cla, 0x86, 0x00, 0x00, tlv(0x7C, content), 0))
    if response.sw != SW_OK:
        raise PaceRefused(response.sw)
    try:
        dynamic = find(response.data, 0x7C)
        value = find(dynamic, tag) if dynamic is not None else None
    except ValueError as exc:
        raise PaceBroken(str(exc)) from exc
    if value is None:
        raise PaceBroken(f"card answer lacks data object {tag:02X}")
    return value


def authenticate(send: Send, secret: str) -> PaceChannel:
    """Run the four General Authenticate steps after MSE:Set AT.

    Raises:
        PaceRefused: The card answered a step with an error status (wrong password: 63CX
            for the PIN, 6300 otherwise).
        PaceBroken: The card's data is malformed or its token is wrong.
    """
    try:
        nonce = pace.decrypt_nonce(secret, _step(send, b"", 0x80))
        map_key = pace.random_scalar()
        own_map = pace.encode_point(pace.multiply(pace.generator(), map_key))
        card_map = pace.decode_point(_step(send, tlv(0x81, own_map), 0x82))
        mapped = pace.map_generator(nonce, pace.multiply(card_map, map_key))
        key = pace.random_scalar()
        own_public = pace.encode_point(pace.multiply(mapped, key))
        card_public = _step(send, tlv(0x83, own_public), 0x84)
        if card_public == own_public:
            raise PaceBroken("card echoed the terminal's key")
        secret_point = pace.shared_secret(pace.decode_point(card_public), key)
    except ValueError as exc:
        raise PaceBroken(str(exc)) from exc
    ks_enc, ks_mac = pace.session_keys(secret_point)
    token = pace.authentication_token(ks_mac, card_public)
    card_token = _step(send, tlv(0x85, token), 0x86, last=True)
    if not hmac.compare_digest(card_token, pace.authentication_token(ks_mac, own_public)):
        raise PaceBroken("the card's authentication token does not match")
    return PaceChannel(SecureMessaging(ks_enc, ks_mac), card_public[1:33])
