"""The background delivery: hands sealed parcels to the town hall while the kit is locked.

A clerk queues cases at a care home, locks the kit and drives back; the parcels go when the
notebook is online again, app open or not. ``koffer deliver --watch`` runs this loop (the
kit package starts it as the systemd user service ``koffer-delivery.service``).

It needs no passphrase and reads nothing in the store: it holds only the delivery pass
(see :mod:`koffer.sync.delivery`) and the parcels, which are sealed to the town hall. It
keeps the town hall's answers beside the parcels; the app takes them into the store at its
next synchronisation. Each parcel is claimed (``flock``) while it is handed in, so the app
and the background delivery never send the same parcel at once (and if they did, the
idempotency key would keep the town hall from storing it twice).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from koffer.domain.errors import SyncError
from koffer.sync import delivery
from koffer.sync.client import Enrolment
from koffer.sync.delivery import Courier
from koffer.sync.parcel import Attempts, Parcel, Spool
from koffer.workflows.connectivity import OFFLINE_REASONS, probe_delay
from koffer.workflows.synchronise import REVOKED, backoff

POLL_S = 30.0
OFFLINE_BASE_S = 5.0
OFFLINE_CAP_S = 300.0

log = logging.getLogger(__name__)


@dataclass
class DeliveryRound:
    """What one round of the background delivery did."""

    delivered: int = 0
    failed: int = 0
    waiting: int = 0  # ready, but not due yet after a failure
    offline: bool = False
    revoked: bool = False
    has_pass: bool = True


class DeliveryAgent:
    """Hands the kit's ready parcels to the town hall named in its delivery pass."""

    def __init__(
        self,
        data_dir: Path,
        wipe: Callable[[], None],
        *,
        timeout_s: float = 15.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Deliver from ``data_dir``; ``wipe`` destroys the kit when it has been revoked."""
        self.data_dir = data_dir
        self.spool = Spool(data_dir)
        self.wipe = wipe
        self.timeout_s = timeout_s
        self.clock = clock

    def run_once(self) -> DeliveryRound:
        """Hand in every due parcel once; stop at the first sign of no connection."""
        result = DeliveryRound()
        delivery_pass = delivery.read_pass(self.data_dir)
        if delivery_pass is None:
            result.has_pass = False
            return result
        now = self.clock()
        waiting = [p for p in self.spool.ready(delivery_pass.townhall_kid) if p.receipt() is None]
        due = [parcel for parcel in waiting if parcel.due(now)]
        result.waiting = len(waiting) - len(due)
        if not due:
            return result
        with delivery_pass.client(self.timeout_s) as client:
            courier = Courier(client)
            for parcel in due:
                try:
                    self._deliver(courier, delivery_pass.enrolment, parcel, result)
                except SyncError as exc:
                    reason = str(exc.params.get("reason", "sync.failed"))
                    if reason == REVOKED:
                        self._revoked(result)
                        return result
                    if reason in OFFLINE_REASONS:  # no fault of the parcel: try all later
                        result.offline = True
                        return result
                    self._failed(parcel, reason, now)
                    result.failed += 1
        return result

    def _deliver(
        self, courier: Courier, enrolment: Enrolment, parcel: Parcel, result: DeliveryRound
    ) -> None:
        with self.spool.claim(parcel.idempotency_key) as mine:
            # The app may hold it, or have delivered and dropped it meanwhile.
            if mine and parcel.packet_path.exists() and parcel.receipt() is None:
                courier.deliver(enrolment, parcel)
                result.delivered += 1

    @staticmethod
    def _failed(parcel: Parcel, reason: str, now: float) -> None:
        count = parcel.attempts().count
        wait = backoff(count, random.Random()).total_seconds()  # noqa: S311 - jitter only
        parcel.keep_attempts(Attempts(count + 1, now + wait, reason))
        log.warning("a parcel was refused (%s); next try in %.0f s", reason, wait)

    def _revoked(self, result: DeliveryRound) -> None:
        """The town hall revoked this kit: destroy its keys and data, as the app would."""
        result.revoked = True
        log.warning("the town hall has revoked this kit: wiping its keys and data")
        self.wipe()

    def watch(self, stop: threading.Event, poll_s: float = POLL_S) -> None:
        """Deliver round after round until ``stop`` is set or the kit is revoked.

        While the town hall is out of reach the rounds back off (exponentially, with
        jitter, up to five minutes), as the app's connectivity probe does.
        """
        rng = random.SystemRandom()
        offline_rounds = 0
        while not stop.is_set():
            result = self.run_once()
            if result.revoked:
                return
            if result.delivered or result.failed:
                log.info(
                    "delivered %d, refused %d, waiting %d",
                    result.delivered,
                    result.failed,
                    result.waiting,
                )
            if result.offline:
                wait = probe_delay(offline_rounds, rng, OFFLINE_BASE_S, OFFLINE_CAP_S)
                offline_rounds += 1
            else:
                wait, offline_rounds = poll_s, 0
            stop.wait(wait)
