"""Composition root: builds store, devices, services and town-hall link from settings."""

from __future__ import annotations

import secrets
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # The clerk's app must show its unlock screen quickly: even the settings (pydantic) and
    # the store (SQLAlchemy, the ciphers) are imported where they are first used, on the
    # store worker's thread; what only the unlocked kit uses (devices with OpenCV, the
    # workflows with ReportLab, the town hall with FastAPI) later still.
    from koffer.devices.registry import Devices
    from koffer.settings import KofferSettings
    from koffer.storage.store import KitStore
    from koffer.sync.townhall.server import EmbeddedTownhall
    from koffer.ui.kit_start import KitStart
    from koffer.workflows.engine import CaseFlow
    from koffer.workflows.legal_deletion import LegalDeletion
    from koffer.workflows.registration_certificate import RegistrationCertificateService
    from koffer.workflows.synchronise import Synchroniser

EMBEDDED_TOWNHALL_DIR = "embedded-townhall"


class Kit:
    """Everything a clerk works with, wired together.

    The devices are built on first use (from any thread): the unlock screen needs none.
    """

    def __init__(
        self, settings: KofferSettings, store: KitStore, devices: Devices | None = None
    ) -> None:
        """Wire ``store`` and ``devices`` (built from ``settings`` when first used)."""
        self.settings = settings
        self.store = store
        self._devices = devices
        self._devices_lock = threading.Lock()
        self._embedded: EmbeddedTownhall | None = None
        self._embedded_lock = threading.Lock()
        self.log: Any = None  # the sealed log handler the kit was started with, if any

    def __repr__(self) -> str:
        return f"Kit(data_dir={self.settings.data_dir!s})"

    @property
    def devices(self) -> Devices:
        """Every device as the settings configure it, built once."""
        with self._devices_lock:
            if self._devices is None:
                from koffer.devices.registry import build_devices

                self._devices = build_devices(self.settings.devices, self.settings.data_dir)
            return self._devices

    def certificate_service(self) -> RegistrationCertificateService:
        """The registration certificate service."""
        from koffer.workflows.registration_certificate import RegistrationCertificateService

        return RegistrationCertificateService(
            self.store, self.settings.municipality, self.settings.security.max_offline_days
        )

    def case_flow(self) -> CaseFlow:
        """The workflow engine with every service, priced by this town's settings."""
        from koffer.domain.fees import MunicipalFees
        from koffer.workflows.engine import CaseFlow
        from koffer.workflows.services import all_services

        town = self.settings.municipality
        fees = MunicipalFees(
            outside_office_hours=town.visits_outside_office_hours,
            registration_certificate_cents=town.registration_certificate_fee_cents,
            extended_registration_certificate_cents=town.extended_registration_certificate_fee_cents,
            parking_permit_cents=town.parking_permit_cents,
            certification_per_page_cents=town.certification_per_page_cents,
            life_certificate_cents=town.life_certificate_cents,
        )
        return CaseFlow(self.store, all_services(fees), self.settings.security.max_offline_days)

    def legal_deletion(self) -> LegalDeletion:
        """The deletion periods as this kit's settings set them."""
        from koffer.workflows.legal_deletion import LegalDeletion

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
        from koffer.sync.townhall.server import EmbeddedTownhall

        with self._embedded_lock:
            if self._embedded is None:
                token = secrets.token_urlsafe(16)
                # Mutual TLS like a real town hall: the kit pins the CA made on first start
                # and enrols with a certificate request. A kit enrolled over plain HTTP
                # before has no TLS key for it yet and so enrols once more.
                townhall = EmbeddedTownhall(
                    self.settings.data_dir / EMBEDDED_TOWNHALL_DIR, token, tls=True
                )
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
        from koffer.sync.client import TownhallClient
        from koffer.workflows.synchronise import Synchroniser

        url = self.connect_townhall()
        with TownhallClient(url, self.settings.sync.timeout_s) as client:
            yield Synchroniser(
                self.store,
                client,
                self.settings.kit_name,
                self.enrolment_token,
                self.legal_deletion(),
                # The embedded town hall ends with the app: no background delivery to it.
                publish_pass=bool(self.settings.sync.townhall_url),
            )

    def close(self) -> None:
        """Lock the store, stop the embedded town hall and the sealed log."""
        self.store.close()
        with self._embedded_lock:
            if self._embedded is not None:
                self._embedded.stop()
                self._embedded = None
        if self.log is not None:
            from koffer.storage import logbook

            logbook.uninstall(self.log)
            self.log = None


def build_store(settings: KofferSettings) -> KitStore:
    """Build the kit store the settings describe (not yet opened)."""
    from koffer import crypto
    from koffer.storage.store import KitStore

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
    return Kit(settings, build_store(settings))


def take_screenshots(out_dir: Path) -> int:
    """Run one visit through the real window on a throw-away kit and save screenshots."""
    from koffer.settings import DeviceSettings, KofferSettings, SyncSettings
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


def kit_start() -> KitStart:
    """The start of ``koffer gui``: the unlock screen's view now, the kit on ``load()``.

    ``load`` (on the store worker's thread) validates the settings, starts the sealed log
    (stopped when the kit closes) and builds the kit.
    """
    from koffer.startup import read_view
    from koffer.ui.kit_start import KitStart

    return KitStart(read_view(), _kit_from_settings)


def _kit_from_settings() -> Kit:
    from pydantic import ValidationError as SettingsInvalid

    from koffer.domain.errors import ValidationError
    from koffer.settings import KofferSettings
    from koffer.storage import logbook

    try:
        settings = KofferSettings()
    except SettingsInvalid as exc:
        detail = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        raise ValidationError("settings", "error.settings_invalid", detail=detail) from exc
    kit = build_kit(settings)
    kit.log = logbook.install(settings.data_dir, settings.security.log_retention_days)
    return kit
