"""One contract for every printer backend: the simulator, and CUPS with a cups-pdf queue."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from koffer.devices.errors import DeviceUnavailable, PrinterOffline
from koffer.devices.printer.interface import JobState, Printer, PrintJob
from koffer.devices.printer.sim import SimPrinter
from koffer.documents import page
from koffer.documents import registration_certificate as document
from koffer.domain.person import Person
from tests.conftest import require_real
from tests.integration.conftest import printed_text


@dataclass
class Backend:
    printer: Printer
    printed_text: Callable[[str], str]  # job id -> text of what came out
    go_offline: Callable[[], None]


def _text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _sim(tmp_path: Path) -> Iterator[Backend]:
    printer = SimPrinter(tmp_path, seconds_per_page=0)
    yield Backend(
        printer,
        lambda job_id: _text_of(tmp_path / f"{job_id}.pdf"),
        lambda: printer.queue_fault(PrinterOffline()),
    )


def _cups(_tmp_path: Path) -> Iterator[Backend]:
    queue, out = os.environ.get("KOFFER_TEST_CUPS_QUEUE"), os.environ.get("KOFFER_TEST_CUPS_OUT")
    if not (queue and out and os.environ.get("CUPS_SERVER")):
        require_real("cupsd with a cups-pdf queue")
    import cups

    from koffer.devices.printer.cups import CupsPrinter

    connection = cups.Connection()

    try:
        yield Backend(
            CupsPrinter(str(queue), timeout_s=30),
            lambda job_id: printed_text(Path(str(out)), f"*-job_{job_id}.pdf"),
            lambda: connection.disablePrinter(str(queue)),
        )
    finally:
        connection.enablePrinter(str(queue))


@pytest.fixture(params=["sim", "cups"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    yield from {"sim": _sim, "cups": _cups}[request.param](tmp_path)


def _certificate(citizen: Person) -> bytes:
    return document.render(
        document.RegistrationCertificate(
            citizen, "K-2026-AAAA-BBBB", date(2026, 11, 21), "Essen", 900
        ),
        page.Letterhead("Bürgerbüro Essen", "Stadt Essen"),
    )


def test_printed_document_comes_out_with_its_text(backend: Backend, citizen: Person) -> None:
    result = backend.printer.print(PrintJob(_certificate(citizen), "Meldebescheinigung"))
    assert result.state is JobState.COMPLETED
    text = backend.printed_text(result.job_id)
    assert "Meldebescheinigung" in text
    assert "Ñúñez-Müller" in text
    assert "Lindenstraße 12a, 45127 Essen" in text


def test_offline_printer_is_reported(backend: Backend, citizen: Person) -> None:
    backend.go_offline()
    with pytest.raises(PrinterOffline):
        backend.printer.print(PrintJob(_certificate(citizen), "offline"))


def test_printer_reports_ready(backend: Backend) -> None:
    assert backend.printer.info().state == "ready"


def test_unknown_cups_queue_is_unavailable(cups_queue: tuple[str, Path]) -> None:
    from koffer.devices.printer.cups import CupsPrinter

    printer = CupsPrinter("NoSuchQueue")
    with pytest.raises(DeviceUnavailable):
        printer.print(PrintJob(b"%PDF-1.4\n%%EOF", "t"))
    assert printer.info().state == "unavailable"
