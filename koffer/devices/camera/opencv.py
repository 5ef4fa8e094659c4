"""The real camera: a UVC/V4L2 webcam or system camera through ``cv2.VideoCapture``.

Opened by index (``0`` -> /dev/video0, V4L2 backend) or by path. Any path OpenCV can open
works the same way, including a video file or an image sequence (``img_%03d.png``), which is
how this backend is tested without hardware: the code path (open, negotiate, read, fail on a
failed read) is the same, only V4L2's resolution negotiation is not exercised.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.camera.interface import Frame
from koffer.devices.errors import DeviceUnavailable

_ROTATIONS = {
    0: None,
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}
_LARGEST_ASK = 10_000
"""V4L2 drivers answer an impossible size with the largest one they support."""


class OpenCvCamera:
    """A camera behind OpenCV's VideoCapture.

    Args:
        source: Device index, device path (/dev/video2) or any file/URL OpenCV opens.
        width: Preview width to ask for.
        height: Preview height to ask for.
        fps: Preview frame rate to ask for.
        rotate: Clockwise rotation of every frame in degrees (0, 90, 180, 270); a camera
            mounted on its side gives portrait pictures with 90 or 270.
        warmup_frames: Frames read and dropped after switching to still resolution, so
            exposure settles and no stale buffered frame is returned.
        fourcc: Pixel format asked of a V4L2 device; most UVC cameras deliver large frames
            at a usable rate only as MJPG over USB 2. None leaves the driver's default.
    """

    kind = DeviceKind.CAMERA

    def __init__(
        self,
        source: int | str = 0,
        *,
        width: int = 1280,
        height: int = 720,
        fps: float = 15.0,
        rotate: int = 0,
        warmup_frames: int = 3,
        fourcc: str | None = "MJPG",
    ) -> None:
        if rotate not in _ROTATIONS:
            raise ValueError(f"rotate must be one of {sorted(_ROTATIONS)}")
        self.source = source
        self.requested = (width, height)
        self.fps = fps
        self.rotate = rotate
        self.warmup_frames = warmup_frames
        self.fourcc = fourcc
        self.preview_size: tuple[int, int] | None = None
        self.still_size: tuple[int, int] | None = None
        self._capture: cv2.VideoCapture | None = None
        self._lost = False

    def _device(self) -> str:
        return f"{DeviceKind.CAMERA}:{self.source}"

    def open(self) -> None:
        """Open the device and negotiate the preview size.

        Raises:
            DeviceUnavailable: No such device, or it is busy or unplugged.
        """
        api = cv2.CAP_V4L2 if self._is_v4l2() else cv2.CAP_ANY
        capture = cv2.VideoCapture(self.source, api)
        if not capture.isOpened():
            capture.release()
            self._lost = True
            raise DeviceUnavailable(str(self.kind), f"cannot open {self.source}")
        self._capture = capture
        self._lost = False
        if self.fourcc and self._is_v4l2():
            capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*self.fourcc))
        self.preview_size = self._negotiate(*self.requested)
        capture.set(cv2.CAP_PROP_FPS, self.fps)

    def _is_v4l2(self) -> bool:
        return isinstance(self.source, int) or self.source.startswith("/dev/video")

    def _negotiate(self, width: int, height: int) -> tuple[int, int]:
        """Ask for a size and return what the device actually delivers."""
        capture = self._require()
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        actual = (
            int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )
        return self._rotated_size(actual)

    def _rotated_size(self, size: tuple[int, int]) -> tuple[int, int]:
        return (size[1], size[0]) if self.rotate in (90, 270) else size

    def _require(self) -> cv2.VideoCapture:
        if self._capture is None:
            raise DeviceUnavailable(str(self.kind), "not open")
        return self._capture

    def _read(self) -> NDArray[np.uint8]:
        capture = self._require()
        ok, image = capture.read()
        if not ok or image is None:
            self._disconnect()
            raise DeviceUnavailable(str(self.kind), "disconnected")
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        rotation = _ROTATIONS[self.rotate]
        if rotation is not None:
            image = cv2.rotate(image, rotation)
        return np.ascontiguousarray(image, np.uint8)

    def _disconnect(self) -> None:
        self._lost = True
        if self._capture is not None:
            with contextlib.suppress(cv2.error):
                self._capture.release()
        self._capture = None

    def frames(self) -> Iterator[Frame]:
        """Yield preview frames until :meth:`close`.

        Raises:
            DeviceUnavailable: A read failed (cable pulled, device gone, end of file).
        """
        while self._capture is not None:
            image = self._read()
            yield Frame(image, time.monotonic())

    def capture(self) -> Frame:
        """Take one still at the largest resolution the device offers, then go back to preview.

        Raises:
            DeviceUnavailable: The device is not open or the read failed.
        """
        self._require()
        self.still_size = self._negotiate(_LARGEST_ASK, _LARGEST_ASK)
        try:
            for _ in range(self.warmup_frames):
                self._read()
            image = self._read()
            self.still_size = (image.shape[1], image.shape[0])
            return Frame(image, time.monotonic())
        finally:
            if self._capture is not None:
                self.preview_size = self._negotiate(*self.requested)

    def close(self) -> None:
        """Release the device."""
        if self._capture is not None:
            self._capture.release()
        self._capture = None

    def name(self) -> str:
        """The device's name as the kernel reports it (V4L2), else the source itself."""
        index: str | None = None
        if isinstance(self.source, int):
            index = str(self.source)
        elif self.source.startswith("/dev/video"):
            index = self.source.removeprefix("/dev/video")
        if index is not None and index.isdigit():
            sysfs = Path("/sys/class/video4linux") / f"video{index}" / "name"
            with contextlib.suppress(OSError):
                return sysfs.read_text(encoding="utf-8").strip()
            return f"/dev/video{index}"
        return Path(str(self.source)).name

    def _device_path(self) -> Path | None:
        """The V4L2 device node this camera opens, or None for a file or URL source."""
        if isinstance(self.source, int):
            return Path(f"/dev/video{self.source}")
        return Path(self.source) if self.source.startswith("/dev/video") else None

    def info(self) -> DeviceInfo:
        """Describe the camera: name, state and the negotiated preview size."""
        state = DeviceState.UNAVAILABLE if self._lost else DeviceState.READY
        detail = ""
        device = self._device_path()
        if self._capture is None and device is not None and not device.exists():
            return DeviceInfo(self.kind, "opencv", self.name(), DeviceState.UNAVAILABLE,
                              f"{device} not found")  # fmt: skip
        if self.preview_size is not None:
            detail = f"preview {self.preview_size[0]}x{self.preview_size[1]}"
        if self.still_size is not None:
            detail += f", still {self.still_size[0]}x{self.still_size[1]}"
        return DeviceInfo(self.kind, "opencv", self.name(), state, detail)
