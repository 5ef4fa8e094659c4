"""Minimal BER-TLV encoding and parsing for the APDU payloads of the eID card (ISO 7816-4)."""

from __future__ import annotations


def encode_length(length: int) -> bytes:
    """Return the BER length octets for ``length`` (up to 65535)."""
    if length < 0x80:
        return bytes([length])
    if length <= 0xFF:
        return bytes([0x81, length])
    if length <= 0xFFFF:
        return bytes([0x82]) + length.to_bytes(2, "big")
    msg = f"TLV value too long: {length}"
    raise ValueError(msg)


def tlv(tag: int, value: bytes) -> bytes:
    """Encode one data object; ``tag`` may be one or two bytes."""
    tag_bytes = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    return tag_bytes + encode_length(len(value)) + value


def parse(data: bytes) -> list[tuple[int, bytes]]:
    """Split a concatenation of data objects into (tag, value) pairs, in order.

    Raises:
        ValueError: The bytes are not well-formed BER-TLV.
    """
    objects: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag & 0x1F == 0x1F:
            if pos >= len(data):
                raise ValueError("truncated tag")
            tag = (tag << 8) | data[pos]
            pos += 1
        if pos >= len(data):
            raise ValueError("missing length")
        length = data[pos]
        pos += 1
        if length & 0x80:
            count = length & 0x7F
            if count not in (1, 2) or pos + count > len(data):
                raise ValueError("bad length")
            length = int.from_bytes(data[pos : pos + count], "big")
            pos += count
        if pos + length > len(data):
            raise ValueError("value runs past the end")
        objects.append((tag, data[pos : pos + length]))
        pos += length
    return objects


def find(data: bytes, tag: int) -> bytes | None:
    """Return the value of the first object with ``tag`` at the top level, if any."""
    for found, value in parse(data):
        if found == tag:
            return value
    return None
