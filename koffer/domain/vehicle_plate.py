"""German vehicle registration numbers (Kennzeichen, FZV §8 and Anlage 4) as written on forms.

An ordinary number has the district code (Unterscheidungszeichen: one to three letters,
umlauts included, e.g. "K", "BÖ", "MÜR"), one or two recognition letters and a number of
one to four digits without a leading zero; letters and digits together at most eight. An
"E" (electric vehicle) or "H" (historic vehicle) may follow the digits. Some letter pairs
are never issued (FZV §8(1)). Written as ``K-AB 1234``; the clerk may type it in any case,
with a blank or a hyphen after the district code.

Special series (diplomatic, federal, military, seasonal and trade plates) are not taken
for a resident parking permit and are refused.
"""

from __future__ import annotations

import re

from koffer.domain.errors import ValidationError

MAX_CHARACTERS = 8
_PATTERN = re.compile(
    r"(?P<district>[A-ZÄÖÜ]{1,3})[- ]+(?P<letters>[A-Z]{1,2})[ -]*"
    r"(?P<digits>[1-9][0-9]{0,3})(?P<suffix>[EH]?)"
)
# Combinations not issued for their historical meaning (FZV §8(1) sentence 4).
_NOT_ISSUED = frozenset({"HJ", "KZ", "NS", "SA", "SS"})


def normalise_plate(text: str, field: str = "plate") -> str:
    """Return the registration number written the standard way (``K-AB 1234``).

    Raises:
        ValidationError: ``error.plate_format`` when ``text`` is not an ordinary German
            registration number.
    """
    cleaned = " ".join(text.upper().split())
    match = _PATTERN.fullmatch(cleaned)
    if match is None:
        raise ValidationError(field, "error.plate_format", detail=cleaned[:20])
    district, letters = match["district"], match["letters"]
    digits, suffix = match["digits"], match["suffix"]
    if len(district) + len(letters) + len(digits) > MAX_CHARACTERS:
        raise ValidationError(field, "error.plate_format", detail=cleaned[:20])
    if letters in _NOT_ISSUED or district in _NOT_ISSUED:
        raise ValidationError(field, "error.plate_format", detail=cleaned[:20])
    return f"{district}-{letters} {digits}{suffix}"
