"""Synchronisation with the town hall: enrol, push the outbox, pull status events.

Every queued case goes out as one sealed packet (JWS by the kit inside JWE to the town hall)
with its idempotency key, so a packet repeated after a lost answer is stored only once.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from koffer import crypto
from koffer.domain.case import CaseState, can_move
from koffer.domain.errors import KitRevoked, SyncError
from koffer.storage.repository import OutboxEntry, UnitOfWork
from koffer.storage.store import KitStore
from koffer.sync import packet
from koffer.sync.client import Enrolment, StatusEvent, TownhallClient
from koffer.workflows import legal_deletion, townhall_trust
from koffer.workflows.attachment_upload import SPOOL_DIR, AttachmentUploader
from koffer.workflows.townhall_trust import TownhallTrust

SIGNING_KEY = "signing_key"
ENROLMENTS = townhall_trust.ENROLMENTS
EVENT_CURSOR = "event_cursor"
REVOKED = "sync.revoked"
BACKOFF_BASE_S = 30
BACKOFF_CAP_S = 3600
RECONNECT_WAIT_S = (5.0, 15.0)

# What a town-hall status means for the case on the kit.
STATUS_TO_STATE = {
    "received": CaseState.ACKNOWLEDGED,
    "rejected": CaseState.REJECTED,
}


@dataclass(frozen=True)
class Sent:
    """A case the town hall took."""

    reference: str
    status: str
    duplicate: bool


@dataclass
class SyncReport:
    """What one synchronisation did."""

    sent: list[Sent] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)


def retry_wait(reason: str, entry: OutboxEntry) -> timedelta:
    """How long a failed packet waits before it is due again.

    A lost connection is no fault of the packet and no load on the town hall: it is due
    again after a few seconds and does not climb the backoff, so that it goes out with the
    first synchronisation after the connection is back (see :mod:`.connectivity`). Every
    other failure backs off exponentially.
    """
    if reason == "sync.unreachable":
        return timedelta(seconds=random.SystemRandom().uniform(*RECONNECT_WAIT_S))
    return backoff(entry.attempts)


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Return the wait before the next attempt: exponential, capped, with full jitter."""
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** min(attempts, 16))
    return timedelta(seconds=(rng or random.SystemRandom()).uniform(ceiling / 2, ceiling))


def wipe_kit(store: KitStore) -> None:
    """Destroy the store (every key, all data, the logs) and what sync keeps beside it.

    Beside it: the spooled attachments sealed for the town hall and the published kit
    certificates, so that a wiped kit claims no identity any more.
    """
    store.wipe()
    for folder in (SPOOL_DIR, townhall_trust.CERTIFICATE_DIR):
        shutil.rmtree(store.data_dir / folder, ignore_errors=True)


class Synchroniser:
    """Brings the kit and its town hall up to date."""

    def __init__(
        self,
        store: KitStore,
        client: TownhallClient,
        kit_name: str,
        enrolment_token: str,
        deletion: legal_deletion.LegalDeletion | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.kit_name = kit_name
        self.enrolment_token = enrolment_token
        self.deletion = deletion
        self.trust = TownhallTrust(store, client, enrolment_token)
        self.uploads = AttachmentUploader(client, store.data_dir)

    def run(self) -> SyncReport:
        """Enrol if needed, send what is due, and apply the town hall's status events.

        Raises:
            KitRevoked: When the town hall has revoked this kit; the kit is wiped first
                (every key and all data), as a lost or stolen kit must be.
            SyncError: When the town hall cannot be reached or refuses the kit.
        """
        try:
            return self._run()
        except SyncError as exc:
            if exc.params.get("reason") != REVOKED:
                raise
        wipe_kit(self.store)
        raise KitRevoked

    def _run(self) -> SyncReport:
        enrolment = self.enrolment()
        report = SyncReport()
        self.push(enrolment, report)
        self.pull(enrolment, report)
        with self.store.unit_of_work(activity=False) as uow:
            uow.mark_synced()
        if self.deletion is not None:
            self.deletion.run()
        return report

    def enrolment(self) -> Enrolment:
        """Return this kit's enrolment with the town hall it talks to, enrolling once.

        Over HTTPS the kit first pins the town hall's CA, enrols with a certificate request
        for a TLS key made here, and shows the signed certificate from then on.
        """
        self.trust.connect()
        try:
            townhall_kid = str(self.client.encryption_key()["kid"])
        except KeyError as exc:
            raise SyncError("town hall key without kid", reason="sync.rejected") from exc
        with self.store.unit_of_work(activity=False) as uow:
            signing = self._signing_key(uow)
            known = (uow.secret(ENROLMENTS) or {}).get(townhall_kid)
        if known is not None and self.trust.has_identity(townhall_kid, Enrolment(**known)):
            self.trust.present(townhall_kid, Enrolment(**known))
            return Enrolment(**known)
        enrolment = self.client.enrol(
            self.kit_name,
            crypto.public_jwk(signing),
            self.enrolment_token,
            self.trust.certificate_request(self.kit_name),
        )
        # Escrow: the town hall can recover the kit key if every passphrase is forgotten.
        self.store.escrow_to(crypto.encryption_key_from_jwk(enrolment.encryption_key))
        with self.store.unit_of_work(activity=False) as uow:
            enrolments = uow.secret(ENROLMENTS) or {}
            enrolments[townhall_kid] = enrolment.__dict__
            uow.set_secret(ENROLMENTS, enrolments)
            self.trust.enrolled(uow, townhall_kid, enrolment)
            uow.audit("kit.enrolled")
        self.trust.present(townhall_kid, enrolment)
        return enrolment

    @staticmethod
    def _signing_key(uow: UnitOfWork) -> Any:
        stored = uow.secret(SIGNING_KEY)
        if stored is None:
            key = crypto.new_signing_key()
            uow.set_secret(SIGNING_KEY, crypto.private_jwk(key))
            return key
        return crypto.signing_key_from_jwk(stored)

    def push(self, enrolment: Enrolment, report: SyncReport) -> None:
        """Send every due outbox entry; failures are rescheduled with backoff."""
        recipient = crypto.encryption_key_from_jwk(enrolment.encryption_key)
        with self.store.unit_of_work(activity=False) as uow:
            due = uow.due_outbox()
            signer = self._signing_key(uow)
        for entry in due:
            with self.store.unit_of_work(activity=False) as uow:
                application = self._application(uow, entry)
            try:
                # Large attachments first, in resumable chunks; the packet names them.
                uploaded = self.uploads.send(enrolment, application, signer, recipient)
                sealed = crypto.seal_packet(
                    packet.encode(application, uploaded), signer, recipient, recipient.thumbprint()
                )
                receipt = self.client.submit(enrolment, entry.idempotency_key, sealed)
            except SyncError as exc:
                if exc.params.get("reason") == REVOKED:
                    raise
                with self.store.unit_of_work(activity=False) as uow:
                    # The message key first: the sync page shows the failure translated.
                    reason = exc.params.get("reason", "sync.failed")
                    uow.mark_failed(entry.id, f"{reason}: {exc.detail}", retry_wait(reason, entry))
                report.failed.append((application.reference, str(exc.params.get("reason"))))
                continue
            with self.store.unit_of_work(activity=False) as uow:
                uow.mark_delivered(entry.id, receipt.reference)
                case = uow.case(entry.case_id)
                if can_move(case.state, CaseState.DELIVERED):
                    uow.save_case(case.moved_to(CaseState.DELIVERED))
            self.uploads.forget(entry.idempotency_key)
            report.sent.append(Sent(application.reference, receipt.status, receipt.duplicate))

    @staticmethod
    def _application(uow: UnitOfWork, entry: OutboxEntry) -> packet.Application:
        case = uow.case(entry.case_id)
        attachments = tuple(
            packet.Attachment(kind, media_type, uow.attachment(attachment_id))
            for attachment_id, kind, media_type in uow.attachments(case.id)
        )
        return packet.Application(
            idempotency_key=entry.idempotency_key,
            case={
                "reference": case.reference,
                "service": str(case.service),
                "created_at": case.created_at.isoformat(),
                "details": case.details,
                "payments": uow.payments(case.id),
                # The case's audit entries travel inside the packet the kit key signs.
                "audit": [
                    {"at": e.at.isoformat(), "event": e.event, "hash": e.hash}
                    for e in uow.audit_events(case.id)
                ],
            },
            person=uow.person(case.person_id).to_dict(),
            attachments=attachments,
        )

    def pull(self, enrolment: Enrolment, report: SyncReport) -> None:
        """Apply the town hall's status events since the last cursor, page by page.

        The town hall answers a page at a time (500 events); each page is applied and its
        cursor stored in one unit of work, so a broken connection loses no progress.
        """
        with self.store.unit_of_work(activity=False) as uow:
            cursor = int(uow.secret(EVENT_CURSOR) or 0)
        while True:
            events = self.client.events(enrolment, cursor)
            if not events:
                return
            applied = self._apply_events(events, cursor, report)
            if applied <= cursor:  # a town hall that repeats itself: stop, try next sync
                return
            cursor = applied

    def _apply_events(self, events: list[StatusEvent], cursor: int, report: SyncReport) -> int:
        """Apply one page of events and store the new cursor; return it."""
        with self.store.unit_of_work(activity=False) as uow:
            for event in events:
                case = uow.case_by_reference(event.case_reference)
                if case is not None:
                    uow.set_townhall_status(case.id, event.status)
                    target = STATUS_TO_STATE.get(event.status)
                    if target is not None and can_move(case.state, target):
                        uow.save_case(case.moved_to(target))
                        # The town hall has the application: the kit forgets the biometrics.
                        legal_deletion.on_acknowledged(uow, case.id)
                report.statuses[event.case_reference] = event.status
                cursor = max(cursor, event.id)
            uow.set_secret(EVENT_CURSOR, cursor)
        return cursor
