"""Real scanner backend: SANE through python-sane (any SANE device, e.g. USB flatbeds)."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import sane

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.errors import (
    CoverOpen,
    DeviceError,
    DeviceTimeout,
    DeviceUnavailable,
    PaperJam,
    PaperOut,
)
from koffer.devices.scanner.interface import ScanPage, ScanSource

_DEVICE = str(DeviceKind.SCANNER)
MAX_FEEDER_PAGES = 50
# sane_strstatus() texts (sane-backends sanei/sanei_init_debug / backend/sane_strstatus.c).
_STATUS_ERRORS: list[tuple[str, type[DeviceError]]] = [
    ("jammed", PaperJam),
    ("out of documents", PaperOut),
    ("cover is open", CoverOpen),
    ("busy", DeviceTimeout),
    ("i/o", DeviceUnavailable),
    ("access", DeviceUnavailable),
]
_init_lock = threading.Lock()
_initialised = False


def error_for_status(message: str) -> DeviceError:
    """Map a SANE status text to the error a clerk can act on."""
    lowered = message.lower()
    for needle, error in _STATUS_ERRORS:
        if needle in lowered:
            return error(_DEVICE, message)
    return DeviceError(_DEVICE, message)


def _init() -> None:
    global _initialised  # noqa: PLW0603 - sane_init is process-wide, once
    with _init_lock:
        if not _initialised:
            sane.init()
            _initialised = True


class SaneScanner:
    """A SANE device by name (the first one found when empty).

    ``options`` are set on the device before each scan (SANE option names with ``_``),
    e.g. a brightness, or the test backend's fault injection for testers.
    """

    def __init__(self, device: str = "", options: dict[str, Any] | None = None) -> None:
        self.device = device
        self.options = dict(options or {})

    def _device_name(self) -> str:
        _init()
        if self.device:
            return self.device
        devices = sane.get_devices()
        if not devices:
            raise DeviceUnavailable(_DEVICE, "no SANE device found")
        return str(devices[0][0])

    def _open(self) -> Any:
        name = self._device_name()
        try:
            return sane.open(name)
        except (sane._sane.error, RuntimeError) as exc:
            raise DeviceUnavailable(_DEVICE, f"SANE {name}: {exc}") from exc

    @staticmethod
    def _source_name(handle: Any, source: ScanSource) -> str | None:
        if "source" not in handle.opt:
            return None
        choices = [str(c) for c in handle.opt["source"].constraint or []]
        wanted = ("flatbed",) if source is ScanSource.FLATBED else ("feeder", "adf")
        for choice in choices:
            if any(word in choice.lower() for word in wanted):
                return choice
        raise DeviceUnavailable(_DEVICE, f"scanner has no {source} ({', '.join(choices)})")

    def scan(self, source: ScanSource = ScanSource.FLATBED, dpi: int = 300) -> list[ScanPage]:
        """Scan in colour at ``dpi``; the feeder is emptied page by page."""
        handle = self._open()
        try:
            source_name = self._source_name(handle, source)
            if source_name is not None:
                handle.source = source_name
            handle.mode = "Color"
            handle.resolution = dpi
            for name, value in self.options.items():
                setattr(handle, name, value)
            if source is ScanSource.FLATBED:
                return [self._page(handle.scan(), dpi, 1)]
            return self._feeder(handle, dpi)
        except sane._sane.error as exc:
            raise error_for_status(str(exc)) from exc
        finally:
            handle.close()

    def _feeder(self, handle: Any, dpi: int) -> list[ScanPage]:
        pages: list[ScanPage] = []
        try:
            for image in handle.multi_scan():
                pages.append(self._page(image, dpi, len(pages) + 1))
                if len(pages) >= MAX_FEEDER_PAGES:
                    break
        except sane._sane.error as exc:
            error = error_for_status(str(exc))
            if not (isinstance(error, PaperOut) and pages):
                raise error from exc
        if not pages:
            raise PaperOut(_DEVICE, "feeder empty")
        return pages

    @staticmethod
    def _page(image: Any, dpi: int, number: int) -> ScanPage:
        rgb = np.asarray(image.convert("RGB"), np.uint8)
        return ScanPage(np.ascontiguousarray(rgb[:, :, ::-1]), dpi, number)

    def info(self) -> DeviceInfo:
        """Report the SANE device and whether it opens."""
        try:
            handle = self._open()
        except DeviceUnavailable as exc:
            return DeviceInfo(
                DeviceKind.SCANNER, "sane", self.device or "?", DeviceState.UNAVAILABLE, exc.detail
            )
        handle.close()
        return DeviceInfo(DeviceKind.SCANNER, "sane", self._device_name(), DeviceState.READY)
