"""Legal deletion (DOMAIN.md "Data protection", rule 6): what the kit must forget, and when.

- Fingerprints: when the town hall confirms receipt of the application (the kit never hands
  over a document itself), PAuswG §26(2), PassG §16(2).
- Authority photos: when the town hall confirms receipt, and at the latest 96 h after capture
  (PAuswV §6a(3)); a photo that expires undelivered is logged so the clerk retakes it.
- Cases the town hall acknowledged, rejected or finished: purged after a retention period.

Deleting a case destroys its key first (crypto-shredding), then its rows; SQLite's
``secure_delete`` overwrites the freed pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from koffer.domain.case import CaseState
from koffer.storage.repository import UnitOfWork
from koffer.storage.store import KitStore

FINGERPRINT_KINDS = frozenset(
    {"fingerprint", "fingerprint_wsq", "fingerprint_left", "fingerprint_right"}
)
PHOTO_KINDS = frozenset({"photo", "photo_production"})
CLOSED_STATES = frozenset(
    {str(CaseState.ACKNOWLEDGED), str(CaseState.DONE), str(CaseState.REJECTED)}
)


@dataclass
class DeletionReport:
    """What one run deleted (ids only)."""

    expired_photos: list[str] = field(default_factory=list)
    purged_cases: list[str] = field(default_factory=list)


def on_acknowledged(uow: UnitOfWork, case_id: str) -> int:
    """Delete a case's biometrics once the town hall has confirmed receipt."""
    return uow.delete_attachments(case_id, set(FINGERPRINT_KINDS | PHOTO_KINDS))


class LegalDeletion:
    """Applies the deletion periods to the whole store."""

    def __init__(
        self,
        store: KitStore,
        photo_max_hours: int = 96,
        retention_days: int = 30,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.photo_max = timedelta(hours=photo_max_hours)
        self.retention = timedelta(days=retention_days)
        self._clock = clock

    def run(self) -> DeletionReport:
        """Delete whatever is due now."""
        report = DeletionReport()
        with self.store.unit_of_work(activity=False) as uow:
            now = self._clock() if self._clock else uow.now()
            for attachment_id, _case_id in uow.attachments_before(
                set(PHOTO_KINDS), now - self.photo_max
            ):
                uow.delete_attachment(attachment_id, "photo_expired")
                report.expired_photos.append(attachment_id)
            for case_id in uow.cases_closed_before(set(CLOSED_STATES), now - self.retention):
                uow.purge_case(case_id)
                report.purged_cases.append(case_id)
        return report
