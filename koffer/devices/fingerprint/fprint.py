"""Real fingerprint backend: libfprint 2 through PyGObject (``gi.repository.FPrint``).

libfprint is the Linux fingerprint stack (what fprintd uses). This backend opens the first
device that can capture images (or the one whose driver is named), and returns its raw
image as a ``FingerprintSample``. PyGObject is the optional dependency ``koffer[fprint]``;
it is imported only when the sensor is opened, so the kit runs without it.

For tests and training without a USB sensor, libfprint's ``virtual_image`` driver can be
fed by the simulator: give ``virtual_image_socket`` (it sets ``FP_VIRTUAL_IMAGE`` before
libfprint looks for devices) and send prints with ``feed_virtual_image``. That drives the
real libfprint code path with a simulated finger.

Error mapping: a capture that is cancelled after ``timeout_s`` raises ``DeviceTimeout``;
libfprint's "retry" errors (finger too short, not centred, remove and retry) raise
``FingerprintRetry``; a removed device raises ``DeviceUnavailable``; other libfprint errors
raise ``DeviceError`` with libfprint's message as the reason.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import threading
import time
from typing import Any

import numpy as np

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.errors import (
    BackendNotAvailable,
    DeviceError,
    DeviceTimeout,
    DeviceUnavailable,
)
from koffer.devices.fingerprint.interface import Finger, FingerprintSample

VIRTUAL_IMAGE_ENV = "FP_VIRTUAL_IMAGE"
DEVICE = str(DeviceKind.FINGERPRINT)


class FingerprintRetry(DeviceError):
    """The sensor asks for another try: finger too short, not centred, or to be lifted."""

    message_key = "fingerprint.retry"


def _load_fprint() -> tuple[Any, Any, Any]:
    """Import FPrint, Gio and GLib, or raise BackendNotAvailable."""
    try:
        import gi  # optional dependency, loaded on first use

        gi.require_version("FPrint", "2.0")
        from gi.repository import FPrint, Gio, GLib
    except (ImportError, ValueError) as error:
        raise BackendNotAvailable(DEVICE, str(error), backend="fprint") from error
    return FPrint, Gio, GLib


class FprintSensor:
    """A libfprint image device as a ``FingerprintSensor``."""

    kind = DeviceKind.FINGERPRINT

    def __init__(
        self, driver: str | None = None, dpi: int = 500, virtual_image_socket: str | None = None
    ) -> None:
        """Prepare, without touching libfprint yet.

        Args:
            driver: libfprint driver id to use (e.g. ``"virtual_image"``); None = first
                device that supports capture.
            dpi: Resolution to report when the driver does not tell (most do not).
            virtual_image_socket: Path of the unix socket for the ``virtual_image`` driver.
        """
        self.driver = driver
        self.dpi = dpi
        self.virtual_image_socket = virtual_image_socket
        self._device: Any = None
        self._context: Any = None
        self._error = ""

    def open(self) -> None:
        """Find and open the device.

        Raises:
            BackendNotAvailable: PyGObject or libfprint's typelib is missing.
            DeviceUnavailable: No matching device.
        """
        if self._device is not None:
            return
        fprint, _gio, glib = _load_fprint()
        if self.virtual_image_socket:
            os.environ[VIRTUAL_IMAGE_ENV] = self.virtual_image_socket
        self._context = fprint.Context()
        self._context.enumerate()
        for device in self._context.get_devices():
            wanted = self.driver is None or device.get_driver() == self.driver
            if wanted and device.has_feature(fprint.DeviceFeature.CAPTURE):
                try:
                    device.open_sync(None)
                except glib.Error as error:
                    self._error = error.message
                    raise DeviceUnavailable(DEVICE, error.message) from error
                self._device = device
                self._error = ""
                return
        self._error = f"no libfprint device (driver {self.driver or 'any'})"
        raise DeviceUnavailable(DEVICE, self._error)

    def capture(self, finger: Finger, timeout_s: float = 10.0) -> FingerprintSample:
        """Wait up to ``timeout_s`` for a finger and return the sensor's image."""
        if self._device is None:
            self.open()
        fprint, gio, glib = _load_fprint()
        cancellable = gio.Cancellable()
        timer = threading.Timer(timeout_s, cancellable.cancel)
        timer.start()
        try:
            image = self._device.capture_sync(wait_for_finger=True, cancellable=cancellable)
        except glib.Error as error:
            raise _device_error(error, fprint, gio, timeout_s) from error
        finally:
            timer.cancel()
        width, height = image.get_width(), image.get_height()
        pixels = np.frombuffer(image.get_data(), np.uint8)[: width * height]
        ppmm = image.get_ppmm()
        dpi = round(ppmm * 25.4) if ppmm > 0 else self.dpi
        return FingerprintSample(Finger(finger), pixels.reshape(height, width).copy(), dpi)

    def close(self) -> None:
        """Close the device."""
        if self._device is not None:
            _fprint, _gio, glib = _load_fprint()
            with contextlib.suppress(glib.Error):  # already gone: nothing to release
                self._device.close_sync(None)
            self._device = None

    def info(self) -> DeviceInfo:
        """Describe the device and whether it is open."""
        if self._device is None:
            state = DeviceState.UNAVAILABLE if self._error else DeviceState.READY
            return DeviceInfo(self.kind, "fprint", self.driver or "libfprint", state, self._error)
        name = f"{self._device.get_name()} ({self._device.get_driver()})"
        return DeviceInfo(self.kind, "fprint", name, DeviceState.READY)


def _device_error(error: Any, fprint: Any, gio: Any, timeout_s: float) -> DeviceError:
    """Map a libfprint GLib.Error onto the device errors a clerk can act on."""
    if error.matches(gio.io_error_quark(), gio.IOErrorEnum.CANCELLED):
        return DeviceTimeout(DEVICE, f"no finger within {timeout_s} s")
    if error.domain == fprint.device_retry_quark():
        return FingerprintRetry(DEVICE, error.message)
    if error.matches(fprint.device_error_quark(), fprint.DeviceError.REMOVED):
        return DeviceUnavailable(DEVICE, error.message)
    return DeviceError(DEVICE, error.message)


def feed_virtual_image(
    socket_path: str, image: np.ndarray[Any, np.dtype[np.uint8]], wait_s: float = 5.0
) -> None:
    """Send one grey image to libfprint's ``virtual_image`` driver (a simulated finger).

    The driver listens on ``socket_path`` once the device is open; this waits up to
    ``wait_s`` for it. Protocol: little-endian int32 width and height, then the pixels.
    """
    if image.dtype != np.uint8 or image.ndim != 2:
        raise ValueError("the virtual image must be 8-bit grey")
    deadline = time.monotonic() + wait_s
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        while True:
            try:
                client.connect(socket_path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise DeviceUnavailable(DEVICE, "virtual_image socket not listening") from None
                time.sleep(0.02)
        height, width = image.shape
        client.sendall(struct.pack("<ii", width, height) + np.ascontiguousarray(image).tobytes())
        # Keep the connection until the driver has read everything: it reads asynchronously.
        client.shutdown(socket.SHUT_WR)
        client.settimeout(wait_s)
        with contextlib.suppress(TimeoutError):
            client.recv(1)
