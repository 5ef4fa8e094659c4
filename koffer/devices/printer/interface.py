"""What the print workflow needs from a printer."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from koffer.devices.base import DeviceInfo


@dataclass(frozen=True)
class PrintJob:
    """A PDF document to print."""

    document: bytes
    title: str
    copies: int = 1

    def __post_init__(self) -> None:
        if not self.document.startswith(b"%PDF-"):
            msg = "a print job must be a PDF document"
            raise ValueError(msg)
        if not 1 <= self.copies <= 20:
            msg = "copies must be between 1 and 20"
            raise ValueError(msg)


class JobState(enum.StrEnum):
    """Where a print job is (the IPP job states, RFC 8011 §5.3.7)."""

    PENDING = "pending"
    HELD = "held"  # e.g. still arriving at the print server
    PROCESSING = "processing"
    STOPPED = "stopped"
    CANCELLED = "cancelled"
    ABORTED = "aborted"
    COMPLETED = "completed"


@dataclass(frozen=True)
class JobStatus:
    """One step of a job's way through the printer, as the job-state tracking reports it.

    A failed job's error carries the last one in ``params`` (``job_id``, ``job_state``).
    """

    job_id: str
    state: JobState
    detail: str = ""  # the printer's own words, e.g. "paused", "media-empty"


JobWatcher = Callable[[JobStatus], None]


@dataclass(frozen=True)
class PrintResult:
    """A finished print job."""

    job_id: str
    state: JobState
    printer: str
    seconds: float


class Printer(Protocol):
    """A printer that prints a PDF and reports when the paper is out."""

    def print(self, job: PrintJob, on_status: JobWatcher | None = None) -> PrintResult:
        """Print ``job`` and block until it is done or has failed.

        ``on_status`` is called in the calling thread with every state the job reaches,
        first when it has been handed to the printer, last when it completed or was
        cancelled. A job that fails part-way (printer offline, jam, paper out) is cancelled
        before the error is raised, so printing again cannot print it twice.
        """

    def info(self) -> DeviceInfo:
        """Describe the printer and its state."""
