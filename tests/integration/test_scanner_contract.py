"""One contract for every scanner backend: the simulator, and SANE's test backend."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from koffer.devices.errors import PaperJam
from koffer.devices.scanner.interface import DocumentScanner, ScanSource
from koffer.devices.scanner.sim import SimDocumentScanner
from tests.conftest import require_real


@dataclass
class Backend:
    scanner: DocumentScanner
    jam_next: Callable[[], None]


def _sim() -> Backend:
    scanner = SimDocumentScanner()
    return Backend(scanner, lambda: scanner.queue_fault(PaperJam()))


def _sane() -> Backend:
    if not os.environ.get("SANE_CONFIG_DIR"):
        require_real("SANE with the test backend")
    from koffer.devices.scanner.sane import SaneScanner

    scanner = SaneScanner("test:0")

    def jam_next() -> None:
        scanner.options["read_return_value"] = "SANE_STATUS_JAMMED"

    return Backend(scanner, jam_next)


@pytest.fixture(params=["sim", "sane"])
def backend(request: pytest.FixtureRequest) -> Backend:
    return {"sim": _sim, "sane": _sane}[request.param]()


def test_flatbed_gives_one_colour_page_at_the_resolution(backend: Backend) -> None:
    (page,) = backend.scanner.scan(ScanSource.FLATBED, dpi=75)
    assert page.dpi == 75
    assert page.number == 1
    height, width, channels = page.image.shape
    assert channels == 3
    assert height > width > 100  # portrait page at 75 dpi (SANE test area: 200x200 mm max)


def test_feeder_gives_numbered_pages(backend: Backend) -> None:
    pages = backend.scanner.scan(ScanSource.FEEDER, dpi=50)
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert len(pages) >= 1


def test_jam_is_reported_as_paper_jam(backend: Backend) -> None:
    backend.jam_next()
    with pytest.raises(PaperJam):
        backend.scanner.scan(ScanSource.FLATBED, dpi=50)


def test_info_reports_ready(backend: Backend) -> None:
    assert backend.scanner.info().state == "ready"
