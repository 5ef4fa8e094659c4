"""Real scanner backend: SANE through python-sane (any SANE device, e.g. USB flatbeds).

libsane is loaded only in a child process, the scanner host (see :mod:`sane_host`).
"""

from __future__ import annotations

import select
import subprocess
import sys
import threading
import weakref
from typing import Any, BinaryIO, cast

import numpy as np

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.errors import (
    CoverOpen,
    DeviceError,
    DeviceTimeout,
    DeviceUnavailable,
    PaperJam,
    PaperOut,
)
from koffer.devices.scanner import sane_host
from koffer.devices.scanner.interface import ScanPage, ScanSource

_DEVICE = str(DeviceKind.SCANNER)
MAX_FEEDER_PAGES = 50
Message = dict[str, Any]
Page = tuple[Message, bytes]  # header and BGR bytes
PAGE_TIMEOUT_S = 120.0  # a flatbed at 600 dpi takes about a minute per page
# sane_strstatus() texts (sane-backends sanei/sanei_init_debug / backend/sane_strstatus.c).
_STATUS_ERRORS: list[tuple[str, type[DeviceError]]] = [
    ("jammed", PaperJam),
    ("out of documents", PaperOut),
    ("cover is open", CoverOpen),
    ("busy", DeviceTimeout),
    ("i/o", DeviceUnavailable),
    ("access", DeviceUnavailable),
]


def error_for_status(message: str) -> DeviceError:
    """Map a SANE status text to the error a clerk can act on."""
    lowered = message.lower()
    for needle, error in _STATUS_ERRORS:
        if needle in lowered:
            return error(_DEVICE, message)
    return DeviceError(_DEVICE, message)


class _Host:
    """One running scanner host (``sane_host``) and the pipes to it."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
        )  # unbuffered: select() must see every byte not yet read
        self._finalizer = weakref.finalize(self, _end, self.process)

    def request(self, header: Message, timeout_s: float) -> tuple[Message, list[Page]]:
        """Send ``header``; return the answer that ends it and the pages sent before."""
        stdin = cast("BinaryIO", self.process.stdin)
        stdout = cast("BinaryIO", self.process.stdout)
        try:
            sane_host.write_message(stdin, header)
        except OSError as exc:
            raise self._gone() from exc
        pages: list[Page] = []
        while True:
            ready, _, _ = select.select([stdout], [], [], timeout_s)
            if not ready:
                self.stop()
                raise DeviceTimeout(_DEVICE, f"scanner did not answer within {timeout_s:.0f} s")
            try:
                answer, payload = sane_host.read_message(stdout)
            except EOFError:
                raise self._gone() from None
            if answer["kind"] != "page":
                return answer, pages
            pages.append((answer, payload))

    def _gone(self) -> DeviceUnavailable:
        code = self.process.wait()
        return DeviceUnavailable(_DEVICE, f"scanner driver stopped (exit status {code})")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """End the host at once (it may hang inside a driver)."""
        self._finalizer()


def _end(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()
    process.kill()
    process.wait()


def _result(answer: Message) -> Any:
    """The result of a finished request, or the error the host reported."""
    if answer["kind"] == "done":
        return answer.get("result")
    if answer["kind"] == "unavailable":
        raise DeviceUnavailable(_DEVICE, str(answer["detail"]))
    raise error_for_status(str(answer.get("status", answer)))


class SaneScanner:
    """A SANE device by name (the first one found when empty), driven in a child process.

    ``options`` are set on the device before each scan (SANE option names with ``_``),
    e.g. a brightness, or the test backend's fault injection for testers. A host that does
    not answer within ``timeout_s`` (per page) is killed: the clerk gets ``DeviceTimeout``
    and the next scan starts a new host. After any error the host is replaced, so a driver
    left in a bad state is never used again.
    """

    def __init__(
        self,
        device: str = "",
        options: dict[str, Any] | None = None,
        timeout_s: float = PAGE_TIMEOUT_S,
        host_command: list[str] | None = None,
    ) -> None:
        self.device = device
        self.options = dict(options or {})
        self.timeout_s = timeout_s
        self._command = host_command or [sys.executable, "-m", "koffer.devices.scanner.sane_host"]
        self._host: _Host | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        """End the scanner host (a new one starts on the next use)."""
        with self._lock:
            if self._host is not None:
                self._host.stop()
                self._host = None

    def _call(self, header: Message) -> tuple[Any, list[Page]]:
        """Run one request on the host; return its result and the pages sent on the way."""
        with self._lock:
            if self._host is None or not self._host.alive:
                self._host = _Host(self._command)
            host = self._host
            try:
                answer, pages = host.request(header, self.timeout_s)
                return _result(answer), pages
            except BaseException:
                host.stop()  # whatever went wrong, the next request gets a fresh host
                self._host = None
                raise

    def _device_name(self) -> str:
        if self.device:
            return self.device
        devices, _ = self._call({"op": "devices"})
        if not devices:
            raise DeviceUnavailable(_DEVICE, "no SANE device found")
        return str(devices[0])

    def scan(self, source: ScanSource = ScanSource.FLATBED, dpi: int = 300) -> list[ScanPage]:
        """Scan in colour at ``dpi``; the feeder is emptied page by page."""
        feeder = source is not ScanSource.FLATBED
        request = {
            "op": "scan",
            "device": self._device_name(),
            "source": "feeder" if feeder else "flatbed",
            "dpi": dpi,
            "options": self.options,
            "max_pages": MAX_FEEDER_PAGES,
        }
        _count, pages = self._call(request)
        if not pages:
            raise PaperOut(_DEVICE, "feeder empty")
        return [self._page(header, data, dpi) for header, data in pages]

    @staticmethod
    def _page(header: Message, data: bytes, dpi: int) -> ScanPage:
        image = np.frombuffer(data, np.uint8).reshape(header["shape"])
        return ScanPage(image, dpi, int(header["number"]))

    def info(self) -> DeviceInfo:
        """Report the SANE device and whether it opens."""
        try:
            name = self._device_name()
            self._call({"op": "probe", "device": name})
        except DeviceError as exc:
            return DeviceInfo(
                DeviceKind.SCANNER, "sane", self.device or "?", DeviceState.UNAVAILABLE, exc.detail
            )
        return DeviceInfo(DeviceKind.SCANNER, "sane", name, DeviceState.READY)
