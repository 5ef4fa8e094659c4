"""Command APDUs in short form (ISO 7816-3/-4): parsing on the card, encoding in the terminal."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandApdu:
    """One command APDU; ``le`` is None when no response data is expected (0 means 256)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    @classmethod
    def parse(cls, raw: bytes) -> CommandApdu:
        """Read a short command APDU (cases 1 to 4).

        Raises:
            ValueError: ``raw`` is not a well-formed short APDU.
        """
        if len(raw) < 4:
            raise ValueError("an APDU has at least four header bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0])
        lc = body[0]
        if lc == 0:
            raise ValueError("extended length is not supported")
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, body[1:])
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, body[1 : 1 + lc], body[-1])
        raise ValueError("Lc does not match the command data")

    def to_bytes(self) -> bytes:
        """Encode as a short APDU."""
        if len(self.data) > 255:
            raise ValueError("command data too long for a short APDU")
        raw = bytes([self.cla, self.ins, self.p1, self.p2])
        if self.data:
            raw += bytes([len(self.data)]) + self.data
        if self.le is not None:
            raw += bytes([self.le])
        return raw

    @property
    def header(self) -> bytes:
        """CLA INS P1 P2."""
        return bytes([self.cla, self.ins, self.p1, self.p2])

    @property
    def expected_length(self) -> int:
        """How many response bytes the terminal accepts (0 when no Le)."""
        if self.le is None:
            return 0
        return self.le or 256
