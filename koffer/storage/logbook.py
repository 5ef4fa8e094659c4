"""Sealed logs and crash reports: nothing a log line or a traceback says lies on disk in clear.

A log line can carry personal data despite every care (an exception message quoting a name,
a path with a citizen's reference), so Koffer never writes one in clear:

- Each process writes its own file ``logs/koffer-<UTC time>-<pid>.klog``: a magic line, the
  file's X25519 header (``crypto.start_log_file``), then frames of a 4-byte length and one
  sealed JSON entry. Entries are bound to their sequence number, so a removed or reordered
  entry shows as a gap; the last entry of a killed process may be torn and is reported so.
- Writing needs only ``logs/log-key.pub``, so a locked kit logs too. Until a kit has a log
  key (before its first clerk is enrolled, when it holds no personal data yet), entries wait
  in memory and are written once the key appears.
- Reading needs the private log key, kept sealed under the kit data key: ``koffer logs``
  asks for a clerk's passphrase.
- ``install`` routes the root logger here, sends uncaught exceptions (main and worker
  threads) here as CRITICAL entries with their traceback, prints only the exception's type to
  stderr, and switches core dumps off (a core dump would hold the data key).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
import traceback
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from koffer import crypto

LOG_DIR = "logs"
PUBLIC_KEY_FILE = "log-key.pub"
SUFFIX = ".klog"
MAGIC = b"KOFFER-LOG-1\n"
HEADER_BYTES = 32
LENGTH_BYTES = 4
PENDING_LIMIT = 2000  # entries kept in memory while the kit has no log key yet


def _entry_context(sequence: int) -> bytes:
    return f"log:{sequence}".encode()


def write_public_key(data_dir: Path, public: bytes) -> None:
    """Publish the kit's public log key for writers (the private half stays sealed)."""
    folder = data_dir / LOG_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / PUBLIC_KEY_FILE
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(public)
    temporary.replace(path)


def read_public_key(data_dir: Path) -> bytes | None:
    """The kit's public log key, or None before the kit has one."""
    try:
        public = (data_dir / LOG_DIR / PUBLIC_KEY_FILE).read_bytes()
    except FileNotFoundError:
        return None
    return public if len(public) == HEADER_BYTES else None


class SealedLogFile:
    """One process's sealed log file, appended to entry by entry."""

    def __init__(self, folder: Path, public: bytes, now: datetime) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = f"koffer-{now:%Y%m%dT%H%M%S%fZ}-{os.getpid()}{SUFFIX}"
        self.path = folder / name
        descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        self._handle: BinaryIO = os.fdopen(descriptor, "wb")
        header, self._sealer = crypto.start_log_file(public)
        self._handle.write(MAGIC + header)
        self._handle.flush()
        self._sequence = 0
        self._lock = threading.Lock()

    def write(self, entry: dict[str, Any], durable: bool = False) -> None:
        """Seal and append one entry; ``durable`` waits until it is on the disk."""
        plain = json.dumps(entry, ensure_ascii=False).encode("utf-8")
        with self._lock:
            frame = self._sealer.seal(plain, _entry_context(self._sequence))
            self._sequence += 1
            self._handle.write(len(frame).to_bytes(LENGTH_BYTES, "big") + frame)
            self._handle.flush()
            if durable:
                os.fsync(self._handle.fileno())

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._handle.close()


class SealedLogHandler(logging.Handler):
    """A logging handler that writes sealed entries to the kit's log folder."""

    def __init__(self, data_dir: Path, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.data_dir = data_dir
        self._file: SealedLogFile | None = None
        self._path: Path | None = None
        self._pending: deque[dict[str, Any]] = deque(maxlen=PENDING_LIMIT)
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        """Seal the record, or keep it in memory until the kit has a log key."""
        try:
            entry = {
                "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
                "level": record.levelname,
                "logger": record.name,
                "message": self.format(record),
            }
            target = self._target()
            if target is None:
                self._pending.append(entry)
                return
            target.write(entry, durable=record.levelno >= logging.CRITICAL)
        except Exception:  # noqa: BLE001 - logging must never take the app down
            self.handleError(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's API
        """Report a failed write by type only: the record may hold personal data."""
        del record
        kind = type(sys.exc_info()[1]).__name__
        sys.stderr.write(f"koffer: a log entry could not be written ({kind})\n")

    def _target(self) -> SealedLogFile | None:
        if self._file is None:
            public = read_public_key(self.data_dir)
            if public is None:
                return None
            self._file = SealedLogFile(self.data_dir / LOG_DIR, public, datetime.now(UTC))
            self._path = self._file.path
            while self._pending:
                self._file.write(self._pending.popleft())
        return self._file

    @property
    def path(self) -> Path | None:
        """The file this handler writes (or wrote) to, once it has one."""
        return self._path

    def close(self) -> None:
        """Close the log file."""
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    """One opened log entry."""

    file: str
    sequence: int
    at: str
    level: str
    logger: str
    message: str


@dataclass(frozen=True)
class LogProblem:
    """Something wrong with a log file: torn at the end, tampered, not a log file."""

    file: str
    sequence: int
    what: str


def read_logs(data_dir: Path, log_private: bytes) -> Iterator[LogEntry | LogProblem]:
    """Open every log file of a kit, oldest first, yielding entries and problems."""
    folder = data_dir / LOG_DIR
    for path in sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.name):
        yield from _read_file(path, log_private)


def _read_file(path: Path, log_private: bytes) -> Iterator[LogEntry | LogProblem]:
    data = path.read_bytes()
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + HEADER_BYTES:
        yield LogProblem(path.name, 0, "not a Koffer log file")
        return
    header = data[len(MAGIC) : len(MAGIC) + HEADER_BYTES]
    sealer = crypto.open_log_file(log_private, header)
    offset, sequence = len(MAGIC) + HEADER_BYTES, 0
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + LENGTH_BYTES], "big")
        frame = data[offset + LENGTH_BYTES : offset + LENGTH_BYTES + length]
        if offset + LENGTH_BYTES > len(data) or len(frame) < length:
            yield LogProblem(path.name, sequence, "torn last entry (the process was killed)")
            return
        try:
            entry = json.loads(sealer.unseal(frame, _entry_context(sequence)))
        except crypto.CryptoError:
            yield LogProblem(path.name, sequence, "entry altered, removed or from another kit")
            return
        yield LogEntry(path.name, sequence, entry["at"], entry["level"], entry["logger"],
                       entry["message"])  # fmt: skip
        offset += LENGTH_BYTES + length
        sequence += 1


def prune(data_dir: Path, keep_days: int, now: datetime) -> int:
    """Delete log files last written more than ``keep_days`` ago; return how many went."""
    cutoff = (now - timedelta(days=keep_days)).timestamp()
    removed = 0
    for path in (data_dir / LOG_DIR).glob(f"*{SUFFIX}"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# --- process-wide wiring ----------------------------------------------------------------


def install(
    data_dir: Path, keep_days: int | None = None, level: int = logging.INFO
) -> SealedLogHandler:
    """Route logging and uncaught exceptions of this process into sealed logs.

    Log files older than ``keep_days`` are deleted first. Returns the handler; ``uninstall``
    undoes everything.
    """
    _no_core_dumps()
    if keep_days is not None and (data_dir / LOG_DIR).is_dir():
        prune(data_dir, keep_days, datetime.now(UTC))
    handler = SealedLogHandler(data_dir, level)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    logging.captureWarnings(capture=True)
    previous = (sys.excepthook, threading.excepthook)
    sys.excepthook = _report_crash
    threading.excepthook = _report_thread_crash
    _installed[handler] = previous
    return handler


def uninstall(handler: SealedLogHandler) -> None:
    """Take ``handler`` out again and restore the exception hooks it replaced."""
    logging.getLogger().removeHandler(handler)
    handler.close()
    previous = _installed.pop(handler, None)
    if previous is not None:
        sys.excepthook, threading.excepthook = previous
    if not _installed:
        logging.captureWarnings(capture=False)


_installed: dict[SealedLogHandler, tuple[Any, Any]] = {}
_crash_logger = logging.getLogger("koffer.crash")


def _report_crash(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    text = "".join(traceback.format_exception(kind, error, trace))
    _crash_logger.critical("uncaught exception\n%s", text)
    # The message and the traceback's source lines may hold personal data: type only.
    sys.stderr.write(
        f"Koffer stopped after an unexpected error ({kind.__name__}). "
        "The details are in the sealed log (koffer logs).\n"
    )


def _report_thread_crash(arguments: threading.ExceptHookArgs) -> None:
    if arguments.exc_value is None:
        return
    _report_crash(arguments.exc_type, arguments.exc_value, arguments.exc_traceback)


def _no_core_dumps() -> None:
    """A core dump would hold the data key and decrypted records: switch them off."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
