"""Liveness challenge for self-service capture: a blink or a head turn, seen across frames.

PAuswV asks for liveness / anti-spoofing only where citizens take their own photo. The
challenge asks for one gesture and watches the live guidance values (eye openness, yaw)
for it, within a time limit and without losing the face in between.

What it defends against: a printed photo or a still picture on a phone or tablet held up to
the camera. A still cannot blink on request, and tilting a flat print foreshortens it but
does not move the eyes inside the head outline the way a turning head does.

What it does not defend against: a video of the person played on a screen (a replay that
happens to contain the gesture, more so if the same gesture is always asked), masks with
eye holes, a real person's eyes behind a cut-out print, and a manipulated video feed
injected in place of the camera (that needs a trusted camera path, not image analysis).
It is no certified presentation-attack detection (ISO/IEC 30107-3); with a clerk present,
the clerk's eyes remain the control.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from koffer.biometrics.photo.guidance import Guidance


class Gesture(enum.StrEnum):
    """What the citizen is asked to do."""

    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


class LivenessState(enum.StrEnum):
    """Outcome so far."""

    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class LivenessLimits:
    """Thresholds; eye openness in eye distances (see the photo check), yaw in degrees."""

    open_level: float = 0.08
    closed_level: float = 0.05
    longest_blink_s: float = 0.6
    turn_deg: float = 12.0
    back_deg: float = 5.0
    timeout_s: float = 8.0


class LivenessChallenge:
    """A small state machine fed with (timestamp, measurements); testable without sleeping.

    Choose the gesture at random per session (the caller does, so tests stay deterministic):
    a fixed gesture is easier to replay.
    """

    def __init__(self, gesture: Gesture, limits: LivenessLimits | None = None) -> None:
        self.gesture = gesture
        self.limits = limits or LivenessLimits()
        self.state = LivenessState.PENDING
        self.message_key = (
            "photo.liveness.blink" if gesture is Gesture.BLINK else "photo.liveness.turn"
        )
        self._started: float | None = None
        self._phase = 0
        self._closed_at: float | None = None

    def feed(
        self, timestamp: float, eye_openness: float | None, yaw: float | None
    ) -> LivenessState:
        """Feed one frame's measurements (None: no face in this frame)."""
        if self.state is not LivenessState.PENDING:
            return self.state
        if self._started is None:
            self._started = timestamp
        if timestamp - self._started > self.limits.timeout_s:
            self.state = LivenessState.FAILED
            self.message_key = "photo.liveness.failed"
            return self.state
        if eye_openness is None or yaw is None:
            self._phase = 0  # the face left the picture: start the gesture again
            return self.state
        if self.gesture is Gesture.BLINK:
            self._blink(timestamp, eye_openness)
        else:
            self._turn(yaw)
        if self._phase == 3:
            self.state = LivenessState.PASSED
            self.message_key = "photo.liveness.passed"
        return self.state

    def _blink(self, timestamp: float, openness: float) -> None:
        lim = self.limits
        if self._phase == 0 and openness >= lim.open_level:
            self._phase = 1
        elif self._phase == 1 and openness < lim.closed_level:
            self._phase, self._closed_at = 2, timestamp
        elif self._phase == 2 and openness >= lim.open_level:
            quick = (
                self._closed_at is not None and timestamp - self._closed_at <= lim.longest_blink_s
            )
            self._phase = 3 if quick else 1  # eyes shut for long is no blink

    def _turn(self, yaw: float) -> None:
        lim = self.limits
        # Positive yaw is the face turned towards the citizen's left (image right).
        towards = yaw if self.gesture is Gesture.TURN_LEFT else -yaw
        if self._phase == 0 and abs(yaw) <= lim.back_deg:
            self._phase = 1
        elif self._phase == 1 and towards >= lim.turn_deg:
            self._phase = 2
        elif self._phase == 2 and abs(yaw) <= lim.back_deg:
            self._phase = 3

    def feed_guidance(self, guidance: Guidance) -> LivenessState:
        """Feed a live-guidance result."""
        report = guidance.report
        if report is None:
            return self.feed(guidance.timestamp, None, None)
        eyes = report.check("eyes_open").value
        yaw = report.check("yaw").value
        return self.feed(guidance.timestamp, eyes, yaw)
