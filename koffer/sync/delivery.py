"""Handing parcels to the town hall, and the pass that lets the kit do so while locked.

:class:`Courier` delivers one parcel: it announces the large attachments, uploads the
chunks the town hall lacks, and submits the sealed packet. Both the clerk's app and the
background delivery use it.

:class:`DeliveryPass` is what the background delivery needs without a passphrase: the
town hall's address and pinned CA, the kit id, the kit's TLS certificate and key, and the
kit's *delivery token*. That token only hands in packets and uploads: it reads no status
events, no reference data and renews no certificate, and packets still need the kit's
signing key, which stays sealed in the store. The pass is written 0600 in the kit's
private data folder, replaced when the certificate is renewed and removed when the kit is
wiped or revoked.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from koffer.domain.errors import SyncError
from koffer.sync import pki
from koffer.sync.client import Enrolment, Receipt, TownhallClient, UploadPlan
from koffer.sync.parcel import Parcel, write_private

PASS_FILE = "delivery-pass.json"  # noqa: S105 - a file name, not a password


@dataclass(frozen=True)
class DeliveryPass:
    """What the background delivery needs to reach the town hall as this kit."""

    townhall_url: str
    townhall_kid: str
    kit_id: str
    delivery_token: str = field(repr=False)
    ca_certificates: tuple[str, ...] = ()
    certificate: str = ""
    tls_key: str = field(default="", repr=False)

    @property
    def enrolment(self) -> Enrolment:
        """The kit's enrolment as far as delivery needs it (the token is the delivery token)."""
        return Enrolment(self.kit_id, self.delivery_token, {}, self.certificate)

    def client(self, timeout_s: float) -> TownhallClient:
        """A client that trusts only the pinned CA and shows the kit's certificate."""
        client = TownhallClient(self.townhall_url, timeout_s)
        if client.uses_tls:
            client.trust(
                [pem.encode("ascii") for pem in self.ca_certificates],
                self.certificate.encode("ascii") if self.certificate else None,
                pki.load_private_pem(self.tls_key.encode("ascii")) if self.tls_key else None,
            )
        return client


def pass_path(data_dir: Path) -> Path:
    """Where the kit's delivery pass is."""
    return data_dir / PASS_FILE


def write_pass(data_dir: Path, delivery_pass: DeliveryPass) -> bool:
    """Write the pass (0600, atomically) unless it is there unchanged; return if written."""
    content = json.dumps(asdict(delivery_pass), sort_keys=True).encode("utf-8")
    path = pass_path(data_dir)
    if path.exists() and path.read_bytes() == content:
        return False
    write_private(path, content)
    return True


def read_pass(data_dir: Path) -> DeliveryPass | None:
    """The kit's delivery pass, or None when there is none (or it is damaged)."""
    try:
        data = json.loads(pass_path(data_dir).read_bytes())
        data["ca_certificates"] = tuple(data.get("ca_certificates", ()))
        return DeliveryPass(**data)
    except (OSError, ValueError, TypeError):
        return None


def remove_pass(data_dir: Path) -> None:
    """Remove the pass: the background delivery stops handing in."""
    pass_path(data_dir).unlink(missing_ok=True)


@dataclass
class DeliveryStats:
    """What deliveries sent (and could skip)."""

    chunks_sent: int = 0
    bytes_sent: int = 0
    chunks_skipped: int = 0


class Courier:
    """Delivers parcels; an upload resumes where the town hall's chunks end."""

    def __init__(self, client: TownhallClient) -> None:
        self.client = client
        self.stats = DeliveryStats()
        self._counting = threading.Lock()

    def deliver(self, enrolment: Enrolment, parcel: Parcel, *, durable: bool = True) -> Receipt:
        """Upload what the town hall lacks, submit the packet, keep and return its answer.

        ``durable=False`` when the caller records the answer in the store itself (see
        :meth:`Parcel.keep_receipt`). Safe to call from several threads at once.

        Raises:
            SyncError: When the town hall cannot be reached or refuses; the chunks it
                already has stay there, the parcel stays in the spool.
        """
        known = parcel.receipt()
        if known is not None:
            return known
        self._upload_all(enrolment, parcel)
        receipt = self.client.submit(enrolment, parcel.idempotency_key, parcel.packet)
        parcel.keep_receipt(receipt, durable=durable)
        return receipt

    def deliver_batch(
        self, enrolment: Enrolment, parcels: Sequence[Parcel], *, durable: bool = True
    ) -> list[Receipt | SyncError]:
        """Deliver several parcels with one submission request; one answer each, in order.

        Each parcel's large attachments are uploaded first. A parcel the town hall refused
        gets its :class:`SyncError` (``sync.rejected``); the others' receipts are kept as in
        :meth:`deliver`.

        Raises:
            SyncError: When the town hall cannot be reached or refuses the kit; what went
                in before stays there (chunks, and receipts of parcels delivered).
        """
        answers: dict[int, Receipt | SyncError] = {}
        ready: list[tuple[int, Parcel]] = []
        for position, parcel in enumerate(parcels):
            known = parcel.receipt()
            if known is not None:
                answers[position] = known
                continue
            try:
                self._upload_all(enrolment, parcel)
            except SyncError as exc:
                if exc.params.get("reason") != "sync.rejected":
                    raise
                answers[position] = exc  # this parcel's upload was refused, not the others
                continue
            ready.append((position, parcel))
        if ready:
            submitted = [(p.idempotency_key, p.packet) for _, p in ready]
            for (position, parcel), answer in zip(
                ready, self.client.submit_batch(enrolment, submitted), strict=True
            ):
                if isinstance(answer, Receipt):
                    parcel.keep_receipt(answer, durable=durable)
                answers[position] = answer
        return [answers[position] for position in range(len(parcels))]

    def _upload_all(self, enrolment: Enrolment, parcel: Parcel) -> None:
        uploads = {index: path.read_bytes() for index, path in parcel.uploads().items()}
        if uploads:
            self._upload(enrolment, parcel.idempotency_key, uploads)

    def _upload(self, enrolment: Enrolment, key: str, sealed: dict[int, bytes]) -> None:
        plans = [
            UploadPlan(index, len(blob), hashlib.sha256(blob).hexdigest())
            for index, blob in sealed.items()
        ]
        answer = self.client.announce(enrolment, key, plans)
        if answer.submitted:  # the packet is in already; its submit answer was lost
            return
        for index, blob in sealed.items():
            state = answer.states.get(index)
            if state is None:
                raise SyncError(f"no upload state for attachment {index}", reason="sync.rejected")
            for chunk in range(state.chunks):
                if chunk in state.received:
                    with self._counting:
                        self.stats.chunks_skipped += 1
                    continue
                data = blob[chunk * state.chunk_size : (chunk + 1) * state.chunk_size]
                self.client.upload_chunk(enrolment, key, index, chunk, data)
                with self._counting:
                    self.stats.chunks_sent += 1
                    self.stats.bytes_sent += len(data)
