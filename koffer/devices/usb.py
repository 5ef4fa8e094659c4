"""USB presence of the kit's devices through pyusb: is the configured vendor:product plugged in?

Used by the kit check for devices driven over USB (fingerprint sensor, scanner, printer,
signature pad). Presence is read from the USB device descriptors alone; nothing is opened or
claimed, so a check never disturbs a device in use by its driver. Without a libusb backend
(no libusb-1.0 installed) every device reports "unknown" rather than "absent".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import usb.core

from koffer.domain.errors import ValidationError

_ID = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")


@dataclass(frozen=True)
class UsbId:
    """A USB vendor and product id, written ``vvvv:pppp`` in hex as ``lsusb`` shows them."""

    vendor: int
    product: int

    @classmethod
    def parse(cls, text: str) -> UsbId:
        """Read ``"vvvv:pppp"``.

        Raises:
            ValidationError: When the text is not two 4-digit hex numbers.
        """
        match = _ID.match(text.strip())
        if match is None:
            raise ValidationError("usb_id", "error.validation", detail=text)
        return cls(int(match[1], 16), int(match[2], 16))

    def __str__(self) -> str:
        return f"{self.vendor:04x}:{self.product:04x}"


@dataclass(frozen=True)
class Presence:
    """Whether a configured device is on the bus: ``present``, ``absent`` or ``unknown``."""

    usb_id: UsbId
    state: str
    detail: str = ""


def presence(usb_id: UsbId, backend: Any = None) -> Presence:
    """Look for ``usb_id`` on the bus (``backend``: a pyusb backend; default: libusb)."""
    try:
        device = usb.core.find(idVendor=usb_id.vendor, idProduct=usb_id.product, backend=backend)
    except usb.core.NoBackendError:
        return Presence(usb_id, "unknown", "no libusb backend")
    except usb.core.USBError as exc:
        return Presence(usb_id, "unknown", exc.strerror or str(exc))
    if device is None:
        return Presence(usb_id, "absent")
    return Presence(usb_id, "present", f"bus {device.bus} address {device.address}")
