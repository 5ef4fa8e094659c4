"""The simulated scanner's paper faults and crooked pages."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from koffer.devices.errors import PaperJam, PaperOut
from koffer.devices.scanner.interface import ScanSource
from koffer.devices.scanner.sim import SimDocumentScanner


def test_the_feeder_jams_after_the_set_page_and_keeps_the_rest() -> None:
    scanner = SimDocumentScanner()
    scanner.feeder_pages = 5
    scanner.jam_after_pages = 2

    with pytest.raises(PaperJam) as jam:
        scanner.scan(ScanSource.FEEDER, dpi=30)

    assert jam.value.detail == "page 3"
    assert scanner.feeder_pages == 2  # pages 4 and 5 still wait in the feeder
    pages = scanner.scan(ScanSource.FEEDER, dpi=30)  # after clearing the jam
    assert [p.number for p in pages] == [1, 2]
    with pytest.raises(PaperOut):
        scanner.scan(ScanSource.FEEDER, dpi=30)


def _page_angle(image: np.ndarray) -> float:
    """The angle of the page's outline against the dark lid, in degrees."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    _, paper = cv2.threshold(grey, 128, 255, cv2.THRESH_BINARY)
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    (_, _), (_, _), angle = cv2.minAreaRect(max(contours, key=cv2.contourArea))
    return angle if angle < 45 else angle - 90


def test_skew_rotates_the_page_on_the_lid_by_the_set_angle() -> None:
    scanner = SimDocumentScanner()
    straight = scanner.scan(dpi=40)[0].image
    scanner.skew_deg = 4.0
    crooked = scanner.scan(dpi=40)[0].image

    assert straight.shape == crooked.shape
    assert abs(_page_angle(crooked)) == pytest.approx(4.0, abs=0.7)
    assert int(crooked[0, 0].max()) < 60  # the lid shows in the corner
    assert int(straight[0, 0].min()) > 200


def test_perspective_narrows_the_top_of_the_page() -> None:
    scanner = SimDocumentScanner()
    scanner.perspective = 0.1
    image = scanner.scan(dpi=40)[0].image
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h = grey.shape[0]

    def paper_width(row: int) -> int:
        return int((grey[row] > 128).sum())

    assert paper_width(int(h * 0.1)) < paper_width(int(h * 0.9)) * 0.95
