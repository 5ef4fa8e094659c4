"""Fingerprint quality 0-100 from NFIQ 2-style features; an approximation, NOT certified NFIQ 2.

What this is
    A transparent, hand-weighted score built from the same *kinds* of features NFIQ 2
    (ISO/IEC 29794-4, NIST's reference implementation) computes, on 500 dpi 8-bit images:

    - ``foreground``: share of 32x32 blocks that hold a finger (block grey-level spread),
      plus ``foreground_mean`` and ``foreground_std`` of the grey values there (NFIQ 2's
      ROI and mean / block-mean features);
    - ``orientation_certainty``: mean orientation certainty level (OCL) over the
      foreground, 1 - lambda_min / lambda_max of each block's gradient covariance;
    - ``clarity``: local clarity (after NFIQ 2's LCS): each block's pixels are projected
      onto the ridge normal, the mean profile says where ridges and valleys lie, and the
      share of pixels on the wrong side of the block threshold is the misclassification;
      clarity = 1 - 2 x misclassification (0 for noise, 1 for clean ridges);
    - ``frequency_plausible``: share of foreground blocks whose ridge period (from the
      same profile) lies between 5 and 15 px, i.e. 1.7-5 ridges per mm;
    - ``minutiae`` and ``reliable_minutiae``: ridge endings and bifurcations found by the
      crossing number on a thinned, binarised image inside the foreground, and those of
      them that lie in clear blocks (after NFIQ 2's minutiae count and minutiae quality).

    The features are normalised to 0-1 and combined with fixed weights chosen on the
    Koffer fingerprint simulator, then scaled by the foreground area and contrast.

What this is not
    NFIQ 2 maps 69 features through a random forest trained on millions of operational
    prints; its scores are what BSI TR-03121 thresholds (30/30/20/10/10) are calibrated
    for. This module has no trained model and is not conformance-tested, so its numbers
    only *resemble* NFIQ 2 scores: they fall with noise, blur, wet or dry skin and partial
    placement, but a real print may score differently here than in NFIQ 2.

How to replace it
    Install NIST's NFIQ 2 (``NFIQ2`` library / ``nfiq2`` command, public domain) or a
    certified vendor SDK and wrap it in a function with this module's signature,
    ``fingerprint_quality(image, dpi) -> FingerprintQuality``: put its integer score in
    ``score`` (it already uses 255 for errors) and, if wanted, its native quality measures
    in ``features``. The capture sequence takes the quality function as a parameter, so
    nothing else changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

COULD_NOT_COMPUTE = 255
BLOCK = 32
REQUIRED_DPI = 500
MIN_SIDE = 128
PERIOD_RANGE = (5.0, 15.0)  # px at 500 dpi
FOREGROUND_STD = 7.0  # grey levels after smoothing; below this a block is background
CLEAR_BLOCK = 0.55
STRIP_HALF_LENGTH = 8
WEIGHTS = {
    "orientation_certainty": 0.3,
    "clarity": 0.35,
    "frequency_plausible": 0.1,
    "minutiae": 0.25,
}


@dataclass(frozen=True)
class FingerprintQuality:
    """A quality score and the feature values behind it.

    Attributes:
        score: 0 (unusable) to 100 (excellent); 255 when it could not be computed.
        features: Feature name -> raw value (see the module docstring).
        reason: Message key explaining a 255 or a 0, else empty.
    """

    score: int
    features: Mapping[str, float] = field(default_factory=dict)
    reason: str = ""

    @property
    def computed(self) -> bool:
        """Whether ``score`` is a real score (not 255)."""
        return self.score != COULD_NOT_COMPUTE


def fingerprint_quality(image: NDArray[np.uint8], dpi: int = REQUIRED_DPI) -> FingerprintQuality:
    """Score a flat fingerprint image (dark ridges on light ground).

    Args:
        image: 8-bit grey image, at least 128 px on each side.
        dpi: Resolution; only 500 dpi is supported (as in NFIQ 2).

    Returns:
        The score with its features; score 255 for unsupported input, 0 with reason
        ``fingerprint.quality.no_finger`` when no finger is on the image.
    """
    if (
        not isinstance(image, np.ndarray)
        or image.dtype != np.uint8
        or image.ndim != 2
        or min(image.shape) < MIN_SIDE
    ):
        return FingerprintQuality(COULD_NOT_COMPUTE, reason="fingerprint.quality.unsupported")
    if dpi != REQUIRED_DPI:
        return FingerprintQuality(COULD_NOT_COMPUTE, reason="fingerprint.quality.unsupported")
    rows, cols = image.shape[0] // BLOCK, image.shape[1] // BLOCK
    grey = image[: rows * BLOCK, : cols * BLOCK].astype(np.float32)
    blocks = grey.reshape(rows, BLOCK, cols, BLOCK)
    # Segment on a smoothed copy: ridges keep most of their spread, sensor noise does not.
    smoothed_blocks = cv2.GaussianBlur(grey, (0, 0), 1.5).reshape(rows, BLOCK, cols, BLOCK)
    foreground = _segment(smoothed_blocks.std(axis=(1, 3)))
    features: dict[str, float] = {"foreground": float(foreground.mean())}
    if not foreground.any():
        features.update(
            foreground_mean=float(grey.mean()),
            foreground_std=float(grey.std()),
            orientation_certainty=0.0,
            clarity=0.0,
            frequency_plausible=0.0,
            minutiae=0.0,
            reliable_minutiae=0.0,
        )
        return FingerprintQuality(0, features, "fingerprint.quality.no_finger")
    fg_pixels = blocks.transpose(0, 2, 1, 3)[foreground]
    features["foreground_mean"] = float(fg_pixels.mean())
    features["foreground_std"] = float(fg_pixels.std())

    smooth = np.asarray(cv2.GaussianBlur(grey, (0, 0), 1.0), np.float32)
    certainty, normal_angle = _orientation(smooth, rows, cols)
    features["orientation_certainty"] = float(certainty[foreground].mean())
    clarity, period = _clarity_and_period(smooth, normal_angle, foreground)
    features["clarity"] = float(clarity[foreground].mean())
    plausible = (period >= PERIOD_RANGE[0]) & (period <= PERIOD_RANGE[1])
    features["frequency_plausible"] = float(plausible[foreground].mean())
    minutiae = find_minutiae(image[: rows * BLOCK, : cols * BLOCK], foreground)
    reliable = [
        (y, x) for y, x, _kind in minutiae if clarity[y // BLOCK, x // BLOCK] >= CLEAR_BLOCK
    ]
    features["minutiae"] = float(len(minutiae))
    features["reliable_minutiae"] = float(len(reliable))
    return FingerprintQuality(_combine(features), features)


def _segment(block_std: NDArray[np.floating]) -> NDArray[np.bool_]:
    """Foreground blocks: enough grey-level spread, without isolated specks."""
    # Padded with background, so that closing does not grow the mask along the image edge.
    mask = np.pad((block_std > FOREGROUND_STD).astype(np.uint8), 1)
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    opened = cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))[1:-1, 1:-1]
    return np.asarray(opened, bool)


def _orientation(
    smooth: NDArray[np.float32], rows: int, cols: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per block: orientation certainty level and the ridge-normal angle (radians)."""
    gx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)

    def block_sum(values: NDArray[np.float32]) -> NDArray[np.float64]:
        blocks = values.reshape(rows, BLOCK, cols, BLOCK)
        return np.asarray(blocks.sum(axis=(1, 3), dtype=np.float64), np.float64)

    gxx, gyy, gxy = block_sum(gx * gx), block_sum(gy * gy), block_sum(gx * gy)
    root = np.sqrt((gxx - gyy) ** 2 + 4 * gxy**2)
    high = (gxx + gyy + root) / 2
    low = (gxx + gyy - root) / 2
    certainty = np.where(high > 1e-6, 1.0 - low / np.maximum(high, 1e-6), 0.0)
    normal_angle = 0.5 * np.arctan2(2 * gxy, gxx - gyy)
    return certainty, normal_angle


def _clarity_and_period(
    smooth: NDArray[np.float32], normal_angle: NDArray[np.float64], foreground: NDArray[np.bool_]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per block: local clarity (0-1) and ridge period in px, from the ridge-normal profile."""
    rows, cols = foreground.shape
    clarity = np.zeros((rows, cols))
    period = np.zeros((rows, cols))
    pad = BLOCK // 4
    height, width = smooth.shape
    for r, c in zip(*np.nonzero(foreground), strict=True):
        y0, x0 = max(r * BLOCK - pad, 0), max(c * BLOCK - pad, 0)
        window = smooth[
            y0 : min((r + 1) * BLOCK + pad, height), x0 : min((c + 1) * BLOCK + pad, width)
        ]
        yy, xx = np.indices(window.shape)
        yy = yy - (r * BLOCK + BLOCK / 2 - y0)
        xx = xx - (c * BLOCK + BLOCK / 2 - x0)
        angle = normal_angle[r, c]
        t = xx * np.cos(angle) + yy * np.sin(angle)
        along = -xx * np.sin(angle) + yy * np.cos(angle)
        # A strip across the ridges, short along them: curvature would blur the profile.
        strip = (np.abs(along) <= STRIP_HALF_LENGTH) & (np.abs(t) <= BLOCK / 2 + pad)
        bins = np.round(t[strip] - t[strip].min()).astype(np.intp)
        values = window[strip]
        counts = np.bincount(bins)
        profile = np.bincount(bins, weights=values) / np.maximum(counts, 1)
        valid = counts >= 4
        threshold = float(values.mean())
        ridge_side = profile[bins] < threshold
        wrong = np.where(ridge_side, values >= threshold, values < threshold)
        clarity[r, c] = max(0.0, 1.0 - 2.0 * float(wrong[valid[bins]].mean()))
        trace = profile[valid] - threshold
        crossings = np.count_nonzero(np.diff(np.sign(trace)) != 0)
        period[r, c] = 2.0 * trace.size / crossings if crossings else np.inf
    return clarity, period


def find_minutiae(
    image: NDArray[np.uint8], foreground: NDArray[np.bool_]
) -> list[tuple[int, int, str]]:
    """Ridge endings and bifurcations of a print: ``(y, x, "ending" | "bifurcation")``.

    The image is smoothed, binarised with a local threshold, thinned (Zhang-Suen) and
    scanned with the crossing number. Points near the foreground border and pairs closer
    than 8 px (spurs, bridges, breaks) are dropped as artefacts.
    """
    smooth = cv2.GaussianBlur(image, (0, 0), 1.3)
    ridges = cv2.adaptiveThreshold(
        smooth, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 2
    )
    mask = cv2.resize(
        foreground.astype(np.uint8),
        (image.shape[1], image.shape[0]),
        interpolation=cv2.INTER_NEAREST,
    )
    inner = cv2.erode(mask, np.ones((BLOCK // 2 + 1, BLOCK // 2 + 1), np.uint8))
    ridges = cv2.morphologyEx(ridges * mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    skeleton = thin(ridges.astype(bool))
    s = np.pad(skeleton, 1).astype(np.int8)
    ring = [
        s[:-2, 1:-1],
        s[:-2, 2:],
        s[1:-1, 2:],
        s[2:, 2:],
        s[2:, 1:-1],
        s[2:, :-2],
        s[1:-1, :-2],
        s[:-2, :-2],
    ]
    crossing = sum(np.abs(ring[i] - ring[(i + 1) % 8]) for i in range(8)) // 2
    found: list[tuple[int, int, str]] = []
    for kind, number in (("ending", 1), ("bifurcation", 3)):
        ys, xs = np.nonzero(skeleton & (crossing == number) & inner.astype(bool))
        found.extend((int(y), int(x), kind) for y, x in zip(ys, xs, strict=True))
    if not found:
        return []
    points = np.array([(y, x) for y, x, _ in found], np.float32)
    distance = np.hypot(
        points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1]
    )
    np.fill_diagonal(distance, np.inf)
    isolated = distance.min(axis=1) >= 8.0
    return [m for m, keep in zip(found, isolated, strict=True) if keep]


def thin(binary: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Zhang-Suen thinning to one-pixel-wide ridges (vectorised)."""
    img = np.pad(binary, 1).astype(np.uint8)
    while True:
        changed = False
        for step in (0, 1):
            p2, p3, p4 = img[:-2, 1:-1], img[:-2, 2:], img[1:-1, 2:]
            p5, p6, p7 = img[2:, 2:], img[2:, 1:-1], img[2:, :-2]
            p8, p9 = img[1:-1, :-2], img[:-2, :-2]
            ring = [p2, p3, p4, p5, p6, p7, p8, p9, p2]
            neighbours = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9
            transitions = sum(
                ((ring[i] == 0) & (ring[i + 1] == 1)).astype(np.uint8) for i in range(8)
            )
            if step == 0:
                side = (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
            else:
                side = (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
            delete = (
                (img[1:-1, 1:-1] == 1)
                & (neighbours >= 2)
                & (neighbours <= 6)
                & (transitions == 1)
                & side
            )
            if delete.any():
                img[1:-1, 1:-1][delete] = 0
                changed = True
        if not changed:
            return img[1:-1, 1:-1].astype(bool)


def _combine(features: Mapping[str, float]) -> int:
    """Weighted, normalised features, scaled by foreground area and contrast, as 0-100."""
    normalised = {
        "orientation_certainty": _ramp(features["orientation_certainty"], 0.4, 0.9),
        "clarity": _ramp(features["clarity"], 0.45, 0.8),
        "frequency_plausible": _ramp(features["frequency_plausible"], 0.3, 0.95),
        "minutiae": _ramp(features["reliable_minutiae"], 10.0, 60.0),
    }
    base = sum(WEIGHTS[name] * value for name, value in normalised.items())
    # A full flat print covers 55-70 % of the 32 px blocks of a 400x500 sensor.
    area = _ramp(features["foreground"], 0.2, 0.5)
    contrast = _ramp(features["foreground_std"], 15.0, 95.0)
    # Wet skin fills the valleys: the foreground turns dark on average.
    brightness = _ramp(features["foreground_mean"], 95.0, 150.0)
    # Merged (wet) or broken (dry) ridges leave many blocks without a plausible period.
    ridges = _ramp(features["frequency_plausible"], 0.3, 0.7)
    score = 100.0 * base * area * contrast**0.5 * brightness * ridges
    return round(max(0.0, min(100.0, float(score))))


def _ramp(value: float, low: float, high: float) -> float:
    """0 below ``low``, 1 above ``high``, linear between."""
    return float(np.clip((value - low) / (high - low), 0.0, 1.0))
