"""Secure messaging after PACE: AES-CBC encryption and CMAC over every APDU (TR-03110 Part 3).

Command: CLA with bits '0C', DO'87 (padding indicator 01 and the encrypted data), DO'97 (Le),
DO'8E (MAC). Response: DO'87, DO'99 (status word), DO'8E. The send sequence counter (SSC)
starts at zero after PACE and is incremented before each command and each response; the
IV of each encryption is E(KS_enc, SSC). The card and the terminal each hold one instance.
"""

from __future__ import annotations

from koffer.devices.change_terminal.apdu import CommandApdu
from koffer.devices.change_terminal.interface import ApduResponse
from koffer.devices.change_terminal.pace import (
    BLOCK,
    aes_cbc_decrypt,
    aes_cbc_encrypt,
    mac8,
    pad,
    unpad,
)
from koffer.devices.change_terminal.tlv import parse, tlv

SM_CLA_BITS = 0x0C
SW_SM_DATA_MISSING = 0x6987
SW_SM_DATA_WRONG = 0x6988


class SecureMessagingError(ValueError):
    """A protected APDU failed its MAC check or is malformed; the channel must be dropped."""


class SecureMessaging:
    """One secure-messaging channel keyed by the PACE session keys."""

    def __init__(self, ks_enc: bytes, ks_mac: bytes) -> None:
        self._ks_enc = ks_enc
        self._ks_mac = ks_mac
        self.ssc = 0

    def _next_ssc(self) -> bytes:
        self.ssc += 1
        return self.ssc.to_bytes(BLOCK, "big")

    def _iv(self, ssc: bytes) -> bytes:
        return aes_cbc_encrypt(self._ks_enc, bytes(BLOCK), ssc)

    # ------------------------------------------------------------------ terminal side

    def protect_command(self, command: CommandApdu) -> bytes:
        """Wrap a plain command APDU for sending."""
        ssc = self._next_ssc()
        header = bytes([command.cla | SM_CLA_BITS, command.ins, command.p1, command.p2])
        objects = b""
        if command.data:
            cryptogram = aes_cbc_encrypt(self._ks_enc, self._iv(ssc), pad(command.data))
            objects += tlv(0x87, b"\x01" + cryptogram)
        if command.le is not None:
            objects += tlv(0x97, bytes([command.le]))
        mac_input = ssc + pad(header) + (pad(objects) if objects else b"")
        objects += tlv(0x8E, mac8(self._ks_mac, mac_input))
        return CommandApdu(header[0], command.ins, command.p1, command.p2, objects, 0).to_bytes()

    def unprotect_response(self, response: ApduResponse) -> ApduResponse:
        """Check and decrypt a protected response.

        Raises:
            SecureMessagingError: The card did not answer with a valid protected response.
        """
        ssc = self._next_ssc()
        try:
            objects = parse(response.data)
        except ValueError as exc:
            raise SecureMessagingError(str(exc)) from exc
        values = dict(objects)
        if 0x8E not in values or 0x99 not in values:
            raise SecureMessagingError(f"unprotected response {response.sw:04X}")
        covered = b"".join(tlv(tag, value) for tag, value in objects if tag != 0x8E)
        if mac8(self._ks_mac, ssc + pad(covered)) != values[0x8E]:
            raise SecureMessagingError("response MAC does not match")
        data = b""
        if 0x87 in values:
            data = self._decrypt(ssc, values[0x87])
        return ApduResponse(data, int.from_bytes(values[0x99], "big"))

    # ------------------------------------------------------------------ card side

    def unprotect_command(self, command: CommandApdu) -> CommandApdu:
        """Check and decrypt a protected command.

        Raises:
            SecureMessagingError: MAC missing or wrong, or malformed data objects.
        """
        ssc = self._next_ssc()
        try:
            objects = parse(command.data)
        except ValueError as exc:
            raise SecureMessagingError(str(exc)) from exc
        values = dict(objects)
        if 0x8E not in values:
            raise SecureMessagingError("no MAC")
        covered = b"".join(tlv(tag, value) for tag, value in objects if tag != 0x8E)
        mac_input = ssc + pad(command.header) + (pad(covered) if covered else b"")
        if mac8(self._ks_mac, mac_input) != values[0x8E]:
            raise SecureMessagingError("command MAC does not match")
        data = self._decrypt(ssc, values[0x87]) if 0x87 in values else b""
        le = values[0x97][-1] if values.get(0x97) else None
        return CommandApdu(
            command.cla & ~SM_CLA_BITS & 0xFF, command.ins, command.p1, command.p2, data, le
        )

    def protect_response(self, response: ApduResponse) -> ApduResponse:
        """Wrap a response for the terminal."""
        ssc = self._next_ssc()
        objects = b""
        if response.data:
            cryptogram = aes_cbc_encrypt(self._ks_enc, self._iv(ssc), pad(response.data))
            objects += tlv(0x87, b"\x01" + cryptogram)
        objects += tlv(0x99, response.sw.to_bytes(2, "big"))
        objects += tlv(0x8E, mac8(self._ks_mac, ssc + pad(objects)))
        return ApduResponse(objects, response.sw)

    def _decrypt(self, ssc: bytes, value: bytes) -> bytes:
        if not value or value[0] != 0x01 or (len(value) - 1) % BLOCK:
            raise SecureMessagingError("malformed DO'87")
        try:
            return unpad(aes_cbc_decrypt(self._ks_enc, self._iv(ssc), value[1:]))
        except ValueError as exc:
            raise SecureMessagingError(str(exc)) from exc
