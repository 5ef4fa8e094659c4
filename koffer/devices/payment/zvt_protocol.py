"""ZVT (PA00P015) application protocol: APDU framing, BMP fields, result codes.

Real ZVT, as specified by the German terminal makers' association ("ECR-Interface
ZVT-Protocol", PA00P015, revision 13.x) for TCP/IP, where the APDUs travel without the
DLE/STX/CRC wrapping of the serial link:

- an APDU is ``CLASS INSTR LEN DATA``; ``LEN`` is one byte for 0..254 data bytes, else
  ``FF`` followed by the length in two bytes, low byte first;
- fields ("BMPs") are a one-byte number followed by a value whose length is fixed per BMP,
  or an ``FxFy`` (LLVAR) / ``FxFyFz`` (LLLVAR) length prefix for variable fields;
  BMP 06 is a TLV container with a BER length;
- amounts are 6 bytes BCD in cents, currency codes 2 bytes BCD (ISO 4217 numeric),
  the password 3 bytes BCD; masked card-number digits are the nibble ``E``.

Both sides use this module: the backend (``zvt.py``) and our terminal simulator
(``zvt_sim.py``). Only the commands and fields Koffer needs are typed here; unknown fields
of a known length are kept raw, and an unknown field ends parsing without error (the
spec's rule: an ECR ignores what it does not understand).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

# --- control fields (CLASS, INSTR) -----------------------------------------------------
ACK = (0x80, 0x00)
REGISTRATION = (0x06, 0x00)
AUTHORISATION = (0x06, 0x01)
LOG_OFF = (0x06, 0x02)
COMPLETION = (0x06, 0x0F)
ABORT = (0x06, 0x1E)
REPEAT_RECEIPT = (0x06, 0x20)
REVERSAL = (0x06, 0x30)
END_OF_DAY = (0x06, 0x50)
ECR_ABORT = (0x06, 0xB0)
PRINT_LINE = (0x06, 0xD1)
PRINT_TEXT_BLOCK = (0x06, 0xD3)
STATUS_INFORMATION = (0x04, 0x0F)
INTERMEDIATE_STATUS = (0x04, 0xFF)
NEGATIVE_ACK_CLASS = 0x84

# --- BMP numbers -----------------------------------------------------------------------
BMP_TIMEOUT = 0x01
BMP_SERVICE_BYTE = 0x03
BMP_AMOUNT = 0x04
BMP_TLV = 0x06
BMP_TRACE = 0x0B
BMP_TIME = 0x0C
BMP_DATE = 0x0D
BMP_EXPIRY = 0x0E
BMP_CARD_SEQUENCE = 0x17
BMP_PAYMENT_TYPE = 0x19
BMP_CARD_NUMBER = 0x22
BMP_RESULT_CODE = 0x27
BMP_TERMINAL_ID = 0x29
BMP_VU_NUMBER = 0x2A
BMP_ORIGINAL_TRACE = 0x37
BMP_AID = 0x3B
BMP_ADDITIONAL_TEXT = 0x3C
BMP_CURRENCY = 0x49
BMP_TOTALS = 0x60
BMP_RECEIPT = 0x87
BMP_TURNOVER_NO = 0x88
BMP_CARD_TYPE = 0x8A
BMP_CARD_NAME = 0x8B
BMP_CARD_TYPE_ID = 0x8C
BMP_RESULT_CODE_AS = 0xA0
BMP_DATE_YEAR = 0xAA

# How long each field's value is: a byte count, or LLVAR / LLLVAR / TLV.
LLVAR = -2
LLLVAR = -3
TLV = -1
BMP_LENGTHS: dict[int, int] = {
    BMP_TIMEOUT: 1,
    0x02: 1,
    BMP_SERVICE_BYTE: 1,
    BMP_AMOUNT: 6,
    0x05: 1,
    BMP_TLV: TLV,
    BMP_TRACE: 3,
    BMP_TIME: 3,
    BMP_DATE: 2,
    BMP_EXPIRY: 2,
    BMP_CARD_SEQUENCE: 2,
    BMP_PAYMENT_TYPE: 1,
    BMP_CARD_NUMBER: LLVAR,
    0x23: LLVAR,
    0x24: LLLVAR,
    BMP_RESULT_CODE: 1,
    BMP_TERMINAL_ID: 4,
    BMP_VU_NUMBER: 15,
    0x2D: LLVAR,
    0x2E: LLLVAR,
    BMP_ORIGINAL_TRACE: 3,
    0x3A: 2,
    BMP_AID: 8,
    BMP_ADDITIONAL_TEXT: LLLVAR,
    0x3D: 3,
    BMP_CURRENCY: 2,
    0x4C: LLVAR,
    BMP_TOTALS: LLLVAR,
    BMP_RECEIPT: 2,
    BMP_TURNOVER_NO: 3,
    BMP_CARD_TYPE: 1,
    BMP_CARD_NAME: LLVAR,
    BMP_CARD_TYPE_ID: 1,
    0x9A: LLLVAR,
    BMP_RESULT_CODE_AS: 1,
    0xA7: LLVAR,
    BMP_DATE_YEAR: 3,
    0xAF: LLLVAR,
    0xD0: 1,
    0xD1: LLVAR,
    0xD2: 1,
    0xD3: 1,
    0xE0: 1,
    0xE1: LLVAR,
    0xE2: LLVAR,
    0xE3: LLVAR,
    0xE4: LLVAR,
    0xE5: LLVAR,
    0xE6: LLVAR,
    0xE7: LLVAR,
    0xE8: LLVAR,
    0xE9: 1,
    0xEA: 1,
    0xEB: 8,
    0xF0: LLLVAR,
    0xF1: LLVAR,
    0xF2: LLVAR,
    0xF3: LLVAR,
    0xF4: LLVAR,
    0xF5: LLVAR,
    0xF6: LLVAR,
    0xF7: LLVAR,
    0xF8: LLVAR,
    0xF9: LLLVAR,
    0xFA: LLLVAR,
}

# The ECR password terminals are commonly delivered with (3 bytes BCD on the wire).
DEFAULT_PASSWORD = "000000"  # noqa: S105 - a factory setting, not a secret

# ISO 4217 numeric codes of the currencies a German kit may see.
CURRENCIES = {"EUR": 978, "CHF": 756, "USD": 840, "GBP": 826}

# Registration config byte (spec 2.1): which side prints, whether the PT reports progress.
CONFIG_ECR_PRINTS_PAYMENT = 0x02
CONFIG_ECR_PRINTS_ADMIN = 0x04
CONFIG_INTERMEDIATE_STATUS = 0x08
CONFIG_ECR_CONTROLS_PAYMENT = 0x10
CONFIG_ECR_CONTROLS_ADMIN = 0x20
CONFIG_TEXT_BLOCKS = 0x80
DEFAULT_CONFIG = (
    CONFIG_ECR_PRINTS_PAYMENT
    | CONFIG_ECR_PRINTS_ADMIN
    | CONFIG_INTERMEDIATE_STATUS
    | CONFIG_ECR_CONTROLS_PAYMENT
    | CONFIG_ECR_CONTROLS_ADMIN
)

# Result codes (spec chapter "Error-Messages"); 01..63 come from the card issuer's host.
RESULT_SUCCESS = 0x00
RESULT_DECLINED = 0x05
RESULT_CARD_NOT_READABLE = 0x64
RESULT_ABORTED = 0x6C
RESULT_ALREADY_REVERSED = 0xB4
RESULT_REVERSAL_NOT_POSSIBLE = 0xB5
RESULT_SYSTEM_ERROR = 0xFF
RESULT_TEXTS: dict[int, str] = {
    0x05: "declined by the card issuer",
    0x64: "card not readable",
    0x65: "card data not present",
    0x66: "processing error",
    0x67: "function not permitted for girocard and Maestro cards",
    0x68: "function not permitted for credit cards",
    0x6A: "turnover file full",
    0x6B: "function deactivated (terminal not registered)",
    0x6C: "aborted at the terminal or timed out",
    0x6E: "card on the blocked list",
    0x6F: "wrong currency",
    0x71: "credit not sufficient",
    0x72: "chip error",
    0x73: "card data incorrect",
    0x77: "end-of-day not possible",
    0x78: "card expired",
    0x79: "card not yet valid",
    0x7A: "card unknown",
    0x7D: "communication error",
    0x83: "function not possible",
    0x9A: "ZVT protocol error",
    0x9B: "error from dial-up or communication fault",
    0x9C: "please wait",
    0xA0: "receiver not ready",
    0xA1: "remote station does not respond",
    0xA3: "no connection",
    0xB1: "memory full",
    0xB2: "merchant journal full",
    0xB4: "already reversed",
    0xB5: "reversal not possible",
    0xC3: "maximum amount exceeded",
    0xC5: "payment method not supported",
    0xC6: "currency not applicable",
    0xC8: "amount too small",
    0xCC: "printer not ready",
    0xDC: "card inserted",
    0xE2: "card reader defective",
    0xEC: "PIN processing not possible",
    0xED: "PIN pad defective",
    0xF0: "open end-of-day batch present",
    0xFF: "system error",
}
# Result codes with a translated reason in the message catalogue.
RESULT_KEYS: dict[int, str] = {
    0x05: "payment.result.declined",
    0x64: "payment.result.card_not_readable",
    0x6C: "payment.result.aborted",
    0x78: "payment.result.card_expired",
    0xB4: "payment.result.already_reversed",
    0xB5: "payment.result.reversal_not_possible",
}


class ZvtError(ValueError):
    """Bytes that do not follow the protocol."""


def result_reason(code: int) -> str:
    """A readable reason for a result code: a catalogue key when there is one, else text."""
    if code in RESULT_KEYS:
        return RESULT_KEYS[code]
    text = RESULT_TEXTS.get(code)
    if text is None and 0x01 <= code <= 0x63:
        text = "declined by the card issuer's host"
    return f"{text or 'terminal error'} (ZVT {code:02X})"


# --- APDU ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Apdu:
    """One ZVT application protocol data unit."""

    cls: int
    instr: int
    data: bytes = b""

    @property
    def control(self) -> tuple[int, int]:
        """CLASS and INSTR, comparable with the constants above."""
        return (self.cls, self.instr)

    def encode(self) -> bytes:
        """The bytes on the wire."""
        return encode_apdu(self.cls, self.instr, self.data)

    @property
    def is_negative_ack(self) -> bool:
        """``84 xx``: the receiver refused the command (``84 00`` is a positive answer)."""
        return self.cls == NEGATIVE_ACK_CLASS and self.instr != 0x00


def encode_apdu(cls: int, instr: int, data: bytes = b"") -> bytes:
    """Frame ``data``: one length byte up to 254, else ``FF`` and two bytes low first."""
    size = len(data)
    if size < 0xFF:
        return bytes((cls, instr, size)) + data
    if size > 0xFFFF:
        msg = f"APDU data too long: {size} bytes"
        raise ZvtError(msg)
    return bytes((cls, instr, 0xFF, size & 0xFF, size >> 8)) + data


def decode_apdu(raw: bytes) -> tuple[Apdu, bytes]:
    """Split one APDU off the front of ``raw``; returns it and the bytes after it."""
    buffer = memoryview(raw)
    taken = 0

    def read(count: int) -> bytes:
        nonlocal taken
        if taken + count > len(buffer):
            msg = "APDU truncated"
            raise ZvtError(msg)
        chunk = bytes(buffer[taken : taken + count])
        taken += count
        return chunk

    apdu = read_apdu(read)
    return apdu, bytes(buffer[taken:])


def read_apdu(read: Callable[[int], bytes]) -> Apdu:
    """Read one APDU with ``read(n)``, which returns exactly ``n`` bytes or raises."""
    cls, instr, size = read(3)
    if size == 0xFF:
        low, high = read(2)
        size = low | high << 8
    return Apdu(cls, instr, read(size) if size else b"")


def ack() -> Apdu:
    """``80 00 00``: positive acknowledgement, sent both ways."""
    return Apdu(*ACK)


def negative_ack(code: int) -> Apdu:
    """``84 xx 00``: the command cannot be carried out, ``xx`` is a result code."""
    return Apdu(NEGATIVE_ACK_CLASS, code)


# --- BCD and length prefixes -----------------------------------------------------------


def bcd(value: int, size: int) -> bytes:
    """``value`` as ``size`` bytes of packed BCD, zero-padded on the left."""
    digits = str(value)
    if value < 0 or len(digits) > size * 2:
        msg = f"{value} does not fit {size} BCD bytes"
        raise ZvtError(msg)
    return bytes.fromhex(digits.zfill(size * 2))


def bcd_digits(raw: bytes) -> str:
    """The digit string of packed BCD (masked ``E`` nibbles shown as ``*``, ``F`` dropped)."""
    text = raw.hex().upper()
    return text.replace("E", "*").rstrip("F")


def from_bcd(raw: bytes) -> int:
    """The number in packed BCD."""
    text = raw.hex()
    if not text.isdigit():
        msg = f"not BCD: {text}"
        raise ZvtError(msg)
    return int(text) if text else 0


def amount_bcd(cents: int) -> bytes:
    """BMP 04's value: the amount in cents as 6 bytes BCD (at most 9,999,999,999.99)."""
    return bcd(cents, 6)


def password_bcd(password: str) -> bytes:
    """The 6-digit terminal password as 3 bytes BCD."""
    if len(password) != 6 or not password.isdigit():
        msg = "the ZVT password has six digits"
        raise ZvtError(msg)
    return bytes.fromhex(password)


def currency_bcd(currency: str) -> bytes:
    """The ISO 4217 numeric code of ``currency`` as 2 bytes BCD (EUR = ``09 78``)."""
    if currency not in CURRENCIES:
        msg = f"currency {currency!r} is not supported"
        raise ZvtError(msg)
    return bcd(CURRENCIES[currency], 2)


def currency_name(raw: bytes) -> str:
    """The ISO 4217 letter code for 2 bytes of BCD."""
    number = from_bcd(raw)
    for name, code in CURRENCIES.items():
        if code == number:
            return name
    return f"{number:03d}"


def var_length(size: int, digits: int) -> bytes:
    """The ``FxFy[Fz]`` prefix of an LLVAR (2 digits) or LLLVAR (3 digits) field."""
    text = str(size).zfill(digits)
    if len(text) > digits:
        msg = f"{size} bytes do not fit a {digits}-digit length"
        raise ZvtError(msg)
    return bytes(0xF0 | int(digit) for digit in text)


def _read_var_length(raw: bytes) -> int:
    size = 0
    for byte in raw:
        if byte & 0xF0 != 0xF0 or byte & 0x0F > 9:
            msg = f"bad variable length prefix {raw.hex()}"
            raise ZvtError(msg)
        size = size * 10 + (byte & 0x0F)
    return size


def ber_length(size: int) -> bytes:
    """A BER length as used in the TLV container (BMP 06)."""
    if size < 0x80:
        return bytes((size,))
    if size <= 0xFF:
        return bytes((0x81, size))
    return bytes((0x82, size >> 8, size & 0xFF))


def _read_ber_length(data: bytes, at: int) -> tuple[int, int]:
    first = data[at]
    if first < 0x80:
        return first, at + 1
    count = first & 0x7F
    if count not in (1, 2) or at + 1 + count > len(data):
        msg = "bad TLV length"
        raise ZvtError(msg)
    return int.from_bytes(data[at + 1 : at + 1 + count], "big"), at + 1 + count


# --- BMP fields and TLV ----------------------------------------------------------------


def encode_bmp(number: int, value: bytes) -> bytes:
    """One field: its number, the length prefix its kind needs, its value."""
    kind = BMP_LENGTHS.get(number)
    if kind is None:
        msg = f"unknown BMP {number:02X}"
        raise ZvtError(msg)
    if kind == LLVAR:
        return bytes((number,)) + var_length(len(value), 2) + value
    if kind == LLLVAR:
        return bytes((number,)) + var_length(len(value), 3) + value
    if kind == TLV:
        return bytes((number,)) + ber_length(len(value)) + value
    if len(value) != kind:
        msg = f"BMP {number:02X} takes {kind} bytes, got {len(value)}"
        raise ZvtError(msg)
    return bytes((number,)) + value


def encode_bmps(fields: Iterable[tuple[int, bytes]]) -> bytes:
    """Several fields in the given order."""
    return b"".join(encode_bmp(number, value) for number, value in fields)


def parse_bmps(data: bytes) -> dict[int, bytes]:
    """The fields of an APDU's data block by number (values without length prefixes).

    Parsing stops at a field number this module does not know: its length cannot be told.
    """
    fields: dict[int, bytes] = {}
    at = 0
    while at < len(data):
        number = data[at]
        kind = BMP_LENGTHS.get(number)
        if kind is None:
            break
        at += 1
        if kind in (LLVAR, LLLVAR):
            digits = -kind
            size = _read_var_length(data[at : at + digits])
            at += digits
        elif kind == TLV:
            size, at = _read_ber_length(data, at)
        else:
            size = kind
        if at + size > len(data):
            msg = f"BMP {number:02X} truncated"
            raise ZvtError(msg)
        fields[number] = data[at : at + size]
        at += size
    return fields


def encode_tlv(tag: int, value: bytes) -> bytes:
    """One TLV object (tags up to two bytes)."""
    tag_bytes = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    return tag_bytes + ber_length(len(value)) + value


def parse_tlv(data: bytes) -> list[tuple[int, bytes]]:
    """The objects of a TLV sequence, in order (constructed values stay raw)."""
    objects = []
    at = 0
    while at < len(data):
        tag = data[at]
        at += 1
        if tag & 0x1F == 0x1F:  # multi-byte tag
            while True:
                if at >= len(data):
                    msg = "TLV tag truncated"
                    raise ZvtError(msg)
                tag = tag << 8 | data[at]
                at += 1
                if not data[at - 1] & 0x80:
                    break
        size, at = _read_ber_length(data, at)
        if at + size > len(data):
            msg = "TLV value truncated"
            raise ZvtError(msg)
        objects.append((tag, data[at : at + size]))
        at += size
    return objects


TAG_TEXT_LINES = 0x25
TAG_TEXT_LINE = 0x07
TAG_RECEIPT_TYPE = 0x1F07
RECEIPT_TYPES = {1: "merchant", 2: "customer", 3: "administration"}


def print_text_block(lines: Iterable[str], receipt_type: int = 2) -> Apdu:
    """``06 D3``: a whole receipt in a TLV container (type 1F07, lines in 25/07)."""
    text = b"".join(encode_tlv(TAG_TEXT_LINE, line.encode("cp437")) for line in lines)
    container = encode_tlv(TAG_RECEIPT_TYPE, bytes((receipt_type,)))
    container += encode_tlv(TAG_TEXT_LINES, text)
    return Apdu(*PRINT_TEXT_BLOCK, encode_bmp(BMP_TLV, container))


def text_block_lines(apdu: Apdu) -> list[str]:
    """The receipt lines of a ``06 D3`` Print Text-Block."""
    container = parse_bmps(apdu.data).get(BMP_TLV, b"")
    lines: list[str] = []
    for tag, value in parse_tlv(container):
        if tag == TAG_TEXT_LINES:
            lines.extend(
                line.decode("cp437") for inner, line in parse_tlv(value) if inner == TAG_TEXT_LINE
            )
    return lines


def print_line(text: str, attribute: int = 0x00) -> Apdu:
    """``06 D1``: one receipt line, preceded by its attribute byte (``FF`` ends a receipt)."""
    return Apdu(*PRINT_LINE, bytes((attribute,)) + text.encode("cp437"))


# --- commands ECR -> PT ----------------------------------------------------------------


def registration(password: str, config: int, currency: str) -> Apdu:
    """``06 00``: password, config byte, currency code."""
    return Apdu(*REGISTRATION, password_bcd(password) + bytes((config,)) + currency_bcd(currency))


def authorisation(amount_cents: int, currency: str) -> Apdu:
    """``06 01``: amount (BMP 04) and currency (BMP 49)."""
    return Apdu(
        *AUTHORISATION,
        encode_bmps(
            [(BMP_AMOUNT, amount_bcd(amount_cents)), (BMP_CURRENCY, currency_bcd(currency))]
        ),
    )


def reversal(password: str, receipt_number: int) -> Apdu:
    """``06 30``: password, then the receipt number (BMP 87) of the payment to reverse."""
    return Apdu(*REVERSAL, password_bcd(password) + encode_bmp(BMP_RECEIPT, bcd(receipt_number, 2)))


def end_of_day(password: str) -> Apdu:
    """``06 50``: close the day's batch and transmit it."""
    return Apdu(*END_OF_DAY, password_bcd(password))


def repeat_receipt(password: str) -> Apdu:
    """``06 20``: the terminal repeats the receipt of its last transaction."""
    return Apdu(*REPEAT_RECEIPT, password_bcd(password))


# --- status information ----------------------------------------------------------------


@dataclass(frozen=True)
class DayTotals:
    """BMP 60 of the end-of-day status: receipt range, then count and total per card group."""

    first_receipt: int
    last_receipt: int
    groups: tuple[tuple[int, int], ...]  # (count, total cents) for the spec's 7 card groups

    @property
    def count(self) -> int:
        """Payments in the batch."""
        return sum(count for count, _ in self.groups)


TOTAL_GROUPS = ("girocard", "JCB", "Eurocard", "Amex", "VISA", "Diners", "other")


def encode_totals(totals: DayTotals) -> bytes:
    """BMP 60's value."""
    raw = bcd(totals.first_receipt, 2) + bcd(totals.last_receipt, 2)
    for count, total in totals.groups:
        raw += bytes((count,)) + amount_bcd(total)
    return raw


def parse_totals(raw: bytes) -> DayTotals:
    """BMP 60's value: receipt numbers, then (count byte, 6-byte BCD total) per group."""
    if len(raw) < 4 or (len(raw) - 4) % 7:
        msg = "bad individual totals"
        raise ZvtError(msg)
    groups = tuple((raw[at], from_bcd(raw[at + 1 : at + 7])) for at in range(4, len(raw), 7))
    return DayTotals(from_bcd(raw[0:2]), from_bcd(raw[2:4]), groups)


@dataclass(frozen=True)
class StatusInformation:
    """``04 0F``: the terminal's report of a transaction (fields it did not send are empty)."""

    result_code: int
    amount_cents: int = 0
    currency: str = ""
    trace_number: int = 0
    receipt_number: int = 0
    time: str = ""  # HHMMSS
    date: str = ""  # MMDD
    card_number: str = ""  # masked digits shown as *
    card_type: int | None = None
    card_name: str = ""
    terminal_id: str = ""
    authorisation_code: str = ""
    totals: DayTotals | None = None
    fields: dict[int, bytes] = field(default_factory=dict, compare=False, repr=False)

    def booked_at(self, now: datetime) -> datetime | None:
        """When the terminal booked it; ZVT sends no year, so the year closest to ``now``."""
        if len(self.time) != 6 or len(self.date) != 4:
            return None
        if not (self.time + self.date).isdigit():
            return None
        month, day = int(self.date[:2]), int(self.date[2:])
        hour, minute, second = int(self.time[:2]), int(self.time[2:4]), int(self.time[4:])
        try:
            stamp = datetime(now.year, month, day, hour, minute, second, tzinfo=now.tzinfo)
        except ValueError:
            return None
        if (stamp - now).days > 180:
            stamp = stamp.replace(year=now.year - 1)
        return stamp

    def card(self) -> str:
        """What the receipt shows of the card, e.g. ``girocard **** 1234``."""
        name = self.card_name or (
            f"card type {self.card_type}" if self.card_type is not None else "card"
        )
        last4 = self.card_number[-4:] if self.card_number else ""
        return f"{name} **** {last4}" if last4 else name


def parse_status_information(data: bytes) -> StatusInformation:
    """The fields of a ``04 0F`` data block."""
    fields = parse_bmps(data)

    def digits(number: int) -> str:
        return fields[number].hex() if number in fields else ""

    def number(bmp: int) -> int:
        return from_bcd(fields[bmp]) if bmp in fields else 0

    result = fields.get(BMP_RESULT_CODE, b"\x00")[0]
    return StatusInformation(
        result_code=result,
        amount_cents=number(BMP_AMOUNT),
        currency=currency_name(fields[BMP_CURRENCY]) if BMP_CURRENCY in fields else "",
        trace_number=number(BMP_TRACE),
        receipt_number=number(BMP_RECEIPT),
        time=digits(BMP_TIME),
        date=digits(BMP_DATE),
        card_number=bcd_digits(fields.get(BMP_CARD_NUMBER, b"")),
        card_type=fields[BMP_CARD_TYPE][0] if BMP_CARD_TYPE in fields else None,
        card_name=fields.get(BMP_CARD_NAME, b"").decode("cp437").rstrip("\x00 "),
        terminal_id=digits(BMP_TERMINAL_ID),
        authorisation_code=fields.get(BMP_AID, b"").decode("cp437").rstrip("\x00 "),
        totals=parse_totals(fields[BMP_TOTALS]) if BMP_TOTALS in fields else None,
        fields=fields,
    )


def encode_status_information(status: StatusInformation, when: datetime) -> Apdu:
    """``04 0F`` with the fields of ``status`` that are set (what the simulator sends)."""
    parts: list[tuple[int, bytes]] = [(BMP_RESULT_CODE, bytes((status.result_code,)))]
    if status.amount_cents:
        parts.append((BMP_AMOUNT, amount_bcd(status.amount_cents)))
    if status.currency:
        parts.append((BMP_CURRENCY, currency_bcd(status.currency)))
    if status.trace_number:
        parts.append((BMP_TRACE, bcd(status.trace_number, 3)))
    parts.append((BMP_TIME, bytes.fromhex(when.strftime("%H%M%S"))))
    parts.append((BMP_DATE, bytes.fromhex(when.strftime("%m%d"))))
    if status.terminal_id:
        parts.append((BMP_TERMINAL_ID, bytes.fromhex(status.terminal_id)))
    if status.receipt_number:
        parts.append((BMP_RECEIPT, bcd(status.receipt_number, 2)))
    if status.card_number:
        masked = status.card_number.replace("*", "E")
        if len(masked) % 2:
            masked += "F"
        parts.append((BMP_CARD_NUMBER, bytes.fromhex(masked)))
    if status.card_type is not None:
        parts.append((BMP_CARD_TYPE, bytes((status.card_type,))))
    if status.card_name:
        parts.append((BMP_CARD_NAME, status.card_name.encode("cp437")))
    if status.authorisation_code:
        parts.append((BMP_AID, status.authorisation_code.encode("ascii").ljust(8, b"\x00")))
    if status.totals is not None:
        parts.append((BMP_TOTALS, encode_totals(status.totals)))
    return Apdu(*STATUS_INFORMATION, encode_bmps(parts))
