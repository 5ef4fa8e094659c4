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
        """Draw the subject: backdrop, shoulders, neck, face with eyes, brows and mouth."""
        s = self.subject
        w, h = self.width, self.height
        img = np.full((h, w, 3), s.background, np.uint8)
        scale = 1.0 / max(s.distance_m, 0.2)
        cx = int(w / 2 + s.offset_x * w)
        cy = int(h * 0.42 + s.offset_y * h)
        head_w, head_h = int(w * 0.31 * scale), int(h * 0.29 * scale)
        skin = (150, 175, 215)
        cv2.ellipse(img, (cx, cy + int(head_h * 1.9)), (int(head_w * 1.6), head_h), 0, 180,
                    360, (90, 70, 60), -1)
        cv2.rectangle(img, (cx - head_w // 3, cy), (cx + head_w // 3, cy + int(head_h * 1.2)),
                      skin, -1)
        cv2.ellipse(img, (cx, cy), (head_w, head_h), 0, 0, 360, skin, -1)
        cv2.ellipse(img, (cx, cy - int(head_h * 0.55)), (int(head_w * 1.02), int(head_h * 0.5)),
                    0, 180, 360, (40, 50, 70), -1)
        eye_dy, eye_dx = int(head_h * 0.08), int(head_w * 0.38)
        for side in (-1, 1):
            ex = cx + side * eye_dx
            cv2.ellipse(img, (ex, cy - eye_dy), (int(head_w * 0.16), int(head_h * 0.06)), 0, 0,
                        360, (245, 245, 245), -1)
            cv2.circle(img, (ex, cy - eye_dy), int(head_h * 0.045), (60, 40, 30), -1)
            cv2.line(img, (ex - int(head_w * 0.17), cy - eye_dy - int(head_h * 0.12)),
                     (ex + int(head_w * 0.17), cy - eye_dy - int(head_h * 0.13)),
                     (40, 50, 70), max(2, int(head_h * 0.025)))
        cv2.line(img, (cx, cy), (cx - int(head_w * 0.06), cy + int(head_h * 0.25)),
                 (120, 140, 185), max(2, int(head_h * 0.015)))
        cv2.ellipse(img, (cx, cy + int(head_h * 0.48)), (int(head_w * 0.28), int(head_h * 0.05)),
                    0, 0, 180, (90, 90, 160), max(2, int(head_h * 0.02)))
        lit = np.clip(img.astype(np.float32) * s.light, 0, 255)
        noise = np.asarray(
            [self.random.gauss(0, 2.0) for _ in range(64)], np.float32
        ).reshape(8, 8, 1)
        noise_full = cv2.resize(noise, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
        return np.clip(lit + noise_full, 0, 255).astype(np.uint8)
