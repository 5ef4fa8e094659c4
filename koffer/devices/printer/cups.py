"""Real printer backend: a CUPS queue through pycups, with the job followed until done.

The PDF is streamed to cupsd over IPP (Create-Job + Send-Document), so it never lands in a
temporary file on the kit. ``CUPS_SERVER`` selects the cupsd as for every CUPS client.
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
from koffer.devices.printer.interface import JobState, PrintJob, PrintResult

_DEVICE = str(DeviceKind.PRINTER)
_FINAL_FAILURES = {cups.IPP_JOB_CANCELED, cups.IPP_JOB_ABORTED}
_STUCK = {cups.IPP_JOB_HELD, cups.IPP_JOB_STOPPED}
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
        return DeviceInfo(DeviceKind.PRINTER, "cups", model, DeviceState.READY, queue)

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

    def print(self, job: PrintJob) -> PrintResult:
        """Stream the PDF to the queue and wait until CUPS reports the job completed.

        A failed or timed-out job is cancelled, so that printing again cannot print twice.
        """
        started = time.monotonic()
        connection = self._connect()
        queue = self._queue(connection)
        problem = self._problem(self._printer_attributes(connection, queue))
        if problem is not None:
            raise problem
        try:
            job_id = connection.createJob(queue, job.title, {"copies": str(job.copies)})
            connection.startDocument(queue, job_id, job.title, cups.CUPS_FORMAT_PDF, 1)
            connection.writeRequestData(job.document, len(job.document))
            connection.finishDocument(queue)
        except cups.IPPError as exc:
            raise DeviceError(_DEVICE, f"CUPS refused the job: {exc}") from exc
        self._wait(connection, queue, job_id, started)
        return PrintResult(str(job_id), JobState.COMPLETED, queue, time.monotonic() - started)

    def _wait(self, connection: Any, queue: str, job_id: int, started: float) -> None:
        while True:
            attrs = connection.getJobAttributes(
                job_id, requested_attributes=["job-state", "job-printer-state-message"]
            )
            state = attrs.get("job-state")
            if state == cups.IPP_JOB_COMPLETED:
                return
            printer = self._printer_attributes(connection, queue)
            problem = self._problem(printer)
            message = str(attrs.get("job-printer-state-message", ""))
            if state in _FINAL_FAILURES:
                raise problem or DeviceError(_DEVICE, message or "job aborted")
            if problem is not None or state in _STUCK:
                self._cancel(connection, job_id)
                raise problem or PrinterOffline(_DEVICE, message or "job held")
            if time.monotonic() - started > self.timeout_s:
                self._cancel(connection, job_id)
                raise DeviceTimeout(_DEVICE, f"job {job_id} not done after {self.timeout_s} s")
            time.sleep(self.poll_s)

    @staticmethod
    def _cancel(connection: Any, job_id: int) -> None:
        with contextlib.suppress(cups.IPPError):  # already gone: nothing to print twice
            connection.cancelJob(job_id, purge_job=True)
