"""The statuses a case goes through at the town hall, and which change leads where."""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    """Status of a case at the town hall, as kits and citizens see it."""

    RECEIVED = "received"
    IN_PROCESSING = "in_processing"
    DOCUMENT_ORDERED = "document_ordered"
    READY_FOR_PICKUP = "ready_for_pickup"
    SENT = "sent"
    REJECTED = "rejected"


_NEXT: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.RECEIVED: frozenset({CaseStatus.IN_PROCESSING, CaseStatus.REJECTED}),
    CaseStatus.IN_PROCESSING: frozenset({CaseStatus.DOCUMENT_ORDERED, CaseStatus.REJECTED}),
    CaseStatus.DOCUMENT_ORDERED: frozenset(
        {CaseStatus.READY_FOR_PICKUP, CaseStatus.SENT, CaseStatus.REJECTED}
    ),
    CaseStatus.READY_FOR_PICKUP: frozenset(),
    CaseStatus.SENT: frozenset(),
    CaseStatus.REJECTED: frozenset(),
}

# German and English names for the citizen's notification.
LABELS: dict[CaseStatus, tuple[str, str]] = {
    CaseStatus.RECEIVED: ("eingegangen", "received"),
    CaseStatus.IN_PROCESSING: ("in Bearbeitung", "in processing"),
    CaseStatus.DOCUMENT_ORDERED: ("Dokument bestellt", "document ordered"),
    CaseStatus.READY_FOR_PICKUP: ("zur Abholung bereit", "ready for pickup"),
    CaseStatus.SENT: ("versandt", "sent"),
    CaseStatus.REJECTED: ("abgelehnt", "rejected"),
}


def can_change(current: str, new: CaseStatus) -> bool:
    """Return whether a case in status ``current`` may move to ``new``.

    A case is rejected from any open status; ready for pickup, sent and rejected are final.
    An unknown current status leads nowhere.
    """
    try:
        return new in _NEXT[CaseStatus(current)]
    except ValueError:
        return False
