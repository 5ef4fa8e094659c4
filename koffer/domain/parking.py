"""Resident parking (Bewohnerparken): the town's zones, fee and permit period as data.

The town's schedule is ``koffer.resources/municipal/parking.toml``: the fee per permit, how
many months a permit runs, the heaviest vehicle admitted and the zones with their streets.
Who may have a permit (StVO §45(1b) No. 2a, VwV-StVO zu §45 X.): a resident whose main
residence lies in the zone, for a vehicle they keep or permanently use.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from koffer.domain.errors import ValidationError


@dataclass(frozen=True)
class ParkingZone:
    """A resident parking zone: code as on the signs, name and the streets inside it."""

    code: str
    name: str
    streets: frozenset[str]

    def contains(self, street: str) -> bool:
        """Whether ``street`` lies in the zone (compared in NFC, ignoring case)."""
        return _key(street) in {_key(s) for s in self.streets}


@dataclass(frozen=True)
class ParkingPolicy:
    """The town's resident parking schedule."""

    fee_cents: int
    validity_months: int
    max_weight_kg: int
    zones: tuple[ParkingZone, ...]

    def zone(self, code: str) -> ParkingZone:
        """The zone with ``code``.

        Raises:
            ValidationError: ``error.parking_zone_unknown`` when the town has no such zone.
        """
        for zone in self.zones:
            if zone.code.casefold() == code.strip().casefold():
                return zone
        raise ValidationError("zone", "error.parking_zone_unknown", detail=code[:10])

    @classmethod
    def from_toml(cls, data: Mapping[str, Any]) -> ParkingPolicy:
        """Build the schedule from parsed TOML.

        Raises:
            ValueError: When a figure is missing or negative, or a zone lacks its code,
                name or streets.
        """
        figures = {}
        for name in ("fee_cents", "validity_months", "max_weight_kg"):
            value = data.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"parking: {name} must be a whole number >= 0")
            figures[name] = value
        if figures["validity_months"] < 1:
            raise ValueError("parking: validity_months must be at least 1")
        zones = []
        for zone in data.get("zones", []):
            code, name, streets = zone.get("code"), zone.get("name"), zone.get("streets")
            if not code or not name or not streets:
                raise ValueError("parking: every zone needs code, name and streets")
            zones.append(ParkingZone(str(code), str(name), frozenset(map(str, streets))))
        if not zones:
            raise ValueError("parking: no zones")
        return cls(zones=tuple(zones), **figures)


def _key(street: str) -> str:
    return " ".join(unicodedata.normalize("NFC", street).casefold().split())


@cache
def parking_policy() -> ParkingPolicy:
    """The packaged schedule (read once per process)."""
    entry = resources.files("koffer.resources") / "municipal" / "parking.toml"
    return ParkingPolicy.from_toml(tomllib.loads(entry.read_text("utf-8")))
