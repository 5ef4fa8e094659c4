"""The citizen a case is about, and their address."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from koffer.domain.errors import ValidationError

# Field lengths from TR-03123 (XhD), see DOMAIN.md "Data".
GIVEN_NAMES_MAX = 80
SURNAME_MAX = 120
STREET_MAX = 50
POSTCODE_TOWN_MAX = 49


def normalise(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding and repeated blanks removed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _required(field_name: str, value: str, limit: int) -> str:
    cleaned = normalise(value)
    if not cleaned:
        raise ValidationError(field_name, "error.required")
    if len(cleaned) > limit:
        raise ValidationError(field_name, "error.too_long", limit=limit)
    return cleaned


@dataclass(frozen=True)
class Address:
    """A dwelling address in Germany."""

    street: str
    house_number: str
    postcode: str
    city: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "street", _required("street", self.street, STREET_MAX))
        object.__setattr__(self, "house_number", normalise(self.house_number))
        if len(f"{self.street} {self.house_number}") > STREET_MAX:
            raise ValidationError("street", "error.too_long", limit=STREET_MAX)
        postcode = normalise(self.postcode)
        if not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
            raise ValidationError("postcode", "error.validation")
        object.__setattr__(self, "postcode", postcode)
        object.__setattr__(self, "city", _required("city", self.city, POSTCODE_TOWN_MAX - 6))

    def one_line(self) -> str:
        """Return the address as printed on one line."""
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}".replace(" ,", ",")

    def to_dict(self) -> dict[str, str]:
        """Return a JSON-ready dict."""
        return {
            "street": self.street,
            "house_number": self.house_number,
            "postcode": self.postcode,
            "city": self.city,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Address:
        """Build an address from :meth:`to_dict` output."""
        return cls(data["street"], data["house_number"], data["postcode"], data["city"])


@dataclass(frozen=True)
class Person:
    """A citizen as recorded on a case (surname, given names, date of birth, address)."""

    given_names: str
    surname: str
    birth_date: date
    address: Address
    doctoral_degree: str = ""
    birth_place: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "given_names", _required("given_names", self.given_names, GIVEN_NAMES_MAX)
        )
        object.__setattr__(self, "surname", _required("surname", self.surname, SURNAME_MAX))
        object.__setattr__(self, "doctoral_degree", normalise(self.doctoral_degree))
        object.__setattr__(self, "birth_place", normalise(self.birth_place))

    @property
    def full_name(self) -> str:
        """Given names and surname, with the doctoral degree in front when there is one."""
        parts = [self.doctoral_degree, self.given_names, self.surname]
        return " ".join(p for p in parts if p)

    def validate_on(self, today: date) -> None:
        """Check the rules that depend on the current date.

        Raises:
            ValidationError: When the birth date lies in the future.
        """
        if self.birth_date > today:
            raise ValidationError("birth_date", "error.date_in_future")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "given_names": self.given_names,
            "surname": self.surname,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address.to_dict(),
            "doctoral_degree": self.doctoral_degree,
            "birth_place": self.birth_place,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Person:
        """Build a person from :meth:`to_dict` output."""
        return cls(
            given_names=data["given_names"],
            surname=data["surname"],
            birth_date=date.fromisoformat(data["birth_date"]),
            address=Address.from_dict(data["address"]),
            doctoral_degree=data.get("doctoral_degree", ""),
            birth_place=data.get("birth_place", ""),
            extra=dict(data.get("extra", {})),
        )


def split_name(full_name: str) -> tuple[str, str]:
    """Split "GIVEN NAMES SURNAME" at the last blank.

    Raises:
        ValidationError: When there is no blank to split at.
    """
    cleaned = normalise(full_name)
    given, _, surname = cleaned.rpartition(" ")
    if not given or not surname:
        raise ValidationError("citizen", "error.validation")
    return given, surname
