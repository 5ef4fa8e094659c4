"""The camera on its own thread: live preview with guidance, automatic shutter, checked still.

:meth:`CameraWorker.start` opens the camera and streams its preview: each frame is judged
by the fast live path (``biometrics.photo.guidance``), cut to what the still will show,
scaled for the screen and put into a one-slot mailbox (a GUI that falls behind sees the
newest frame, never a queue). When every live check has held for the hold time, or the
clerk asks for it (:meth:`capture_now`), the worker takes the full-resolution still, runs
the complete photo checks on it and reports a :class:`PhotoResult`. :meth:`stop` ends the
preview from any thread; both are plain flags because the worker's event loop is busy
streaming while the preview runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from koffer.biometrics.photo.checks import PhotoCheckOptions, PhotoReport, check_photo
from koffer.biometrics.photo.export import crop_photo
from koffer.biometrics.photo.guidance import CaptureTrigger, Guidance, LiveGuide, TriggerState
from koffer.devices.camera.interface import Camera, Frame
from koffer.domain.errors import KofferError
from koffer.ui.capture.frames import LatestOnly, bgr_to_qimage
from koffer.ui.capture.photo_rows import CheckRow, check_rows, hint_texts, overrulable
from koffer.ui.workers import Reporting

PREVIEW_HEIGHT = 480  # px of the image sent to the screen; the widget scales it further
RESULT_HEIGHT = 640
STILL_ASPECT = 1244 / 1600


@dataclass(frozen=True, eq=False)
class LiveView:
    """One preview frame for the screen.

    Attributes:
        image: The part of the preview the still will show, scaled for the screen.
        face: The face box as shares of the image (x, y, width, height), or None.
        hints: The translated guidance for this frame (empty when every check holds).
        state: The automatic shutter's state.
        timestamp: The frame's capture time (seconds, monotonic).
    """

    image: QImage
    face: tuple[float, float, float, float] | None
    hints: tuple[str, ...]
    state: TriggerState
    timestamp: float

    @property
    def ready(self) -> bool:
        """Whether every live check holds."""
        return self.face is not None and not self.hints


@dataclass(frozen=True, eq=False)
class PhotoResult:
    """A still with its complete checks.

    Attributes:
        still: The full-resolution still, exactly as it is to be recorded.
        report: The checks of the still.
        image: What the document would show (the crop), or the still when it cannot be cut.
        rows: The checks as translated table rows.
        automatic: Taken by the automatic shutter (False: by the clerk's button).
    """

    still: Frame
    report: PhotoReport
    image: QImage
    rows: tuple[CheckRow, ...]
    automatic: bool

    @property
    def passed(self) -> bool:
        """Whether every check passed."""
        return self.report.passed

    @property
    def overrulable(self) -> bool:
        """Whether the clerk may take the photo despite its failed checks."""
        return overrulable(self.report)

    @property
    def failed(self) -> tuple[CheckRow, ...]:
        """The rows of the failed checks."""
        return tuple(row for row in self.rows if not row.passed)


class CameraWorker(QObject):
    """Streams the camera's preview with guidance and takes the checked still."""

    view_ready = Signal()  # a LiveView waits: take it with take_view()
    state_changed = Signal(str)  # TriggerState, once per change
    photo_taken = Signal(object)  # PhotoResult
    failed = Signal(object)  # Failure with step "photo"
    stopped = Signal()  # the preview has ended (after a photo, a failure or stop())

    def __init__(
        self,
        camera: Camera,
        language: str,
        *,
        trigger: Callable[[], CaptureTrigger] = CaptureTrigger,
        preview_height: int = PREVIEW_HEIGHT,
    ) -> None:
        """Work with ``camera``; ``trigger`` builds the automatic shutter for each preview."""
        super().__init__()
        self._camera = camera
        self._language = language
        self._trigger = trigger
        self._preview_height = preview_height
        self._stop = threading.Event()
        self._shoot = threading.Event()
        self._running = threading.Event()
        self.mailbox: LatestOnly[LiveView] = LatestOnly()

    # --- called from any thread ---------------------------------------------------------

    def capture_now(self) -> None:
        """Take the still at the next frame, whatever the guidance says."""
        self._shoot.set()

    def stop(self) -> None:
        """End the preview at the next frame without taking a photo."""
        self._stop.set()

    @property
    def running(self) -> bool:
        """Whether the preview runs."""
        return self._running.is_set()

    def take_view(self) -> LiveView | None:
        """The newest preview frame, or None when it was taken already."""
        return self.mailbox.take()

    # --- the worker thread ----------------------------------------------------------------

    @Slot(object)
    def start(self, options: PhotoCheckOptions) -> None:
        """Stream until the shutter fires, the clerk shoots, or :meth:`stop` is called."""
        self._stop.clear()
        self._shoot.clear()
        self._running.set()
        result: PhotoResult | None = None
        try:
            with Reporting(self.failed.emit, self._language, "photo"):
                result = self._preview_and_shoot(options)
        finally:
            self._running.clear()
            self._stop.clear()
            self._shoot.clear()
        if result is not None:
            self.photo_taken.emit(result)
        self.stopped.emit()

    def _preview_and_shoot(self, options: PhotoCheckOptions) -> PhotoResult | None:
        guide = LiveGuide(options=options)
        trigger = self._trigger()
        state: TriggerState | None = None
        automatic = False
        self._camera.open()
        try:
            for frame in self._camera.frames():
                if self._stop.is_set():
                    return None
                if self._shoot.is_set():
                    break
                guidance = guide.update(frame.image, frame.timestamp)
                new_state = trigger.feed_guidance(guidance)
                if new_state is not state:
                    state = new_state
                    self.state_changed.emit(str(state))
                if self.mailbox.put(self._view(frame, guidance, new_state)):
                    self.view_ready.emit()
                if new_state is TriggerState.FIRE:
                    automatic = True
                    break
            else:
                return None  # the stream ended: the camera was closed
            if self._stop.is_set():
                return None
            still = self._camera.capture()
        finally:
            self._camera.close()
        return self._checked(still, options, automatic=automatic)

    def _view(self, frame: Frame, guidance: Guidance, state: TriggerState) -> LiveView:
        height, width = frame.image.shape[:2]
        left = max(0, int((width - height * STILL_ASPECT) / 2))
        view = frame.image[:, left : width - left]
        scale = min(1.0, self._preview_height / max(height, 1))
        shown = view if scale == 1.0 else cv2.resize(view, None, fx=scale, fy=scale,
                                                     interpolation=cv2.INTER_AREA)  # fmt: skip
        face = None
        if guidance.face is not None:
            box = guidance.face
            view_width = max(view.shape[1], 1)
            face = ((box.x - left) / view_width, box.y / height, box.w / view_width, box.h / height)
        hints = () if guidance.ready else hint_texts(guidance.hints, self._language)
        return LiveView(
            bgr_to_qimage(np.asarray(shown, np.uint8)), face, hints, state, frame.timestamp
        )

    def _checked(self, still: Frame, options: PhotoCheckOptions, *, automatic: bool) -> PhotoResult:
        report = check_photo(still.image, options)
        try:
            shown = crop_photo(still.image, report)
        except KofferError:  # no face, or too small to cut: show the still as taken
            shown = still.image
        scale = min(1.0, RESULT_HEIGHT / shown.shape[0])
        if scale < 1.0:
            shown = cv2.resize(shown, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        return PhotoResult(
            still,
            report,
            bgr_to_qimage(np.asarray(shown, np.uint8)),
            check_rows(report, self._language),
            automatic,
        )
