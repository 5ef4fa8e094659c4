"""One contract for every scanner backend: the simulator, and SANE's test backend."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from koffer.devices.errors import CoverOpen, DeviceError, DeviceUnavailable, PaperJam, PaperOut
from koffer.devices.scanner.interface import DocumentScanner, ScanSource
from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.domain.messages import describe
from tests.conftest import require_real

# The SANE status each fault stands for; the test backend returns it on the next read.
FAULTS: dict[str, tuple[type[DeviceError], str]] = {
    "jam": (PaperJam, "SANE_STATUS_JAMMED"),
    "cover_open": (CoverOpen, "SANE_STATUS_COVER_OPEN"),
    "no_docs": (PaperOut, "SANE_STATUS_NO_DOCS"),
    "io_error": (DeviceUnavailable, "SANE_STATUS_IO_ERROR"),
}


@dataclass
class Backend:
    scanner: DocumentScanner
    fail_next: Callable[[str], None]


def _sim() -> Backend:
    scanner = SimDocumentScanner()

    def fail_next(fault: str) -> None:
        scanner.queue_fault(FAULTS[fault][0]("scanner", fault))

    return Backend(scanner, fail_next)


def _sane() -> Backend:
    if not os.environ.get("SANE_CONFIG_DIR"):
        require_real("SANE with the test backend")
    from koffer.devices.scanner.sane import SaneScanner

    scanner = SaneScanner("test:0")

    def fail_next(fault: str) -> None:
        scanner.options["read_return_value"] = FAULTS[fault][1]

    return Backend(scanner, fail_next)


@pytest.fixture(scope="module", autouse=True)
def _sigpipe_ignored_again() -> Iterator[None]:
    """libsane sets SIGPIPE back to its default; after that a write to a closed socket in a
    later test ends the whole test process (exit 141). Its test backend needs the default
    while it scans, so it is restored once this module's scans are over."""
    yield
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)


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


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_is_reported_as_the_error_a_clerk_can_act_on(
    backend: Backend, fault: str
) -> None:
    backend.fail_next(fault)
    with pytest.raises(FAULTS[fault][0]) as error:
        backend.scanner.scan(ScanSource.FLATBED, dpi=50)
    assert error.value.params["device"] == "scanner"
    assert describe(error.value, "de") != describe(error.value, "en")  # translated


def test_info_reports_ready(backend: Backend) -> None:
    assert backend.scanner.info().state == "ready"
