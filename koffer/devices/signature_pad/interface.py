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


class PenInput(Protocol):
    """What a signing field on the screen passes on: the pen's events in pad units.

    Called from the GUI thread while a worker thread may wait in ``capture``; the
    implementation is thread-safe and never blocks.
    """

    def pen_down(self, x: float, y: float, pressure: float, t_ms: int | None = None) -> None:
        """The pen touched the field at ``x``, ``y``: a stroke begins."""

    def pen_move(self, x: float, y: float, pressure: float, t_ms: int | None = None) -> None:
        """The pen moved while touching."""

    def pen_up(self) -> None:
        """The pen left the field: the stroke ends."""

    def drop_stroke(self) -> None:
        """Forget the stroke being written (a tap, a cancelled touch)."""

    def clear(self) -> None:
        """Forget every stroke."""

    def confirm(self) -> None:
        """The citizen is done: ``capture`` returns the strokes."""

    def cancel(self) -> None:
        """The signing was broken off: ``capture`` raises ``SignatureCancelled``."""

    def set_present(self, present: bool) -> None:
        """The tablet was plugged in or out."""


class FieldSignaturePad(SignaturePad, PenInput, Protocol):
    """A signature pad whose strokes arrive as events from the UI's signing field."""
