"""The two-finger capture sequence for ID cards and passports (DOMAIN.md rules 3 and 4).

Qt-free and device-agnostic: the sequence gets a plain callable ``capture(finger) -> image``
(finger codes as in ISO/IEC 19794-4 position names, e.g. ``"right_index"``, the same strings
the device layer's ``Finger`` enum uses) and a quality function (by default
``fingerprint_quality``). A capture callable may raise a ``KofferError`` (for instance a
device timeout when no finger is put on); that attempt counts as failed and carries the
error's message key. Anything else propagates: to abort the sequence, raise something else.

Per hand (TR-03121-3 Vol 2, EU Reg. 2019/1157):

- fingers are tried in the order index -> thumb -> middle -> ring; a finger marked missing
  or injured is skipped, one that stays below its threshold is replaced by the next;
- each finger gets at most 3 attempts; the sequence stops early once an attempt reaches the
  finger's threshold (thumb 30, index 30, middle 20, ring 10, little 10) and keeps the best;
- when no finger of the hand reaches its threshold, the best print taken is kept with the
  warning ``fingerprint.below_threshold`` (the clerk decides, as with a quality overrule).

For the application: nobody under 6 gives prints (rule 3); "no prints" is recorded only
with a permanent medical exemption (PAuswG §5(9)); otherwise a missing hand makes the result
incomplete. If the two chosen prints look like the same finger, ``duplicate_suspected`` is
set with a warning that the clerk may overrule (``CaptureResult.overrule_duplicate``).

Duplicate check: ORB keypoints (OpenCV) on both prints, smoothed a little, matched by
Hamming distance with cross-check; then a RANSAC fit of a rotation + translation + scale
model. Two captures of the same finger share many geometrically consistent keypoints (on
the simulator 30-200 inliers, depending on quality); different fingers give about 5-12.
The score is the inlier count, and ``DUPLICATE_MIN_INLIERS`` (20) is the warning threshold.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.biometrics.fingerprint_quality import FingerprintQuality, fingerprint_quality
from koffer.domain.errors import KofferError

Image = NDArray[np.uint8]
CaptureFn = Callable[[str], Image]
QualityFn = Callable[[Image], FingerprintQuality]

MAX_ATTEMPTS = 3
THRESHOLDS: Mapping[str, int] = {"thumb": 30, "index": 30, "middle": 20, "ring": 10, "little": 10}
REPLACEMENT_ORDER = ("index", "thumb", "middle", "ring")
MIN_AGE = 6  # PAuswG §9(3), PassG §4(4a)
DUPLICATE_MIN_INLIERS = 20


class Hand(enum.StrEnum):
    """Which hand."""

    RIGHT = "right"
    LEFT = "left"


class FingerUnavailable(enum.StrEnum):
    """Why a finger cannot be captured today."""

    MISSING = "missing"
    INJURED = "injured"


def finger_code(hand: Hand, digit: str) -> str:
    """Return the position name, e.g. ``finger_code(Hand.LEFT, "index") == "left_index"``."""
    return f"{hand}_{digit}"


@dataclass(frozen=True, eq=False)
class Attempt:
    """One capture attempt: its image and score, or the message key of the failure."""

    number: int
    image: Image | None
    score: int
    error: str = ""


@dataclass(frozen=True)
class FingerAttempts:
    """Everything tried for one finger."""

    finger: str
    threshold: int
    attempts: tuple[Attempt, ...] = ()
    skipped: str = ""  # message key when the finger was not tried

    @property
    def best(self) -> Attempt | None:
        """The best attempt with an image, or None."""
        usable = [a for a in self.attempts if a.image is not None]
        return max(usable, key=lambda a: a.score) if usable else None

    @property
    def passed(self) -> bool:
        """Whether the best attempt reaches the finger's threshold."""
        best = self.best
        return best is not None and best.score >= self.threshold


@dataclass(frozen=True, eq=False)
class HandResult:
    """The outcome for one hand: the chosen finger and print, and how it came about.

    Attributes:
        hand: Which hand.
        finger: Chosen finger code, or None when none could be taken.
        image: Best print of the chosen finger.
        score: Its quality score.
        fingers: Every finger tried or skipped, in order.
        reasons: Message keys (replacement, below threshold, no usable finger, ...).
    """

    hand: Hand
    finger: str | None
    image: Image | None
    score: int | None
    fingers: tuple[FingerAttempts, ...]
    reasons: tuple[str, ...] = ()

    @property
    def attempts(self) -> int:
        """Attempts made on the chosen finger."""
        for tried in self.fingers:
            if tried.finger == self.finger:
                return len(tried.attempts)
        return 0


@dataclass(frozen=True, eq=False)
class CaptureResult:
    """Both hands, or the recorded reason for no prints.

    Attributes:
        hands: Results per hand (right first); empty when no prints are taken.
        no_prints: No prints by law: under 6 or a permanent medical exemption.
        reasons: Message keys for the application as a whole.
        warnings: Message keys the clerk must see (duplicate suspicion, low quality).
        duplicate_score: Inliers of the duplicate check, None when not run.
        duplicate_suspected: The two prints look like the same finger.
        duplicate_overruled: The clerk confirmed they are different fingers.
    """

    hands: tuple[HandResult, ...] = ()
    no_prints: bool = False
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    duplicate_score: int | None = None
    duplicate_suspected: bool = False
    duplicate_overruled: bool = False

    @property
    def complete(self) -> bool:
        """Both hands have a print, or no prints are legally required."""
        return self.no_prints or (
            len(self.hands) == 2 and all(h.image is not None for h in self.hands)
        )

    @property
    def accepted(self) -> bool:
        """Complete, and any duplicate suspicion was overruled."""
        return self.complete and (not self.duplicate_suspected or self.duplicate_overruled)

    def overrule_duplicate(self) -> CaptureResult:
        """Record the clerk's decision that the two prints are different fingers."""
        if not self.duplicate_suspected:
            return self
        return replace(
            self,
            duplicate_overruled=True,
            warnings=(*self.warnings, "fingerprint.duplicate_overruled"),
        )


def capture_fingerprints(
    capture: CaptureFn,
    age: int,
    *,
    quality: QualityFn = fingerprint_quality,
    unavailable: Mapping[str, FingerUnavailable] | None = None,
    permanent_medical_exemption: bool = False,
) -> CaptureResult:
    """Run the capture sequence for both hands.

    Args:
        capture: Takes a finger code (``"right_index"``), returns an 8-bit grey print.
        age: Applicant's age in completed years at application.
        quality: Scores a print (0-100, 255 = could not compute).
        unavailable: Finger code -> missing / injured; those fingers are skipped.
        permanent_medical_exemption: Capture is permanently impossible for medical reasons.

    Returns:
        The result per hand with reasons and warnings (message keys).
    """
    if age < MIN_AGE:
        return CaptureResult(no_prints=True, reasons=("fingerprint.under_age",))
    if permanent_medical_exemption:
        return CaptureResult(no_prints=True, reasons=("fingerprint.medical_exemption",))
    skipped = dict(unavailable or {})
    hands = tuple(_capture_hand(hand, capture, quality, skipped) for hand in Hand)
    warnings = [
        reason for hand in hands for reason in hand.reasons if reason.endswith("below_threshold")
    ]
    reasons: list[str] = []
    if any(hand.image is None for hand in hands):
        reasons.append("fingerprint.incomplete")
    result = CaptureResult(hands=hands, reasons=tuple(reasons), warnings=tuple(warnings))
    right, left = hands
    if right.image is not None and left.image is not None:
        inliers = print_similarity(right.image, left.image)
        suspected = inliers >= DUPLICATE_MIN_INLIERS
        result = replace(
            result,
            duplicate_score=inliers,
            duplicate_suspected=suspected,
            warnings=(*result.warnings, "fingerprint.duplicate_suspected")
            if suspected
            else result.warnings,
        )
    return result


def _capture_hand(
    hand: Hand, capture: CaptureFn, quality: QualityFn, unavailable: Mapping[str, FingerUnavailable]
) -> HandResult:
    """Try the fingers of one hand in replacement order until one reaches its threshold."""
    tried: list[FingerAttempts] = []
    for digit in REPLACEMENT_ORDER:
        code = finger_code(hand, digit)
        threshold = THRESHOLDS[digit]
        why = unavailable.get(code)
        if why is not None:
            tried.append(FingerAttempts(code, threshold, skipped=f"fingerprint.{why}"))
            continue
        finger = _capture_finger(code, threshold, capture, quality)
        tried.append(finger)
        if finger.passed:
            best = finger.best
            assert best is not None  # noqa: S101 - passed implies a best attempt
            reasons = ("fingerprint.replaced",) if digit != REPLACEMENT_ORDER[0] else ()
            return HandResult(hand, code, best.image, best.score, tuple(tried), reasons)
    candidates = [(f, f.best) for f in tried if f.best is not None]
    if not candidates:
        return HandResult(hand, None, None, None, tuple(tried), ("fingerprint.no_usable_finger",))
    finger, best = max(candidates, key=lambda pair: pair[1].score if pair[1] else -1)
    assert best is not None  # noqa: S101 - filtered above
    return HandResult(
        hand, finger.finger, best.image, best.score, tuple(tried), ("fingerprint.below_threshold",)
    )


def _capture_finger(
    code: str, threshold: int, capture: CaptureFn, quality: QualityFn
) -> FingerAttempts:
    """Up to three attempts on one finger, stopping early once one reaches the threshold."""
    attempts: list[Attempt] = []
    for number in range(1, MAX_ATTEMPTS + 1):
        try:
            image = capture(code)
        except KofferError as error:
            attempts.append(Attempt(number, None, 0, error.message_key))
            continue
        assessed = quality(image)
        score = assessed.score if assessed.computed else 0
        attempts.append(Attempt(number, image, score, "" if assessed.computed else assessed.reason))
        if score >= threshold:
            break
    return FingerAttempts(code, threshold, tuple(attempts))


def print_similarity(first: Image, second: Image) -> int:
    """Count geometrically consistent ORB keypoint matches between two prints.

    Returns:
        RANSAC inliers of a similarity transform (0 when too few keypoints match);
        20 or more means "probably the same finger" on 500 dpi flat prints.
    """
    orb = cv2.ORB.create(nfeatures=600, fastThreshold=10)
    keys_a, desc_a = orb.detectAndCompute(cv2.GaussianBlur(first, (0, 0), 1.0), None)
    keys_b, desc_b = orb.detectAndCompute(cv2.GaussianBlur(second, (0, 0), 1.0), None)
    if desc_a is None or desc_b is None:
        return 0
    matches = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(desc_a, desc_b)
    if len(matches) < 4:
        return 0
    points_a = np.array([keys_a[m.queryIdx].pt for m in matches], np.float32)
    points_b = np.array([keys_b[m.trainIdx].pt for m in matches], np.float32)
    _model, inliers = cv2.estimateAffinePartial2D(
        points_a, points_b, method=cv2.RANSAC, ransacReprojThreshold=6.0
    )
    return int(inliers.sum()) if inliers is not None else 0
