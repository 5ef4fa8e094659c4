"""Typed settings: defaults < TOML file in the user config dir < ``KOFFER_*`` environment.

The TOML file is ``$XDG_CONFIG_HOME/koffer/koffer.toml`` unless ``KOFFER_CONFIG`` names
another. Nested values use ``__`` in the environment, e.g. ``KOFFER_DEVICES__PRINTER=cups``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from koffer.startup import (
    DEFAULT_FONT_SCALE,
    DEFAULT_LANGUAGE,
    DEFAULT_MIN_PASSPHRASE,
    DEFAULT_OFFICE,
    default_config_file,
    default_data_dir,
)

__all__ = ["KofferSettings", "default_config_file", "default_data_dir"]


class DeviceSettings(BaseModel):
    """Which backend drives each device kind (``sim`` = the built-in simulator)."""

    camera: Literal["sim", "opencv"] = "sim"
    fingerprint: Literal["sim", "fprint"] = "sim"
    scanner: Literal["sim", "sane"] = "sim"
    printer: Literal["sim", "cups"] = "sim"
    change_terminal: Literal["sim", "pcsc"] = "sim"
    signature_pad: Literal["sim", "ui"] = "sim"  # ui: pen tablet / touch screen via the UI
    payment: Literal["sim", "zvt"] = "sim"
    printer_queue: str = Field(default="", description="CUPS queue; empty = the default queue")
    printer_out_dir: Path | None = Field(
        default=None,
        description="Where the simulated printer puts its PDFs; none = kept in memory only",
    )
    print_timeout_s: float = 60.0
    scanner_device: str = Field(default="", description="SANE device; empty = the first one")
    camera_source: str = Field(
        default="0", description="OpenCV camera: a V4L2 index (0) or a device path"
    )
    camera_preview: tuple[int, int] = (1280, 720)
    camera_fps: float = 15.0
    camera_rotate: Literal[0, 90, 180, 270] = 0
    zvt_host: str = Field(default="", description="Card terminal address (ZVT over TCP)")
    zvt_port: int = 20007
    zvt_password: str = Field(default="000000", description="The terminal's 6-digit password")
    zvt_payment_timeout_s: float = 180.0
    fingerprint_driver: str = Field(
        default="", description="libfprint driver id (fprint backend); empty = the first sensor"
    )
    change_terminal_reader: str = Field(
        default="", description="PC/SC reader name (substring); empty = the first reader"
    )
    usb_ids: dict[str, str] = Field(
        default_factory=dict,
        description='USB ids the kit check looks for, per device kind: {"fingerprint": '
        '"1c7a:0570"} (hex vendor:product as lsusb prints them)',
    )


class SecuritySettings(BaseModel):
    """Key derivation and session limits."""

    argon2_memory_kib: int = 64 * 1024
    argon2_iterations: int = 3
    argon2_lanes: int = 4
    min_passphrase_length: int = DEFAULT_MIN_PASSPHRASE
    idle_lock_minutes: float = 10.0
    max_offline_days: int = 14
    photo_max_hours: int = 96
    retention_days_after_sync: int = 30
    log_retention_days: int = 30  # sealed log files older than this are deleted at start


class SyncSettings(BaseModel):
    """Where and how the kit reaches its town hall."""

    townhall_url: str = ""
    enrolment_token: str = ""
    timeout_s: float = 15.0


class MunicipalSettings(BaseModel):
    """What the deploying town decides itself."""

    name: str = "Musterstadt"
    office: str = DEFAULT_OFFICE
    status_url: str = Field(
        default="",
        description="The town's status lookup page; documents carry it with the case "
        "reference as a QR code (empty: the code holds the reference alone)",
    )
    registration_certificate_fee_cents: int = 900
    extended_registration_certificate_fee_cents: int | None = Field(
        default=None, description="Erweiterte Meldebescheinigung; none = the simple fee"
    )
    certification_per_page_cents: int | None = Field(
        default=None, description="Beglaubigung fee per page; none = the town has not set it"
    )
    parking_permit_cents: int | None = None
    life_certificate_cents: int | None = Field(
        default=None, description="Lebensbescheinigung fee; none = free, as in most towns"
    )
    visits_outside_office_hours: bool = Field(
        default=False,
        description="Count kit visits as outside office hours (ID-card surcharge, passport "
        "fee doubled); off by default: the town decides (DOMAIN.md §1-2)",
    )


class UiSettings(BaseModel):
    """How the clerk's screens look: text size and contrast (the language is ``language``)."""

    font_scale: int = Field(
        default=DEFAULT_FONT_SCALE, ge=100, le=200, description="Text size in per cent"
    )
    high_contrast: bool = False


class KofferSettings(BaseSettings):
    """All settings of a kit."""

    model_config = SettingsConfigDict(
        env_prefix="KOFFER_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    kit_name: str = Field(default_factory=lambda: f"kit-{os.uname().nodename}")
    language: Literal["de", "en"] = DEFAULT_LANGUAGE
    devices: DeviceSettings = Field(default_factory=DeviceSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    municipality: MunicipalSettings = Field(default_factory=MunicipalSettings)
    ui: UiSettings = Field(default_factory=UiSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,  # noqa: ARG003 - not used by Koffer
        file_secret_settings: PydanticBaseSettingsSource,  # noqa: ARG003
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Order the sources: arguments, then environment, then the TOML file."""
        toml = TomlConfigSettingsSource(settings_cls, toml_file=default_config_file())
        return (init_settings, env_settings, toml)
