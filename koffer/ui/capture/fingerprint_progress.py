"""A fingerprint sensor that reports each attempt of the capture sequence as it happens.

The TR-03121 sequence (``biometrics.fingerprint_capture``) decides which finger comes next
and keeps the best print; the page wants to show it live: which finger, which attempt, the
quality of the print just taken. :class:`ObservedSensor` wraps the kit's sensor for one run
of the sequence and calls ``report`` with a :class:`FingerEvent` before and after every
capture (on the worker thread; the worker forwards the events by signal).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from koffer.biometrics.fingerprint_capture import MAX_ATTEMPTS, THRESHOLDS
from koffer.biometrics.fingerprint_quality import fingerprint_quality
from koffer.devices.base import DeviceInfo
from koffer.devices.fingerprint.interface import Finger, FingerprintSample, FingerprintSensor
from koffer.domain.errors import KofferError
from koffer.domain.messages import describe


class AttemptState(enum.StrEnum):
    """Where one attempt stands."""

    PLACING = "placing"  # the citizen is asked to put the finger on
    SCORED = "scored"  # a print was taken and scored
    FAILED = "failed"  # the sensor gave no print (timeout, no finger ...)


@dataclass(frozen=True)
class FingerEvent:
    """One step of one attempt.

    Attributes:
        finger: Position name, e.g. ``right_index``.
        attempt: 1 to ``MAX_ATTEMPTS``.
        state: Placing, scored or failed.
        threshold: The quality this finger must reach.
        score: The print's quality (0-100) once scored.
        message: Why the attempt failed, translated.
    """

    finger: str
    attempt: int
    state: AttemptState
    threshold: int
    score: int | None = None
    message: str = ""

    @property
    def digit(self) -> str:
        """``index``, ``thumb`` ..."""
        return self.finger.split("_", 1)[1]

    @property
    def hand(self) -> str:
        """``right`` or ``left``."""
        return self.finger.split("_", 1)[0]

    @property
    def enough(self) -> bool:
        """Whether the print reaches the finger's threshold."""
        return self.score is not None and self.score >= self.threshold


class ObservedSensor:
    """Wraps a sensor for one capture sequence and reports every attempt."""

    def __init__(
        self, sensor: FingerprintSensor, report: Callable[[FingerEvent], None], language: str
    ) -> None:
        self._sensor = sensor
        self._report = report
        self._language = language
        self._finger: str | None = None
        self._attempt = 0

    def open(self) -> None:
        """Power the sensor."""
        self._sensor.open()

    def close(self) -> None:
        """Release the sensor."""
        self._sensor.close()

    def info(self) -> DeviceInfo:
        """Describe the sensor."""
        return self._sensor.info()

    def capture(self, finger: Finger, timeout_s: float = 10.0) -> FingerprintSample:
        """Capture through the wrapped sensor, reporting before and after."""
        code = str(finger)
        self._attempt = self._attempt + 1 if code == self._finger else 1
        self._finger = code
        threshold = THRESHOLDS[code.split("_", 1)[1]]
        attempt = min(self._attempt, MAX_ATTEMPTS)
        self._report(FingerEvent(code, attempt, AttemptState.PLACING, threshold))
        try:
            sample = self._sensor.capture(finger, timeout_s)
        except KofferError as error:
            message = describe(error, self._language)
            self._report(FingerEvent(code, attempt, AttemptState.FAILED, threshold, 0, message))
            raise
        # The sequence scores the print again itself; this score is only for the screen.
        quality = fingerprint_quality(sample.image)
        score = quality.score if quality.computed else 0
        self._report(FingerEvent(code, attempt, AttemptState.SCORED, threshold, score))
        return sample
