"""Workers for the kit itself: device health, CUPS queues, the settings file, the kit check.

Like the workers in ``workers``, each lives on its own QThread and answers with plain data.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from koffer.devices.base import DeviceInfo
from koffer.devices.errors import DeviceError
from koffer.devices.registry import Devices, printer_queues
from koffer.domain.errors import KofferError
from koffer.settings_file import update_config
from koffer.ui.workers import Failure, Reporting

KIT_CHECK_TIMEOUT_S = 120.0


class DeviceWorker(QObject):
    """Asks the kit's devices how they are, and CUPS which queues it has."""

    checked = Signal(object)  # tuple[DeviceInfo, ...]
    queues_listed = Signal(object)  # tuple[str, ...]
    queues_failed = Signal(object)  # Failure

    def __init__(
        self,
        devices: Devices,
        language: str,
        queues: Callable[[], list[str]] = printer_queues,
    ) -> None:
        """Watch ``devices``; ``queues`` lists the CUPS queues (the registry's by default)."""
        super().__init__()
        self._devices = devices
        self._language = language
        self._queues = queues

    @Slot()
    def check(self) -> None:
        """Ask every device for its state (a device error is reported as its state)."""
        infos: tuple[DeviceInfo, ...] = tuple(self._devices.check())
        self.checked.emit(infos)

    @Slot()
    def list_queues(self) -> None:
        """List the CUPS queues for the settings page."""
        try:
            names = tuple(self._queues())
        except DeviceError as exc:
            self.queues_failed.emit(Failure.of(exc, self._language))
            return
        self.queues_listed.emit(names)


class SettingsWorker(QObject):
    """Writes the settings page's changes into the TOML file."""

    saved = Signal(str)  # the file written
    failed = Signal(object)  # Failure

    def __init__(self, language: str, path: Path | None = None) -> None:
        """Write to ``path`` (default: the file the settings are read from)."""
        super().__init__()
        self._language = language
        self._path = path

    @Slot(object)
    def save(self, changes: Mapping[str, Any]) -> None:
        """Merge ``changes`` into the file (checked first; nothing is written on an error)."""
        with Reporting(self.failed.emit, self._language) as run:
            try:
                written = update_config(changes, self._path)
            except OSError as exc:  # a full disk or a read-only config folder
                raise SettingsNotSaved(str(exc)) from exc
        if run.ok:
            self.saved.emit(str(written))


class SettingsNotSaved(KofferError):
    """The settings file could not be written."""

    message_key = "error.settings_not_saved"


@dataclass(frozen=True)
class CheckLine:
    """One line of ``koffer doctor``'s answer."""

    name: str
    ready: bool
    detail: str


@dataclass(frozen=True)
class CheckReport:
    """``koffer doctor``'s answer as the kit-check page shows it."""

    ready: bool
    lines: tuple[CheckLine, ...]


class KitCheckFailed(KofferError):
    """``koffer doctor`` did not answer."""

    message_key = "error.kit_check_failed"


def run_doctor(data_dir: Path, timeout_s: float = KIT_CHECK_TIMEOUT_S) -> CheckReport:
    """Run ``koffer doctor --json`` for ``data_dir`` in its own process and read its answer.

    A process of its own: the check opens every device and the store afresh, as before a
    visit, and a device that hangs cannot hang the app.

    Raises:
        KitCheckFailed: When the check did not answer in time or answered nonsense.
    """
    command = [sys.executable, "-m", "koffer", "doctor", "--json", "--data-dir", str(data_dir)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout_s, check=False
        )
        answer = json.loads(done.stdout)
        lines = tuple(
            CheckLine(str(c["name"]), bool(c["ready"]), str(c["detail"])) for c in answer["checks"]
        )
    except subprocess.TimeoutExpired as exc:
        raise KitCheckFailed(f"no answer in {timeout_s:.0f} s") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise KitCheckFailed(f"exit {done.returncode}: {done.stderr[-300:]}") from exc
    return CheckReport(bool(answer["ready"]), lines)


class KitCheckWorker(QObject):
    """Runs the kit check on request."""

    finished = Signal(object)  # CheckReport
    failed = Signal(object)  # Failure

    def __init__(
        self, data_dir: Path, language: str, check: Callable[[Path], CheckReport] = run_doctor
    ) -> None:
        """Check the kit whose data lives in ``data_dir``."""
        super().__init__()
        self._data_dir = data_dir
        self._language = language
        self._check = check

    @Slot()
    def run(self) -> None:
        """Run the check and report its findings."""
        with Reporting(self.failed.emit, self._language) as run:
            report = self._check(self._data_dir)
        if run.ok:
            self.finished.emit(report)
