"""Live guidance on the 1280x720 preview and the automatic shutter.

Per frame: only the part of the preview the still will show is looked at, the face is
searched on a copy scaled to 320 px height, and between full searches (every
``detect_every`` frames) only the region around the last face is searched. The measuring
patch is coarse (48 px between the eyes). Together that keeps a 1280x720 frame at about
15 ms on the kit's 2-core CPU. The same checks as for the still then run on a
coarse measuring patch, minus those that need the still's resolution.

:class:`CaptureTrigger` turns the per-frame verdicts into "take the photo now" once every
check has held for a short moment; it is fed timestamps, so it is tested without sleeping.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.biometrics.photo.checks import CheckResult, PhotoChecker, PhotoCheckOptions, PhotoReport
from koffer.biometrics.photo.detect import Box, FaceDetector
from koffer.biometrics.photo.inputs import validate_image

BgrImage = NDArray[np.uint8]


@dataclass(frozen=True)
class Guidance:
    """What the preview shows for one frame.

    Attributes:
        timestamp: The frame's capture time (seconds, monotonic).
        face: The face box in frame pixels, or None.
        report: The live checks, or None without a face. Its geometry (crop, head) is in
            pixels of the part of the preview the still will show: the middle of the frame,
            cut to the still's aspect ratio.
    """

    timestamp: float
    face: Box | None
    report: PhotoReport | None

    @property
    def ready(self) -> bool:
        """Whether every live check holds."""
        return self.report is not None and self.report.passed

    @property
    def hints(self) -> tuple[CheckResult, ...]:
        """The failed checks with reason keys and parameters: people, pose, position, light."""
        if self.report is None:
            return (
                CheckResult("face_found", 0, 1, 1, passed=False, reason="photo.reason.no_face"),
            )
        return self.report.failed


class LiveGuide:
    """Per-frame guidance with face tracking between full detections."""

    def __init__(
        self,
        detector: FaceDetector | None = None,
        options: PhotoCheckOptions | None = None,
        detect_every: int = 6,
        work_height: int = 320,
        still_aspect: float = 1244 / 1600,
    ) -> None:
        self.checker = PhotoChecker(detector or FaceDetector(work_height, eye_work_width=120))
        self.still_aspect = still_aspect
        self.options = options or PhotoCheckOptions()
        self.detect_every = detect_every
        self.work_height = work_height
        self._last: Box | None = None
        self._since_detect = 0
        self._count = 1
        self.full_detections = 0

    def reset(self) -> None:
        """Forget the tracked face (new citizen)."""
        self._last = None
        self._since_detect = 0

    def update(self, frame: BgrImage, timestamp: float) -> Guidance:
        """Guide on one preview frame.

        Raises:
            ValidationError: ``frame`` is not an 8-bit colour image.
        """
        validate_image(frame)
        # Judge only what the still will contain: the middle of a wider preview.
        height, width = frame.shape[:2]
        left = max(0, int((width - height * self.still_aspect) / 2))
        view = frame[:, left : width - left]
        guidance = self._update(view, timestamp)
        if guidance.face is None or left == 0:
            return guidance
        face = guidance.face
        return Guidance(timestamp, Box(face.x + left, face.y, face.w, face.h), guidance.report)

    def _update(self, frame: BgrImage, timestamp: float) -> Guidance:
        grey = np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), np.uint8)
        detector = self.checker.detector
        faces: list[Box] = []
        tracked = self._last is not None and self._since_detect < self.detect_every - 1
        if tracked and self._last is not None:
            faces = detector.find_faces(grey, min_share=0.2, roi=self._last.grown(1.6))
            self._since_detect += 1
        if not faces:
            faces = detector.find_faces(grey, min_share=0.1)
            self.full_detections += 1
            self._since_detect = 0
            tracked = False
        if not faces:
            self._last = None
            return Guidance(timestamp, None, None)
        located = self.checker.locate(grey, faces[:1] if tracked else faces, self.options.limits)
        if located is None:  # pragma: no cover - faces is not empty
            return Guidance(timestamp, None, None)
        main, eyes, count = located
        if not tracked:
            self._count = count  # other people are only looked for on full detections
        self._last = main
        report = self.checker.assess(frame, eyes, self._count, self.options, e=48.0, live=True)
        return Guidance(timestamp, main, report)


class TriggerState(enum.StrEnum):
    """Where the automatic shutter stands."""

    SEARCHING = "searching"
    HOLDING = "holding"
    FIRE = "fire"
    DONE = "done"
    TIMED_OUT = "timed_out"


class CaptureTrigger:
    """Fires once when the live checks have held for ``hold_s`` without a gap.

    A dropped or late frame longer than ``max_gap_s`` restarts the hold, so a stale "ready"
    cannot fire. After ``timeout_s`` without firing (the 30 s capture budget) it reports
    TIMED_OUT and the clerk takes the photo by hand.
    """

    def __init__(
        self, hold_s: float = 0.6, max_gap_s: float = 0.4, timeout_s: float = 30.0
    ) -> None:
        self.hold_s = hold_s
        self.max_gap_s = max_gap_s
        self.timeout_s = timeout_s
        self.reset()

    def reset(self) -> None:
        """Start over (after a capture was rejected, or for the next citizen)."""
        self.state = TriggerState.SEARCHING
        self._started: float | None = None
        self._holding_since: float | None = None
        self._last: float | None = None

    def feed(self, timestamp: float, ready: bool) -> TriggerState:
        """Feed one frame's verdict; returns FIRE exactly once."""
        if self.state in (TriggerState.DONE, TriggerState.TIMED_OUT):
            return self.state
        if self.state is TriggerState.FIRE:
            self.state = TriggerState.DONE
            return self.state
        if self._started is None:
            self._started = timestamp
        gap = self._last is not None and timestamp - self._last > self.max_gap_s
        self._last = timestamp
        if not ready or gap:
            self._holding_since = timestamp if ready else None
        elif self._holding_since is None:
            self._holding_since = timestamp
        if self._holding_since is not None and timestamp - self._holding_since >= self.hold_s:
            self.state = TriggerState.FIRE
        elif timestamp - self._started >= self.timeout_s:
            self.state = TriggerState.TIMED_OUT
        else:
            self.state = (
                TriggerState.HOLDING if self._holding_since is not None else TriggerState.SEARCHING
            )
        return self.state

    def feed_guidance(self, guidance: Guidance) -> TriggerState:
        """Feed a :class:`Guidance`."""
        return self.feed(guidance.timestamp, guidance.ready)
