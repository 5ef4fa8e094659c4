"""Field lengths and partial dates as the XhD order format allows them (BSI TR-03123).

Lengths count Unicode code points after NFC normalisation, the form in which names travel
(DIN 91379). Where the limit applies to several fields together (surname with doctoral
degree and birth name, street with house number, postcode with town) the parts are counted
as printed: joined by one blank.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from koffer.domain.errors import ValidationError

SURNAME_BLOCK_MAX = 120
"""Surname + doctoral degree + birth name together."""
GIVEN_NAMES_MAX = 80
BIRTH_NAME_MAX = 75
RELIGIOUS_OR_ARTISTIC_NAME_MAX = 60
STREET_AND_NUMBER_MAX = 50
POSTCODE_AND_TOWN_MAX = 49
BIRTH_PLACE_MAX = 80
EYE_COLOUR_MAX = 19

LIMITS: dict[str, int] = {
    "given_names": GIVEN_NAMES_MAX,
    "birth_name": BIRTH_NAME_MAX,
    "religious_name": RELIGIOUS_OR_ARTISTIC_NAME_MAX,
    "birth_place": BIRTH_PLACE_MAX,
    "eye_colour": EYE_COLOUR_MAX,
}
"""Single-field limits by field name."""

UNKNOWN = "XX"


def _joined(*parts: str) -> str:
    return " ".join(p for p in (unicodedata.normalize("NFC", p).strip() for p in parts) if p)


def check_length(field: str, value: str, limit: int | None = None) -> str:
    """Return ``value`` in NFC when it fits ``limit`` (default: the field's XhD limit).

    Raises:
        ValidationError: ``error.too_long`` with ``field`` and ``limit``.
        KeyError: When no limit is given and the field has none in :data:`LIMITS`.
    """
    bound = LIMITS[field] if limit is None else limit
    text = unicodedata.normalize("NFC", value)
    if len(text) > bound:
        raise ValidationError(field, "error.too_long", limit=bound)
    return text


def check_surname_block(surname: str, doctoral_degree: str = "", birth_name: str = "") -> None:
    """Check surname, doctoral degree and birth name against their XhD limits.

    Raises:
        ValidationError: ``error.too_long`` for the birth name alone (75) or for the
            three together (120, reported on the surname).
    """
    check_length("birth_name", birth_name)
    if len(_joined(doctoral_degree, surname, birth_name)) > SURNAME_BLOCK_MAX:
        raise ValidationError("surname", "error.too_long", limit=SURNAME_BLOCK_MAX)


def check_street(street: str, house_number: str) -> None:
    """Check street and house number together (at most 50).

    Raises:
        ValidationError: ``error.too_long`` on the street.
    """
    if len(_joined(street, house_number)) > STREET_AND_NUMBER_MAX:
        raise ValidationError("street", "error.too_long", limit=STREET_AND_NUMBER_MAX)


def check_postcode_town(postcode: str, town: str) -> None:
    """Check postcode and town together (at most 49).

    Raises:
        ValidationError: ``error.too_long`` on the town.
    """
    if len(_joined(postcode, town)) > POSTCODE_AND_TOWN_MAX:
        raise ValidationError("city", "error.too_long", limit=POSTCODE_AND_TOWN_MAX)


_PARTIAL_DATE = re.compile(r"(\d{4}|XXXX)-(\d{2}|XX)-(\d{2}|XX)")


@dataclass(frozen=True)
class PartialDate:
    """A date of which the day, the month and day, or all parts may be unknown.

    Unknown parts are ``None`` and written ``XX`` (``XXXX`` for the year), e.g.
    ``1950-XX-XX`` for someone who only knows the year of birth. Only trailing parts may be
    unknown: a known day needs a known month, a known month a known year.
    """

    year: int | None
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not self._is_valid():
            raise ValidationError("date", "error.invalid_date")

    def _is_valid(self) -> bool:
        year, month, day = self.year, self.month, self.day
        if year is None:
            return month is None and day is None
        if not 1 <= year <= 9999:
            return False
        if month is None:
            return day is None
        if not 1 <= month <= 12:
            return False
        return day is None or 1 <= day <= calendar.monthrange(year, month)[1]

    @property
    def complete(self) -> bool:
        """Whether year, month and day are all known."""
        return self.day is not None

    def earliest(self) -> date | None:
        """Return the first day the date may stand for; ``None`` when the year is unknown."""
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date | None:
        """Return the last day the date may stand for; ``None`` when the year is unknown."""
        if self.year is None:
            return None
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        year = UNKNOWN * 2 if self.year is None else f"{self.year:04d}"
        month = UNKNOWN if self.month is None else f"{self.month:02d}"
        day = UNKNOWN if self.day is None else f"{self.day:02d}"
        return f"{year}-{month}-{day}"


def parse_partial_date(text: str, field: str = "birth_date") -> PartialDate:
    """Parse ``YYYY-MM-DD`` with unknown parts written ``XX`` (``XXXX`` for the year).

    Args:
        text: The date as entered; surrounding blanks and a lower-case ``x`` are accepted.
        field: Field name reported in the error.

    Returns:
        The date; ``str()`` of it gives the canonical XhD form back.

    Raises:
        ValidationError: ``error.invalid_date`` for anything else, for a known part after
            an unknown one, and for days that do not exist (``2023-02-29``).
    """
    match = _PARTIAL_DATE.fullmatch(text.strip().upper())
    if match is None:
        raise ValidationError(field, "error.invalid_date")
    year, month, day = (None if "X" in part else int(part) for part in match.groups())
    try:
        return PartialDate(year, month, day)
    except ValidationError:
        raise ValidationError(field, "error.invalid_date") from None
