"""Composition root: builds store, devices, services and town-hall link from settings."""

from __future__ import annotations

import secrets
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from koffer import crypto
from koffer.devices.registry import Devices, build_devices
from koffer.domain.fees import MunicipalFees
from koffer.settings import DeviceSettings, KofferSettings, SyncSettings
from koffer.storage import logbook
from koffer.storage.store import KitStore
from koffer.sync.client import TownhallClient
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.workflows.engine import CaseFlow
from koffer.workflows.legal_deletion import LegalDeletion
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.services import all_services
from koffer.workflows.synchronise import Synchroniser

EMBEDDED_TOWNHALL_DIR = "embedded-townhall"


@dataclass
class Kit:
    """Everything a clerk works with, wired together."""

    settings: KofferSettings
    store: KitStore
    devices: Devices
    _embedded: EmbeddedTownhall | None = field(default=None, repr=False)
    _embedded_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def certificate_service(self) -> RegistrationCertificateService:
        """The registration certificate service."""
        return RegistrationCertificateService(
            self.store, self.settings.municipality, self.settings.security.max_offline_days
        )

    def case_flow(self) -> CaseFlow:
        """The workflow engine with every service, priced by this town's settings."""
        town = self.settings.municipality
        fees = MunicipalFees(
            outside_office_hours=town.visits_outside_office_hours,
            registration_certificate_cents=town.registration_certificate_fee_cents,
            parking_permit_cents=town.parking_permit_cents,
            certification_per_page_cents=town.certification_per_page_cents,
            life_certificate_cents=town.life_certificate_cents,
        )
        return CaseFlow(self.store, all_services(fees), self.settings.security.max_offline_days)

    def legal_deletion(self) -> LegalDeletion:
        """The deletion periods as this kit's settings set them."""
        security = self.settings.security
        return LegalDeletion(
            self.store, security.photo_max_hours, security.retention_days_after_sync
        )

    def connect_townhall(self) -> str:
        """Return the town hall's URL: the configured one, else the embedded one, started here.

        Starting the embedded town hall takes a moment: call this off the GUI thread.
        """
        if self.settings.sync.townhall_url:
            return self.settings.sync.townhall_url
        return self.start_embedded_townhall().url

    def start_embedded_townhall(self) -> EmbeddedTownhall:
        """Start a town hall on 127.0.0.1 next to the kit (training and demo), once."""
        with self._embedded_lock:
            if self._embedded is None:
                token = secrets.token_urlsafe(16)
                townhall = EmbeddedTownhall(self.settings.data_dir / EMBEDDED_TOWNHALL_DIR, token)
                townhall.start()
                self._embedded = townhall
            return self._embedded

    @property
    def enrolment_token(self) -> str:
        """The token the kit enrols with."""
        if self._embedded is not None and not self.settings.sync.townhall_url:
            return self._embedded.enrolment_token
        return self.settings.sync.enrolment_token

    @contextmanager
    def synchroniser(self) -> Iterator[Synchroniser]:
        """A synchroniser with an open connection to the town hall."""
        url = self.connect_townhall()
        with TownhallClient(url, self.settings.sync.timeout_s) as client:
            yield Synchroniser(
                self.store,
                client,
                self.settings.kit_name,
                self.enrolment_token,
                self.legal_deletion(),
            )

    def close(self) -> None:
        """Lock the store and stop the embedded town hall."""
        self.store.close()
        with self._embedded_lock:
            if self._embedded is not None:
                self._embedded.stop()
                self._embedded = None


def build_store(settings: KofferSettings) -> KitStore:
    """Build the kit store the settings describe (not yet opened)."""
    security = settings.security
    return KitStore(
        settings.data_dir,
        crypto.KdfParams(
            security.argon2_memory_kib, security.argon2_iterations, security.argon2_lanes
        ),
        security.min_passphrase_length,
        idle_timeout_s=security.idle_lock_minutes * 60 if security.idle_lock_minutes else None,
    )


def build_kit(settings: KofferSettings) -> Kit:
    """Build the kit the settings describe."""
    return Kit(settings, build_store(settings), build_devices(settings.devices, settings.data_dir))


def take_screenshots(out_dir: Path) -> int:
    """Run one visit through the real window on a throw-away kit and save screenshots."""
    from koffer.ui.screenshots import take

    with tempfile.TemporaryDirectory(prefix="koffer-screenshots-") as tmp:
        # Explicit values win over KOFFER_* variables: simulated devices, embedded town hall.
        settings = KofferSettings(
            data_dir=Path(tmp) / "kit",
            kit_name="kit-schulung",
            devices=DeviceSettings(),
            sync=SyncSettings(),
        )
        take(build_kit(settings), out_dir)
    return 0


def run_gui(settings: KofferSettings) -> int:
    """Start the Qt application (imported here so the CLI works without a display)."""
    from koffer.ui.application import run

    log = logbook.install(settings.data_dir, settings.security.log_retention_days)
    try:
        return run(build_kit(settings))
    finally:
        logbook.uninstall(log)
