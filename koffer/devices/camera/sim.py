"""Simulated camera: renders a seated person in front of a backdrop, with knobs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.devices.base import DeviceKind
from koffer.devices.camera.interface import Frame
from koffer.devices.simulation import SimulatedDevice

_SKIN = np.array((150, 175, 215), np.float32)


@dataclass
class Subject:
    """How the simulated citizen sits: distance scales the head, offsets move it."""

    distance_m: float = 1.0
    offset_x: float = 0.0
    offset_y: float = 0.0
    background: int = 225
    light: float = 1.0


class SimCamera(SimulatedDevice):
    """A 1600x1244 portrait camera (rotated sensor) at a fixed frame rate."""

    kind = DeviceKind.CAMERA
    model = "Koffer simulated portrait camera"

    def __init__(
        self, width: int = 1244, height: int = 1600, fps: float = 15.0, seed: int = 0
    ) -> None:
        super().__init__(seed)
        self.width = width
        self.height = height
        self.fps = fps
        self.subject = Subject()
        self._open = False
        self._noise = np.random.default_rng(seed)

    def open(self) -> None:
        """Start streaming."""
        self._operate()
        self._open = True

    def close(self) -> None:
        """Stop streaming."""
        self._open = False

    def frames(self) -> Iterator[Frame]:
        """Yield frames at ``fps`` until :meth:`close`."""
        period = 1.0 / self.fps
        next_at = time.monotonic()
        while self._open:
            self._operate()
            yield Frame(self.render(), time.monotonic())
            next_at += period
            time.sleep(max(0.0, next_at - time.monotonic()))

    def capture(self) -> Frame:
        """Return one still."""
        self._operate()
        return Frame(self.render(), time.monotonic())

    def render(self) -> NDArray[np.uint8]:
        """Draw the subject: backdrop, shoulders, shaded face, eye sockets, brows, nose, mouth.

        The shading matters: face detectors look for eye regions darker than cheeks and a
        lighter nose bridge, so a flat cartoon face would not be found.
        """
        s = self.subject
        w, h = self.width, self.height
        img = np.full((h, w, 3), s.background, np.float32)
        scale = 1.0 / max(s.distance_m, 0.2)
        cx = int(w / 2 + s.offset_x * w)
        cy = int(h * 0.42 + s.offset_y * h)
        head_w, head_h = int(w * 0.31 * scale), int(h * 0.29 * scale)
        cv2.ellipse(
            img,
            (cx, cy + int(head_h * 1.9)),
            (int(head_w * 1.6), head_h),
            0,
            180,
            360,
            (90, 70, 60),
            -1,
        )
        cv2.rectangle(
            img,
            (cx - head_w // 3, cy),
            (cx + head_w // 3, cy + int(head_h * 1.2)),
            (120, 145, 185),
            -1,
        )
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        radius = ((xx - cx) / head_w) ** 2 + ((yy - cy) / head_h) ** 2
        shade = (1.05 - 0.35 * radius)[..., None]
        img = np.where((radius <= 1)[..., None], _SKIN * shade, img)
        cv2.ellipse(
            img,
            (cx, cy - int(head_h * 0.6)),
            (int(head_w * 1.04), int(head_h * 0.48)),
            0,
            180,
            360,
            (40, 50, 70),
            -1,
        )
        eye_dy, eye_dx = int(head_h * 0.12), int(head_w * 0.4)
        for side in (-1, 1):
            ex, ey = cx + side * eye_dx, cy - eye_dy
            cv2.ellipse(
                img,
                (ex, ey),
                (int(head_w * 0.24), int(head_h * 0.1)),
                0,
                0,
                360,
                (95, 110, 140),
                -1,
            )
            cv2.ellipse(
                img,
                (ex, ey),
                (int(head_w * 0.15), int(head_h * 0.045)),
                0,
                0,
                360,
                (200, 205, 215),
                -1,
            )
            cv2.circle(img, (ex, ey), int(head_h * 0.04), (50, 35, 25), -1)
            cv2.ellipse(
                img,
                (ex, ey - int(head_h * 0.14)),
                (int(head_w * 0.2), int(head_h * 0.05)),
                0,
                200,
                340,
                (40, 50, 70),
                max(3, int(head_h * 0.04)),
            )
        cv2.ellipse(
            img,
            (cx, cy + int(head_h * 0.22)),
            (int(head_w * 0.13), int(head_h * 0.05)),
            0,
            0,
            180,
            (90, 105, 140),
            -1,
        )
        cv2.ellipse(
            img,
            (cx, cy + int(head_h * 0.48)),
            (int(head_w * 0.3), int(head_h * 0.06)),
            0,
            0,
            180,
            (70, 70, 140),
            max(4, int(head_h * 0.035)),
        )
        img = cv2.GaussianBlur(img, (0, 0), 3) * s.light
        sensor_noise = self._noise.normal(0, 1.5, (h // 8, w // 8, 1)).astype(np.float32)
        img += cv2.resize(sensor_noise, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
        return np.asarray(np.clip(img, 0, 255), np.uint8)
