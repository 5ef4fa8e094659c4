"""What the photo workflow needs from a camera."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from koffer.devices.base import DeviceInfo


@dataclass(frozen=True, eq=False)
class Frame:
    """One camera image, BGR 8-bit, with its capture time in seconds (monotonic)."""

    image: NDArray[np.uint8]
    timestamp: float

    @property
    def width(self) -> int:
        """Width in pixels."""
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        """Height in pixels."""
        return int(self.image.shape[0])


class Camera(Protocol):
    """A camera delivering a live stream and full-resolution captures."""

    def open(self) -> None:
        """Start the camera."""

    def frames(self) -> Iterator[Frame]:
        """Yield preview frames at the camera's frame rate until closed."""

    def capture(self) -> Frame:
        """Take one full-resolution still."""

    def close(self) -> None:
        """Stop the camera."""

    def info(self) -> DeviceInfo:
        """Describe the camera."""
