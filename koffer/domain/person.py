"""The citizen a case is about, and their address."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from koffer.domain import fields, names
from koffer.domain.errors import ValidationError
from koffer.domain.information_block import InformationBlock


def normalise(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding and repeated blanks removed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _required(
    field_name: str, value: str, limit: int, datatype: names.Datatype = names.Datatype.A
) -> str:
    cleaned = _optional(field_name, value, limit, datatype)
    if not cleaned:
        raise ValidationError(field_name, "error.required")
    return cleaned


def _optional(
    field_name: str, value: str, limit: int, datatype: names.Datatype = names.Datatype.A
) -> str:
    """NFC, blanks tidied, within the XhD length, only DIN 91379 characters (rule 7)."""
    cleaned = normalise(value)
    if len(cleaned) > limit:
        raise ValidationError(field_name, "error.too_long", limit=limit)
    return names.check(cleaned, datatype, field_name) if cleaned else cleaned


@dataclass(frozen=True)
class Address:
    """A dwelling address in Germany."""

    street: str
    house_number: str
    postcode: str
    city: str

    def __post_init__(self) -> None:
        B = names.Datatype.B  # noqa: N806 - the standard's name for it
        street_max = fields.STREET_AND_NUMBER_MAX
        object.__setattr__(self, "street", _required("street", self.street, street_max, B))
        number = _optional("house_number", self.house_number, street_max, B)
        object.__setattr__(self, "house_number", number)
        fields.check_street(self.street, self.house_number)
        postcode = normalise(self.postcode)
        if not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
            raise ValidationError("postcode", "error.validation")
        object.__setattr__(self, "postcode", postcode)
        city = _required("city", self.city, fields.POSTCODE_AND_TOWN_MAX - 6, B)
        object.__setattr__(self, "city", city)

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
    """A citizen as recorded on a case (surname, given names, date of birth, address).

    ``information_block`` is the person's Auskunftssperre (BMG §51) when there is one.
    """

    given_names: str
    surname: str
    birth_date: date
    address: Address
    doctoral_degree: str = ""
    birth_place: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    information_block: InformationBlock | None = None

    def __post_init__(self) -> None:
        given = _required("given_names", self.given_names, fields.GIVEN_NAMES_MAX)
        object.__setattr__(self, "given_names", given)
        surname = _required("surname", self.surname, fields.SURNAME_BLOCK_MAX)
        object.__setattr__(self, "surname", surname)
        degree = _optional("doctoral_degree", self.doctoral_degree, fields.SURNAME_BLOCK_MAX)
        object.__setattr__(self, "doctoral_degree", degree)
        fields.check_surname_block(self.surname, self.doctoral_degree)
        place = _optional("birth_place", self.birth_place, fields.BIRTH_PLACE_MAX, names.Datatype.B)
        object.__setattr__(self, "birth_place", place)

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
            "information_block": (
                None if self.information_block is None else self.information_block.to_dict()
            ),
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
            information_block=(
                InformationBlock.from_dict(data["information_block"])
                if data.get("information_block")
                else None
            ),
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
