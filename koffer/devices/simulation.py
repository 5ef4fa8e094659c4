"""Fault knobs shared by every simulator: queued faults, unplugging, a seeded random source."""

from __future__ import annotations

import random
import threading
from collections import deque

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.errors import DeviceError, DeviceUnavailable


class SimulatedDevice:
    """Base of the simulators: tests and trainers script faults through these knobs."""

    kind: DeviceKind
    model = "Koffer simulator"

    def __init__(self, seed: int = 0) -> None:
        self.random = random.Random(seed)  # noqa: S311 - simulation, not security
        self._faults: deque[DeviceError] = deque()
        self._plugged = True
        self._lock = threading.Lock()

    def queue_fault(self, fault: DeviceError) -> None:
        """Make the next operation fail with ``fault`` (one fault per operation, in order)."""
        with self._lock:
            self._faults.append(fault)

    def unplug(self) -> None:
        """Behave as if the cable were pulled."""
        self._plugged = False

    def plug_in(self) -> None:
        """Behave as if the cable were back."""
        self._plugged = True

    def _operate(self) -> None:
        """Raise the fault a tester queued, or DeviceUnavailable when unplugged."""
        if not self._plugged:
            raise DeviceUnavailable(str(self.kind), "unplugged")
        with self._lock:
            fault = self._faults.popleft() if self._faults else None
        if fault is not None:
            if not fault.device:
                fault.device = str(self.kind)
                fault.params["device"] = str(self.kind)
            raise fault

    def info(self) -> DeviceInfo:
        """Describe the simulator and whether it is plugged in."""
        state = DeviceState.READY if self._plugged else DeviceState.UNAVAILABLE
        return DeviceInfo(self.kind, "sim", self.model, state)
