"""The clerk's input keeps the kit unlocked; background work and an untouched screen do not."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
EVERY_S = 2.0  # report input at most this often: touching the store is cheap, not free


class InputActivity(QObject):
    """An application-wide event filter that reports the clerk's input to ``touch``."""

    def __init__(
        self,
        touch: Callable[[], None],
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Call ``touch`` (e.g. ``KitStore.touch``) when the clerk types, clicks or scrolls."""
        super().__init__(parent)
        self._touch = touch
        self._clock = clock
        self._last = -EVERY_S

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note input events and let every event through."""
        if event.type() in INPUT_EVENTS:
            now = self._clock()
            if now - self._last >= EVERY_S:
                self._last = now
                self._touch()
        return super().eventFilter(watched, event)
