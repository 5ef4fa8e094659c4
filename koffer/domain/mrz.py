"""Names and check digits for the machine-readable zone (MRZ) after ICAO Doc 9303.

The MRZ knows only ``A``-``Z``, ``0``-``9`` and the filler ``<`` (Doc 9303 Part 3).
A name is transliterated letter by letter (Part 3 §6, "Transliterations recommended for use
by States"): the letters ICAO writes with two letters are in :data:`ICAO_DIGRAPHS`, with the
German choice where ICAO offers one (``Ä`` -> ``AE``, ``Ü`` -> ``UE`` rather than ``A`` /
``UXX``); every other DIN 91379 letter takes its search form from the DIN 91379 list, which
the String-Latin project built from the same ICAO table (``Ł`` -> ``L``, ``Đ`` -> ``D``,
``ễ`` -> ``E``). Letters outside that list fall back to their base letter when Unicode
decomposes them to one.

Punctuation (Doc 9303 Parts 3 to 5 on the name field): blanks and hyphens become one
filler, apostrophes and all other marks are left out, surname and given names are separated
by two fillers, and the field is padded with fillers or cut at its length.
"""

from __future__ import annotations

import unicodedata

from koffer.domain import names
from koffer.domain.errors import ValidationError

FILLER = "<"
MRZ_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")

NAME_FIELD_TD1 = 30
"""Length of the name line of an ID card (TD1, third line, positions 1 to 30)."""

NAME_FIELD_TD3 = 39
"""Length of the name field of a passport (TD3, first line, positions 6 to 44)."""

ICAO_DIGRAPHS: dict[str, str] = {
    "Ä": "AE",
    "Å": "AA",
    "Æ": "AE",
    "Ö": "OE",
    "Ø": "OE",
    "Œ": "OE",
    "Ü": "UE",
    "ẞ": "SS",
    "Þ": "TH",
    "Ĳ": "IJ",
}
"""Letters ICAO Doc 9303 Part 3 §6 writes with two letters (upper case; ``ß`` upper-cases to
``SS`` by itself). ``Ð`` -> ``D`` is single and comes from the DIN list like the others."""

_SEPARATORS = frozenset(" -\u2010\u2011")


def _letter(text: str) -> str:
    """Return the MRZ form of one letter or DIN 91379 letter sequence."""
    upper = unicodedata.normalize("NFC", text.upper())
    if upper in ICAO_DIGRAPHS:
        return ICAO_DIGRAPHS[upper]
    form = names.character_list().search_forms.get(text)
    if form is not None:
        return form
    return "".join(c for c in unicodedata.normalize("NFKD", upper) if "A" <= c <= "Z")


def transliterate(value: str, field: str = "surname") -> str:
    """Return one name (surname or given names) in MRZ characters.

    Args:
        value: The name as printed, in any normalisation form.
        field: Field name reported in the error.

    Returns:
        Upper-case ``A``-``Z`` with single fillers between name parts, no leading or
        trailing filler.

    Raises:
        ValidationError: ``error.invalid_characters`` for letters that have no Latin
            transliteration here (e.g. Cyrillic: such a name must first be given in its
            DIN 91379 Latin form).
    """
    out: list[str] = []
    refused: list[str] = []
    for text, group in names.units(names.normalise(value)):
        if text in _SEPARATORS:
            out.append(FILLER)
        elif group == "bll" or text.isalpha():
            letters = _letter(text)
            if not letters:
                refused.append(text)
            out.append(letters)
        elif text.isascii() and text.isdigit():
            out.append(text)
        # Apostrophes, commas, full stops and other marks are omitted.
    if refused:
        raise ValidationError(field, "error.invalid_characters", chars=" ".join(refused))
    joined = "".join(out)
    return FILLER.join(part for part in joined.split(FILLER) if part)


def name_field(surname: str, given_names: str, length: int = NAME_FIELD_TD3) -> str:
    """Return the MRZ name field ``SURNAME<<GIVEN<NAMES<<<...`` of exactly ``length``.

    Names longer than the field are cut at its end. Doc 9303 (Parts 4 and 5) describes a
    finer truncation (shortening given names first, keeping initials); that is left to the
    document producer, which builds the real MRZ from the XhD data.

    Args:
        surname: Surname as printed.
        given_names: Given names as printed; may be empty.
        length: Field length, :data:`NAME_FIELD_TD3` or :data:`NAME_FIELD_TD1`.

    Returns:
        The field, only MRZ characters.
    """
    primary = transliterate(surname, "surname")
    secondary = transliterate(given_names, "given_names")
    text = f"{primary}{FILLER * 2}{secondary}" if secondary else primary
    return text[:length].ljust(length, FILLER)


def _value(character: str) -> int:
    if character.isdigit():
        return int(character)
    if character == FILLER:
        return 0
    return ord(character) - ord("A") + 10


def check_digit(data: str) -> str:
    """Return the Doc 9303 check digit of ``data`` (weights 7, 3, 1 repeating, modulus 10).

    Raises:
        ValidationError: When ``data`` holds a character outside the MRZ set.
    """
    validate(data)
    total = sum(_value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(data))
    return str(total % 10)


def validate(text: str, field: str = "mrz") -> str:
    """Return ``text`` when it consists only of ``A``-``Z``, ``0``-``9`` and ``<``.

    Raises:
        ValidationError: ``error.invalid_characters`` listing the other characters once
            each, in order of appearance.
    """
    refused: list[str] = []
    for character in text:
        if character not in MRZ_CHARACTERS and names.display(character) not in refused:
            refused.append(names.display(character))
    if refused:
        raise ValidationError(field, "error.invalid_characters", chars=" ".join(refused))
    return text
