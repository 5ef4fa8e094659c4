"""Synchronisation with the town hall: enrol, push the outbox, pull status events.

Every queued case goes out as one sealed packet (JWS by the kit inside JWE to the town hall)
with its idempotency key, so a packet repeated after a lost answer is stored only once. The
packets wait sealed in the spool as parcels (see :mod:`.outbox_parcels`); the background
delivery may have handed some in while the kit was locked, and its receipts are taken into
the store here first.
"""

from __future__ import annotations

import random
import shutil
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import timedelta

from joserfc.jwk import OKPKey, RSAKey

from koffer import crypto
from koffer.domain.case import CaseState, can_move
from koffer.domain.errors import KitRevoked, SyncError
from koffer.storage.repository import OutboxEntry, OutboxState
from koffer.storage.store import KitStore
from koffer.sync import delivery
from koffer.sync.client import Enrolment, Receipt, StatusEvent, TownhallClient
from koffer.sync.delivery import Courier, DeliveryPass
from koffer.sync.parcel import Parcel, Spool
from koffer.workflows import legal_deletion, outbox_parcels, townhall_trust
from koffer.workflows.townhall_trust import TownhallTrust

DELIVERY_TOKENS = "delivery_tokens"  # town-hall kid -> the kit's delivery token there
ENROLMENTS = townhall_trust.ENROLMENTS
EVENT_CURSOR = "event_cursor"
REVOKED = "sync.revoked"
BACKOFF_BASE_S = 30
BACKOFF_CAP_S = 3600
RECONNECT_WAIT_S = (5.0, 15.0)
IN_FLIGHT = 2  # batches on their way to the town hall at once
BATCH_PACKETS = 16  # packets in one submission request at most
BATCH_BYTES = 8 * 1024 * 1024  # and bytes of sealed packets (a batch of one may be larger)
RECORD_BATCH = 32  # delivered packets recorded in one transaction of the store

# A packet's answer: the town hall's receipt, why it was not taken, or None when the
# background delivery held the parcel.
Answer = tuple[OutboxEntry, "Receipt | SyncError | None"]

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

    Beside it: the parcels sealed for the town hall, the delivery pass and the published
    kit certificates, so that a wiped kit claims no identity any more.
    """
    delivery.remove_pass(store.data_dir)
    store.wipe()
    Spool(store.data_dir).wipe()
    shutil.rmtree(store.data_dir / townhall_trust.CERTIFICATE_DIR, ignore_errors=True)


class Synchroniser:
    """Brings the kit and its town hall up to date."""

    def __init__(
        self,
        store: KitStore,
        client: TownhallClient,
        kit_name: str,
        enrolment_token: str,
        deletion: legal_deletion.LegalDeletion | None = None,
        *,
        publish_pass: bool = False,
    ) -> None:
        """Synchronise ``store`` through ``client``.

        With ``publish_pass`` the kit keeps a delivery pass for this town hall, so that
        the background delivery can hand in parcels while the kit is locked (not for the
        embedded training town hall, which ends with the app).
        """
        self.store = store
        self.client = client
        self.kit_name = kit_name
        self.enrolment_token = enrolment_token
        self.deletion = deletion
        self.publish_pass = publish_pass
        self.trust = TownhallTrust(store, client, enrolment_token)
        self.spool = Spool(store.data_dir)
        self.courier = Courier(client)
        self.townhall_kid = ""

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
        report = SyncReport()
        self.take_receipts(report)
        enrolment = self.enrolment()
        if self.publish_pass:
            self.issue_pass(enrolment)
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
            signing = outbox_parcels.signing_key(uow)
            known = (uow.secret(ENROLMENTS) or {}).get(townhall_kid)
        self.townhall_kid = townhall_kid
        if known is not None and self.trust.has_identity(townhall_kid, Enrolment(**known)):
            self.trust.present(townhall_kid, Enrolment(**known))
            self._remember_townhall(townhall_kid)
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
        self._remember_townhall(townhall_kid)
        return enrolment

    def _remember_townhall(self, townhall_kid: str) -> None:
        """Seal what is queued from now on to this town hall."""
        with self.store.unit_of_work(activity=False) as uow:
            if uow.secret(outbox_parcels.CURRENT_TOWNHALL) != townhall_kid:
                uow.set_secret(outbox_parcels.CURRENT_TOWNHALL, townhall_kid)

    def issue_pass(self, enrolment: Enrolment) -> DeliveryPass:
        """Write the background delivery's pass for this town hall (asks for a token once)."""
        kid = self.townhall_kid
        with self.store.unit_of_work(activity=False) as uow:
            token = (uow.secret(DELIVERY_TOKENS) or {}).get(kid)
        if token is None:
            token = self.client.delivery_token(enrolment)
            with self.store.unit_of_work(activity=False) as uow:
                tokens = uow.secret(DELIVERY_TOKENS) or {}
                uow.set_secret(DELIVERY_TOKENS, tokens | {kid: token})
                uow.audit("kit.delivery_token_issued")
        identity = self.trust.identity(kid)
        issued = DeliveryPass(
            townhall_url=self.client.base_url,
            townhall_kid=kid,
            kit_id=enrolment.kit_id,
            delivery_token=token,
            ca_certificates=identity.ca_certificates,
            certificate=identity.certificate,
            tls_key=identity.key,
        )
        delivery.write_pass(self.store.data_dir, issued)
        return issued

    def take_receipts(self, report: SyncReport) -> None:
        """Record the packets the background delivery handed in while the kit was locked."""
        taken = []
        for key, receipt in self.spool.receipts():
            with self.store.unit_of_work(activity=False) as uow:
                found = uow.outbox_by_key(key)
            if found is not None and found[1] in {OutboxState.PENDING, OutboxState.FAILED}:
                taken.append((found[0], receipt))
            else:
                self.spool.forget(key)
        self._record(taken, report)

    def push(self, enrolment: Enrolment, report: SyncReport) -> None:
        """Send every due outbox entry; failures are rescheduled with backoff.

        The packets go in batches (up to :data:`BATCH_PACKETS` or :data:`BATCH_BYTES`),
        one request each, which the town hall stores with one commit. A batch travels while
        the next is read from the spool (:data:`IN_FLIGHT`). Answers are taken in queue
        order and recorded in the store :data:`RECORD_BATCH` at a time; until then each
        answer waits in its parcel, and a packet sent again after a crash gets the town
        hall's first receipt back (idempotency key).
        """
        recipient = crypto.encryption_key_from_jwk(enrolment.encryption_key)
        with self.store.unit_of_work(activity=False) as uow:
            due = uow.due_outbox()
            signer = outbox_parcels.signing_key(uow)
        delivered: list[tuple[OutboxEntry, Receipt]] = []
        on_the_way: deque[Future[list[Answer]]] = deque()
        with ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="koffer-send") as senders:
            try:
                for batch in self._batches(due, signer, recipient):
                    on_the_way.append(senders.submit(self._hand_in, enrolment, batch))
                    if len(on_the_way) >= IN_FLIGHT:
                        self._settle(on_the_way.popleft().result(), delivered, report)
                while on_the_way:
                    self._settle(on_the_way.popleft().result(), delivered, report)
            finally:
                for sending in on_the_way:
                    sending.cancel()
                self._record(delivered, report)

    def _batches(
        self, due: list[OutboxEntry], signer: OKPKey, recipient: RSAKey
    ) -> Iterator[list[tuple[OutboxEntry, Parcel]]]:
        """The due entries' parcels (sealed now if they are not yet), a batch at a time."""
        batch: list[tuple[OutboxEntry, Parcel]] = []
        size = 0
        for entry in due:
            parcel = outbox_parcels.seal(self.store, self.spool, entry, signer, recipient)
            length = parcel.packet_path.stat().st_size
            if batch and (len(batch) >= BATCH_PACKETS or size + length > BATCH_BYTES):
                yield batch
                batch, size = [], 0
            batch.append((entry, parcel))
            size += length
        if batch:
            yield batch

    def _hand_in(
        self, enrolment: Enrolment, batch: list[tuple[OutboxEntry, Parcel]]
    ) -> list[Answer]:
        """Deliver a batch of parcels (on a sender thread); one answer per parcel.

        The answer is None for a parcel the background delivery is handing in right now.
        """
        with ExitStack() as claims:
            mine = [
                (entry, parcel)
                for entry, parcel in batch
                if claims.enter_context(self.spool.claim(entry.idempotency_key))
            ]
            try:
                outcomes = self.courier.deliver_batch(
                    enrolment, [parcel for _, parcel in mine], durable=False
                )
            except SyncError as exc:
                outcomes = [exc] * len(mine)
        answers: dict[str, Receipt | SyncError | None] = {
            entry.idempotency_key: outcome
            for (entry, _), outcome in zip(mine, outcomes, strict=True)
        }
        return [(entry, answers.get(entry.idempotency_key)) for entry, _ in batch]

    def _settle(
        self,
        answers: list[Answer],
        delivered: list[tuple[OutboxEntry, Receipt]],
        report: SyncReport,
    ) -> None:
        for entry, outcome in answers:
            if isinstance(outcome, SyncError):
                if outcome.params.get("reason") == REVOKED:
                    raise outcome
                self._failed(entry, outcome, report)
            elif outcome is not None:
                delivered.append((entry, outcome))
                if len(delivered) >= RECORD_BATCH:
                    self._record(delivered, report)

    def _failed(self, entry: OutboxEntry, exc: SyncError, report: SyncReport) -> None:
        with self.store.unit_of_work(activity=False) as uow:
            # The message key first: the sync page shows the failure translated.
            reason = exc.params.get("reason", "sync.failed")
            uow.mark_failed(entry.id, f"{reason}: {exc.detail}", retry_wait(reason, entry))
            reference = uow.case(entry.case_id).reference
        report.failed.append((reference, str(exc.params.get("reason"))))

    def _record(self, delivered: list[tuple[OutboxEntry, Receipt]], report: SyncReport) -> None:
        """Record delivered packets in one unit of work, then drop their parcels."""
        if not delivered:
            return
        sent = []
        with self.store.unit_of_work(activity=False) as uow:
            for entry, receipt in delivered:
                uow.mark_delivered(entry.id, receipt.reference)
                case = uow.case(entry.case_id)
                if can_move(case.state, CaseState.DELIVERED):
                    uow.save_case(case.moved_to(CaseState.DELIVERED))
                sent.append(Sent(case.reference, receipt.status, receipt.duplicate))
        report.sent.extend(sent)
        for entry, _receipt in delivered:
            self.spool.forget(entry.idempotency_key)
        delivered.clear()

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
