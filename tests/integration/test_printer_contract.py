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
from koffer.devices.printer.interface import JobState, JobStatus, Printer, PrintJob
from koffer.devices.printer.sim import SimPrinter
from koffer.documents import page
from koffer.documents import registration_certificate as document
from koffer.domain.messages import describe
from koffer.domain.person import Person
from tests.conftest import require_real
from tests.integration.conftest import printed_text


@dataclass
class Backend:
    printer: Printer
    printed_text: Callable[[str], str]  # job id -> text of what came out
    go_offline: Callable[[], None]  # cupsdisable: the queue stops, jobs wait
    go_online: Callable[[], None]  # cupsenable
    reject_jobs: Callable[[], None]  # cupsreject: the queue takes no new jobs
    outputs: Callable[[], int]  # how many documents came out so far


def _text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _sim(tmp_path: Path) -> Iterator[Backend]:
    printer = SimPrinter(tmp_path, seconds_per_page=0)
    yield Backend(
        printer,
        lambda job_id: _text_of(tmp_path / f"{job_id}.pdf"),
        printer.switch_off,
        printer.switch_on,
        lambda: printer.switch_off(reason="not accepting jobs"),
        lambda: len(list(tmp_path.glob("*.pdf"))),
    )


def _cups(_tmp_path: Path) -> Iterator[Backend]:
    queue, out = os.environ.get("KOFFER_TEST_CUPS_QUEUE"), os.environ.get("KOFFER_TEST_CUPS_OUT")
    if not (queue and out and os.environ.get("CUPS_SERVER")):
        require_real("cupsd with a cups-pdf queue")
    import cups

    from koffer.devices.printer.cups import CupsPrinter

    def admin(command: str, *args: str) -> Callable[[], None]:
        return lambda: _run(command, *args, str(queue))

    try:
        yield Backend(
            CupsPrinter(str(queue), timeout_s=30, poll_s=0.05),
            lambda job_id: printed_text(Path(str(out)), f"*-job_{job_id}.pdf"),
            admin("cupsdisable", "-r", "printer switched off"),
            admin("cupsenable"),
            admin("cupsreject", "-r", "not accepting jobs"),
            lambda: len(list(Path(str(out)).glob("*.pdf"))),
        )
    finally:
        _run("cupsenable", str(queue))
        _run("cupsaccept", str(queue))
        # What the queue may still hold would print into the next test.
        cups.Connection().cancelAllJobs(str(queue), purge_jobs=True)


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=30)


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
    assert backend.printer.info().state == "fault"
    with pytest.raises(PrinterOffline):
        backend.printer.print(PrintJob(_certificate(citizen), "offline"))


def test_queue_rejecting_jobs_is_reported_as_offline(backend: Backend, citizen: Person) -> None:
    backend.reject_jobs()
    assert backend.printer.info().state == "fault"
    with pytest.raises(PrinterOffline):
        backend.printer.print(PrintJob(_certificate(citizen), "rejected"))


def test_printer_going_offline_mid_job_cancels_the_job(backend: Backend, citizen: Person) -> None:
    before = backend.outputs()
    statuses: list[JobStatus] = []

    def watch(status: JobStatus) -> None:
        statuses.append(status)
        if len(statuses) == 1:  # handed to the printer, still arriving: switch it off now
            backend.go_offline()

    with pytest.raises(PrinterOffline) as offline:
        backend.printer.print(PrintJob(_certificate(citizen), "Meldebescheinigung"), watch)

    states = [s.state for s in statuses]
    assert states[0] is JobState.HELD
    assert JobState.PENDING in states
    assert states[-1] is JobState.CANCELLED
    assert JobState.COMPLETED not in states
    assert {s.job_id for s in statuses} == {offline.value.params["job_id"]}
    assert offline.value.params["job_state"] == "cancelled"
    assert describe(offline.value, "de") == (
        "Der Drucker ist offline. Einschalten und erneut drucken."
    )
    assert backend.printer.info().state == "fault"

    backend.go_online()  # the clerk switches it on and prints again: exactly one copy
    again: list[JobStatus] = []
    result = backend.printer.print(
        PrintJob(_certificate(citizen), "Meldebescheinigung"), again.append
    )
    assert "Ñúñez-Müller" in backend.printed_text(result.job_id)
    assert backend.outputs() == before + 1
    assert [s.state for s in again][-1] is JobState.COMPLETED
    assert result.job_id != offline.value.params["job_id"]


def test_printer_reports_ready(backend: Backend) -> None:
    assert backend.printer.info().state == "ready"


def test_unknown_cups_queue_is_unavailable(cups_queue: tuple[str, Path]) -> None:
    from koffer.devices.printer.cups import CupsPrinter

    printer = CupsPrinter("NoSuchQueue")
    with pytest.raises(DeviceUnavailable):
        printer.print(PrintJob(b"%PDF-1.4\n%%EOF", "t"))
    assert printer.info().state == "unavailable"
