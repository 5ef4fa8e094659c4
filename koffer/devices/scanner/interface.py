"""What the scan workflow needs from a document scanner."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from koffer.devices.base import DeviceInfo


class ScanSource(enum.StrEnum):
    """Where the paper comes from."""

    FLATBED = "flatbed"
    FEEDER = "feeder"


@dataclass(frozen=True, eq=False)
class ScanPage:
    """One scanned page, BGR 8-bit, at ``dpi``."""

    image: NDArray[np.uint8]
    dpi: int
    number: int


class DocumentScanner(Protocol):
    """A flatbed scanner, optionally with an automatic document feeder."""

    def scan(self, source: ScanSource = ScanSource.FLATBED, dpi: int = 300) -> list[ScanPage]:
        """Scan one page (flatbed) or every page in the feeder."""

    def info(self) -> DeviceInfo:
        """Describe the scanner."""
