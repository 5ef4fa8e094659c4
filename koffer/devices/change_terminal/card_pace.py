"""The card's side of one PACE run: four General Authenticate steps (TR-03110 Part 2 / 3).

1. encrypted nonce: the card sends z = E(K_pi, s);
2. mapping: both exchange ephemeral mapping keys; G' = s·G + H with H = SK_map·PK_map;
3. key agreement: both exchange ephemeral keys on G'; K = x(SK·PK); KS_enc, KS_mac;
4. mutual authentication: the tokens T_PCD (checked here) and T_PICC.
A wrong password shows only in step 4: the terminal's token does not match.
"""

from __future__ import annotations

import enum
import hmac
from dataclasses import dataclass

from koffer.devices.change_terminal import pace
from koffer.devices.change_terminal.tlv import find, tlv


class PaceStepError(ValueError):
    """The terminal sent a General Authenticate this step does not accept."""


class _Step(enum.IntEnum):
    NONCE = 0
    MAPPING = 1
    KEY_AGREEMENT = 2
    MUTUAL_AUTHENTICATION = 3
    DONE = 4


@dataclass(frozen=True)
class PaceResult:
    """What a successful run leaves behind."""

    ks_enc: bytes
    ks_mac: bytes
    id_picc: bytes  # x-coordinate of the card's ephemeral public key, for TA


class CardPace:
    """One run of PACE on the card, for the password the terminal named in MSE:Set AT."""

    def __init__(self, kind: pace.PasswordKind, password: str) -> None:
        self.kind = kind
        self._password = password
        self._step = _Step.NONCE
        self._nonce = pace.random_nonce()
        self._map_key = 0
        self._mapped_generator: pace.Point = None
        self._key = 0
        self._public = b""
        self._terminal_public = b""
        self._ks_enc = b""
        self._ks_mac = b""
        self.result: PaceResult | None = None
        self.password_wrong = False

    def step(self, dynamic_data: bytes) -> bytes:
        """Process the content of the terminal's 7C object; return the card's 7C content.

        Raises:
            PaceStepError: Out-of-order or malformed data. ``password_wrong`` is set instead
                when the terminal's token does not match.
        """
        try:
            return self._step_unchecked(dynamic_data)
        except ValueError as exc:
            self._step = _Step.DONE
            if isinstance(exc, PaceStepError):
                raise
            raise PaceStepError(str(exc)) from exc

    def _step_unchecked(self, dynamic_data: bytes) -> bytes:
        if self._step == _Step.NONCE:
            if dynamic_data:
                raise PaceStepError("step 1 carries no data")
            self._step = _Step.MAPPING
            return tlv(0x80, pace.encrypt_nonce(self._password, self._nonce))
        if self._step == _Step.MAPPING:
            terminal_map = pace.decode_point(_required(dynamic_data, 0x81))
            self._map_key = pace.random_scalar()
            own = pace.multiply(pace.generator(), self._map_key)
            shared = pace.multiply(terminal_map, self._map_key)
            self._mapped_generator = pace.map_generator(self._nonce, shared)
            self._step = _Step.KEY_AGREEMENT
            return tlv(0x82, pace.encode_point(own))
        if self._step == _Step.KEY_AGREEMENT:
            terminal_bytes = _required(dynamic_data, 0x83)
            terminal_key = pace.decode_point(terminal_bytes)
            self._key = pace.random_scalar()
            self._public = pace.encode_point(pace.multiply(self._mapped_generator, self._key))
            if self._public == terminal_bytes:
                raise PaceStepError("terminal echoed the card's key")
            secret = pace.shared_secret(terminal_key, self._key)
            self._ks_enc, self._ks_mac = pace.session_keys(secret)
            self._terminal_public = terminal_bytes
            self._step = _Step.MUTUAL_AUTHENTICATION
            return tlv(0x84, self._public)
        if self._step == _Step.MUTUAL_AUTHENTICATION:
            token = _required(dynamic_data, 0x85)
            self._step = _Step.DONE
            expected = pace.authentication_token(self._ks_mac, self._public)
            if not hmac.compare_digest(token, expected):
                self.password_wrong = True
                return b""
            self.result = PaceResult(self._ks_enc, self._ks_mac, self._public[1:33])
            return tlv(0x86, pace.authentication_token(self._ks_mac, self._terminal_public))
        raise PaceStepError("PACE already finished")

    @property
    def last_step_next(self) -> bool:
        """Whether the next General Authenticate is the last one (no command chaining)."""
        return self._step == _Step.MUTUAL_AUTHENTICATION


def _required(data: bytes, tag: int) -> bytes:
    value = find(data, tag)
    if value is None:
        raise PaceStepError(f"missing data object {tag:02X}")
    return value
