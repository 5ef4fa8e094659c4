"""What the signature step needs from a signature pad."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from koffer.devices.base import DeviceInfo


@dataclass(frozen=True)
class PenPoint:
    """One sample of the pen: position in pad units, time in ms, pressure 0-1."""

    x: float
    y: float
    t_ms: int
    pressure: float


@dataclass(frozen=True)
class Signature:
    """Pen strokes on a pad of ``width`` x ``height`` units."""

    strokes: tuple[tuple[PenPoint, ...], ...]
    width: int
    height: int


class SignaturePad(Protocol):
    """A pad the citizen signs on."""

    def capture(self, timeout_s: float = 60.0) -> Signature:
        """Wait until the citizen has signed and confirmed, and return the strokes."""

    def info(self) -> DeviceInfo:
        """Describe the pad."""
