"""Finding a scanned sheet on the lid and cutting it out straight."""

from __future__ import annotations

import numpy as np
import pytest

from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.documents.scan_crop import Quad, find_page, straighten
from koffer.domain.errors import ValidationError


def _scan(skew: float, perspective: float = 0.0) -> np.ndarray:
    scanner = SimDocumentScanner()
    scanner.skew_deg = skew
    scanner.perspective = perspective
    return scanner.scan(dpi=100)[0].image


@pytest.mark.parametrize(("skew", "perspective"), [(3.0, 0.0), (-4.0, 0.06), (0.5, 0.1)])
def test_a_crooked_sheet_comes_out_upright_and_white(skew: float, perspective: float) -> None:
    image = _scan(skew, perspective)
    quad = find_page(image)
    page = straighten(image, quad)
    assert quad.is_convex()
    assert 1.3 < page.shape[0] / page.shape[1] < 1.55  # A4 is 1.41
    # The lid (grey 45) is cut away: the page's border rows are paper.
    assert page[:5].mean() > 200
    assert page[-5:].mean() > 200


def test_a_scan_without_a_lid_is_the_whole_page() -> None:
    image = _scan(0.0)
    assert find_page(image) == Quad.whole(image.shape[1], image.shape[0])


def test_a_dark_empty_scan_is_kept_whole() -> None:
    image = np.full((400, 300, 3), 40, np.uint8)
    assert find_page(image) == Quad.whole(300, 400)


def test_corners_are_ordered_whatever_order_they_come_in() -> None:
    quad = Quad.of([(90, 110), (10, 10), (100, 0), (0, 100)])
    assert quad.points == ((10, 10), (100, 0), (90, 110), (0, 100))


def test_crossed_corners_are_refused() -> None:
    crossed = Quad((0, 0), (100, 100), (100, 0), (0, 100))
    with pytest.raises(ValidationError) as raised:
        straighten(np.zeros((120, 120, 3), np.uint8), crossed)
    assert raised.value.message_key == "error.scan_crop_invalid"


def test_not_an_image_is_refused() -> None:
    with pytest.raises(ValidationError):
        find_page(np.zeros((3, 3), np.float32))  # type: ignore[arg-type]
