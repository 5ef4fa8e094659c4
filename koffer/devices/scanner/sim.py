"""Simulated scanner: A4 pages with printed text, a feeder, and the faults of real paper.

Knobs: ``feeder_pages`` (sheets in the feeder), ``jam_after_pages`` (the feeder jams after
that many pages; they stay scanned but the call fails, as SANE reports it, and the rest stay
in the feeder), ``skew_deg`` and ``perspective`` (a sheet laid crooked on the glass, or a page
photographed at an angle: the page sits rotated or keystoned on the dark lid), and the queued
faults of every simulator (cover open, unplugged...).
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer.devices.base import DeviceKind
from koffer.devices.errors import PaperJam, PaperOut
from koffer.devices.scanner.interface import ScanPage, ScanSource
from koffer.devices.simulation import SimulatedDevice

A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4


class SimDocumentScanner(SimulatedDevice):
    """An A4 scanner; ``feeder_pages`` is how many sheets lie in the feeder."""

    kind = DeviceKind.SCANNER
    model = "Koffer simulated A4 scanner"

    def __init__(self, seed: int = 0) -> None:
        super().__init__(seed)
        self.feeder_pages = 2
        self.text = "Lebensbescheinigung / Life certificate"
        self.jam_after_pages: int | None = None
        self.skew_deg = 0.0
        self.perspective = 0.0  # 0..0.2: how far the top corners move inwards (page width)

    def scan(self, source: ScanSource = ScanSource.FLATBED, dpi: int = 300) -> list[ScanPage]:
        """Scan the flatbed page, or empty the feeder page by page."""
        self._operate()
        if source is ScanSource.FLATBED:
            return [ScanPage(self.render(1, dpi), dpi, 1)]
        if self.feeder_pages <= 0:
            raise PaperOut(str(self.kind), "feeder empty")
        count = self.feeder_pages
        if self.jam_after_pages is not None and self.jam_after_pages < count:
            jammed_at = self.jam_after_pages + 1
            self.feeder_pages -= jammed_at  # scanned ones come out; the jammed sheet is pulled
            self.jam_after_pages = None
            raise PaperJam(str(self.kind), f"page {jammed_at}")
        pages = [ScanPage(self.render(n, dpi), dpi, n) for n in range(1, count + 1)]
        self.feeder_pages = 0
        return pages

    def render(self, number: int, dpi: int) -> NDArray[np.uint8]:
        """Draw an A4 page with a heading, ruled text lines and the page number."""
        w, h = (round(mm / MM_PER_INCH * dpi) for mm in A4_MM)
        page = np.full((h, w, 3), 250, np.uint8)
        margin = w // 10
        scale = dpi / 150
        cv2.putText(
            page,
            self.text,
            (margin, margin + int(30 * scale)),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.9 * scale,
            (20, 20, 20),
            max(1, int(2 * scale)),
        )
        y = margin + int(90 * scale)
        while y < h - margin:
            length = int((w - 2 * margin) * (0.6 + 0.4 * self.random.random()))
            cv2.line(page, (margin, y), (margin + length, y), (60, 60, 60), max(1, int(scale)))
            y += int(28 * scale)
        cv2.putText(
            page,
            f"{number}",
            (w // 2, h - margin // 2),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.7 * scale,
            (20, 20, 20),
            max(1, int(scale)),
        )
        return self._placed(page)

    def _placed(self, page: NDArray[np.uint8]) -> NDArray[np.uint8]:
        """Lay the page on the dark lid as ``skew_deg`` and ``perspective`` say."""
        if not self.skew_deg and not self.perspective:
            return page
        h, w = page.shape[:2]
        inset = self.perspective * w
        corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
        keystone = np.array([[inset, 0], [w - inset, 0], [w, h], [0, h]], np.float32)
        rotation = cv2.getRotationMatrix2D((w / 2, h / 2), self.skew_deg, 0.92)
        moved = cv2.transform(keystone[None], rotation)[0].astype(np.float32)
        matrix = cv2.getPerspectiveTransform(corners, moved)
        lid = (45, 45, 45)
        placed = cv2.warpPerspective(page, matrix, (w, h), borderValue=lid)
        return np.asarray(placed, np.uint8)
