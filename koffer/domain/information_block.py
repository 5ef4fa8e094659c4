"""Information block (Auskunftssperre, BMG §51): recorded on the person, it withholds data.

A person who shows that information from the register could endanger their life, health,
personal freedom or similar interests gets a block, free of charge, for two years; it can
be renewed (§51(1), (4)). While it is active (rule 10):

- the blocked data never appears on a form the kit pre-fills: the citizen states it afresh;
- what the kit refuses because of it is refused with the same words as any other refusal of
  that request, so that a refusal never tells whether a block exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from koffer.domain.age_rules import add_years
from koffer.domain.errors import ValidationError

DURATION_YEARS = 2
REFUSED = "error.information_refused"
# What a pre-filled form leaves out while a block is active: where the person lives and
# lived, and how to find them there.
BLOCKED_FIELDS = frozenset(
    {"address", "street", "house_number", "postcode", "city", "previous_address",
     "new_address", "moved_in", "move_in_date", "phone", "email"}
)  # fmt: skip


@dataclass(frozen=True)
class InformationBlock:
    """An Auskunftssperre: from ``since`` up to (not including) ``until``."""

    since: date
    until: date
    renewals: int = 0

    def active_on(self, day: date) -> bool:
        """Whether the block is in force on ``day``."""
        return self.since <= day < self.until

    def renewed(self, on: date) -> InformationBlock:
        """The block renewed on ``on`` for two more years (from its end while it runs)."""
        start = self.until if self.active_on(on) else on
        since = self.since if self.active_on(on) else on
        return InformationBlock(since, add_years(start, DURATION_YEARS), self.renewals + 1)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "renewals": self.renewals,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InformationBlock:
        """Build a block from :meth:`to_dict` output."""
        return cls(
            date.fromisoformat(str(data["since"])),
            date.fromisoformat(str(data["until"])),
            int(data.get("renewals", 0)),
        )


def grant(on: date, existing: InformationBlock | None = None) -> InformationBlock:
    """A block from ``on`` for two years, or ``existing`` renewed (BMG §51(4))."""
    if existing is not None:
        return existing.renewed(on)
    return InformationBlock(on, add_years(on, DURATION_YEARS))


def is_blocked(block: InformationBlock | None, on: date) -> bool:
    """Whether ``block`` exists and is in force on ``on``."""
    return block is not None and block.active_on(on)


def prefill(values: Mapping[str, Any], block: InformationBlock | None, on: date) -> dict[str, Any]:
    """The values a form may be pre-filled with: without the blocked data while a block runs.

    The result does not say that something was left out: a blank field looks the same
    whether or not a block exists.
    """
    if not is_blocked(block, on):
        return dict(values)
    return {key: value for key, value in values.items() if key not in BLOCKED_FIELDS}


def refusal(field: str = "request") -> ValidationError:
    """The one refusal for a request the kit may not answer, whatever the reason (rule 10)."""
    return ValidationError(field, REFUSED)
