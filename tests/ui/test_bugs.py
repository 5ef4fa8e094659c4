"""A bug in a step is not hidden: the dialog leaves its busy state and the error propagates."""

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.devices.printer.interface import PrintJob
from koffer.domain.person import Person
from koffer.ui.main_window import MainWindow
from koffer.ui.workers import Step
from tests.ui.helpers import (
    SIGNAL_TIMEOUT_MS,
    fill_certificate,
    first_start,
    open_certificate_dialog,
)


def test_a_bug_in_the_printer_backend_is_shown_and_still_raised(
    qtbot: QtBot,
    window: MainWindow,
    kit: Kit,
    citizen: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(_job: PrintJob) -> None:
        msg = "bug in the backend"
        raise ZeroDivisionError(msg)

    monkeypatch.setattr(kit.devices.printer, "print", broken)
    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)
    fill_certificate(dialog, citizen)

    with qtbot.capture_exceptions() as exceptions:
        with qtbot.waitSignal(dialog.step_failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
            qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
        # Raised on the worker thread after the failure was signalled.
        qtbot.waitUntil(lambda: bool(exceptions), timeout=SIGNAL_TIMEOUT_MS)

    assert failed.args == [str(Step.PRINT), "Ein Fehler ist aufgetreten."]
    assert not dialog.busy
    assert [type(exc) for exc_type, exc, _tb in exceptions] == [ZeroDivisionError]
