"""Simulated printer: takes PDFs, models paper, jams and going offline, keeps its output."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.errors import DeviceError, PaperJam, PaperOut, PrinterOffline
from koffer.devices.printer.interface import (
    JobState,
    JobStatus,
    JobWatcher,
    PrintJob,
    PrintResult,
)
from koffer.devices.simulation import SimulatedDevice

_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


class SimPrinter(SimulatedDevice):
    """An A4 laser printer with a paper tray.

    Knobs: ``load_paper``; ``jam_on_page`` jams the printer's Nth page; ``switch_off`` takes
    it offline now or, with ``mid_job``, while the next job waits for it (the fault a CUPS
    queue shows when it is stopped with ``cupsdisable``); ``switch_on`` brings it back. Jobs
    go through the same states as a CUPS job (held while arriving, pending, processing,
    completed), and a failed job is cancelled before the error is raised.

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
        self.online = True
        self.offline_reason = ""
        self._offline_mid_job = False
        self._next_job = 1

    def load_paper(self, sheets: int) -> None:
        """Fill the tray."""
        self.sheets = sheets

    def switch_off(self, *, mid_job: bool = False, reason: str = "paused") -> None:
        """Take the printer offline, at once or while the next job is waiting for it."""
        if mid_job:
            self._offline_mid_job = True
            self.offline_reason = reason
            return
        self.online = False
        self.offline_reason = reason

    def switch_on(self) -> None:
        """Bring the printer back online."""
        self.online = True
        self._offline_mid_job = False
        self.offline_reason = ""

    def _condition(self) -> str:
        if not self.online:
            return "offline"
        return "goes offline mid-job" if self._offline_mid_job else ""

    def info(self) -> DeviceInfo:
        """Describe the printer: paper left, last error; a fault when offline or out of paper."""
        info = super().info()
        details = [f"paper: {self.sheets} sheets", *([info.detail] if info.detail else [])]
        state = info.state
        if state is DeviceState.READY and not self.online:
            state, details = DeviceState.FAULT, [self.offline_reason or "offline", *details]
        elif state is DeviceState.READY and self.sheets <= 0:
            state = DeviceState.FAULT
        return DeviceInfo(self.kind, "sim", self.model, state, "; ".join(details))

    def print(self, job: PrintJob, on_status: JobWatcher | None = None) -> PrintResult:
        """Print every page of every copy, using paper; fail like the real printer would."""
        started = time.monotonic()
        self._operate()
        if not self.online:
            raise self._failed(PrinterOffline(str(self.kind), self.offline_reason or "offline"))
        job_id = f"sim-{self._next_job}"
        self._next_job += 1
        track = _Tracker(job_id, on_status, self._failed)
        track(JobState.HELD, "job-incoming")
        track(JobState.PENDING)
        if self._offline_mid_job:
            self._offline_mid_job = False
            self.online = False
        if not self.online:
            raise track.cancelled(PrinterOffline(str(self.kind), self.offline_reason))
        pages = max(1, len(_PAGE.findall(job.document))) * job.copies
        track(JobState.PROCESSING)
        if pages > self.sheets:
            self.pages_printed += self.sheets
            self.sheets = 0
            raise track.cancelled(PaperOut(str(self.kind), "tray empty"))
        if self.jam_on_page is not None and self.jam_on_page <= self.pages_printed + pages:
            done = self.jam_on_page - self.pages_printed - 1  # pages out before the jam
            self.pages_printed += done
            self.sheets -= done + 1  # the jammed sheet is lost too
            self.jam_on_page = None
            raise track.cancelled(PaperJam(str(self.kind), f"page {done + 1} of the job"))
        time.sleep(self.seconds_per_page * pages)
        self.sheets -= pages
        self.pages_printed += pages
        self.printed.append((job.title, job.document))
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            (self.out_dir / f"{job_id}.pdf").write_bytes(job.document)
        track(JobState.COMPLETED)
        return PrintResult(job_id, JobState.COMPLETED, self.model, time.monotonic() - started)


class _Tracker:
    """Reports a simulated job's states, as the CUPS backend's job tracking does."""

    def __init__(
        self,
        job_id: str,
        on_status: JobWatcher | None,
        failed: Callable[[DeviceError], DeviceError],
    ) -> None:
        self.job_id = job_id
        self.on_status = on_status
        self.failed = failed

    def __call__(self, state: JobState, detail: str = "") -> None:
        if self.on_status is not None:
            self.on_status(JobStatus(self.job_id, state, detail))

    def cancelled(self, error: DeviceError) -> DeviceError:
        """Cancel the job and name it in ``error``."""
        self(JobState.CANCELLED, error.detail)
        error.params["job_id"] = self.job_id
        error.params["job_state"] = str(JobState.CANCELLED)
        return self.failed(error)
