"""Fault knobs shared by every simulator: queued and scheduled faults, unplugging, a journal.

Testers script faults three ways: ``queue_fault`` (the next operation fails), ``schedule``
(operation number N fails, or the cable is pulled before it), and ``unplug``. Every operation
is written to ``journal`` with its number and what happened, so a scenario run can report
what each device did.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.errors import DeviceError, DeviceUnavailable

JOURNAL_LENGTH = 1000


@dataclass(frozen=True)
class Operation:
    """One entry of a simulator's journal."""

    number: int
    name: str
    at: float  # monotonic seconds
    fault: str = ""  # the error class raised at its start, or "" when it went ahead
    condition: str = ""  # what a knob made unusual about it, e.g. "wet" or "no card"

    def line(self) -> str:
        """One line of a report: ``#3 capture [wet] -> DeviceTimeout``."""
        text = f"#{self.number} {self.name}"
        if self.condition:
            text += f" [{self.condition}]"
        if self.fault:
            text += f" -> {self.fault}"
        return text


class SimulatedDevice:
    """Base of the simulators: tests and trainers script faults through these knobs."""

    kind: DeviceKind
    model = "Koffer simulator"

    def __init__(self, seed: int = 0) -> None:
        self.random = random.Random(seed)  # noqa: S311 - simulation, not security
        self._faults: deque[DeviceError] = deque()
        self._scheduled: dict[int, list[DeviceError | Callable[[], None]]] = {}
        self._plugged = True
        self._lock = threading.Lock()
        # The last operations (a camera stream makes 15 a second); numbering never restarts.
        self.journal: deque[Operation] = deque(maxlen=JOURNAL_LENGTH)
        self._count = 0
        self.last_error = ""  # the latest error an operation raised, for the kit check

    def queue_fault(self, fault: DeviceError) -> None:
        """Make the next operation fail with ``fault`` (one fault per operation, in order)."""
        with self._lock:
            self._faults.append(fault)

    def schedule(self, operation: int, what: DeviceError | Callable[[], None]) -> None:
        """Before operation number ``operation`` (counting from 1): raise or do ``what``.

        ``what`` is an error to raise from that operation, or an action such as ``unplug``.
        """
        with self._lock:
            self._scheduled.setdefault(operation, []).append(what)

    def unplug(self) -> None:
        """Behave as if the cable were pulled."""
        self._plugged = False

    def plug_in(self) -> None:
        """Behave as if the cable were back."""
        self._plugged = True

    def _operate(self, name: str = "") -> None:
        """Start an operation: apply what is scheduled or queued for it, then check the cable.

        Raises the fault a tester scripted, or DeviceUnavailable when unplugged.
        """
        # The journal names the operation after the simulator's method that started it.
        name = name or sys._getframe(1).f_code.co_name
        with self._lock:
            self._count += 1
            number = self._count
            scheduled = self._scheduled.pop(number, [])
        fault: DeviceError | None = None
        for what in scheduled:
            if isinstance(what, DeviceError):
                fault = fault or what
            else:
                what()
        if fault is None and not self._plugged:
            fault = DeviceUnavailable(str(self.kind), "unplugged")
        if fault is None:
            with self._lock:
                fault = self._faults.popleft() if self._faults else None
        entry = Operation(
            number,
            name,
            time.monotonic(),
            type(fault).__name__ if fault else "",
            "" if fault else self._condition(),
        )
        with self._lock:
            self.journal.append(entry)
        if fault is not None:
            if not fault.device:
                fault.device = str(self.kind)
                fault.params["device"] = str(self.kind)
            raise self._failed(fault)

    def _failed(self, error: DeviceError) -> DeviceError:
        """Remember ``error`` as the device's last one and return it (to be raised)."""
        self.last_error = type(error).__name__ + (f" ({error.detail})" if error.detail else "")
        return error

    def _condition(self) -> str:
        """What the knobs make unusual about the operation starting now ("" = nothing)."""
        return ""

    def info(self) -> DeviceInfo:
        """Describe the simulator, whether it is plugged in, and its last error."""
        state = DeviceState.READY if self._plugged else DeviceState.UNAVAILABLE
        detail = f"last error: {self.last_error}" if self.last_error else ""
        return DeviceInfo(self.kind, "sim", self.model, state, detail)
