"""One QThread per worker object, started at once and stopped by joining it."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread


class WorkerThread:
    """A QThread running the event loop of one worker QObject.

    The worker is moved to the thread, so its slots run there when they are reached through
    signals from the GUI thread (queued connections). ``stop()`` lets the current slot finish,
    ends the event loop and waits, so Qt never destroys a running thread.
    """

    def __init__(self, name: str, worker: QObject) -> None:
        """Move ``worker`` to a new thread called ``name`` and start it.

        Args:
            name: Thread name shown in debuggers and crash reports.
            worker: A QObject without a parent; it is deleted when the thread ends.
        """
        self.name = name
        self.thread = QThread()
        self.thread.setObjectName(name)
        worker.moveToThread(self.thread)
        # Deleted in its own thread as the thread finishes (Qt's documented pattern).
        self.thread.finished.connect(worker.deleteLater)
        self.thread.start()

    @property
    def running(self) -> bool:
        """Whether the thread's event loop still runs."""
        return self.thread.isRunning()

    def stop(self) -> None:
        """Finish the slot in progress, end the event loop and wait for the thread."""
        if self.thread.isRunning():
            self.thread.quit()
            self.thread.wait()
