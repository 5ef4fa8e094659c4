"""Steps the UI tests share: unlocking, filling the certificate form, reading the case list."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, QThread
from pytestqt.qtbot import QtBot

from koffer.domain.person import Person
from koffer.storage.repository import CaseSummary
from koffer.ui.case_model import SUMMARY_ROLE
from koffer.ui.certificate_dialog import CertificateDialog
from koffer.ui.main_window import MainWindow
from koffer.ui.unlock import UnlockMode
from tests.conftest import CLERK, PASSPHRASE

# Generous: a loaded CI machine; the waits end as soon as the signal or condition comes.
SIGNAL_TIMEOUT_MS = 20_000


def wait_for_mode(qtbot: QtBot, window: MainWindow, mode: UnlockMode) -> None:
    """Wait until the unlock page knows whether the kit has a clerk."""
    qtbot.waitUntil(lambda: window.unlock_page.mode is mode, timeout=SIGNAL_TIMEOUT_MS)


def first_start(qtbot: QtBot, window: MainWindow) -> None:
    """Enrol the first clerk through the form and wait for the case list."""
    wait_for_mode(qtbot, window, UnlockMode.FIRST_START)
    page = window.unlock_page
    page.login.setText(CLERK)
    page.passphrase.setText(PASSPHRASE)
    page.repeat.setText(PASSPHRASE)
    with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS):
        page.submit_button.click()


def unlock(qtbot: QtBot, window: MainWindow) -> None:
    """Fill in the unlock form and wait for the case list."""
    wait_for_mode(qtbot, window, UnlockMode.UNLOCK)
    page = window.unlock_page
    page.login.setText(CLERK)
    page.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS):
        page.submit_button.click()


def open_certificate_dialog(qtbot: QtBot, window: MainWindow) -> CertificateDialog:
    """Click "Neue Meldebescheinigung" and return the dialog."""
    qtbot.mouseClick(window.cases_page.new_button, Qt.MouseButton.LeftButton)
    dialog = window.certificate_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=SIGNAL_TIMEOUT_MS)
    return dialog


def fill_certificate(dialog: CertificateDialog, person: Person) -> None:
    """Type ``person`` into the form (setText: QTest key simulation is ASCII-only)."""
    dialog.given_names.setText(person.given_names)
    dialog.surname.setText(person.surname)
    dialog.birth_date.setDate(QDate(person.birth_date))
    dialog.street.setText(person.address.street)
    dialog.house_number.setText(person.address.house_number)
    dialog.postcode.setText(person.address.postcode)
    dialog.city.setText(person.address.city)


def case_rows(window: MainWindow) -> list[CaseSummary]:
    """The summaries the case list shows, in model order."""
    model = window.model
    return [model.data(model.index(row, 0), SUMMARY_ROLE) for row in range(model.rowCount())]


def recording(calls: list[tuple[str, str]], name: str, method: Callable[..., Any]) -> Any:
    """Wrap ``method`` so that each call notes ``name`` and the name of the calling thread."""

    @functools.wraps(method)
    def record(*args: Any, **kwargs: Any) -> Any:
        calls.append((name, QThread.currentThread().objectName() or "?"))
        return method(*args, **kwargs)

    return record
