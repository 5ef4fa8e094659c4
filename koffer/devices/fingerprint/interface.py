"""What the fingerprint workflow needs from a sensor."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from koffer.devices.base import DeviceInfo


class Finger(enum.StrEnum):
    """Fingers by ISO/IEC 19794-4 position name."""

    RIGHT_THUMB = "right_thumb"
    RIGHT_INDEX = "right_index"
    RIGHT_MIDDLE = "right_middle"
    RIGHT_RING = "right_ring"
    RIGHT_LITTLE = "right_little"
    LEFT_THUMB = "left_thumb"
    LEFT_INDEX = "left_index"
    LEFT_MIDDLE = "left_middle"
    LEFT_RING = "left_ring"
    LEFT_LITTLE = "left_little"


@dataclass(frozen=True, eq=False)
class FingerprintSample:
    """One flat print: 8-bit grey image (dark ridges on light ground) at ``dpi``."""

    finger: Finger
    image: NDArray[np.uint8]
    dpi: int = 500


class FingerprintSensor(Protocol):
    """A flat single-finger sensor."""

    def open(self) -> None:
        """Power the sensor."""

    def capture(self, finger: Finger, timeout_s: float = 10.0) -> FingerprintSample:
        """Wait for a finger on the sensor and return its image."""

    def close(self) -> None:
        """Release the sensor."""

    def info(self) -> DeviceInfo:
        """Describe the sensor."""
