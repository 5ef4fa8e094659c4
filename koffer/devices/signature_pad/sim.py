"""Simulated signature pad: a handwriting-like flourish, different per call."""

from __future__ import annotations

import math

from koffer.devices.base import DeviceKind
from koffer.devices.errors import DeviceTimeout
from koffer.devices.signature_pad.interface import PenPoint, Signature
from koffer.devices.simulation import SimulatedDevice


class SimSignaturePad(SimulatedDevice):
    """A 1000x300 pad; ``refuse`` makes the citizen not sign (the capture times out)."""

    kind = DeviceKind.SIGNATURE_PAD
    model = "Koffer simulated signature pad"

    def __init__(self, seed: int = 0) -> None:
        super().__init__(seed)
        self.refuse = False

    def capture(self, timeout_s: float = 60.0) -> Signature:
        """Return three strokes: a looping name, a second word and an underline."""
        self._operate()
        if self.refuse:
            raise DeviceTimeout(str(self.kind), f"no signature within {timeout_s} s")
        r = self.random
        strokes = []
        t = 0
        for stroke, (x0, x1) in enumerate([(80, 520), (560, 900)]):
            points = []
            steps = 60
            amp = 60 + 20 * r.random()
            for i in range(steps):
                u = i / (steps - 1)
                x = x0 + (x1 - x0) * u + 25 * math.sin(u * 14 + stroke)
                y = 150 - amp * math.sin(u * 9 + r.random() * 0.2) * (1 - 0.5 * u)
                points.append(PenPoint(x, y, t, 0.4 + 0.4 * r.random()))
                t += 8
            strokes.append(tuple(points))
            t += 150
        underline = tuple(
            PenPoint(100 + 8 * i, 230 + 4 * math.sin(i / 6), t + 8 * i, 0.5) for i in range(100)
        )
        strokes.append(underline)
        return Signature(tuple(strokes), 1000, 300)
