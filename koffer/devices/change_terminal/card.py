"""A virtual German ID card at APDU level, answering as the chip does (DOMAIN.md §3).

This first version knows the file system and selection; the device-layer work adds PACE,
terminal authentication, PIN management and the DG17/DG18 writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from koffer.devices.change_terminal.interface import ApduResponse

EID_AID = bytes.fromhex("E80704007F00070302")
EF_CARD_ACCESS = 0x011C
EF_CARD_SECURITY = 0x011D
ATR = bytes.fromhex("3B8A80018031F873F741E082900075")

SW_OK = 0x9000
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00

# EF.CardAccess of a card supporting PACE v2 with ECDH generic mapping, AES-128, brainpoolP256r1.
CARD_ACCESS = bytes.fromhex("3114300F060A04007F0007020204020202010202010D")

INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0


@dataclass
class VirtualIdCard:
    """The chip of a German ID card, as much as the change terminal needs of it."""

    files: dict[int, bytes] = field(default_factory=lambda: {EF_CARD_ACCESS: CARD_ACCESS})
    selected_application: bytes = b""
    selected_file: int | None = None

    def process(self, apdu: bytes) -> ApduResponse:
        """Answer one command APDU."""
        if len(apdu) < 4:
            return ApduResponse(b"", SW_WRONG_LENGTH)
        cla, ins, p1, p2 = apdu[:4]
        if cla & 0xF0 not in (0x00, 0x10, 0x0C):
            return ApduResponse(b"", SW_CLA_NOT_SUPPORTED)
        if ins == INS_SELECT:
            return self._select(p1, p2, apdu[5 : 5 + apdu[4]] if len(apdu) > 4 else b"")
        if ins == INS_READ_BINARY:
            return self._read_binary(p1, p2, apdu[4] if len(apdu) > 4 else 0)
        return ApduResponse(b"", SW_INS_NOT_SUPPORTED)

    def _select(self, p1: int, p2: int, data: bytes) -> ApduResponse:
        if p1 == 0x04:
            if data == EID_AID:
                self.selected_application = data
                self.selected_file = None
                return ApduResponse(b"", SW_OK)
            return ApduResponse(b"", SW_FILE_NOT_FOUND)
        if p1 == 0x02 and len(data) == 2:
            fid = int.from_bytes(data, "big")
            if fid not in self.files:
                return ApduResponse(b"", SW_FILE_NOT_FOUND)
            self.selected_file = fid
            return ApduResponse(b"", SW_OK)
        del p2
        return ApduResponse(b"", SW_WRONG_P1P2)

    def _read_binary(self, p1: int, p2: int, le: int) -> ApduResponse:
        if p1 & 0x80:  # short file identifier in P1
            fid = 0x0100 | (p1 & 0x1F)
            offset = p2
        else:
            fid = self.selected_file if self.selected_file is not None else -1
            offset = (p1 << 8) | p2
        content = self.files.get(fid)
        if content is None:
            return ApduResponse(b"", SW_FILE_NOT_FOUND)
        length = le or 256
        return ApduResponse(content[offset : offset + length], SW_OK)
