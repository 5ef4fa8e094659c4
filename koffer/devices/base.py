"""What every device kind shares: its description and the state a kit check reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class DeviceKind(enum.StrEnum):
    """The seven device kinds of a kit."""

    CAMERA = "camera"
    FINGERPRINT = "fingerprint"
    SCANNER = "scanner"
    PRINTER = "printer"
    CHANGE_TERMINAL = "change_terminal"
    SIGNATURE_PAD = "signature_pad"
    PAYMENT = "payment"


class DeviceState(enum.StrEnum):
    """What a kit check reports per device."""

    READY = "ready"
    UNAVAILABLE = "unavailable"
    FAULT = "fault"


@dataclass(frozen=True)
class DeviceInfo:
    """Who a device is and how it is doing."""

    kind: DeviceKind
    backend: str
    model: str
    state: DeviceState
    detail: str = ""
