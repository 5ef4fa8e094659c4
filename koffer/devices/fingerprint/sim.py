"""Simulated fingerprint sensor: synthetic ridges from an orientation field around a core."""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray

from koffer.devices.base import DeviceKind
from koffer.devices.fingerprint.interface import Finger, FingerprintSample
from koffer.devices.simulation import SimulatedDevice

FINGER_SEEDS = {finger: index for index, finger in enumerate(Finger)}


class SimFingerprintSensor(SimulatedDevice):
    """A 500 dpi sensor of 400x500 pixels; ``quality`` (0-100) sets noise and contrast."""

    kind = DeviceKind.FINGERPRINT
    model = "Koffer simulated flat sensor"

    def __init__(self, width: int = 400, height: int = 500, seed: int = 0) -> None:
        super().__init__(seed)
        self.width = width
        self.height = height
        self.quality = 80
        self.capture_delay_s = 0.0

    def set_quality(self, quality: int) -> None:
        """Set how clean the next prints are (0 = unusable, 100 = perfect)."""
        self.quality = max(0, min(100, quality))

    def open(self) -> None:
        """Power the sensor."""
        self._operate()

    def close(self) -> None:
        """Release the sensor."""

    def capture(self, finger: Finger, timeout_s: float = 10.0) -> FingerprintSample:
        """Return a print of ``finger``; the same finger gives the same ridge pattern."""
        self._operate()
        time.sleep(min(self.capture_delay_s, timeout_s))
        return FingerprintSample(finger, self.render(finger))

    def render(self, finger: Finger) -> NDArray[np.uint8]:
        """Draw ridges: a loop pattern (orientation = half the angle around a core)."""
        rng = np.random.default_rng(FINGER_SEEDS[finger] + 1000)
        h, w = self.height, self.width
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        core_x = w * (0.45 + 0.1 * rng.random())
        core_y = h * (0.4 + 0.1 * rng.random())
        angle = np.arctan2(yy - core_y, xx - core_x)
        radius = np.hypot(xx - core_x, yy - core_y)
        period = 9.0 + 2.0 * rng.random()  # about 500 dpi / 50 ridges per inch
        phase = radius + 12.0 * np.sin(angle * (1 + FINGER_SEEDS[finger] % 3))
        ridges = 0.5 + 0.5 * np.cos(2 * np.pi * phase / period)
        mask = ((xx - w / 2) / (w * 0.42)) ** 2 + ((yy - h * 0.55) / (h * 0.47)) ** 2 <= 1.0
        contrast = 0.25 + 0.75 * self.quality / 100
        # Pattern is fixed per finger; the noise differs between captures, like placements.
        capture_rng = np.random.default_rng(self.random.randrange(2**32))
        noise = capture_rng.normal(0, 1 - self.quality / 100, (h, w))
        grey = 1.0 - contrast * ridges + 0.35 * noise
        image = np.where(mask, grey, 1.0)
        return np.asarray(np.clip(image * 255, 0, 255), np.uint8)
