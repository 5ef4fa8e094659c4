"""One contract for every scanner backend: the simulator, and SANE's test backend."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def _sigpipe_ignored() -> bool:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) >> (signal.SIGPIPE - 1) & 1)
    return False


def test_scanning_leaves_broken_pipes_an_exception_not_a_kill(backend: Backend) -> None:
    # libsane's test backend set SIGPIPE back to its default: the next write to a closed
    # socket (a dropped town-hall connection) then ended the whole process.
    assert _sigpipe_ignored()
    backend.scanner.scan(ScanSource.FLATBED, dpi=50)
    backend.scanner.info()
    assert _sigpipe_ignored()


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
