"""Place of residence on the ID card chip: DG17 and DG18 encodings and the address sticker.

DG17 (Wohnort) is [APPLICATION 17] holding the PlaceOfResidence CHOICE of TR-03110 Part 4 /
TR-03127: a GeneralPlace SEQUENCE with [10] street, [11] city, [12] state, [13] country,
[14] zipcode (explicitly tagged UTF8String / PrintableString), or [2] noPlaceInfo (a text
such as "keine Hauptwohnung in Deutschland"). DG18 (Gemeindeschlüssel, Community ID) is
[APPLICATION 18] holding an OCTET STRING of 14 BCD digits (BSI TR-03127 §3.2.2): "0276"
(ISO 3166-1 numeric 276 with a leading zero), then the parts of the 8-digit official
municipality key (Amtlicher Gemeindeschlüssel, AGS "LLRKKGGG"), each padded with leading
zeros so that a query can stop at any level: Land LL, "0" R, district KK, "0" GGG.
Example: Köln, AGS 05315000, becomes 0276 05 03 15 0000. Without an address in Germany
(noPlaceInfo) DG18 is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from koffer.devices.change_terminal.tlv import parse, tlv

DG17_TAG = 0x71
DG18_TAG = 0x72
COUNTRY_PREFIX = "0276"
MUNICIPALITY_KEY_DIGITS = 8
MUNICIPALITY_ID_DIGITS = 14


@dataclass(frozen=True)
class PlaceOfResidence:
    """A structured German address as DG17 stores it (country "D" for Germany)."""

    street: str
    city: str
    zipcode: str
    country: str = "D"
    state: str = ""


@dataclass(frozen=True)
class NoPlaceInfo:
    """DG17 without an address: the text printed instead (no main residence in Germany)."""

    text: str = "keine Hauptwohnung in Deutschland"


Residence = PlaceOfResidence | NoPlaceInfo


def encode_dg17(residence: Residence) -> bytes:
    """DER of DG17 for ``residence``."""
    if isinstance(residence, NoPlaceInfo):
        return tlv(DG17_TAG, tlv(0xA2, tlv(0x0C, residence.text.encode("utf-8"))))
    fields = b""
    if residence.street:
        fields += tlv(0xAA, tlv(0x0C, residence.street.encode("utf-8")))
    fields += tlv(0xAB, tlv(0x0C, residence.city.encode("utf-8")))
    if residence.state:
        fields += tlv(0xAC, tlv(0x0C, residence.state.encode("utf-8")))
    fields += tlv(0xAD, tlv(0x13, residence.country.encode("ascii")))
    if residence.zipcode:
        fields += tlv(0xAE, tlv(0x13, residence.zipcode.encode("ascii")))
    return tlv(DG17_TAG, tlv(0x30, fields))


def _inner_text(value: bytes) -> str:
    (_tag, text), *_rest = parse(value)
    return text.decode("utf-8")


def decode_dg17(data: bytes) -> Residence:
    """Read DG17.

    Raises:
        ValueError: Not a DG17 this model understands.
    """
    (tag, body), *_rest = parse(data)
    if tag != DG17_TAG:
        raise ValueError(f"not DG17: tag {tag:02X}")
    (choice, value), *_rest = parse(body)
    if choice == 0xA2:
        return NoPlaceInfo(_inner_text(value))
    if choice != 0x30:
        raise ValueError(f"unsupported PlaceOfResidence choice {choice:02X}")
    fields = {field: _inner_text(content) for field, content in parse(value)}
    return PlaceOfResidence(
        street=fields.get(0xAA, ""),
        city=fields[0xAB],
        zipcode=fields.get(0xAE, ""),
        country=fields.get(0xAD, "D"),
        state=fields.get(0xAC, ""),
    )


def encode_dg18(municipality_key: str) -> bytes:
    """DER of DG18 for an 8-digit official municipality key ("" for an empty DG18).

    Raises:
        ValueError: The key is neither empty nor 8 digits.
    """
    if not municipality_key:
        return tlv(DG18_TAG, b"")
    key = municipality_key
    if len(key) != MUNICIPALITY_KEY_DIGITS or not key.isdigit():
        raise ValueError("the official municipality key has 8 digits")
    digits = f"{COUNTRY_PREFIX}{key[0:2]}0{key[2]}{key[3:5]}0{key[5:8]}"
    return tlv(DG18_TAG, tlv(0x04, bytes.fromhex(digits)))


def decode_dg18(data: bytes) -> str:
    """Return the 14-digit municipality ID of DG18 ("" when DG18 is empty).

    Raises:
        ValueError: Not a DG18 with 14 BCD digits.
    """
    (tag, body), *_rest = parse(data)
    if tag != DG18_TAG:
        raise ValueError("not DG18")
    if not body:
        return ""
    (inner, value), *_rest = parse(body)
    digits = value.hex()
    if inner != 0x04 or len(digits) != MUNICIPALITY_ID_DIGITS or not digits.isdigit():
        raise ValueError("DG18 is not a municipality ID of 14 BCD digits")
    return digits


def municipality_key_of(municipality_id: str) -> str:
    """The 8-digit official municipality key inside a 14-digit municipality ID ("" if none)."""
    if not municipality_id:
        return ""
    digits = municipality_id[len(COUNTRY_PREFIX) :]
    return digits[0:2] + digits[3] + digits[4:6] + digits[7:10]


def address_sticker(residence: Residence) -> list[str]:
    """Lines of the address sticker (Adressaufkleber) for the back of the card.

    The sticker repeats what the chip now holds, in the card's capitals.
    """
    if isinstance(residence, NoPlaceInfo):
        return [residence.text.upper()]
    lines = []
    if residence.street:
        lines.append(residence.street.upper())
    lines.append(f"{residence.zipcode} {residence.city}".strip().upper())
    return lines
