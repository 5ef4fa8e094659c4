"""The offline limit: a kit that has not reached its town hall for too long opens no cases.

A lost or stolen kit thus stops taking applications on its own, and revocation at the town
hall (which the kit learns at its next sync) catches up with it quickly.
"""

from __future__ import annotations

from koffer.domain.errors import OfflineTooLong
from koffer.storage.repository import UnitOfWork


def ensure_recently_synced(uow: UnitOfWork, max_offline_days: int) -> None:
    """Raise OfflineTooLong when the last sync is more than ``max_offline_days`` ago."""
    days = (uow.now() - uow.last_synced()).days
    if days > max_offline_days:
        raise OfflineTooLong(f"{days} days", days=days, limit=max_offline_days)
