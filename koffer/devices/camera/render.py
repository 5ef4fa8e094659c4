"""Draws the simulated citizen: a shaded head with pose, light, backdrop, blur and noise.

The scene is laid out in units of the image height so that a 1280x720 preview and a
1244x1600 still show the same head size relative to the frame height (the camera is aimed at
the eyes, so the eye line stays put when the distance changes). Proportions follow adult
averages: head (chin to crown) 0.23 m, eye distance 0.27 head heights, eye line 0.48 head
heights below the crown, head width 0.68 head heights. At 1 m the head fills 75 % of the
frame height, which is the middle of the passport range.

Pose is drawn the way a turned head looks from the front: yaw and pitch move the facial
features inside the unmoved head outline (and foreshorten them), roll rotates the whole head.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

import cv2
import numpy as np
from numpy.typing import NDArray

Image = NDArray[np.float32]
Colour = tuple[float, float, float]

_SKIN: Colour = (150.0, 175.0, 215.0)
_HAIR: Colour = (40.0, 50.0, 70.0)
_CLOTH: Colour = (90.0, 70.0, 60.0)
HEAD_HEIGHT_M = 0.23
"""Chin-to-crown height of the simulated head; the photo check assumes the same average."""
HEAD_FILL_AT_1M = 0.75
"""Head height over frame height at 1 m."""
EYE_DISTANCE = 0.27
"""Eye distance over head height."""
EYE_LINE = 0.48
"""Crown-to-eye-line distance over head height."""
HEAD_WIDTH = 0.68
"""Head width over head height."""
FEATURE_SHIFT = 0.9
"""How far yaw/pitch move the features, as a share of the head's half width/height."""
EYE_LINE_Y = 0.42
"""Where the camera is aimed: the eye line's height in the frame, as a share of its height."""


class Backdrop(StrEnum):
    """What hangs behind the citizen."""

    UNIFORM = "uniform"
    CLUTTERED = "cluttered"
    DARK = "dark"


@dataclass
class Subject:
    """How the simulated citizen sits and how the scene is lit.

    Attributes:
        distance_m: Camera distance; the head scales with 1/distance.
        offset_x: Horizontal shift of the head, as a share of the frame width.
        offset_y: Vertical shift of the head, as a share of the frame height.
        background: Grey level of a uniform backdrop.
        light: Exposure factor (1.0 is correct exposure).
        roll: Head tilt in degrees, clockwise in the image.
        yaw: Head turn in degrees; positive moves the face towards the image's right.
        pitch: Head nod in degrees; positive lifts the chin (features move up).
        backdrop: Uniform, cluttered (shelves, posters) or dark.
        side_light: Strength 0-1 of a light from the image's right (negative: from the left)
            that darkens the far half of the face.
        shadow_on_background: Whether that light also throws the head's shadow on the
            backdrop (False models a backdrop far behind the citizen).
        blur: Defocus as a Gaussian sigma in pixels at 1600 px frame height.
        haze: 0-1, washes the picture out towards mid grey (flat light, fogged lens).
        eyes_open: Whether the eyes are open.
        head_width: Face width factor (1.0 average).
        eye_spacing: Eye distance factor (1.0 average).
        second_person: Horizontal position of a second, farther person relative to the
            head, in frame heights; None for nobody.
    """

    distance_m: float = 1.0
    offset_x: float = 0.0
    offset_y: float = 0.0
    background: int = 225
    light: float = 1.0
    roll: float = 0.0
    yaw: float = 0.0
    pitch: float = 0.0
    backdrop: Backdrop = Backdrop.UNIFORM
    side_light: float = 0.0
    shadow_on_background: bool = True
    blur: float = 0.0
    haze: float = 0.0
    eyes_open: bool = True
    head_width: float = 1.0
    eye_spacing: float = 1.0
    second_person: float | None = None


@dataclass
class _Head:
    """One head to draw, in pixels: centre of the outline, half axes, pose."""

    cx: float
    cy: float
    a: float
    b: float
    eye_distance: float
    roll: float = 0.0
    yaw: float = 0.0
    pitch: float = 0.0
    eyes_open: bool = True
    side_light: float = 0.0
    rotation: tuple[float, float] = field(init=False)

    def __post_init__(self) -> None:
        rad = math.radians(self.roll)
        self.rotation = (math.cos(rad), math.sin(rad))

    def point(self, x: float, y: float) -> tuple[int, int]:
        """Map head-local pixel offsets (x right, y down, from the centre) to the image."""
        c, s = self.rotation
        return round(self.cx + c * x - s * y), round(self.cy + s * x + c * y)

    def feature(self, x: float, y: float, depth: float = 0.0) -> tuple[int, int]:
        """Place a facial feature given relative to the unturned eye-line centre."""
        yaw, pitch = math.radians(self.yaw), math.radians(self.pitch)
        eye_y = -self.b + 2 * self.b * EYE_LINE
        fx = (
            x * math.cos(yaw)
            + FEATURE_SHIFT * self.a * math.sin(yaw)
            + depth * self.eye_distance * math.sin(yaw)
        )
        fy = (
            eye_y
            + y * math.cos(pitch)
            - FEATURE_SHIFT * self.b * math.sin(pitch)
            - depth * self.eye_distance * math.sin(pitch)
        )
        return self.point(fx, fy)


class SceneRenderer:
    """Renders frames of a :class:`Subject`; caches what does not change between frames."""

    def __init__(self, seed: int = 0) -> None:
        self._seed = seed
        self._noise = np.random.default_rng(seed)
        self._clutter: dict[tuple[int, int], Image] = {}

    def render(self, subject: Subject, width: int, height: int) -> NDArray[np.uint8]:
        """Return a BGR 8-bit frame of ``width`` x ``height`` pixels."""
        s = subject
        h = float(height)
        img = self._backdrop(s, width, height)
        scale = 1.0 / max(s.distance_m, 0.2)
        head_h = HEAD_FILL_AT_1M * h * scale
        b = head_h / 2
        a = HEAD_WIDTH * head_h / 2 * s.head_width
        eye_y = (EYE_LINE_Y + s.offset_y) * h
        cx = width / 2 + s.offset_x * width
        cy = eye_y - (2 * EYE_LINE - 1) * b
        main = _Head(
            cx,
            cy,
            a,
            b,
            EYE_DISTANCE * head_h * s.eye_spacing,
            s.roll,
            s.yaw,
            s.pitch,
            s.eyes_open,
            s.side_light,
        )
        if s.second_person is not None:
            far = 0.5
            other = _Head(
                cx + s.second_person * h,
                eye_y - 0.12 * h,
                a * far,
                b * far,
                EYE_DISTANCE * head_h * far,
            )
            _draw_person(img, other)
        if s.side_light and s.shadow_on_background:
            _cast_shadow(img, main, s.side_light)
        _draw_person(img, main)
        if s.side_light:
            _shade_half_face(img, main, s.side_light)
        sigma = math.hypot(1.5, s.blur) * h / 1600
        img = np.asarray(cv2.GaussianBlur(img, (0, 0), sigma), np.float32)
        img *= s.light
        if s.haze:
            img = img * (1 - s.haze) + 128 * s.haze
        small = (max(1, height // 8), max(1, width // 8))
        noise = self._noise.normal(0, 1.5, small).astype(np.float32)
        img += cv2.resize(noise, (width, height), interpolation=cv2.INTER_LINEAR)[..., None]
        return np.asarray(np.clip(img, 0, 255), np.uint8)

    def _backdrop(self, s: Subject, width: int, height: int) -> Image:
        if s.backdrop is Backdrop.DARK:
            return np.full((height, width, 3), 55, np.float32)
        if s.backdrop is Backdrop.CLUTTERED:
            key = (width, height)
            if key not in self._clutter:
                self._clutter[key] = _clutter(width, height, self._seed)
            return self._clutter[key].copy()
        return np.full((height, width, 3), s.background, np.float32)


def _clutter(width: int, height: int, seed: int) -> Image:
    """A light but busy room: shelves, posters and frames in many colours."""
    rng = np.random.default_rng(seed + 1)
    img = np.full((height, width, 3), 200, np.float32)
    unit = height / 40
    for _ in range(140):
        x, y = int(rng.uniform(-0.1, 1) * width), int(rng.uniform(-0.1, 1) * height)
        w, h = int(rng.uniform(1, 8) * unit), int(rng.uniform(1, 8) * unit)
        colour = tuple(float(c) for c in rng.uniform(110, 255, 3))
        cv2.rectangle(img, (x, y), (x + w, y + h), colour, -1)
        cv2.rectangle(img, (x, y), (x + w, y + h), (60.0, 60.0, 60.0), max(1, int(unit / 6)))
    return img


def _draw_person(img: Image, head: _Head) -> None:
    """Shoulders, neck, shaded head, hair and the face."""
    a, b, e = head.a, head.b, head.eye_distance
    cv2.ellipse(
        img,
        (round(head.cx), round(head.cy + 2.2 * b)),
        (round(a * 2.3), round(b * 0.9)),
        0,
        180,
        360,
        _CLOTH,
        -1,
    )
    corners = [(-0.55, 0.4), (0.55, 0.4), (0.6, 1.6), (-0.6, 1.6)]
    neck = np.array([head.point(x * a, y * b) for x, y in corners], np.int32)
    cv2.fillConvexPoly(img, neck, tuple(0.55 * c for c in _SKIN))
    _shaded_ellipse(img, head)
    hairline = -b + 2 * b * EYE_LINE - 0.75 * e
    cv2.ellipse(
        img,
        head.point(0, hairline),
        (round(a * 1.04), round(hairline + b)),
        head.roll,
        180,
        360,
        _HAIR,
        -1,
    )
    _draw_face(img, head)


def _head_coordinates(
    head: _Head, box: tuple[int, int, int, int], step: int
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Head-local coordinates (in half axes) over ``box`` (x0, x1, y0, y1), every ``step`` px."""
    x0, x1, y0, y1 = box
    ys = np.arange(y0, y1, step, dtype=np.float32) - head.cy
    xs = np.arange(x0, x1, step, dtype=np.float32) - head.cx
    dy, dx = np.meshgrid(ys, xs, indexing="ij")
    c, s = head.rotation
    return (c * dx + s * dy) / head.a, (-s * dx + c * dy) / head.b


def _shaded_ellipse(img: Image, head: _Head) -> None:
    """The head outline, darker towards its rim like a lit sphere.

    The shading is smooth, so it is computed on a coarse grid and scaled up; only the
    outline is drawn at full resolution. That keeps a still at well under 100 ms.
    """
    height, width = img.shape[:2]
    r = max(head.a, head.b)
    x0, x1 = max(0, int(head.cx - r) - 1), min(width, int(head.cx + r) + 2)
    y0, y1 = max(0, int(head.cy - r) - 1), min(height, int(head.cy + r) + 2)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    u, v = _head_coordinates(head, (x0, x1, y0, y1), 4)
    coarse = (1.05 - 0.35 * (u * u + v * v)).astype(np.float32)
    shade = np.asarray(
        cv2.resize(coarse, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR), np.float32
    )
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    centre = (round(head.cx - x0), round(head.cy - y0))
    cv2.ellipse(mask, centre, (round(head.a), round(head.b)), head.roll, 0, 360, 1, -1)
    inside = mask.astype(bool)
    region = img[y0:y1, x0:x1]
    region[inside] = np.array(_SKIN, np.float32) * shade[inside][:, None]


def _draw_face(img: Image, head: _Head) -> None:
    e = head.eye_distance
    pose = math.cos(math.radians(head.yaw))
    tilt = head.roll
    for side in (-1, 1):
        centre = head.feature(side * e / 2, 0)
        socket = (round(0.3 * e * pose), round(0.13 * e))
        cv2.ellipse(img, centre, socket, tilt, 0, 360, (95, 110, 140), -1)
        if head.eyes_open:
            cv2.ellipse(
                img, centre, (round(0.2 * e * pose), round(0.075 * e)), tilt, 0, 360,
                (205, 210, 220), -1,
            )  # fmt: skip
            cv2.circle(img, centre, round(0.075 * e), (70, 55, 40), -1)
            cv2.circle(img, centre, round(0.035 * e), (20, 15, 10), -1)
        else:
            lid = (round(0.22 * e * pose), round(0.09 * e))
            cv2.ellipse(img, centre, lid, tilt, 0, 360, tuple(0.85 * c for c in _SKIN), -1)
            cv2.ellipse(
                img, centre, (lid[0], round(0.03 * e)), tilt, 0, 180, (45, 40, 40),
                max(2, round(0.02 * e)),
            )  # fmt: skip
        brow = head.feature(side * e / 2, -0.33 * e)
        cv2.ellipse(
            img, brow, (round(0.27 * e * pose), round(0.08 * e)), tilt, 200, 340, _HAIR,
            max(3, round(0.05 * e)),
        )  # fmt: skip
    bridge = head.feature(0, 0.3 * e, depth=0.2)
    cv2.ellipse(
        img, bridge, (round(0.1 * e * pose), round(0.3 * e)), tilt, 0, 360,
        tuple(1.08 * c for c in _SKIN), -1,
    )  # fmt: skip
    nostrils = head.feature(0, 0.62 * e, depth=0.3)
    cv2.ellipse(
        img, nostrils, (round(0.2 * e * pose), round(0.07 * e)), tilt, 0, 180,
        (90, 105, 140), -1,
    )  # fmt: skip
    mouth = head.feature(0, 1.12 * e, depth=0.1)
    cv2.ellipse(
        img, mouth, (round(0.38 * e * pose), round(0.08 * e)), tilt, 0, 180, (70, 70, 140),
        max(3, round(0.05 * e)),
    )  # fmt: skip


def _silhouette(shape: tuple[int, int], head: _Head, shift: float) -> NDArray[np.float32]:
    mask = np.zeros(shape, np.float32)
    cx = round(head.cx + shift)
    cv2.ellipse(
        mask, (cx, round(head.cy)), (round(head.a * 1.05), round(head.b)), head.roll, 0, 360,
        1.0, -1,
    )  # fmt: skip
    cv2.ellipse(
        mask, (cx, round(head.cy + 2.2 * head.b)), (round(head.a * 2.3), round(head.b * 0.9)),
        0, 180, 360, 1.0, -1,
    )  # fmt: skip
    return mask


def _cast_shadow(img: Image, head: _Head, strength: float) -> None:
    """The head's shadow on the backdrop, thrown away from the light."""
    height, width = img.shape[:2]
    small = (max(1, height // 4), max(1, width // 4))
    quarter = _Head(
        head.cx / 4, head.cy / 4, head.a / 4, head.b / 4, head.eye_distance / 4, head.roll
    )
    shift = -math.copysign(0.45 * head.a / 4, strength)
    mask = _silhouette(small, quarter, shift)
    mask = np.asarray(cv2.GaussianBlur(mask, (0, 0), max(1.0, head.a / 40)), np.float32)
    mask = np.asarray(cv2.resize(mask, (width, height), interpolation=cv2.INTER_LINEAR), np.float32)
    img *= (1 - 0.5 * min(abs(strength), 1.0) * mask)[..., None]


def _shade_half_face(img: Image, head: _Head, strength: float) -> None:
    """Darken the half of the head turned away from the side light."""
    height, width = img.shape[:2]
    r = max(head.a, head.b) * 1.1
    x0, x1 = max(0, int(head.cx - r)), min(width, int(head.cx + r) + 1)
    y0, y1 = max(0, int(head.cy - r)), min(height, int(head.cy + r) + 1)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    u, v = _head_coordinates(head, (x0, x1, y0, y1), 4)
    inside = (u * u + v * v <= 1.0).astype(np.float32)
    away = 0.5 * (1 - np.tanh(6 * u * math.copysign(1.0, strength)))
    coarse = (1 - 0.6 * min(abs(strength), 1.0) * away * inside).astype(np.float32)
    factor = cv2.resize(coarse, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    img[y0:y1, x0:x1] *= np.asarray(factor, np.float32)[..., None]
