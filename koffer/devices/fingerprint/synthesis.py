"""Synthetic master fingerprints after SFinGe: singular points, orientation, Gabor growth.

A *master print* is the ridge pattern of one finger, independent of any capture. It is made
in four steps, after Cappelli, Maio and Maltoni's SFinGe:

1. **Pattern class and singular points.** A seeded random choice of arch, left loop, right
   loop or whorl (roughly the population frequencies) places cores and deltas.
2. **Orientation field.** Loops and whorls use the zero-pole model of Sherlock and Monro: the
   ridge direction at ``z`` is half the sum of the angles seen from the deltas minus half the
   sum seen from the cores. Arches have no singular point; their ridges follow bumps that grow
   towards the finger's base.
3. **Ridge-frequency map.** A base ridge period around 9 px at 500 dpi (about 0.45 mm), a bit
   denser above the core and sparser towards the crease, with slow random variation.
4. **Ridge growth.** White noise is filtered again and again with Gabor filters tuned to the
   local orientation and period, with a soft clip after each pass. Ridges emerge from the
   noise and, where the flow forces them to split or stop, they form real minutiae: ridge
   endings and bifurcations, in different places for every seed.

For speed the growth runs at half resolution (about 4.5 px per ridge period) with the
Gabor responses of 10 orientation bins and 2 period bins blended linearly; the result is
upsampled to 500 dpi. Growing the master for a 400x500 sensor (a 480x580 canvas, with margin
for rotation) takes about 0.1 s; it is done once per finger and cached by the simulator.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

FloatImage = NDArray[np.float32]

ORIENTATION_BINS = 10
GROWTH_ITERATIONS = 6
NOMINAL_PERIOD_PX = 9.0  # ridge period at 500 dpi, about 0.45 mm


class PatternClass(enum.StrEnum):
    """Henry-style pattern classes the synthesiser draws."""

    ARCH = "arch"
    LEFT_LOOP = "left_loop"
    RIGHT_LOOP = "right_loop"
    WHORL = "whorl"


@dataclass(frozen=True)
class SingularPoint:
    """A core or delta in pixel coordinates of the master canvas."""

    x: float
    y: float
    is_core: bool


@dataclass(frozen=True)
class FingerPattern:
    """Everything that fixes one finger's ridges: class, singular points, period, seed."""

    seed: int
    pattern_class: PatternClass
    singular_points: tuple[SingularPoint, ...]
    base_period: float
    width: int
    height: int
    contact_width: float  # contact ellipse semi-axes in px at normal pressure
    contact_height: float


@dataclass(frozen=True, eq=False)
class MasterPrint:
    """A finger's ridge pattern on a canvas larger than the sensor.

    Attributes:
        pattern: What the ridges were grown from.
        ridges: Ridge field in [-1, 1] (positive = ridge), float32, ``height x width``.
        orientation: Ridge direction in radians (0 = horizontal), same shape.
    """

    pattern: FingerPattern
    ridges: FloatImage
    orientation: FloatImage


def choose_pattern(seed: int, width: int, height: int, large: bool = False) -> FingerPattern:
    """Draw a finger's class, singular points and ridge period from ``seed``.

    Args:
        seed: Fixes the finger; the same seed always gives the same pattern.
        width: Canvas width in px (500 dpi).
        height: Canvas height in px.
        large: A thumb: wider contact area.
    """
    rng = np.random.default_rng(seed)
    draw = rng.random()
    if draw < 0.06:
        pattern_class = PatternClass.ARCH
    elif draw < 0.36:
        pattern_class = PatternClass.WHORL
    elif draw < 0.68:
        pattern_class = PatternClass.LEFT_LOOP
    else:
        pattern_class = PatternClass.RIGHT_LOOP
    cx = width * (0.5 + rng.uniform(-0.05, 0.05))
    cy = height * (0.42 + rng.uniform(-0.05, 0.05))
    points: list[SingularPoint] = []
    if pattern_class in (PatternClass.LEFT_LOOP, PatternClass.RIGHT_LOOP):
        side = 1.0 if pattern_class is PatternClass.LEFT_LOOP else -1.0
        points.append(SingularPoint(cx, cy, is_core=True))
        points.append(
            SingularPoint(cx + side * rng.uniform(55, 95), cy + rng.uniform(90, 130), is_core=False)
        )
    elif pattern_class is PatternClass.WHORL:
        gap = rng.uniform(20, 45)
        tilt = rng.uniform(-0.5, 0.5)
        points.append(
            SingularPoint(cx - gap * math.sin(tilt), cy - gap * math.cos(tilt), is_core=True)
        )
        points.append(
            SingularPoint(cx + gap * math.sin(tilt), cy + gap * math.cos(tilt), is_core=True)
        )
        spread = rng.uniform(95, 125)
        drop = rng.uniform(85, 120)
        points.append(SingularPoint(cx - spread, cy + drop + rng.uniform(-15, 15), is_core=False))
        points.append(SingularPoint(cx + spread, cy + drop + rng.uniform(-15, 15), is_core=False))
    else:
        points.append(
            SingularPoint(cx, cy + rng.uniform(0, 40), is_core=True)
        )  # arch apex, no core
    scale = 1.15 if large else 1.0
    return FingerPattern(
        seed=seed,
        pattern_class=pattern_class,
        singular_points=tuple(points),
        base_period=float(rng.uniform(8.3, 10.2)),
        width=width,
        height=height,
        contact_width=float(rng.uniform(140, 160) * scale),
        contact_height=float(rng.uniform(190, 215) * scale),
    )


def orientation_field(pattern: FingerPattern, scale: float = 1.0) -> FloatImage:
    """Return the ridge direction (radians, modulo pi) over the canvas, sampled at ``scale``."""
    h = round(pattern.height * scale)
    w = round(pattern.width * scale)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64) / scale
    if pattern.pattern_class is PatternClass.ARCH:
        apex = pattern.singular_points[0]
        spread = 0.28 * pattern.width
        # Ridges y = c - a(y) * exp(-(x - x0)^2 / 2s^2): flat on top, rising bumps lower down.
        amplitude = 0.25 + 0.9 / (1.0 + np.exp(-(yy - apex.y) / 40.0))
        slope = amplitude * (xx - apex.x) / spread * np.exp(-((xx - apex.x) ** 2) / (2 * spread**2))
        return np.asarray(np.arctan(slope), np.float32)
    z = xx + 1j * yy
    theta = np.zeros_like(xx)
    for point in pattern.singular_points:
        angle = np.angle(z - (point.x + 1j * point.y))
        # Image rows grow downwards, which mirrors the angles: cores add, deltas subtract.
        theta += 0.5 * angle if point.is_core else -0.5 * angle
    return np.asarray(theta, np.float32)


def period_map(pattern: FingerPattern, scale: float = 1.0) -> FloatImage:
    """Return the local ridge period in px at 500 dpi (not scaled) over the canvas."""
    h = round(pattern.height * scale)
    w = round(pattern.width * scale)
    rng = np.random.default_rng(pattern.seed + 7)
    yy = np.mgrid[0:h, 0:w][0].astype(np.float32) / scale
    centre_y = pattern.singular_points[0].y
    # Denser above the core, sparser towards the flexion crease (about +-10 %).
    gradient = 0.1 * np.tanh((yy - centre_y) / (0.3 * pattern.height))
    coarse = rng.normal(0, 0.04, (4, 4)).astype(np.float32)
    wobble = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.asarray(pattern.base_period * (1.0 + gradient + wobble), np.float32)


def _gabor_bank(periods: tuple[float, ...]) -> list[list[NDArray[np.float32]]]:
    """Even Gabor kernels per period and orientation bin, zero mean, unit response."""
    bank: list[list[NDArray[np.float32]]] = []
    for period in periods:
        sigma = 0.5 * period
        # 11 taps at most: OpenCV switches to a much slower DFT path for larger kernels.
        size = min(2 * math.ceil(2.0 * sigma) + 1, 11)
        row: list[NDArray[np.float32]] = []
        for k in range(ORIENTATION_BINS):
            ridge_angle = k * math.pi / ORIENTATION_BINS
            # cv2's theta is the direction of the wave normal; ridges run across it.
            raw = cv2.getGaborKernel(
                (size, size), sigma, ridge_angle + math.pi / 2, period, 1.0, 0.0, cv2.CV_32F
            )
            kernel = np.asarray(raw, np.float32) - float(np.mean(raw))
            row.append(np.asarray(kernel / np.abs(kernel).sum(), np.float32))
        bank.append(row)
    return bank


def grow_ridges(
    orientation: FloatImage, period: FloatImage, seed: int, iterations: int = GROWTH_ITERATIONS
) -> FloatImage:
    """Grow ridges from noise by repeated oriented Gabor filtering (SFinGe's main step).

    Args:
        orientation: Ridge direction per pixel (radians).
        period: Ridge period per pixel in the *same* pixel units as the arrays.
        seed: Seed of the starting noise (fixes the minutiae).
        iterations: Filter passes; 8-10 give settled ridges.

    Returns:
        Ridge field in [-1, 1], positive on ridges.
    """
    rng = np.random.default_rng(seed)
    h, w = orientation.shape
    low, high = float(period.min()), float(period.max())
    if high - low < 0.2:
        high = low + 0.2
    bank = _gabor_bank((low, high))
    # Per-pixel weights of each (period, orientation) bin: linear between neighbours, so at
    # most four of the 2 x 10 responses count at any pixel.
    position = np.mod(orientation, np.pi) / np.pi * ORIENTATION_BINS
    bin_low = np.floor(position).astype(np.intp) % ORIENTATION_BINS
    w_angle = (position - np.floor(position)).astype(np.float32)
    w_period = np.clip((period - low) / (high - low), 0.0, 1.0).astype(np.float32)
    weights: list[tuple[NDArray[np.float32], int, int]] = []
    for k in range(ORIENTATION_BINS):
        w_k = np.where(bin_low == k, 1.0 - w_angle, 0.0) + np.where(
            (bin_low + 1) % ORIENTATION_BINS == k, w_angle, 0.0
        )
        if np.any(w_k > 0):
            for p_index, p_weight in ((0, 1.0 - w_period), (1, w_period)):
                weights.append((np.asarray(w_k * p_weight, np.float32), p_index, k))
    field = rng.normal(0.0, 1.0, (h, w)).astype(np.float32)
    for _ in range(iterations):
        blended = np.zeros((h, w), np.float32)
        for weight, p_index, k in weights:
            blended += weight * cv2.filter2D(field, -1, bank[p_index][k])
        spread = float(np.std(blended)) or 1.0
        field = np.tanh(2.5 * blended / spread).astype(np.float32)
    return field


def render_master(pattern: FingerPattern) -> MasterPrint:
    """Grow the ridge pattern for ``pattern`` at 500 dpi."""
    half = 0.5
    orientation_half = orientation_field(pattern, half)
    period_half = period_map(pattern, half) * half
    ridges_half = grow_ridges(orientation_half, period_half, pattern.seed)
    size = (pattern.width, pattern.height)
    ridges = cv2.resize(ridges_half, size, interpolation=cv2.INTER_CUBIC)
    ridges = np.tanh(2.0 * ridges).astype(np.float32)
    return MasterPrint(pattern, ridges, orientation_field(pattern))
