"""Real printer backend: a CUPS queue through pycups, with the job followed until done.

The PDF is streamed to cupsd over IPP (Create-Job + Send-Document), so it never lands in a
temporary file on the kit. ``CUPS_SERVER`` selects the cupsd as for every CUPS client.

Job-state tracking polls the job and its printer until the job completes. A printer that
goes offline while the job waits or prints (``cupsdisable``: printer-state stopped, reason
"paused"), runs out of paper or jams makes the job fail: it is cancelled, then purged (which
also removes its spool file), and the error names the job and its last state.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import cups

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.errors import (
    DeviceError,
    DeviceTimeout,
    DeviceUnavailable,
    PaperJam,
    PaperOut,
    PrinterOffline,
)
from koffer.devices.printer.interface import (
    JobState,
    JobStatus,
    JobWatcher,
    PrintJob,
    PrintResult,
)

_DEVICE = str(DeviceKind.PRINTER)
_FINAL_FAILURES = {cups.IPP_JOB_CANCELED, cups.IPP_JOB_ABORTED}
_STUCK = {cups.IPP_JOB_HELD, cups.IPP_JOB_STOPPED}
_JOB_STATES = {
    cups.IPP_JOB_PENDING: JobState.PENDING,
    cups.IPP_JOB_HELD: JobState.HELD,
    cups.IPP_JOB_PROCESSING: JobState.PROCESSING,
    cups.IPP_JOB_STOPPED: JobState.STOPPED,
    cups.IPP_JOB_CANCELED: JobState.CANCELLED,
    cups.IPP_JOB_ABORTED: JobState.ABORTED,
    cups.IPP_JOB_COMPLETED: JobState.COMPLETED,
}
_LOW_SUPPLIES = ("media-low", "toner-low", "marker-supply-low")
_JOB_ATTRIBUTES = ["job-state", "job-state-reasons", "job-printer-state-message"]
_REASON_ERRORS: list[tuple[str, type[DeviceError]]] = [
    ("media-empty", PaperOut),
    ("media-needed", PaperOut),
    ("media-jam", PaperJam),
    ("offline", PrinterOffline),
    ("paused", PrinterOffline),
]


def error_for_reasons(reasons: list[str], detail: str) -> DeviceError | None:
    """Map IPP printer-state-reasons to the error a clerk can act on (None if harmless)."""
    for reason in reasons:
        for prefix, error in _REASON_ERRORS:
            if reason.startswith(prefix) and not reason.endswith("-report"):
                return error(_DEVICE, detail or reason)
    return None


def queues() -> list[str]:
    """Return the names of the CUPS server's queues, sorted (the settings page offers them).

    Raises:
        DeviceUnavailable: When cupsd cannot be reached.
    """
    try:
        return sorted(str(name) for name in cups.Connection().getPrinters())
    except (RuntimeError, cups.IPPError) as exc:
        raise DeviceUnavailable(_DEVICE, f"CUPS: {exc}") from exc


def _supplies(attrs: dict[str, Any]) -> list[str]:
    """What the kit check tells about paper and toner: warnings and marker levels, if any."""
    reasons = [str(r) for r in attrs.get("printer-state-reasons", [])]
    notes = [r.removesuffix("-warning") for r in reasons if r.startswith(_LOW_SUPPLIES)]
    names, levels = attrs.get("marker-names", []), attrs.get("marker-levels", [])
    if isinstance(names, str):  # one marker comes back as a plain value
        names, levels = [names], [levels]
    notes.extend(
        f"{name}: {level}%" for name, level in zip(names, levels, strict=False) if int(level) >= 0
    )
    return notes


class CupsPrinter:
    """A CUPS queue; an empty queue name means the server's default destination."""

    def __init__(self, queue: str = "", timeout_s: float = 60.0, poll_s: float = 0.1) -> None:
        self.queue = queue
        self.timeout_s = timeout_s
        self.poll_s = poll_s

    def _connect(self) -> Any:
        try:
            return cups.Connection()
        except RuntimeError as exc:
            raise DeviceUnavailable(_DEVICE, f"CUPS: {exc}") from exc

    def _queue(self, connection: Any) -> str:
        queue = self.queue or connection.getDefault()
        if not queue:
            raise DeviceUnavailable(_DEVICE, "CUPS has no default queue")
        return str(queue)

    def _printer_attributes(self, connection: Any, queue: str) -> dict[str, Any]:
        try:
            return dict(connection.getPrinterAttributes(queue))
        except cups.IPPError as exc:
            raise DeviceUnavailable(_DEVICE, f"CUPS queue {queue}: {exc}") from exc

    def info(self) -> DeviceInfo:
        """Report the queue's state as CUPS sees it."""
        try:
            connection = self._connect()
            queue = self._queue(connection)
            attrs = self._printer_attributes(connection, queue)
        except DeviceError as exc:
            return DeviceInfo(
                DeviceKind.PRINTER, "cups", self.queue or "?", DeviceState.UNAVAILABLE, exc.detail
            )
        problem = self._problem(attrs)
        model = str(attrs.get("printer-make-and-model", queue))
        if problem is not None:
            return DeviceInfo(DeviceKind.PRINTER, "cups", model, DeviceState.FAULT, problem.detail)
        return DeviceInfo(
            DeviceKind.PRINTER,
            "cups",
            model,
            DeviceState.READY,
            "; ".join([queue, *_supplies(attrs)]),
        )

    @staticmethod
    def _problem(attrs: dict[str, Any]) -> DeviceError | None:
        reasons = [str(r) for r in attrs.get("printer-state-reasons", [])]
        message = str(attrs.get("printer-state-message", ""))
        error = error_for_reasons(reasons, message)
        if error is not None:
            return error
        if attrs.get("printer-state") == cups.IPP_PRINTER_STOPPED or not attrs.get(
            "printer-is-accepting-jobs", True
        ):
            return PrinterOffline(_DEVICE, message or "queue stopped")
        return None

    def print(self, job: PrintJob, on_status: JobWatcher | None = None) -> PrintResult:
        """Stream the PDF to the queue and wait until CUPS reports the job completed.

        A failed or timed-out job is cancelled, so that printing again cannot print twice.
        """
        started = time.monotonic()
        connection = self._connect()
        queue = self._queue(connection)
        problem = self._problem(self._printer_attributes(connection, queue))
        if problem is not None:
            raise problem
        tracker = _JobTracker(connection, on_status)
        try:
            job_id = connection.createJob(queue, job.title, {"copies": str(job.copies)})
            tracker.job_id = job_id
            tracker.poll()  # held: the document is still arriving
            connection.startDocument(queue, job_id, job.title, cups.CUPS_FORMAT_PDF, 1)
            connection.writeRequestData(job.document, len(job.document))
            connection.finishDocument(queue)
        except cups.IPPError as exc:
            tracker.cancel()
            status = exc.args[0] if exc.args else None
            if status == cups.IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
                raise tracker.failed(PrinterOffline(_DEVICE, f"CUPS: {exc}")) from exc
            raise tracker.failed(DeviceError(_DEVICE, f"CUPS refused the job: {exc}")) from exc
        self._wait(connection, queue, tracker, started)
        return PrintResult(str(job_id), JobState.COMPLETED, queue, time.monotonic() - started)

    def _wait(self, connection: Any, queue: str, tracker: _JobTracker, started: float) -> None:
        while True:
            state, message = tracker.poll()
            if state == cups.IPP_JOB_COMPLETED:
                return
            problem = self._problem(self._printer_attributes(connection, queue))
            if state in _FINAL_FAILURES:
                raise tracker.failed(problem or DeviceError(_DEVICE, message or "job aborted"))
            if problem is not None or state in _STUCK:
                tracker.cancel()
                raise tracker.failed(problem or PrinterOffline(_DEVICE, message or "job held"))
            if time.monotonic() - started > self.timeout_s:
                tracker.cancel()
                late = f"job {tracker.job_id} not done after {self.timeout_s} s"
                raise tracker.failed(DeviceTimeout(_DEVICE, late))
            time.sleep(self.poll_s)


class _JobTracker:
    """Follows one CUPS job and tells ``on_status`` each state it reaches."""

    def __init__(self, connection: Any, on_status: JobWatcher | None) -> None:
        self.connection = connection
        self.on_status = on_status
        self.job_id: int | None = None
        self.last: JobStatus | None = None

    def poll(self) -> tuple[int | None, str]:
        """Read the job's state from cupsd; report it when it changed."""
        if self.job_id is None:
            return None, ""
        try:
            attrs = self.connection.getJobAttributes(
                self.job_id, requested_attributes=_JOB_ATTRIBUTES
            )
        except cups.IPPError as exc:
            raise DeviceUnavailable(_DEVICE, f"CUPS lost job {self.job_id}: {exc}") from exc
        state = attrs.get("job-state")
        message = str(attrs.get("job-printer-state-message", ""))
        reasons = attrs.get("job-state-reasons", "")
        detail = message or (reasons if isinstance(reasons, str) else ", ".join(reasons))
        if state in _JOB_STATES:
            self._report(JobStatus(str(self.job_id), _JOB_STATES[state], detail))
        return state, message

    def _report(self, status: JobStatus) -> None:
        if status == self.last:
            return
        self.last = status
        if self.on_status is not None:
            self.on_status(status)

    def cancel(self) -> None:
        """Cancel the job, report that it is cancelled, then purge it with its spool file."""
        if self.job_id is None:
            return
        with contextlib.suppress(cups.IPPError):  # already gone: nothing to print twice
            self.connection.cancelJob(self.job_id, purge_job=False)
        with contextlib.suppress(DeviceUnavailable):
            self.poll()
        with contextlib.suppress(cups.IPPError):
            self.connection.cancelJob(self.job_id, purge_job=True)

    def failed(self, error: DeviceError) -> DeviceError:
        """Name the job and its last state in ``error``."""
        if self.job_id is not None:
            error.params["job_id"] = str(self.job_id)
        if self.last is not None:
            error.params["job_state"] = str(self.last.state)
        return error
