"""The kit check before a visit (``koffer doctor``): devices, store, queue, certificates, disk.

A kit is ready to leave when every device answers as ready, the store is set up, nothing has
waited in the outbox for longer than the offline limit allows, and the data directory's disk
has room for a day of cases. Nothing here needs the passphrase.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from koffer.app import build_store
from koffer.devices import usb
from koffer.devices.base import DeviceState
from koffer.devices.registry import build_devices
from koffer.settings import KofferSettings
from koffer.sync import delivery, pki
from koffer.sync.parcel import Spool
from koffer.workflows.townhall_trust import RENEW_BEFORE, published_certificates

MIN_FREE_BYTES = 500 * 1024 * 1024  # a day of ID-card cases is about 50 MB; keep ten times that


@dataclass(frozen=True)
class Finding:
    """One line of the kit check."""

    name: str
    ready: bool
    detail: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KitReport:
    """Everything the kit check found."""

    findings: list[Finding]

    @property
    def ready(self) -> bool:
        """Whether the kit may leave for a visit."""
        return all(f.ready for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (``koffer doctor --json``)."""
        return {"ready": self.ready, "checks": [asdict(f) for f in self.findings]}


def check_kit(settings: KofferSettings, now: datetime | None = None) -> KitReport:
    """Check devices, store, outbox and disk as the settings configure them."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    findings = [_device(info) for info in build_devices(settings.devices).check()]
    findings.extend(_usb(kind, text) for kind, text in sorted(settings.devices.usb_ids.items()))
    findings.extend(_store(settings, now))
    findings.extend(_certificates(settings.data_dir, now))
    findings.append(_delivery(settings.data_dir))
    findings.append(_disk(settings.data_dir))
    return KitReport(findings)


def _device(info: Any) -> Finding:
    ready = info.state is DeviceState.READY
    detail = f"{info.backend} {info.model}: {info.state}" + (
        f" ({info.detail})" if info.detail else ""
    )
    data = {"backend": info.backend, "model": info.model, "state": str(info.state)}
    return Finding(f"device.{info.kind}", ready, detail, data | {"detail": info.detail})


def _usb(kind: str, text: str) -> Finding:
    found = usb.presence(usb.UsbId.parse(text))
    detail = f"{found.usb_id} {found.state}" + (f" ({found.detail})" if found.detail else "")
    return Finding(f"usb.{kind}", found.state == "present", detail, {"id": str(found.usb_id)})


def _store(settings: KofferSettings, now: datetime) -> list[Finding]:
    store = build_store(settings)
    try:
        status = store.status()
    finally:
        store.close()
    if not status.initialised:
        return [
            Finding("store", ready=False, detail="not set up: enrol the first clerk in the app")
        ]
    limit_days = settings.security.max_offline_days
    waiting_days = (
        (now - status.oldest_queued_at).total_seconds() / 86400
        if status.oldest_queued_at is not None
        else 0.0
    )
    pending = status.outbox.get("pending", 0) + status.outbox.get("failed", 0)
    dead = status.outbox.get("dead", 0)
    return [
        Finding(
            "store", ready=True, detail=f"{status.clerks} clerk(s)", data={"clerks": status.clerks}
        ),
        Finding(
            "outbox",
            waiting_days < limit_days and dead == 0,
            f"{pending} to send, {dead} given up, oldest waiting {waiting_days:.1f} days "
            f"(limit {limit_days})",
            {"counts": status.outbox, "oldest_waiting_days": round(waiting_days, 2)},
        ),
    ]


def _certificates(data_dir: Path, now: datetime) -> list[Finding]:
    """The kit's TLS certificates: in force, and how long still (the next sync renews them)."""
    findings = []
    for path in published_certificates(data_dir):
        name = f"certificate.{path.stem}"
        try:
            certificate = pki.load_certificate(path.read_bytes())
        except (OSError, ValueError) as exc:
            findings.append(Finding(name, ready=False, detail=f"unreadable: {type(exc).__name__}"))
            continue
        ends = certificate.not_valid_after_utc.replace(tzinfo=None)
        days = (ends - now).total_seconds() / 86400
        if days <= 0:
            detail = f"expired on {ends:%Y-%m-%d}: enrol the kit again"
        elif days <= RENEW_BEFORE.days:
            detail = f"valid until {ends:%Y-%m-%d} ({days:.0f} days): renewed at the next sync"
        else:
            detail = f"valid until {ends:%Y-%m-%d} ({days:.0f} days)"
        findings.append(
            Finding(
                name,
                days > 0,
                detail,
                {"kit_id": pki.kit_id_of(certificate), "not_after": ends.isoformat()},
            )
        )
    return findings


def _delivery(data_dir: Path) -> Finding:
    """The background delivery: its pass, and the parcels sealed for the town hall."""
    spool = Spool(data_dir)
    issued = delivery.read_pass(data_dir)
    if issued is None:
        sealed = len(spool.keys())
        return Finding(
            "delivery",
            ready=True,
            detail=f"no delivery pass yet ({sealed} sealed): the app sends while unlocked",
            data={"pass": False, "sealed": sealed},
        )
    parcels = spool.ready(issued.townhall_kid)
    handed_in = sum(1 for parcel in parcels if parcel.receipt() is not None)
    refused = sum(1 for parcel in parcels if parcel.attempts().count)
    counts = {"sealed": len(parcels) - handed_in, "handed_in": handed_in, "refused": refused}
    return Finding(
        "delivery",
        ready=True,
        detail=f"background delivery to {issued.townhall_url}: {counts['sealed']} sealed "
        f"({refused} refused so far), {handed_in} handed in, recorded at the app's next sync",
        data={"pass": True, "townhall": issued.townhall_url} | counts,
    )


def _disk(data_dir: Path) -> Finding:
    folder = data_dir if data_dir.exists() else _existing_parent(data_dir)
    free = shutil.disk_usage(folder).free
    return Finding(
        "disk",
        free >= MIN_FREE_BYTES,
        f"{free / 1e9:.1f} GB free (at least {MIN_FREE_BYTES / 1e9:.1f} GB needed)",
        {"free_bytes": free},
    )


def _existing_parent(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path.cwd()
