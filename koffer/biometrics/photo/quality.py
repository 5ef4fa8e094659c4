"""Image-quality measures on the face and the backdrop: exposure, contrast, sharpness, light.

All face measures are taken on the canonical patch (eyes level, 100 px apart), so their
values do not depend on the camera's resolution or the citizen's distance.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.biometrics.photo.geometry import Canonical, Crop, HeadInImage

BgrImage = NDArray[np.uint8]


@dataclass(frozen=True)
class FaceQuality:
    """Measures on the face.

    Attributes:
        brightness: Mean luminance (0-255) between brows and mouth.
        clipped: Share of those pixels at 250 or above.
        contrast: (p95 - p5) / (p95 + p5) of that luminance; exposure-independent.
        sharpness: 1.0 at the limit, higher is sharper (see :func:`_sharpness`).
        light_balance: Darker cheek over brighter cheek (1.0: evenly lit).
        eye_openness: The smaller of both eyes' dark iris heights, in eye distances.
    """

    brightness: float
    clipped: float
    contrast: float
    sharpness: float
    light_balance: float
    eye_openness: float


def _region(patch: Canonical, x0: float, x1: float, y0: float, y1: float) -> NDArray[np.float32]:
    e = patch.e
    x0, x1 = min(x0, x1), max(x0, x1)
    xs = slice(max(0, int(patch.cx + x0 * e)), int(patch.cx + x1 * e))
    ys = slice(max(0, int(patch.ey + y0 * e)), int(patch.ey + y1 * e))
    values = patch.grey[ys, xs]
    return np.asarray(values[patch.valid[ys, xs]], np.float32)


def face_quality(patch: Canonical) -> FaceQuality:
    """Measure exposure, contrast, sharpness, light balance and open eyes on the face."""
    face = _region(patch, -0.6, 0.6, -0.25, 1.3)
    if face.size == 0:
        return FaceQuality(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    p5, p95 = (float(v) for v in np.percentile(face, (5, 95)))
    contrast = (p95 - p5) / max(p95 + p5, 1.0)
    e, cx, ey = patch.e, patch.cx, patch.ey
    window = patch.grey[
        int(ey - 0.25 * e) : int(ey + 1.3 * e), int(cx - 0.6 * e) : int(cx + 0.6 * e)
    ]
    sharpness = _sharpness(window, e, p95 - p5)
    cheeks = [_region(patch, sign * 0.25, sign * 0.8, 0.3, 1.0) for sign in (-1, 1)]
    means = [float(c.mean()) if c.size else 0.0 for c in cheeks]
    balance = min(means) / max(*means, 1.0)
    return FaceQuality(
        brightness=float(face.mean()),
        clipped=float(np.mean(face >= 250)),
        contrast=contrast,
        sharpness=sharpness,
        light_balance=balance,
        eye_openness=min(_eye_openness(patch, sign) for sign in (-1, 1)),
    )


SHARP_DETAIL_RATIO = 4.0
SHARP_EDGE_STEEPNESS = 0.15


def _sharpness(window: NDArray[np.float32], e: float, luminance_range: float) -> float:
    """Two blur measures, each scaled so that 1.0 is its limit; the smaller one counts.

    * Fine over coarse detail: variance of the Laplacian over that of a slightly smoothed
      copy. Mild defocus flattens fine detail first; exposure and contrast cancel out.
    * Edge steepness: the 99th percentile of the gradient over the face's luminance range.
      Under heavy blur the first measure is left with sensor noise and rises again; this
      one keeps falling.
    """
    fine = cv2.Laplacian(window, cv2.CV_32F, ksize=3)
    smooth = cv2.GaussianBlur(window, (0, 0), 1.5 * e / 100)
    coarse = cv2.Laplacian(smooth, cv2.CV_32F, ksize=3)
    detail = float(fine.var()) / max(float(coarse.var()), 1e-3)
    gx = cv2.Sobel(window, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(window, cv2.CV_32F, 0, 1, ksize=3) / 8
    steepness = float(np.percentile(np.hypot(gx, gy), 99)) / max(luminance_range, 8.0)
    steepness *= e / 100  # gradients are per patch pixel
    return min(detail / SHARP_DETAIL_RATIO, steepness / SHARP_EDGE_STEEPNESS)


def _eye_openness(patch: Canonical, sign: int) -> float:
    """Height of the dark iris below the half-way level between darkest spot and cheek."""
    e, ey = patch.e, patch.ey
    x = patch.cx + sign * e / 2
    band = patch.grey[
        int(ey - 0.22 * e) : int(ey + 0.22 * e), int(x - 0.06 * e) : int(x + 0.06 * e)
    ]
    cheek = _region(patch, sign * 0.5 - 0.15, sign * 0.5 + 0.15, 0.35, 0.5)
    if band.size == 0 or cheek.size == 0:
        return 0.0
    profile = band.mean(axis=1)
    darkest = int(np.argmin(profile))
    level = (float(profile[darkest]) + float(np.median(cheek))) / 2
    below = profile < level
    top = darkest
    while top > 0 and below[top - 1]:
        top -= 1
    bottom = darkest
    while bottom < len(below) - 1 and below[bottom + 1]:
        bottom += 1
    return (bottom - top + 1) / e


@dataclass(frozen=True)
class BackdropQuality:
    """Measures on the backdrop: what is visible of it in the crop, beside and above the head.

    Attributes:
        brightness: Mean luminance.
        unevenness: Standard deviation of the (lightly smoothed) luminance.
        share: Share of the crop the measure is based on.
    """

    brightness: float
    unevenness: float
    share: float


def backdrop_quality(image: BgrImage, crop: Crop, head: HeadInImage) -> BackdropQuality:
    """Measure the backdrop outside the head (hair included) and above the chin."""
    factor = 300.0 / crop.w
    x0, y0 = int(crop.x), int(crop.y)
    region = image[y0 : int(crop.y + crop.h), x0 : int(crop.x + crop.w)]
    small = cv2.resize(region, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.float32)
    grey = np.asarray(cv2.GaussianBlur(grey, (0, 0), 1.5), np.float32)
    mask = np.full(grey.shape, 255, np.uint8)
    centre = (round((head.middle[0] - x0) * factor), round((head.middle[1] - y0) * factor))
    axes = (round(head.width * 0.62 * factor), round(head.height * 0.56 * factor))
    cv2.ellipse(mask, centre, axes, head.roll, 0, 360, 0, -1)
    chin_row = max(0, round((head.lowest_y - y0) * factor))
    mask[chin_row:] = 0
    values = grey[mask > 0]
    share = values.size / max(grey.size, 1)
    if values.size < 50:
        return BackdropQuality(255.0, 0.0, share)
    return BackdropQuality(float(values.mean()), float(values.std()), share)
