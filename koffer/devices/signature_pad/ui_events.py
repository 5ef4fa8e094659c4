"""The real signature pad: a pen tablet (or touch screen) whose events the UI delivers.

How the real pad works on a kit: the signature pad is a USB HID pen tablet or pen display
(e.g. a signotec or Wacom STU in HID mode). The kernel's HID driver and libinput hand its pen
to the desktop like a mouse with pressure; Qt delivers it to the signing widget as
``QTabletEvent`` (position, pressure 0-1, timestamp), and a touch screen or a mouse as
``QTouchEvent`` / ``QMouseEvent``. No vendor SDK and no device protocol are involved, so this
backend has no transport of its own: the widget in ``koffer/ui`` maps each event from widget
coordinates into pad units and calls :meth:`UiEventSignaturePad.pen_down`, ``pen_move`` and
``pen_up`` (``drop_stroke`` on a cancelled touch); its buttons call ``clear``, ``confirm`` and
``cancel``. The workflow's worker thread meanwhile blocks in :meth:`capture`, exactly as it
does with the simulator, and gets the strokes as a :class:`Signature`.

Presence: Qt reports tablets coming and going (``QInputDevice``); the UI passes that on with
:meth:`set_present`, and ``koffer doctor`` can also look for the tablet's USB id
(``[devices] usb_ids = {signature_pad = "056a:00a8"}``).
"""

from __future__ import annotations

import math
import threading
import time

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.errors import DeviceTimeout, DeviceUnavailable, SignatureCancelled
from koffer.devices.signature_pad.interface import PenPoint, Signature

PAD_WIDTH, PAD_HEIGHT = 1000, 300  # pad units, the shape of the kit's signing field
_DEVICE = str(DeviceKind.SIGNATURE_PAD)


class UiEventSignaturePad:
    """Collects pen strokes from UI events; :meth:`capture` waits for the citizen's "done".

    Thread-safe: the GUI thread feeds events, a worker thread waits in ``capture``. Events
    that arrive before ``capture`` is called are kept (the field may be shown a moment
    before the worker asks); each ``capture`` consumes the signature it returns.
    """

    def __init__(
        self, model: str = "pen tablet (HID, events from the UI)", present: bool = True
    ) -> None:
        self.model = model
        self._present = present
        self._strokes: list[list[PenPoint]] = []
        self._drawing = False
        self._first_ms: float | None = None
        self._outcome = ""  # "", "confirmed" or "cancelled"
        self._changed = threading.Condition()

    # ------------------------------------------------------------------ from the UI

    def pen_down(self, x: float, y: float, pressure: float, t_ms: int | None = None) -> None:
        """The pen touched the pad at ``x``, ``y`` (pad units): a stroke begins."""
        with self._changed:
            self._strokes.append([])
            self._drawing = True
            self._add(x, y, pressure, t_ms)

    def pen_move(self, x: float, y: float, pressure: float, t_ms: int | None = None) -> None:
        """The pen moved while touching; a hovering pen (no stroke begun) is ignored."""
        with self._changed:
            if self._drawing:
                self._add(x, y, pressure, t_ms)

    def pen_up(self) -> None:
        """The pen left the pad: the stroke ends."""
        with self._changed:
            self._drawing = False

    def drop_stroke(self) -> None:
        """Forget the stroke being written (a touch the system cancelled, a resting palm)."""
        with self._changed:
            if self._drawing and self._strokes:
                self._strokes.pop()
            self._drawing = False

    def clear(self) -> None:
        """Forget every stroke (the clerk's or citizen's "clear" button).

        A "done" no ``capture`` has taken yet is withdrawn with them: what is signed next
        needs its own confirmation. A cancellation stands.
        """
        with self._changed:
            self._strokes.clear()
            self._drawing = False
            self._first_ms = None
            if self._outcome == "confirmed":
                self._outcome = ""

    def confirm(self) -> None:
        """The citizen is done: a waiting :meth:`capture` returns the strokes."""
        with self._changed:
            self._drawing = False
            self._outcome = "confirmed"
            self._changed.notify_all()

    def cancel(self) -> None:
        """The clerk broke off the signing: a waiting :meth:`capture` raises."""
        with self._changed:
            self._outcome = "cancelled"
            self._changed.notify_all()

    def set_present(self, present: bool) -> None:
        """The tablet was plugged in or out (as Qt reports its input devices)."""
        with self._changed:
            self._present = present
            self._changed.notify_all()

    def _add(self, x: float, y: float, pressure: float, t_ms: int | None) -> None:
        if not all(math.isfinite(v) for v in (x, y, pressure)):
            return  # a driver glitch, not ink
        now = time.monotonic() * 1000 if t_ms is None else float(t_ms)
        if self._first_ms is None:
            self._first_ms = now
        point = PenPoint(
            min(max(x, 0.0), PAD_WIDTH),
            min(max(y, 0.0), PAD_HEIGHT),
            max(0, round(now - self._first_ms)),
            min(max(pressure, 0.0), 1.0),
        )
        self._strokes[-1].append(point)

    # ------------------------------------------------------------------ to the workflow

    def signature(self) -> Signature:
        """The strokes written so far (single dots left out), in pad units."""
        with self._changed:
            return self._signature()

    def _signature(self) -> Signature:
        strokes = tuple(tuple(stroke) for stroke in self._strokes if len(stroke) > 1)
        return Signature(strokes, PAD_WIDTH, PAD_HEIGHT)

    def capture(self, timeout_s: float = 60.0) -> Signature:
        """Wait until the citizen has signed and confirmed, and return the strokes.

        Raises:
            DeviceTimeout: No confirmation within ``timeout_s``.
            SignatureCancelled: The clerk cancelled the signing.
            DeviceUnavailable: The tablet is not (or no longer) connected.
        """
        with self._changed:
            done = self._changed.wait_for(
                lambda: bool(self._outcome) or not self._present, timeout_s
            )
            if not self._present:
                raise DeviceUnavailable(_DEVICE, "pen tablet not connected")
            if not done:
                raise DeviceTimeout(_DEVICE, f"no signature within {timeout_s} s")
            outcome, self._outcome = self._outcome, ""
            signed = self._signature()
            self._strokes.clear()
            self._drawing = False
            self._first_ms = None
            if outcome == "cancelled":
                raise SignatureCancelled(_DEVICE, "signing cancelled")
            return signed

    def info(self) -> DeviceInfo:
        """Describe the pad and whether the UI sees the tablet."""
        if not self._present:
            return DeviceInfo(
                DeviceKind.SIGNATURE_PAD, "ui", self.model, DeviceState.UNAVAILABLE, "no tablet"
            )
        return DeviceInfo(DeviceKind.SIGNATURE_PAD, "ui", self.model, DeviceState.READY)
