"""How the clerk's window gets its kit: the unlock screen at once, the kit built later.

``koffer gui`` shows the unlock screen before the settings are validated and the store is
opened; the store worker calls :meth:`KitStart.load` on its thread (see ``app.kit_start``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from koffer.startup import StartupView


class KitStart:
    """The view at once, the kit (an ``app.Kit``) built on first ``load()``; thread-safe."""

    def __init__(self, view: StartupView, build: Callable[[], Any]) -> None:
        """Show ``view`` until ``build`` has run."""
        self.view = view
        self._build = build
        self._lock = threading.Lock()
        self._kit: Any = None

    @classmethod
    def ready(cls, kit: Any) -> KitStart:
        """A start for a kit that is built already."""
        return cls(StartupView.of(kit.settings), lambda: kit)

    @property
    def kit(self) -> Any:
        """The kit once loaded, else None."""
        return self._kit

    def load(self) -> Any:
        """Build the kit (once) and return it."""
        with self._lock:
            if self._kit is None:
                self._kit = self._build()
            return self._kit

    def close(self) -> None:
        """Close the kit if it was built."""
        with self._lock:
            if self._kit is not None:
                self._kit.close()
