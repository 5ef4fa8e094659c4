"""The signature image for the document: 900x132 px JPEG (TR-03123-2), from pen strokes or a scan.

Pen strokes (from a pad, a touch screen or a pen tablet) are drawn with a line width that
follows the pen pressure; a scanned signature is binarised (Otsu) so that paper texture and
grey background vanish. Either way the ink is cropped with a small margin, scaled to fit
900x132 without distortion, centred on white, and encoded as greyscale JPEG.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.domain.errors import ValidationError

WIDTH, HEIGHT = 900, 132
MARGIN = 0.06  # of the ink's height, around the crop
MIN_INK_PIXELS = 40  # less ink than this is no signature (a dot, a slip of the pen)
JPEG_QUALITY = 90
RENDER_SCALE = 4.0  # pad units -> pixels when drawing strokes, before fitting
BLANK_STD = 8.0  # grey-level spread below which a scan is an empty page
MIN_PEN_PATH = 0.05  # of the pad's width: a shorter pen path is a slip, not a signature

Stroke = Sequence[tuple[float, float, float]]  # (x, y, pressure 0-1) in pad units


def from_strokes(strokes: Sequence[Stroke], pad_width: float, pad_height: float) -> bytes:
    """Render pen strokes and normalise them (see the module docstring).

    Raises:
        ValidationError: ``error.signature_empty`` when there is (almost) no ink.
    """
    path = sum(
        math.dist((x0, y0), (x1, y1))
        for stroke in strokes
        for (x0, y0, _p0), (x1, y1, _p1) in itertools.pairwise(stroke)
    )
    if path < MIN_PEN_PATH * pad_width:
        raise ValidationError("signature", "error.signature_empty")
    width = max(1, round(pad_width * RENDER_SCALE))
    height = max(1, round(pad_height * RENDER_SCALE))
    canvas = np.full((height, width), 255, np.uint8)
    for stroke in strokes:
        for (x0, y0, p0), (x1, y1, p1) in itertools.pairwise(stroke):
            thickness = max(2, round(RENDER_SCALE * (1.0 + 2.0 * (p0 + p1) / 2)))
            cv2.line(
                canvas,
                (round(x0 * RENDER_SCALE), round(y0 * RENDER_SCALE)),
                (round(x1 * RENDER_SCALE), round(y1 * RENDER_SCALE)),
                0,
                thickness,
                cv2.LINE_AA,
            )
    return _normalised(canvas)


def from_scan(image: NDArray[np.uint8]) -> bytes:
    """Normalise a scanned or photographed signature (BGR or grey, dark ink on paper).

    Raises:
        ValidationError: ``error.signature_empty`` when no ink is found.
    """
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    blurred = cv2.GaussianBlur(grey, (3, 3), 0)
    _threshold, ink = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if float(np.std(grey)) < BLANK_STD:  # a blank page: Otsu would split paper noise into ink
        raise ValidationError("signature", "error.signature_empty")
    return _normalised(np.asarray(ink, np.uint8))


def _normalised(canvas: NDArray[np.uint8]) -> bytes:
    ys, xs = np.nonzero(canvas < 128)
    if len(xs) < MIN_INK_PIXELS:
        raise ValidationError("signature", "error.signature_empty")
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    margin = max(2, round((bottom - top) * MARGIN))
    top, left = max(0, top - margin), max(0, left - margin)
    bottom, right = min(canvas.shape[0], bottom + margin), min(canvas.shape[1], right + margin)
    ink = canvas[top:bottom, left:right]
    scale = min(WIDTH / ink.shape[1], HEIGHT / ink.shape[0])
    size = (max(1, round(ink.shape[1] * scale)), max(1, round(ink.shape[0] * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    fitted = cv2.resize(ink, size, interpolation=interpolation)
    out = np.full((HEIGHT, WIDTH), 255, np.uint8)
    x, y = (WIDTH - size[0]) // 2, (HEIGHT - size[1]) // 2
    out[y : y + size[1], x : x + size[0]] = fitted
    ok, encoded = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        msg = "OpenCV could not encode the signature"
        raise RuntimeError(msg)
    return bytes(encoded.tobytes())
