"""Sealing queued cases into parcels for the town hall: on the kit, with no network.

A case is sealed as soon as it is queued, while the store is unlocked, for the town hall
the kit last synchronised with; the parcel then waits in the spool (see
:mod:`koffer.sync.parcel`), and the background delivery can hand it in while the kit is
locked. A case queued before the kit ever enrolled is sealed by the first synchronisation.
"""

from __future__ import annotations

from joserfc.jwk import OKPKey, RSAKey

from koffer import crypto
from koffer.storage.repository import OutboxEntry, UnitOfWork
from koffer.storage.store import KitStore
from koffer.sync import packet
from koffer.sync.parcel import Parcel, Spool
from koffer.workflows.townhall_trust import ENROLMENTS

SIGNING_KEY = "signing_key"
# The key id of the town hall the kit last synchronised with: queued cases are sealed to it.
CURRENT_TOWNHALL = "current_townhall"


def signing_key(uow: UnitOfWork) -> OKPKey:
    """The kit's signing key, made on first use."""
    stored = uow.secret(SIGNING_KEY)
    if stored is None:
        key = crypto.new_signing_key()
        uow.set_secret(SIGNING_KEY, crypto.private_jwk(key))
        return key
    return crypto.signing_key_from_jwk(stored)


def application(uow: UnitOfWork, entry: OutboxEntry) -> packet.Application:
    """What the town hall receives for an outbox entry, read from the store."""
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


def seal(
    store: KitStore, spool: Spool, entry: OutboxEntry, signer: OKPKey, recipient: RSAKey
) -> Parcel:
    """The entry's parcel for ``recipient``: the one in the spool, or sealed now."""
    ready = spool.parcel(entry.idempotency_key, recipient.thumbprint())
    if ready is not None:
        return ready
    with store.unit_of_work(activity=False) as uow:
        content = application(uow, entry)
    return spool.seal(content, signer, recipient)


def seal_queued(store: KitStore, spool: Spool | None = None) -> int:
    """Seal every undelivered entry that has no parcel yet; return how many were sealed.

    Nothing is sealed before the kit has enrolled with a town hall (there is no key to
    seal to yet).
    """
    spool = spool or Spool(store.data_dir)
    with store.unit_of_work(activity=False) as uow:
        townhall_kid = uow.secret(CURRENT_TOWNHALL)
        enrolment = (uow.secret(ENROLMENTS) or {}).get(townhall_kid or "")
        stored_signer = uow.secret(SIGNING_KEY)
        entries = uow.undelivered_outbox()
    if enrolment is None or stored_signer is None:
        return 0
    signer = crypto.signing_key_from_jwk(stored_signer)
    recipient = crypto.encryption_key_from_jwk(enrolment["encryption_key"])
    sealed = 0
    for entry in entries:
        if spool.parcel(entry.idempotency_key, townhall_kid) is None:
            seal(store, spool, entry, signer, recipient)
            sealed += 1
    return sealed
