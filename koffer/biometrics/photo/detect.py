"""Face and eye localisation with OpenCV's Haar cascades.

Choice of detector (evaluated November 2026 on this kit's 2-core CPU):

* OpenCV Haar cascades (``frontalface_alt2`` and ``eye``): ship inside the
  ``opencv-python-headless`` wheel we already depend on (``cv2.data``, Intel/BSD licence), so
  nothing new to install, licence or update. Measured here: a full search of a 1280x720
  frame scaled to 320 px height takes about 17-20 ms, a tracked search around the last face
  5-7 ms, one live-guidance frame 15-25 ms all in, a full check of a 1244x1600 still
  about 70 ms. Weak spots: no landmarks (pose is derived from the eyes and the head outline,
  see ``geometry``), frontal faces only, more false positives than a CNN (a face counts
  only when the eye cascade confirms two eyes), and roll beyond ~15° is missed upright, so
  :meth:`FaceDetector.find_faces_any_roll` retries on turned copies. For a passport photo,
  where the subject faces the camera by definition, that is acceptable.
* MediaPipe face landmarks (Apache-2.0, models inside the wheel) would give 468 landmarks
  and a proper pose, but its current wheel (1.2.x) requires ``opencv-contrib-python`` 5.x,
  which installs a second ``cv2`` over our headless 4.x one, plus matplotlib and
  sounddevice. Two OpenCV builds in one environment is a packaging fault we do not want on a
  field kit, so it was not installed and not timed.
* YuNet (``cv2.FaceDetectorYN``, MIT) is better than Haar on hard faces, but we found no PyPI
  package that ships the ONNX model with its licence; vendoring it under resources/models/
  remains the upgrade path if real-world detection rates demand it. The detector sits behind
  :class:`FaceDetector`, so swapping it touches this module only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import cv2
import cv2.data as cv2_data
import numpy as np
from numpy.typing import NDArray

GreyImage = NDArray[np.uint8]


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in image pixels.

    ``angle`` is the head's roll (degrees, clockwise) when the face was found only in a
    turned copy of the image; the box is then the upright face's size around its centre.
    """

    x: float
    y: float
    w: float
    h: float
    angle: float = 0.0

    @property
    def centre(self) -> tuple[float, float]:
        """The rectangle's centre."""
        return self.x + self.w / 2, self.y + self.h / 2

    def contains(self, x: float, y: float) -> bool:
        """Whether the point lies inside."""
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h

    def scaled(self, factor: float) -> Box:
        """The same rectangle in an image scaled by ``factor``."""
        return Box(self.x * factor, self.y * factor, self.w * factor, self.h * factor, self.angle)

    def grown(self, factor: float) -> Box:
        """The rectangle enlarged by ``factor`` around its centre."""
        cx, cy = self.centre
        return Box(
            cx - self.w * factor / 2, cy - self.h * factor / 2, self.w * factor, self.h * factor
        )


@dataclass(frozen=True)
class EyePair:
    """Eye centres in image pixels, the image-left eye first.

    Attributes:
        left: The eye on the image's left (the citizen's right eye).
        right: The eye on the image's right.
        from_cascade: False when the eye cascade found nothing and the positions were placed
            by face proportions and refined on the darkest spot (closed eyes, heavy blur).
    """

    left: tuple[float, float]
    right: tuple[float, float]
    from_cascade: bool

    @property
    def distance(self) -> float:
        """Distance between the eye centres."""
        return float(np.hypot(self.right[0] - self.left[0], self.right[1] - self.left[1]))

    @property
    def midpoint(self) -> tuple[float, float]:
        """Point between the eyes."""
        return (self.left[0] + self.right[0]) / 2, (self.left[1] + self.right[1]) / 2


# Eye centres inside an alt2 face box (share of the box), measured on frontal faces.
_EYE_X = (0.27, 0.73)
_EYE_Y = 0.38


class FaceDetector:
    """Finds frontal faces and their eyes; cascades are loaded once per instance."""

    def __init__(self, work_height: int = 400, eye_work_width: int = 240) -> None:
        self.work_height = work_height
        self.eye_work_width = eye_work_width

    @cached_property
    def _faces(self) -> cv2.CascadeClassifier:
        return _cascade("haarcascade_frontalface_alt2.xml")

    @cached_property
    def _eyes(self) -> cv2.CascadeClassifier:
        return _cascade("haarcascade_eye.xml")

    def _factor(self, grey: GreyImage) -> float:
        """Scale for the search: ``work_height`` rows, and a long strip no wider than 2x that."""
        height, width = grey.shape[:2]
        return float(min(1.0, self.work_height / height, 2 * self.work_height / width))

    def find_faces(
        self, grey: GreyImage, min_share: float = 0.12, roi: Box | None = None
    ) -> list[Box]:
        """Return faces, largest first, in ``grey``'s pixels.

        Args:
            grey: 8-bit greyscale image.
            min_share: Smallest face side as a share of the image height.
            roi: Search only this region (tracking between preview frames).
        """
        height = grey.shape[0]
        factor = self._factor(grey)
        x0 = y0 = 0
        area = grey
        if roi is not None:
            x0, y0 = max(0, int(roi.x)), max(0, int(roi.y))
            x1 = min(grey.shape[1], int(roi.x + roi.w))
            y1 = min(grey.shape[0], int(roi.y + roi.h))
            if x1 - x0 < 24 or y1 - y0 < 24:
                return []
            area = grey[y0:y1, x0:x1]
        small = area if factor == 1.0 else cv2.resize(area, None, fx=factor, fy=factor,
                                                      interpolation=cv2.INTER_AREA)  # fmt: skip
        smallest = max(20, int(min_share * height * factor))
        found = self._faces.detectMultiScale(
            small, scaleFactor=1.1, minNeighbors=3, minSize=(smallest, smallest)
        )
        boxes = [
            Box(x0 + x / factor, y0 + y / factor, w / factor, h / factor)
            for x, y, w, h in (tuple(map(float, f)) for f in found)
        ]
        return sorted(boxes, key=lambda b: -b.w * b.h)

    def find_faces_any_roll(
        self,
        grey: GreyImage,
        min_share: float = 0.12,
        angles: tuple[float, ...] = (20, -20, 35, -35),
    ) -> list[Box]:
        """Like :meth:`find_faces`, but also look in turned copies of the image.

        The frontal cascade misses heads tilted by more than about 15°; a citizen with a
        tilted head should hear "straighten your head", not "no face found".
        """
        faces = self.find_faces(grey, min_share)
        if faces:
            return faces
        factor = self._factor(grey)
        small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        height, width = small.shape[:2]
        smallest = max(20, int(min_share * height))
        for angle in angles:
            matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
            turned = cv2.warpAffine(small, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE)
            found = self._faces.detectMultiScale(turned, 1.1, 3, minSize=(smallest, smallest))
            if len(found) == 0:
                continue
            back = cv2.invertAffineTransform(matrix)
            boxes = []
            for x, y, w, h in (tuple(map(float, f)) for f in found):
                cx, cy = x + w / 2, y + h / 2
                ox = back[0, 0] * cx + back[0, 1] * cy + back[0, 2]
                oy = back[1, 0] * cx + back[1, 1] * cy + back[1, 2]
                boxes.append(Box((ox - w / 2) / factor, (oy - h / 2) / factor, w / factor,
                                 h / factor, angle))  # fmt: skip
            return sorted(boxes, key=lambda b: -b.w * b.h)
        return []

    def find_eyes(self, grey: GreyImage, face: Box) -> EyePair:
        """Locate both eye centres inside ``face``: eye cascade, else face proportions."""
        height, width = grey.shape
        fx0, fy0 = max(0, int(face.x)), max(0, int(face.y + 0.12 * face.h))
        fx1, fy1 = min(width, int(face.x + face.w)), min(height, int(face.y + 0.62 * face.h))
        cx, cy = face.centre
        cos, sin = math.cos(math.radians(face.angle)), math.sin(math.radians(face.angle))
        offsets = [((sx - 0.5) * face.w, (_EYE_Y - 0.5) * face.h) for sx in _EYE_X]
        guess = [(cx + cos * dx - sin * dy, cy + sin * dx + cos * dy) for dx, dy in offsets]
        from_cascade = False
        if fx1 - fx0 > 16 and fy1 - fy0 > 8:
            factor = self.eye_work_width / face.w
            small_eye = max(12, self.eye_work_width // 10)
            method = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
            roi = cv2.resize(
                grey[fy0:fy1, fx0:fx1], None, fx=factor, fy=factor, interpolation=method
            )
            found = self._eyes.detectMultiScale(
                roi, 1.1, 3, minSize=(small_eye, small_eye), maxSize=(small_eye * 5, small_eye * 5)
            )
            centres = [
                (fx0 + (x + w / 2) / factor, fy0 + (y + h / 2) / factor)
                for x, y, w, h in (tuple(map(float, f)) for f in found)
            ]
            picked = []
            for gx, gy in guess:
                near = [c for c in centres if abs(c[0] - gx) < 0.16 * face.w]
                if near:
                    picked.append(min(near, key=lambda c: np.hypot(c[0] - gx, c[1] - gy)))
            if len(picked) == 2 and picked[0] != picked[1]:
                guess = picked
                from_cascade = True
        left, right = (_darkest_spot(grey, c, face.w) for c in guess)
        return EyePair(left, right, from_cascade)


def _darkest_spot(
    grey: GreyImage, centre: tuple[float, float], face_w: float
) -> tuple[float, float]:
    """Move an eye estimate onto the iris/pupil (or the lash line of a closed eye)."""
    half_w, half_h = 0.1 * face_w, 0.07 * face_w
    height, width = grey.shape
    x0, x1 = max(0, int(centre[0] - half_w)), min(width, int(centre[0] + half_w) + 1)
    y0, y1 = max(0, int(centre[1] - half_h)), min(height, int(centre[1] + half_h) + 1)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return centre
    patch = grey[y0:y1, x0:x1].astype(np.float32)
    patch = np.asarray(cv2.GaussianBlur(patch, (0, 0), max(1.0, 0.012 * face_w)), np.float32)
    threshold = float(np.percentile(patch, 6))
    ys, xs = np.nonzero(patch <= threshold)
    if len(xs) == 0:
        return centre
    return x0 + float(np.mean(xs)), y0 + float(np.mean(ys))


def _cascade(name: str) -> cv2.CascadeClassifier:
    path = str(cv2_data.haarcascades) + name
    cascade = cv2.CascadeClassifier(path)
    if cascade.empty():  # pragma: no cover - a broken OpenCV install
        raise RuntimeError(f"OpenCV cascade {name} missing")
    return cascade
