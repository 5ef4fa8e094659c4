"""What the print workflow needs from a printer."""

from __future__ import annotations

import enum
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
    """Where a print job ended."""

    COMPLETED = "completed"


@dataclass(frozen=True)
class PrintResult:
    """A finished print job."""

    job_id: str
    state: JobState
    printer: str
    seconds: float


class Printer(Protocol):
    """A printer that prints a PDF and reports when the paper is out."""

    def print(self, job: PrintJob) -> PrintResult:
        """Print ``job`` and block until it is done or has failed."""

    def info(self) -> DeviceInfo:
        """Describe the printer and its state."""
