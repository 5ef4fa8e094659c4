"""Simulated printer: takes PDFs, models paper, jams and going offline, keeps its output."""

from __future__ import annotations

import re
import time
from pathlib import Path

from koffer.devices.base import DeviceKind
from koffer.devices.errors import PaperJam, PaperOut
from koffer.devices.printer.interface import JobState, PrintJob, PrintResult
from koffer.devices.simulation import SimulatedDevice

_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


class SimPrinter(SimulatedDevice):
    """An A4 laser printer with a paper tray; ``jam_on_page`` jams the printer's Nth page.

    Printed documents are kept in ``printed`` (the paper output tray). They are written to
    ``out_dir`` only when one is given, because they hold personal data in plain text.
    """

    kind = DeviceKind.PRINTER
    model = "Koffer simulated A4 printer"

    def __init__(
        self, out_dir: Path | None = None, seconds_per_page: float = 0.2, seed: int = 0
    ) -> None:
        super().__init__(seed)
        self.out_dir = out_dir
        self.seconds_per_page = seconds_per_page
        self.sheets = 100
        self.jam_on_page: int | None = None  # the printer's Nth page (since start) jams
        self.pages_printed = 0
        self.printed: list[tuple[str, bytes]] = []
        self._next_job = 1

    def load_paper(self, sheets: int) -> None:
        """Fill the tray."""
        self.sheets = sheets

    def print(self, job: PrintJob) -> PrintResult:
        """Print every page of every copy, using paper; fail like the real printer would."""
        started = time.monotonic()
        self._operate()
        pages = max(1, len(_PAGE.findall(job.document))) * job.copies
        if pages > self.sheets:
            self.pages_printed += self.sheets
            self.sheets = 0
            raise PaperOut(str(self.kind), "tray empty")
        if self.jam_on_page is not None and self.jam_on_page <= self.pages_printed + pages:
            done = self.jam_on_page - self.pages_printed - 1  # pages out before the jam
            self.pages_printed += done
            self.sheets -= done + 1  # the jammed sheet is lost too
            self.jam_on_page = None
            raise PaperJam(str(self.kind), f"page {done + 1} of the job")
        time.sleep(self.seconds_per_page * pages)
        self.sheets -= pages
        self.pages_printed += pages
        job_id = f"sim-{self._next_job}"
        self._next_job += 1
        self.printed.append((job.title, job.document))
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            (self.out_dir / f"{job_id}.pdf").write_bytes(job.document)
        return PrintResult(job_id, JobState.COMPLETED, self.model, time.monotonic() - started)
