"""One contract for every scanner backend: the simulator, and SANE's test backend."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from koffer.devices.errors import (
    CoverOpen,
    DeviceError,
    DeviceTimeout,
    DeviceUnavailable,
    PaperJam,
    PaperOut,
)
from koffer.devices.scanner.interface import DocumentScanner, ScanSource
from koffer.devices.scanner.sane import SaneScanner
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
    scanner = SaneScanner("test:0", timeout_s=60)

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


# --- the SANE host process ---------------------------------------------------------------


def _sane_scanner(**kwargs: object) -> SaneScanner:
    if not os.environ.get("SANE_CONFIG_DIR"):
        require_real("SANE with the test backend")
    return SaneScanner("test:0", **kwargs)  # type: ignore[arg-type]


def test_scanning_leaves_the_kits_sigpipe_ignored() -> None:
    """libsane sets SIGPIPE to its default; it runs in the host, so the kit keeps ignoring it
    (a dropped connection then raises BrokenPipeError instead of ending the app)."""
    scanner = _sane_scanner()
    scanner.scan(ScanSource.FLATBED, dpi=50)
    scanner.scan(ScanSource.FEEDER, dpi=50)
    assert signal.getsignal(signal.SIGPIPE) is signal.SIG_IGN
    scanner.close()


def test_a_hanging_host_is_killed_and_the_next_scan_gets_a_new_one() -> None:
    scanner = _sane_scanner(timeout_s=2)
    scanner.scan(ScanSource.FLATBED, dpi=50)
    hung = scanner._host
    assert hung is not None
    os.kill(hung.process.pid, signal.SIGSTOP)  # as a driver stuck inside its cancel
    with pytest.raises(DeviceTimeout) as error:
        scanner.scan(ScanSource.FLATBED, dpi=50)
    assert error.value.params["device"] == "scanner"
    assert hung.process.poll() is not None  # killed, not left behind
    (page,) = scanner.scan(ScanSource.FLATBED, dpi=50)
    assert page.dpi == 50
    scanner.close()


def test_a_host_that_dies_is_reported_as_unavailable() -> None:
    scanner = SaneScanner("test:0", host_command=[sys.executable, "-c", "raise SystemExit(3)"])
    with pytest.raises(DeviceUnavailable, match="exit status 3"):
        scanner.scan(ScanSource.FLATBED, dpi=50)
    assert scanner.info().state == "unavailable"


def test_after_a_fault_the_host_is_replaced() -> None:
    scanner = _sane_scanner()
    scanner.scan(ScanSource.FLATBED, dpi=50)
    first = scanner._host
    scanner.options["read_return_value"] = "SANE_STATUS_JAMMED"
    with pytest.raises(PaperJam):
        scanner.scan(ScanSource.FLATBED, dpi=50)
    del scanner.options["read_return_value"]
    assert first is not None
    assert first.process.poll() is not None
    (page,) = scanner.scan(ScanSource.FLATBED, dpi=50)
    assert page.number == 1
    scanner.close()
