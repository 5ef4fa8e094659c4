"""Simulated fingerprint sensor: SFinGe-style master prints, placement and skin faults.

Each finger of a simulated person has a fixed master print (see ``synthesis``): same person,
same finger, same ridges and minutiae. Every capture then differs the way real captures do:

- placement: a small random translation (about +-1 mm) and rotation (about +-5 degrees);
- pressure: light pressure gives a smaller contact area and thinner ridges, heavy pressure
  a larger area and thicker ridges;
- sensor noise, blur and uneven contact, all scaled by the ``quality`` knob (0-100).

Fault knobs for trainers and tests, besides the shared ``queue_fault`` and ``unplug``:
``set_wet`` (ridges smeared and merged), ``set_dry`` (broken ridges, low contrast),
``set_partial`` (part of the finger off the sensor), ``set_no_finger`` (nobody puts a finger
on: the capture waits for ``timeout_s`` and raises ``DeviceTimeout``), ``set_person``
(another citizen: other fingers).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.devices.base import DeviceKind
from koffer.devices.errors import DeviceTimeout
from koffer.devices.fingerprint.interface import Finger, FingerprintSample
from koffer.devices.fingerprint.synthesis import (
    FingerPattern,
    MasterPrint,
    choose_pattern,
    render_master,
)
from koffer.devices.simulation import SimulatedDevice

FINGER_SEEDS = {finger: index for index, finger in enumerate(Finger)}
CANVAS_MARGIN = 40  # px around the sensor area, so that rotation never shows the canvas edge
PAPER_WHITE = 238.0
INK_DEPTH = 205.0


@dataclass(frozen=True)
class Placement:
    """How the finger lay on the sensor for one capture."""

    dx: float
    dy: float
    angle_deg: float
    pressure: float  # 0 = barely touching, 1 = pressed hard; 0.5 is normal


class SimFingerprintSensor(SimulatedDevice):
    """A 500 dpi flat sensor of 400x500 pixels with a simulated finger and fault knobs.

    Attributes:
        quality: 0 (unusable) to 100 (perfect): noise, blur, contrast and dropouts.
        wetness: 0-1; wet skin fills the valleys and merges ridges.
        dryness: 0-1; dry skin breaks ridges and lowers contrast.
        partial: 0-1; the share of the contact area placed off the sensor.
        finger_absent: nobody touches the sensor; captures time out.
        capture_delay_s: how long a capture takes (the citizen placing the finger).
        time_scale: factor on every wait (1 = real time; scenario runs use 0).
        last_placement: placement of the latest capture, for tests and trainers.
    """

    kind = DeviceKind.FINGERPRINT
    model = "Koffer simulated flat sensor"

    def __init__(self, width: int = 400, height: int = 500, seed: int = 0, person: int = 0) -> None:
        super().__init__(seed)
        self.width = width
        self.height = height
        self.person = person
        self.quality = 80
        self.wetness = 0.0
        self.dryness = 0.0
        self.partial = 0.0
        self.finger_absent = False
        self.capture_delay_s = 0.0
        self.time_scale = 1.0
        self.last_placement: Placement | None = None
        self._masters: dict[tuple[int, Finger], MasterPrint] = {}
        self._master_lock = threading.Lock()

    # --- knobs -------------------------------------------------------------------------

    def set_quality(self, quality: int) -> None:
        """Set how clean the next prints are (0 = unusable, 100 = perfect)."""
        self.quality = max(0, min(100, quality))

    def set_wet(self, level: float = 1.0) -> None:
        """Make the skin wet (0 = normal, 1 = dripping)."""
        self.wetness = _unit(level)

    def set_dry(self, level: float = 1.0) -> None:
        """Make the skin dry (0 = normal, 1 = very dry, cracked)."""
        self.dryness = _unit(level)

    def set_partial(self, fraction_off: float) -> None:
        """Place ``fraction_off`` (0-1) of the finger's contact area off the sensor."""
        self.partial = _unit(fraction_off)

    def set_no_finger(self, absent: bool = True) -> None:
        """Let nobody put a finger on the sensor: captures wait and time out."""
        self.finger_absent = absent

    def set_person(self, person: int) -> None:
        """Let another citizen use the sensor (other ridge patterns)."""
        self.person = person

    def reset_conditions(self) -> None:
        """Back to a normal finger, placed well, quality 80."""
        self.quality = 80
        self.wetness = self.dryness = self.partial = 0.0
        self.finger_absent = False

    def _condition(self) -> str:
        conditions = [
            name
            for name, on in (
                ("no finger", self.finger_absent),
                ("wet", self.wetness > 0),
                ("dry", self.dryness > 0),
                ("partial", self.partial > 0),
            )
            if on
        ]
        return ", ".join(conditions)

    # --- device --------------------------------------------------------------------------

    def open(self) -> None:
        """Power the sensor."""
        self._operate()

    def close(self) -> None:
        """Release the sensor."""

    def capture(self, finger: Finger, timeout_s: float = 10.0) -> FingerprintSample:
        """Wait for ``finger`` on the sensor and return its print.

        Raises:
            DeviceUnavailable: Unplugged.
            DeviceTimeout: No finger within ``timeout_s``.
            DeviceError: Whatever a tester queued.
        """
        self._operate()
        if self.finger_absent:
            time.sleep(timeout_s * self.time_scale)
            raise DeviceTimeout(str(self.kind), f"no finger within {timeout_s} s")
        time.sleep(min(self.capture_delay_s, timeout_s) * self.time_scale)
        return FingerprintSample(Finger(finger), self.render(Finger(finger)))

    # --- rendering -----------------------------------------------------------------------

    def pattern(self, finger: Finger) -> FingerPattern:
        """Return the fixed pattern (class, singular points, period) of ``finger``."""
        return self.master(finger).pattern

    def master(self, finger: Finger) -> MasterPrint:
        """Return the finger's master print, grown once per person and finger."""
        key = (self.person, finger)
        with self._master_lock:
            cached = self._masters.get(key)
        if cached is not None:
            return cached
        seed = 7919 * self.person + 104729 * (FINGER_SEEDS[finger] + 1)
        is_thumb = finger in (Finger.LEFT_THUMB, Finger.RIGHT_THUMB)
        pattern = choose_pattern(
            seed,
            self.width + 2 * CANVAS_MARGIN,
            self.height + 2 * CANVAS_MARGIN,
            large=is_thumb,
        )
        master = render_master(pattern)
        with self._master_lock:
            self._masters[key] = master
        return master

    def render(self, finger: Finger) -> NDArray[np.uint8]:
        """Render one capture of ``finger`` with the current knobs and a random placement."""
        master = self.master(finger)
        rng = np.random.default_rng(self.random.randrange(2**32))
        placement = self._placement(rng, master.pattern)
        self.last_placement = placement
        ridges, contact = self._place(master, placement)
        ink = self._ink(ridges, placement.pressure, rng)
        ink, contrast = self._skin_and_sensor_faults(ink, rng)
        h, w = self.height, self.width
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        background = PAPER_WHITE - 6.0 * (yy / h) - 3.0 * (xx / w)
        grey = background - INK_DEPTH * contrast * ink * contact
        noise_sigma = 2.0 + 22.0 * (1.0 - self.quality / 100.0)
        grey += rng.normal(0.0, noise_sigma, (h, w)).astype(np.float32)
        return np.asarray(np.clip(grey, 0, 255), np.uint8)

    def _placement(self, rng: np.random.Generator, pattern: FingerPattern) -> Placement:
        """Draw translation, rotation and pressure; push the finger off for partial prints."""
        dx = float(np.clip(rng.normal(0, 7), -18, 18))
        dy = float(np.clip(rng.normal(0, 7), -18, 18))
        angle = float(np.clip(rng.normal(0, 4), -10, 10))
        pressure = float(rng.uniform(0.35, 0.65))
        if self.partial > 0:
            # Push sideways or towards the finger's base until the wanted share is off.
            direction = (1.0, 0.0), (-1.0, 0.0), (0.0, 1.0)
            ux, uy = direction[int(rng.integers(3))]
            shift = self._shift_for_share_off(pattern, pressure, (dx, dy), (ux, uy))
            dx, dy = dx + ux * shift, dy + uy * shift
        return Placement(dx, dy, angle, pressure)

    def _shift_for_share_off(
        self,
        pattern: FingerPattern,
        pressure: float,
        offset: tuple[float, float],
        direction: tuple[float, float],
    ) -> float:
        """Bisect the shift along (ux, uy) that puts ``partial`` of the contact area off."""
        spread = 0.88 + 0.25 * pressure
        (dx, dy), (ux, uy) = offset, direction
        centre_x = self.width / 2 + dx
        centre_y = self.height / 2 + 0.03 * (self.height + 2 * CANVAS_MARGIN) + dy
        grid = np.linspace(-1.0, 1.0, 41)
        u, v = np.meshgrid(grid, grid)
        inside = u**2 + v**2 <= 1.0
        px = u[inside] * pattern.contact_width * spread
        py = v[inside] * pattern.contact_height * spread
        low, high = 0.0, float(max(self.width, self.height))
        for _ in range(25):
            shift = (low + high) / 2
            x = px + centre_x + ux * shift
            y = py + centre_y + uy * shift
            on = np.mean((x >= 0) & (x < self.width) & (y >= 0) & (y < self.height))
            if 1.0 - on < self.partial:
                low = shift
            else:
                high = shift
        return (low + high) / 2

    def _place(
        self, master: MasterPrint, placement: Placement
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Cut the sensor's view out of the master canvas: ridges and soft contact area."""
        pattern = master.pattern
        canvas_h, canvas_w = master.ridges.shape
        centre = (canvas_w / 2.0, canvas_h / 2.0 + 0.03 * canvas_h)
        matrix = cv2.getRotationMatrix2D(centre, placement.angle_deg, 1.0)
        matrix[0, 2] += placement.dx - CANVAS_MARGIN
        matrix[1, 2] += placement.dy - CANVAS_MARGIN
        size = (self.width, self.height)
        ridges = cv2.warpAffine(master.ridges, matrix, size, flags=cv2.INTER_LINEAR)
        spread = 0.88 + 0.25 * placement.pressure
        yy, xx = np.mgrid[0:canvas_h, 0:canvas_w].astype(np.float32)
        radius = np.sqrt(
            ((xx - centre[0]) / (pattern.contact_width * spread)) ** 2
            + ((yy - centre[1]) / (pattern.contact_height * spread)) ** 2
        )
        contact_canvas = np.clip((1.0 - radius) / 0.12, 0.0, 1.0).astype(np.float32)
        contact = cv2.warpAffine(contact_canvas, matrix, size, flags=cv2.INTER_LINEAR)
        return np.asarray(ridges, np.float32), np.asarray(contact, np.float32)

    def _ink(
        self, ridges: NDArray[np.float32], pressure: float, rng: np.random.Generator
    ) -> NDArray[np.float32]:
        """Turn the ridge field into ink (0 = valley, 1 = ridge) for this pressure and skin."""
        bias = 0.35 * (pressure - 0.5) + 0.7 * self.wetness - 0.45 * self.dryness
        ink = 0.5 + 0.5 * np.tanh(2.5 * (ridges + bias)) / math.tanh(2.5)
        if self.wetness > 0:
            sigma = 0.8 + 2.2 * self.wetness
            ink = cv2.GaussianBlur(ink, (0, 0), sigma)
            blotches = _blotches(rng, ink.shape, cells=7)
            puddles = np.clip((blotches - (1.0 - 0.5 * self.wetness)) / 0.2, 0.0, 1.0)
            ink = np.maximum(ink, 0.85 * puddles)
            ink = np.clip(ink * (1.0 + 0.5 * self.wetness), 0.0, 1.0)
        return np.asarray(ink, np.float32)

    def _skin_and_sensor_faults(
        self, ink: NDArray[np.float32], rng: np.random.Generator
    ) -> tuple[NDArray[np.float32], float]:
        """Apply dryness and the quality knob; return the ink and the overall contrast."""
        degradation = 1.0 - self.quality / 100.0
        contrast = 0.3 + 0.7 * (1.0 - degradation)
        breakage = max(self.dryness, 0.7 * degradation**1.5)
        if breakage > 0:
            # Dry skin touches in patches: broken ridges, speckles, faint regions.
            patches = _blotches(rng, ink.shape, cells=10)
            speckle = rng.random(ink.shape).astype(np.float32)
            keep = ((patches > 0.9 * breakage) & (speckle > 0.55 * breakage)).astype(np.float32)
            keep = cv2.GaussianBlur(keep, (0, 0), 1.2)
            faint = 0.15 + 0.3 * (1.0 - breakage)
            ink = ink * (faint + (1.0 - faint) * keep)
            contrast *= 1.0 - 0.45 * self.dryness
        blur = 0.3 + 1.6 * degradation
        blurred = cv2.GaussianBlur(ink, (0, 0), blur)
        return np.asarray(blurred, np.float32), contrast


def _unit(value: float) -> float:
    """Clamp to 0-1."""
    return max(0.0, min(1.0, float(value)))


def _blotches(rng: np.random.Generator, shape: tuple[int, ...], cells: int) -> NDArray[np.float32]:
    """Smooth random field in 0-1 with features about ``1/cells`` of the image."""
    h, w = shape[0], shape[1]
    coarse = rng.random((cells, max(2, round(cells * w / h)))).astype(np.float32)
    field = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    low, high = float(field.min()), float(field.max())
    return np.asarray((field - low) / max(high - low, 1e-6), np.float32)
