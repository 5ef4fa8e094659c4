"""The passport-photo checks (TR-03121-3 Vol 2 table 5.3, PAuswV §§5a-7) on one still.

Each check yields a :class:`CheckResult`: name, measured value, limits, verdict and a
translatable reason key with parameters (``photo.reason.*`` in the message catalogue), so
the clerk sees "Bitte 10 cm näher an die Kamera" rather than a number.

Geometry is judged on the crop the export will produce (see :func:`plan_crop`), which is
what ends up in the document; the face itself is measured on an eye-levelled patch.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.biometrics.photo.detect import Box, EyePair, FaceDetector
from koffer.biometrics.photo.geometry import (
    PHOTO_HEIGHT,
    PHOTO_WIDTH,
    TARGET_EYE_LINE,
    TARGET_FACE_HEIGHT,
    Crop,
    HeadInImage,
    backdrop_colour,
    canonical_patch,
    head_in_image,
    head_outline,
    plan_crop,
)
from koffer.biometrics.photo.inputs import validate_image
from koffer.biometrics.photo.quality import backdrop_quality, face_quality
from koffer.domain.errors import ValidationError

BgrImage = NDArray[np.uint8]
Params = Mapping[str, float | int | str]

HEAD_HEIGHT_M = 0.23
"""Average adult chin-to-crown height, used to turn pixels into centimetres."""
EYE_DISTANCE_M = 0.063
"""Average adult distance between the eye centres."""


LIVE_SKIPPED = frozenset({"resolution", "eye_distance", "sharpness"})
"""Checks that only make sense on the full-resolution still."""


@dataclass(frozen=True)
class PhotoLimits:
    """The limits.

    Geometry from TR-03121 table 5.3; image quality calibrated on the simulator and on real
    portraits (tune on the kit's camera before production).
    """

    roll_deg: float = 8.0
    yaw_deg: float = 5.0
    pitch_deg: float = 5.0
    head_width: tuple[float, float] = (0.5, 0.75)
    head_height: tuple[float, float] = (0.6, 0.9)
    vertical_position: tuple[float, float] = (0.3, 0.5)
    horizontal_centre: tuple[float, float] = (0.45, 0.55)
    eye_distance_px: float = 300.0
    face_height: tuple[float, float] = (0.70, 0.80)
    face_height_child: tuple[float, float] = (0.50, 0.80)
    brightness: tuple[float, float] = (75.0, 205.0)
    clipped_share: float = 0.03
    contrast: tuple[float, float] = (0.18, 0.98)
    sharpness: float = 1.0
    light_balance: float = 0.75
    backdrop_unevenness: float = 10.0
    backdrop_brightness: float = 0.9
    eye_openness: float = 0.08
    other_face_share: float = 0.3


@dataclass(frozen=True)
class PhotoCheckOptions:
    """Per-capture options.

    Attributes:
        child_under_10: Use the children's face-height range (50-80 %).
        focal_length_px: The camera's focal length in pixels of the checked image, for the
            "move N cm" hints; None assumes the kit's standard set-up (at 1 m an average head
            fills 75 % of the frame height).
        limits: The limits.
    """

    child_under_10: bool = False
    focal_length_px: float | None = None
    limits: PhotoLimits = field(default_factory=PhotoLimits)


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome.

    Attributes:
        name: Check name (``roll``, ``face_height``, ...).
        value: What was measured (None when it could not be measured).
        low: Lower limit, if any.
        high: Upper limit, if any.
        passed: Whether the photo meets the limit.
        reason: Message key; ``photo.reason.ok`` when passed.
        params: Values for the message (degrees, centimetres, ...).
    """

    name: str
    value: float | None
    low: float | None
    high: float | None
    passed: bool
    reason: str = "photo.reason.ok"
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class PhotoReport:
    """All checks of one image, with the crop the export would use."""

    checks: tuple[CheckResult, ...]
    crop: Crop | None
    head: HeadInImage | None
    faces: int
    size: tuple[int, int]

    @property
    def passed(self) -> bool:
        """Whether every check passed."""
        return all(c.passed for c in self.checks)

    @property
    def failed(self) -> tuple[CheckResult, ...]:
        """The checks that failed, in check order."""
        return tuple(c for c in self.checks if not c.passed)

    @property
    def failed_names(self) -> frozenset[str]:
        """Names of the failed checks."""
        return frozenset(c.name for c in self.failed)

    def check(self, name: str) -> CheckResult:
        """Return the check called ``name``.

        Raises:
            KeyError: No such check in this report (e.g. no face was found).
        """
        for result in self.checks:
            if result.name == name:
                return result
        raise KeyError(name)


def _judge(
    name: str,
    value: float,
    *,
    low: float | None = None,
    high: float | None = None,
    too_low: str = "",
    too_high: str = "",
    params: Params | None = None,
) -> CheckResult:
    """Compare ``value`` with its limits and pick the reason for the side it fell off."""
    if low is not None and value < low:
        passed, reason = False, too_low
    elif high is not None and value > high:
        passed, reason = False, too_high
    else:
        passed, reason = True, "photo.reason.ok"
    return CheckResult(name, round(value, 4), low, high, passed, reason, dict(params or {}))


def _angle(
    name: str, value: float | None, limit: float, *, negative: str, positive: str
) -> CheckResult:
    if value is None:
        return CheckResult(
            name, None, -limit, limit, passed=True, reason="photo.reason.not_measurable"
        )
    degrees = {"degrees": round(abs(value))}
    return _judge(
        name, value, low=-limit, high=limit, too_low=negative, too_high=positive, params=degrees
    )


class PhotoChecker:
    """Runs the checks; holds the face detector so its cascades load once.

    Not thread-safe (OpenCV cascades are not): one instance per thread.
    """

    def __init__(self, detector: FaceDetector | None = None) -> None:
        self.detector = detector or FaceDetector()

    def check(self, image: BgrImage, options: PhotoCheckOptions | None = None) -> PhotoReport:
        """Check one still (BGR, 8-bit).

        Raises:
            ValidationError: The array is not a colour image of a sensible size.
        """
        validate_image(image)
        opts = options or PhotoCheckOptions()
        lim = opts.limits
        height, width = image.shape[:2]
        grey = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), np.uint8)
        located = self.locate(grey, self.detector.find_faces_any_roll(grey), lim)
        if located is None:
            missing = CheckResult(
                "face_found", 0, 1, 1, passed=False, reason="photo.reason.no_face"
            )
            return PhotoReport((missing,), None, None, 0, (width, height))
        _, eyes, count = located
        return self.assess(image, eyes, count, opts)

    def locate(
        self, grey: NDArray[np.uint8], faces: list[Box], limits: PhotoLimits
    ) -> tuple[Box, EyePair, int] | None:
        """Pick the citizen's face among ``faces`` and count the other people.

        Haar finds the odd face in a curtain or a poster; a face whose two eyes the eye
        cascade confirms is preferred, and only confirmed faces count as other people.
        """
        if not faces:
            return None
        candidates = [(box, self.detector.find_eyes(grey, box)) for box in faces[:5]]
        confirmed = [c for c in candidates if c[1].from_cascade]
        main, eyes = confirmed[0] if confirmed else candidates[0]
        count = 1 + sum(
            1
            for box, _ in confirmed
            if box is not main
            and box.w >= limits.other_face_share * main.w
            and not main.contains(*box.centre)
        )
        return main, eyes, count

    def assess(
        self,
        image: BgrImage,
        eyes: EyePair,
        count: int,
        opts: PhotoCheckOptions,
        *,
        e: float = 100.0,
        live: bool = False,
    ) -> PhotoReport:
        """Measure the located face and judge every check.

        Args:
            image: The BGR image.
            eyes: The citizen's eyes.
            count: How many people are in the picture.
            opts: Options.
            e: Eye distance of the measuring patch; smaller is faster and coarser.
            live: A preview frame: leave out the checks that depend on the still's
                resolution (resolution, eye distance, sharpness).
        """
        lim = opts.limits
        height, width = image.shape[:2]
        patch = canonical_patch(image, eyes, e)
        outline = head_outline(patch, backdrop_colour(image))
        head = head_in_image(patch, outline)
        crop = plan_crop(image.shape, head)
        face = face_quality(patch)
        backdrop = backdrop_quality(image, crop, head)

        focal = opts.focal_length_px or TARGET_FACE_HEIGHT * height / HEAD_HEIGHT_M
        distance = focal * HEAD_HEIGHT_M / max(head.height, 1.0)
        metre_per_px = EYE_DISTANCE_M / max(head.eye_distance, 1.0)
        fill = head.height / crop.h
        move = {"cm": max(1, round(100 * distance * abs(1 - fill / TARGET_FACE_HEIGHT)))}
        vertical = (head.eye_y - crop.y) / crop.h
        horizontal = (head.centre_x - crop.x) / crop.w
        shift_v = {
            "cm": max(1, round(100 * abs(vertical - TARGET_EYE_LINE) * crop.h * metre_per_px))
        }
        shift_h = {"cm": max(1, round(100 * abs(horizontal - 0.5) * crop.w * metre_per_px))}
        face_range = lim.face_height_child if opts.child_under_10 else lim.face_height
        eye_px = head.eye_distance * crop.scale
        height_reasons = {
            "too_low": "photo.reason.move_closer",
            "too_high": "photo.reason.move_back",
        }
        checks = [
            CheckResult("face_found", 1, 1, 1, passed=True),
            _judge(
                "single_face", count, low=1, high=1, too_high="photo.reason.several_faces",
                params={"count": count},
            ),
            _judge(
                "resolution", crop.h, low=PHOTO_HEIGHT - 0.5, too_low="photo.reason.upscaled",
                params={"width": round(crop.w), "height": round(crop.h),
                        "need_width": PHOTO_WIDTH, "need_height": PHOTO_HEIGHT},
            ),
            _angle("roll", head.roll, lim.roll_deg, negative="photo.reason.tilt_left",
                   positive="photo.reason.tilt_right"),
            _angle("yaw", outline.yaw, lim.yaw_deg, negative="photo.reason.turn_left",
                   positive="photo.reason.turn_right"),
            _angle("pitch", outline.pitch, lim.pitch_deg, negative="photo.reason.chin_up",
                   positive="photo.reason.chin_down"),
            _judge("face_height", fill, low=face_range[0], high=face_range[1], params=move,
                   **height_reasons),
            _judge("head_height", fill, low=lim.head_height[0], high=lim.head_height[1],
                   params=move, **height_reasons),
            _judge("head_width", head.width / crop.w, low=lim.head_width[0],
                   high=lim.head_width[1], too_low="photo.reason.head_narrow",
                   too_high="photo.reason.head_wide"),
            _judge("vertical_position", vertical, low=lim.vertical_position[0],
                   high=lim.vertical_position[1], too_low="photo.reason.camera_higher",
                   too_high="photo.reason.camera_lower", params=shift_v),
            _judge("horizontal_centre", horizontal, low=lim.horizontal_centre[0],
                   high=lim.horizontal_centre[1], too_low="photo.reason.move_left",
                   too_high="photo.reason.move_right", params=shift_h),
            _judge("eye_distance", eye_px, low=lim.eye_distance_px,
                   too_low="photo.reason.eyes_too_close",
                   params={"pixels": round(eye_px), "limit": round(lim.eye_distance_px)}),
            _exposure(face.brightness, face.clipped, lim),
            _judge("contrast", face.contrast, low=lim.contrast[0], high=lim.contrast[1],
                   too_low="photo.reason.low_contrast", too_high="photo.reason.high_contrast"),
            _judge("sharpness", face.sharpness, low=lim.sharpness,
                   too_low="photo.reason.blurred"),
            _judge("face_shadow", face.light_balance, low=lim.light_balance,
                   too_low="photo.reason.shadow_on_face"),
            _judge("background_uniformity", backdrop.unevenness, high=lim.backdrop_unevenness,
                   too_high="photo.reason.background_not_uniform"),
            _judge("background_brightness", backdrop.brightness / max(face.brightness, 1.0),
                   low=lim.backdrop_brightness, too_low="photo.reason.background_too_dark"),
            _judge("eyes_open", face.eye_openness, low=lim.eye_openness,
                   too_low="photo.reason.eyes_closed"),
        ]  # fmt: skip
        if live:
            checks = [c for c in checks if c.name not in LIVE_SKIPPED]
        return PhotoReport(tuple(checks), crop, head, count, (width, height))


def _exposure(brightness: float, clipped: float, lim: PhotoLimits) -> CheckResult:
    result = _judge(
        "exposure", brightness, low=lim.brightness[0], high=lim.brightness[1],
        too_low="photo.reason.too_dark", too_high="photo.reason.too_bright",
    )  # fmt: skip
    if result.passed and clipped > lim.clipped_share:
        return CheckResult(
            "exposure", result.value, result.low, result.high, passed=False,
            reason="photo.reason.too_bright", params={"clipped": round(100 * clipped)},
        )  # fmt: skip
    return result


@dataclass(frozen=True)
class PhotoOverrule:
    """The clerk accepted a photo despite failed checks; the workflow writes it to the audit log.

    Attributes:
        failed: The failed checks as they were shown.
        operator: Who overruled.
        note: Why (free text, may be empty).
    """

    failed: tuple[CheckResult, ...]
    operator: str
    note: str = ""

    @property
    def check_names(self) -> tuple[str, ...]:
        """Names of the overruled checks."""
        return tuple(c.name for c in self.failed)


NOT_OVERRULABLE = frozenset({"face_found", "resolution"})
"""No face and upscaling are facts, not judgements: the photo cannot be produced."""


def overrule(report: PhotoReport, operator: str, note: str = "") -> PhotoOverrule:
    """Record the clerk's decision to accept ``report``'s photo despite its failed checks.

    Raises:
        ValidationError: Nothing failed, no operator, or a check that cannot be overruled failed.
    """
    if not operator:
        raise ValidationError("operator", "photo.error.no_operator")
    if report.passed:
        raise ValidationError("photo", "photo.error.nothing_to_overrule")
    blocked = sorted(report.failed_names & NOT_OVERRULABLE)
    if blocked:
        raise ValidationError("photo", "photo.error.cannot_overrule", checks=", ".join(blocked))
    return PhotoOverrule(report.failed, operator, note)


_PER_THREAD = threading.local()


def check_photo(image: BgrImage, options: PhotoCheckOptions | None = None) -> PhotoReport:
    """Check one still (see :meth:`PhotoChecker.check`) with this thread's checker.

    OpenCV cascade classifiers must not be used by two threads at once, so each thread
    (the camera worker, a test) gets its own :class:`PhotoChecker`.
    """
    checker = getattr(_PER_THREAD, "checker", None)
    if checker is None:
        checker = PhotoChecker()
        _PER_THREAD.checker = checker
    return checker.check(image, options)


__all__ = [
    "CheckResult",
    "PhotoCheckOptions",
    "PhotoChecker",
    "PhotoLimits",
    "PhotoOverrule",
    "PhotoReport",
    "check_photo",
    "overrule",
]
