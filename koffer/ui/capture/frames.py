"""Camera images for the screen: BGR arrays as QImages, and a one-slot mailbox for frames.

The camera worker produces frames faster than a busy GUI may paint them. Queuing one
signal per frame would let the queue grow without bound (and show a preview seconds old),
so the worker puts each frame into :class:`LatestOnly` and signals only when the slot was
empty; a frame the GUI has not taken yet is replaced and counted as dropped.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import NDArray
from PySide6.QtGui import QImage

T = TypeVar("T")


def bgr_to_qimage(image: NDArray[np.uint8]) -> QImage:
    """Return a QImage owning a copy of an 8-bit BGR (or grey) array."""
    data = np.ascontiguousarray(image)
    height, width = data.shape[:2]
    fmt = QImage.Format.Format_Grayscale8 if data.ndim == 2 else QImage.Format.Format_BGR888
    # QImage only borrows the buffer: copy() detaches it from the array.
    return QImage(data.data, width, height, int(data.strides[0]), fmt).copy()


class LatestOnly(Generic[T]):
    """A thread-safe slot holding the newest item; older undelivered items are dropped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._item: T | None = None
        self.dropped = 0
        self.delivered = 0

    def put(self, item: T) -> bool:
        """Store ``item``; True when the slot was empty, i.e. the reader must be told."""
        with self._lock:
            was_empty = self._item is None
            if not was_empty:
                self.dropped += 1
            self._item = item
            return was_empty

    def take(self) -> T | None:
        """Return the newest item and empty the slot (None when nothing is waiting)."""
        with self._lock:
            item, self._item = self._item, None
            if item is not None:
                self.delivered += 1
            return item

    @property
    def waiting(self) -> bool:
        """Whether an item waits to be taken."""
        with self._lock:
            return self._item is not None
