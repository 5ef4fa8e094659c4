"""Head outline, pose and the passport crop, measured around the located eyes.

Everything is measured on a *canonical patch*: the image rotated so the eyes are level and
scaled so they are ``E`` pixels apart. Distances below are in eye distances (E).

Average adult proportions (anthropometric means, also used by the camera simulator):
chin to crown 3.7 E, crown to eye line 0.48 of that, head width about 2.5 E. The estimators:

* roll: the angle of the eye line.
* yaw: a turned head moves the eyes sideways inside its outline, so the offset of the eye
  midpoint from the middle of the face outline at eye height gives
  ``yaw = asin(offset / (0.9 * half width))``.
* pitch: a nod moves the eye line up or down between crown and chin:
  ``pitch = asin((0.48 - (eye - crown) / (chin - crown)) / 0.45)``. Hair volume and hair line
  shift this by a few degrees on real people, so pitch is the least certain estimate; it is
  reported as unknown when the crown or the chin cannot be found.
* crown: scanning up from the hair until the colour matches the backdrop more than the hair.
* chin: the strongest bright-to-dark step below the mouth (the shadow under the chin).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.biometrics.photo.detect import EyePair

BgrImage = NDArray[np.uint8]
FloatImage = NDArray[np.float32]

EYE_LINE = 0.48
"""Crown-to-eye-line distance over chin-to-crown distance for an upright head."""
FEATURE_SHIFT = 0.9
"""How far a turn moves the eyes, as a share of the head's half width (or half height)."""
CHIN_BELOW_EYES = 1.93
"""Eye line to chin in eye distances, used when the chin edge is not visible."""
CROWN_ABOVE_EYES = 1.78
"""Crown to eye line in eye distances, used when the crown is not visible."""
HEAD_WIDTH = 2.5
"""Head width in eye distances, used when the face outline is not visible."""


@dataclass(frozen=True)
class Canonical:
    """The eye-levelled, eye-distance-normalised patch around a face."""

    image: FloatImage
    grey: FloatImage
    valid: NDArray[np.bool_]
    e: float
    cx: float
    ey: float
    scale: float
    roll: float
    origin: tuple[float, float]

    def to_image(self, x: float, y: float) -> tuple[float, float]:
        """Map a patch point back to the input image."""
        dx, dy = (x - self.cx) / self.scale, (y - self.ey) / self.scale
        rad = math.radians(self.roll)
        c, s = math.cos(rad), math.sin(rad)
        return self.origin[0] + c * dx - s * dy, self.origin[1] + s * dx + c * dy


def canonical_patch(image: BgrImage, eyes: EyePair, e: float = 100.0) -> Canonical:
    """Rotate and scale ``image`` so the eyes are level, ``e`` apart, in a fixed place."""
    mid = eyes.midpoint
    (lx, ly), (rx, ry) = eyes.left, eyes.right
    roll = math.degrees(math.atan2(ry - ly, rx - lx))
    distance = max(eyes.distance, 2.0)
    scale = e / distance
    out_w, out_h = round(5.2 * e), round(6.3 * e)
    cx, ey = 2.6 * e, 3.3 * e
    reach = (0.5 * math.hypot(out_w, out_h) + 4) / scale
    height, width = image.shape[:2]
    x0, y0 = max(0, int(mid[0] - reach)), max(0, int(mid[1] - reach))
    x1, y1 = min(width, int(mid[0] + reach) + 1), min(height, int(mid[1] + reach) + 1)
    source = image[y0:y1, x0:x1]
    pre = 1.0
    if scale < 0.8:
        pre = scale
        source = np.asarray(
            cv2.resize(source, None, fx=pre, fy=pre, interpolation=cv2.INTER_AREA), np.uint8
        )
    centre = ((mid[0] - x0) * pre, (mid[1] - y0) * pre)
    matrix = cv2.getRotationMatrix2D(centre, roll, scale / pre)
    matrix[0, 2] += cx - centre[0]
    matrix[1, 2] += ey - centre[1]
    warped = cv2.warpAffine(
        source, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    mask = cv2.warpAffine(
        np.full(source.shape[:2], 255, np.uint8), matrix, (out_w, out_h), flags=cv2.INTER_NEAREST
    )
    as_float = warped.astype(np.float32)
    grey = cv2.cvtColor(warped, cv2.COLOR_BGR2GRAY).astype(np.float32)
    return Canonical(as_float, grey, mask > 0, e, cx, ey, scale, roll, mid)


@dataclass(frozen=True)
class HeadOutline:
    """Where the head ends, in canonical patch pixels, and the pose derived from it."""

    left: float | None
    right: float | None
    crown: float
    crown_found: bool
    chin: float
    chin_found: bool
    roll: float
    yaw: float | None
    pitch: float | None


def head_outline(patch: Canonical, backdrop: NDArray[np.float32]) -> HeadOutline:
    """Find the face sides at eye height, crown and chin; estimate yaw and pitch.

    Args:
        patch: The canonical patch.
        backdrop: Mean BGR colour of the backdrop (from the top corners of the frame).
    """
    e, cx, ey = patch.e, patch.cx, patch.ey
    left, right = _face_sides(patch)
    crown, crown_found = _crown(patch, backdrop)
    chin, chin_found = _chin(patch)
    yaw = None
    if left is not None and right is not None:
        half = (right - left) / 2
        offset = cx - (left + right) / 2
        yaw = math.degrees(math.asin(float(np.clip(offset / (FEATURE_SHIFT * half), -1, 1))))
    pitch = None
    if crown_found and chin_found and chin - crown > e:
        ratio = (ey - crown) / (chin - crown)
        shift = float(np.clip((EYE_LINE - ratio) / (FEATURE_SHIFT / 2), -1, 1))
        pitch = math.degrees(math.asin(shift))
    return HeadOutline(left, right, crown, crown_found, chin, chin_found, patch.roll, yaw, pitch)


def _face_sides(patch: Canonical) -> tuple[float | None, float | None]:
    e, cx, ey = patch.e, patch.cx, patch.ey
    rows = patch.image[int(ey - 0.06 * e) : int(ey + 0.06 * e) + 1]
    valid = np.asarray(patch.valid[int(ey - 0.06 * e) : int(ey + 0.06 * e) + 1].all(axis=0), bool)
    profile = cv2.GaussianBlur(rows.mean(axis=0)[None], (0, 0), max(0.5, 0.015 * e))[0]
    step = max(1, round(0.02 * e))
    gradient = np.zeros(len(profile), np.float32)
    gradient[step:-step] = np.linalg.norm(profile[2 * step :] - profile[: -2 * step], axis=1)
    gradient[~valid] = 0
    sides: list[float | None] = []
    for sign in (-1, 1):
        near, far = cx + sign * 0.85 * e, cx + sign * 2.1 * e
        lo, hi = int(min(near, far)), int(max(near, far))
        lo, hi = max(lo, 0), min(hi, len(gradient) - 1)
        window = gradient[lo:hi]
        if len(window) == 0 or float(window.max()) < 12.0:
            sides.append(None)
            continue
        strongest = float(window.max())
        # Walk outwards: the first clear edge is the face, not the room behind it.
        order = range(len(window)) if sign > 0 else range(len(window) - 1, -1, -1)
        edge = int(np.argmax(window))
        for i in order:
            peak = window[max(0, i - step) : i + step + 1].max()
            if window[i] >= 0.3 * strongest and window[i] >= peak:
                edge = i
                break
        sides.append(float(lo + edge))
    return sides[0], sides[1]


def _crown(patch: Canonical, backdrop: NDArray[np.float32]) -> tuple[float, bool]:
    e, cx, ey = patch.e, patch.cx, patch.ey
    band = patch.image[:, int(cx - 0.35 * e) : int(cx + 0.35 * e)]
    valid = np.asarray(patch.valid[:, int(cx - 0.35 * e) : int(cx + 0.35 * e)].all(axis=1), bool)
    profile = cv2.GaussianBlur(band.mean(axis=1)[:, None], (0, 0), max(0.5, 0.01 * e))[:, 0]
    hair = profile[int(ey - 1.45 * e) : int(ey - 1.25 * e)].mean(axis=0)
    start = int(ey - 1.25 * e)
    for y in range(start, -1, -1):
        if not valid[y]:
            break
        to_hair = float(np.linalg.norm(profile[y] - hair))
        to_backdrop = float(np.linalg.norm(profile[y] - backdrop))
        if to_backdrop < to_hair and to_hair > 25:
            return float(y), True
    return ey - CROWN_ABOVE_EYES * e, False


def _chin(patch: Canonical) -> tuple[float, bool]:
    e, cx, ey = patch.e, patch.cx, patch.ey
    y0, y1 = int(ey + 1.45 * e), min(int(ey + 2.75 * e), patch.grey.shape[0] - 3)
    band = patch.grey[:, int(cx - 0.3 * e) : int(cx + 0.3 * e)].mean(axis=1)
    valid = np.asarray(patch.valid[:, int(cx - 0.3 * e) : int(cx + 0.3 * e)].all(axis=1), bool)
    profile = cv2.GaussianBlur(band[:, None], (0, 0), max(0.5, 0.02 * e))[:, 0]
    step = max(1, round(0.05 * e))
    drops = [
        (float(profile[y + step] - profile[y - step]), y)
        for y in range(y0, y1)
        if valid[y - step] and valid[y + step]
    ]
    if not drops:
        return ey + CHIN_BELOW_EYES * e, False
    strongest = min(drops)[0]
    if strongest > -8.0:
        return ey + CHIN_BELOW_EYES * e, False
    # The first clear step going down is the chin; collar and shoulders come later and can
    # be stronger.
    for index, (drop, y) in enumerate(drops):
        if drop < 0.35 * strongest and all(drop <= d for d, _ in drops[index : index + step]):
            return float(y), True
    return ey + CHIN_BELOW_EYES * e, False


def backdrop_colour(image: BgrImage) -> NDArray[np.float32]:
    """Mean colour of the two top corners of the frame, where a portrait has backdrop."""
    height, width = image.shape[:2]
    ch, cw = max(1, height // 16), max(1, width // 8)
    corners = np.concatenate(
        [image[:ch, :cw].reshape(-1, 3), image[:ch, width - cw :].reshape(-1, 3)]
    ).astype(np.float32)
    return np.asarray(np.median(corners, axis=0), np.float32)


@dataclass(frozen=True)
class HeadInImage:
    """The head in input-image pixels.

    Heights are measured along the head's axis (a tilted head is as tall as an upright one;
    the tilt is judged by the roll check). ``middle`` is the head's centre point, halfway
    between crown and chin, and ``lowest_y`` the chin's image row.
    """

    centre_x: float
    eye_y: float
    crown_y: float
    chin_y: float
    width: float
    eye_distance: float
    roll: float
    middle: tuple[float, float] = (0.0, 0.0)
    lowest_y: float = 0.0

    @property
    def height(self) -> float:
        """Chin to crown."""
        return self.chin_y - self.crown_y


def head_in_image(patch: Canonical, outline: HeadOutline) -> HeadInImage:
    """Convert the outline from patch to input-image pixels."""
    e = patch.e
    left = outline.left if outline.left is not None else patch.cx - HEAD_WIDTH / 2 * e
    right = outline.right if outline.right is not None else patch.cx + HEAD_WIDTH / 2 * e
    middle = (left + right) / 2
    centre_x, _ = patch.to_image(middle, patch.ey)
    _, eye_y = patch.to_image(patch.cx, patch.ey)
    crown_y = eye_y - (patch.ey - outline.crown) / patch.scale
    chin_y = eye_y + (outline.chin - patch.ey) / patch.scale
    return HeadInImage(
        centre_x=centre_x,
        eye_y=eye_y,
        crown_y=crown_y,
        chin_y=chin_y,
        width=(right - left) / patch.scale,
        eye_distance=e / patch.scale,
        roll=patch.roll,
        middle=patch.to_image(middle, (outline.crown + outline.chin) / 2),
        lowest_y=patch.to_image(middle, outline.chin)[1],
    )


PHOTO_WIDTH, PHOTO_HEIGHT = 1244, 1600
TARGET_FACE_HEIGHT = 0.75
TARGET_EYE_LINE = 0.42


@dataclass(frozen=True)
class Crop:
    """The passport crop in input pixels (aspect 1244:1600), always inside the image."""

    x: float
    y: float
    w: float
    h: float

    @property
    def scale(self) -> float:
        """Output pixels per input pixel when scaled to 1244x1600."""
        return PHOTO_HEIGHT / self.h


def plan_crop(shape: tuple[int, ...], head: HeadInImage) -> Crop:
    """Choose the 1244:1600 crop: head at 75 % height, eyes at 42 %, centred.

    It never zooms in below 1600 px height when the image has more (zooming would cost
    resolution; the face-height check then asks the citizen to move closer), and never reaches
    beyond the image (the position checks then report what is left).
    """
    height, width = shape[:2]
    aspect = PHOTO_WIDTH / PHOTO_HEIGHT
    largest = min(float(height), width / aspect)
    crop_h = head.height / TARGET_FACE_HEIGHT
    crop_h = max(crop_h, min(float(PHOTO_HEIGHT), largest))
    crop_h = min(crop_h, largest)
    crop_w = crop_h * aspect
    x = float(np.clip(head.centre_x - crop_w / 2, 0, width - crop_w))
    y = float(np.clip(head.eye_y - TARGET_EYE_LINE * crop_h, 0, height - crop_h))
    return Crop(x, y, crop_w, crop_h)
