"""The signature image: 900x132 JPEG from pen strokes or a scan, or a clear error."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from koffer.biometrics import signature
from koffer.devices.signature_pad.sim import SimSignaturePad
from koffer.domain.errors import ValidationError


def _decode(jpeg: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_UNCHANGED)
    assert image is not None
    return image


def _ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(image < 128)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def test_pen_strokes_become_a_900x132_greyscale_jpeg_filled_edge_to_edge() -> None:
    pad = SimSignaturePad().capture()
    strokes = [[(p.x, p.y, p.pressure) for p in stroke] for stroke in pad.strokes]

    image = _decode(signature.from_strokes(strokes, pad.width, pad.height))

    assert image.shape == (132, 900)
    left, top, right, bottom = _ink_box(image)
    assert left < 40 or top < 15  # the ink fills one dimension up to the margin
    assert right > 860 or bottom > 117
    assert abs((left + right) / 2 - 450) < 25  # centred


def test_a_scan_on_grey_paper_is_binarised_cropped_and_fitted() -> None:
    paper = np.full((600, 1800, 3), 185, np.uint8)  # a grey, slightly noisy form
    paper += np.random.default_rng(1).integers(0, 12, paper.shape, dtype=np.uint8)
    cv2.putText(
        paper, "Mustermann", (500, 380), cv2.FONT_HERSHEY_SCRIPT_COMPLEX, 3, (40, 30, 20), 6
    )

    image = _decode(signature.from_scan(paper))

    assert image.shape == (132, 900)
    assert image[0:10, 0:10].min() > 230  # the grey paper became white
    left, top, right, bottom = _ink_box(image)
    assert bottom - top > 100 or right - left > 820


@pytest.mark.parametrize(
    "strokes", [[], [[(10.0, 10.0, 0.5)]], [[(10.0, 10.0, 0.5), (10.5, 10.0, 0.5)]]]
)
def test_no_ink_is_no_signature(strokes: list) -> None:
    with pytest.raises(ValidationError) as error:
        signature.from_strokes(strokes, 300, 100)
    assert error.value.message_key == "error.signature_empty"


def test_a_blank_scan_is_no_signature() -> None:
    blank = np.full((400, 1200), 240, np.uint8)
    with pytest.raises(ValidationError):
        signature.from_scan(blank)
