"""A case (Vorgang): one service for one citizen, moving through its states."""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from koffer.domain.errors import InvalidTransition


class ServiceKind(enum.StrEnum):
    """The services a clerk offers with the kit."""

    REGISTRATION_CERTIFICATE = "registration_certificate"
    """Meldebescheinigung (BMG §18)."""

    ID_CARD = "id_card"
    """Personalausweis, regular, temporary or replacement (PAuswG)."""

    PASSPORT = "passport"
    """Reisepass, regular or temporary (PassG)."""

    REGISTRATION = "registration"
    """Anmeldung, including a move inside the town (BMG §17(1))."""

    DEREGISTRATION = "deregistration"
    """Abmeldung (BMG §17(2))."""

    CONDUCT_CERTIFICATE = "conduct_certificate"
    """Führungszeugnis request (BZRG §30)."""

    LIFE_CERTIFICATE = "life_certificate"
    """Lebensbescheinigung: a pension provider's form confirmed."""

    CERTIFICATION = "certification"
    """Beglaubigung of a copy or a signature (VwVfG §§33-34)."""

    EID = "eid"
    """eID operations on the change terminal: read, address change, new PIN, eID on."""

    PARKING_PERMIT = "parking_permit"
    """Bewohnerparkausweis (StVO §45(1b) No. 2a, the town's fee schedule)."""

    INFORMATION_BLOCK = "information_block"
    """Auskunftssperre in the register of residents (BMG §51)."""


class CaseState(enum.StrEnum):
    """Life cycle of a case, in order; ``rejected`` ends it from anywhere."""

    DRAFT = "draft"
    CAPTURED = "captured"
    SIGNED = "signed"
    PAID = "paid"
    QUEUED = "queued"
    DELIVERED = "delivered"
    ACKNOWLEDGED = "acknowledged"
    DONE = "done"
    REJECTED = "rejected"


_ORDER: list[CaseState] = [s for s in CaseState if s is not CaseState.REJECTED]
TERMINAL = frozenset({CaseState.DONE, CaseState.REJECTED})


def can_move(current: CaseState, target: CaseState) -> bool:
    """Return whether a case may go from ``current`` to ``target``.

    States only move forward (a service may skip steps it does not need, e.g. a free
    certificate skips ``paid``); any open case may be rejected; terminal states are final.
    """
    if current in TERMINAL:
        return False
    if target is CaseState.REJECTED:
        return True
    return _ORDER.index(target) > _ORDER.index(current)


_REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"


def new_reference(year: int) -> str:
    """Return a case reference the citizen can read out, e.g. ``K-2026-7QX4-MC9A``.

    The alphabet leaves out characters that are confused when read aloud or handwritten.
    """
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"K-{year}-{body[:4]}-{body[4:]}"


@dataclass(frozen=True)
class Case:
    """One service for one citizen."""

    id: str
    reference: str
    service: ServiceKind
    state: CaseState
    person_id: str
    created_at: datetime
    details: dict[str, Any] = field(default_factory=dict)

    def moved_to(self, target: CaseState) -> Case:
        """Return this case in state ``target``.

        Raises:
            InvalidTransition: When the life cycle does not allow the move.
        """
        if not can_move(self.state, target):
            raise InvalidTransition(
                f"{self.state} -> {target}", current=str(self.state), target=str(target)
            )
        return replace(self, state=target)

    def with_details(self, **extra: Any) -> Case:
        """Return this case with ``extra`` merged into its details."""
        return replace(self, details=self.details | extra)
