"""Simulated camera: renders a seated person in front of a backdrop, with knobs."""

from __future__ import annotations

import time
from collections.abc import Iterator

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.devices.base import DeviceKind
from koffer.devices.camera.interface import Frame
from koffer.devices.camera.render import Backdrop, SceneRenderer, Subject
from koffer.devices.errors import DeviceUnavailable
from koffer.devices.simulation import SimulatedDevice

__all__ = ["Backdrop", "SimCamera", "Subject"]


class SimCamera(SimulatedDevice):
    """A portrait camera (rotated sensor): 1244x1600 stills, a 1280x720 live preview.

    Preview and still share the vertical field of view, so the still shows the middle of the
    preview. Rendering: about 90 ms per still, about 6 ms per preview frame (drawn at half
    size and scaled up).

    Knobs: :attr:`subject` (distance, pose, light, backdrop, blur, eyes, second person), the
    shared fault knobs (:meth:`unplug`, :meth:`queue_fault`) and :meth:`disconnect_after` for
    a cable pulled in the middle of the stream.
    """

    kind = DeviceKind.CAMERA
    model = "Koffer simulated portrait camera"

    def __init__(
        self,
        width: int = 1244,
        height: int = 1600,
        fps: float = 15.0,
        seed: int = 0,
        preview_size: tuple[int, int] = (1280, 720),
    ) -> None:
        super().__init__(seed)
        self.width = width
        self.height = height
        self.fps = fps
        self.preview_size = preview_size
        self.subject = Subject()
        self._open = False
        self._renderer = SceneRenderer(seed)
        self._frames_left: int | None = None

    def open(self) -> None:
        """Start streaming."""
        self._operate()
        self._open = True

    def close(self) -> None:
        """Stop streaming."""
        self._open = False

    def disconnect_after(self, frames: int) -> None:
        """Pull the cable after ``frames`` more preview frames."""
        self._frames_left = frames

    def frames(self) -> Iterator[Frame]:
        """Yield preview frames at ``fps`` until :meth:`close`.

        Raises:
            DeviceUnavailable: The camera was unplugged or disconnected mid-stream.
        """
        period = 1.0 / self.fps
        next_at = time.monotonic()
        while self._open:
            if self._frames_left is not None:
                if self._frames_left <= 0:
                    self._frames_left = None
                    self.unplug()
                    self._open = False
                    raise DeviceUnavailable(str(self.kind), "disconnected")
                self._frames_left -= 1
            self._operate()
            yield Frame(self.render_preview(), time.monotonic())
            next_at += period
            time.sleep(max(0.0, next_at - time.monotonic()))

    def capture(self) -> Frame:
        """Return one full-resolution still."""
        self._operate()
        return Frame(self.render(), time.monotonic())

    def render(self) -> NDArray[np.uint8]:
        """Draw the still at full resolution."""
        return self._renderer.render(self.subject, self.width, self.height)

    def render_preview(self) -> NDArray[np.uint8]:
        """Draw a preview frame: rendered at half size and scaled up, which keeps it fast."""
        width, height = self.preview_size
        half = self._renderer.render(self.subject, max(1, width // 2), max(1, height // 2))
        return np.asarray(cv2.resize(half, (width, height), interpolation=cv2.INTER_LINEAR))
