"""Information block (Auskunftssperre, BMG §51): applied for on the visit, recorded on the person.

The person states why information from the register could endanger them (life, health,
personal freedom or similar interests) and the clerk records that the facts were shown
credibly (glaubhaft gemacht). The block is free, runs two years from the day it is
recorded and is renewed on a new application while it runs. The town hall enters it in the
register; from the case on, the person carries it, and the kit withholds the blocked data
(rule 10, ``koffer.domain.information_block``). The citizen gets the "what happens next"
sheet, which names no address.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from koffer.domain import information_block
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import FeeBreakdown
from koffer.domain.person import Person, normalise
from koffer.workflows.engine import CaseFacts, Evidence, Service, Step

GROUNDS_MAX = 1000
FREE = FeeBreakdown(())


def admit(facts: CaseFacts) -> Mapping[str, Any]:
    """Check the application; return the details to store.

    Raises:
        ValidationError: ``error.block_grounds_missing`` without grounds shown credibly,
            ``error.too_long`` for grounds beyond 1000 characters.
    """
    grounds = normalise(str(facts.details.get("grounds", "")))
    if not grounds or not facts.flag("grounds_credible"):
        raise ValidationError("grounds", "error.block_grounds_missing")
    if len(grounds) > GROUNDS_MAX:
        raise ValidationError("grounds", "error.too_long", limit=GROUNDS_MAX)
    existing = facts.person.information_block
    block = information_block.grant(facts.application_date, existing)
    return {
        "grounds": grounds,
        "renewal": existing is not None and existing.active_on(facts.application_date),
        "block": block.to_dict(),
    }


def amend_person(facts: CaseFacts) -> Person:
    """The person with the block recorded on them."""
    block = information_block.InformationBlock.from_dict(facts.details["block"])
    return replace(facts.person, information_block=block)


def service() -> Service:
    """The Auskunftssperre application."""
    return Service(
        kind=ServiceKind.INFORMATION_BLOCK,
        title_key="service.information_block",
        steps=(
            Step("signature", Evidence.SIGNATURE, "step.signature"),
            Step("next_steps", Evidence.DOCUMENT, "step.next_steps"),
        ),
        admit=admit,
        fee=lambda _facts: FREE,
        amend_person=amend_person,
    )
