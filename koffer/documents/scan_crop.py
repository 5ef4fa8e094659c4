"""A scanned sheet found on the scanner's dark lid, and cut out straight.

A sheet laid crooked on the glass (or a page photographed at an angle) shows as a light
quadrilateral on a darker ground. :func:`find_page` returns its four corners, or the whole
image when no sheet stands out (a scan that already is the page); :func:`straighten` maps
the four corners to an upright rectangle of the sheet's own size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.domain.errors import ValidationError

Image = NDArray[np.uint8]
Point = tuple[float, float]
MIN_PAGE_SHARE = 0.2  # a light patch smaller than this share of the scan is no sheet
WORK_HEIGHT = 800  # px: the page is looked for on a copy this high


@dataclass(frozen=True)
class Quad:
    """Four corners in image pixels: top left, top right, bottom right, bottom left."""

    top_left: Point
    top_right: Point
    bottom_right: Point
    bottom_left: Point

    @property
    def points(self) -> tuple[Point, Point, Point, Point]:
        """The corners in order."""
        return (self.top_left, self.top_right, self.bottom_right, self.bottom_left)

    @classmethod
    def of(cls, points: list[Point]) -> Quad:
        """Order four points (any order) as top left, top right, bottom right, bottom left."""
        if len(points) != 4:
            raise ValidationError("crop", "error.scan_crop_invalid")
        by_sum = sorted(points, key=lambda p: p[0] + p[1])
        by_diff = sorted(points, key=lambda p: p[1] - p[0])
        return cls(by_sum[0], by_diff[0], by_sum[-1], by_diff[-1])

    @classmethod
    def whole(cls, width: int, height: int) -> Quad:
        """The whole image."""
        return cls((0.0, 0.0), (float(width), 0.0), (float(width), float(height)),
                   (0.0, float(height)))  # fmt: skip

    def size(self) -> tuple[int, int]:
        """Width and height of the straightened sheet (the longer opposite edges)."""
        tl, tr, br, bl = self.points
        width = max(math.dist(tl, tr), math.dist(bl, br))
        height = max(math.dist(tl, bl), math.dist(tr, br))
        return max(1, round(width)), max(1, round(height))

    def scaled(self, fx: float, fy: float) -> Quad:
        """The corners scaled by ``fx`` and ``fy`` (between preview and full resolution)."""
        return Quad(*((x * fx, y * fy) for x, y in self.points))

    def is_convex(self) -> bool:
        """Whether the corners make a proper (convex, clockwise) quadrilateral."""
        pts = self.points
        signs = []
        for i in range(4):
            (x0, y0), (x1, y1), (x2, y2) = pts[i], pts[(i + 1) % 4], pts[(i + 2) % 4]
            signs.append((x1 - x0) * (y2 - y1) - (y1 - y0) * (x2 - x1))
        return all(s > 0 for s in signs)


def find_page(image: Image) -> Quad:
    """Find the sheet on the scan (the whole image when nothing stands out).

    Raises:
        ValidationError: ``image`` is not an 8-bit image.
    """
    if image.dtype != np.uint8 or image.ndim not in (2, 3) or min(image.shape[:2]) < 8:
        raise ValidationError("scan", "error.scan_crop_invalid")
    height, width = image.shape[:2]
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    factor = min(1.0, WORK_HEIGHT / height)
    small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _threshold, light = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Close the text and rules printed on the sheet, so the sheet is one blob.
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    light = cv2.morphologyEx(light, cv2.MORPH_CLOSE, kernel)
    contours, _hierarchy = cv2.findContours(light, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    whole = Quad.whole(width, height)
    if not contours:
        return whole
    sheet = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(sheet)
    if area < MIN_PAGE_SHARE * small.shape[0] * small.shape[1]:
        return whole
    hull = cv2.convexHull(sheet)
    approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, closed=True), closed=True)
    if len(approx) == 4:
        corners = approx.reshape(4, 2).astype(np.float64)
    else:
        corners = cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float64)
    points = [(float(x) / factor, float(y) / factor) for x, y in corners]
    clamped = [(min(max(x, 0.0), width), min(max(y, 0.0), height)) for x, y in points]
    quad = Quad.of(clamped)
    if area > 0.97 * small.shape[0] * small.shape[1]:
        return whole  # the sheet fills the scan: nothing to cut
    return quad


def straighten(image: Image, quad: Quad) -> Image:
    """Cut ``quad`` out of ``image`` and warp it to an upright rectangle.

    Raises:
        ValidationError: The corners do not make a convex quadrilateral.
    """
    if not quad.is_convex():
        raise ValidationError("crop", "error.scan_crop_invalid")
    width, height = quad.size()
    source = np.array(quad.points, np.float32)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, target)
    flat = cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    return np.asarray(flat, np.uint8)
