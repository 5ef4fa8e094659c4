"""Screenshots for the docs: one visit through the real window, saved as PNG files.

Builds a throw-away kit (temporary data directory, simulated devices, embedded town hall),
enrols a clerk, locks and unlocks, issues one certificate, waits for the town hall's receipt
and saves ``screenshot-unlock.png``, ``screenshot-certificate.png`` and
``screenshot-cases.png``. It never enters ``QApplication.exec()``: every wait is a bounded
loop that raises on timeout, so a failure ends the script instead of leaving it hanging.

Run: ``koffer screenshots OUTDIR`` (on a display, e.g. Xvfb, or offscreen).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEventLoop, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from koffer.domain.case import CaseState
from koffer.domain.person import Address, Person
from koffer.ui.application import application
from koffer.ui.case_model import SUMMARY_ROLE
from koffer.ui.certificate_dialog import CertificateDialog
from koffer.ui.garbage import GuiThreadCollector
from koffer.ui.id_card_dialog import IdCardDialog
from koffer.ui.main_window import MainWindow
from koffer.ui.unlock import UnlockMode

WINDOW_SIZE = (1100, 680)
CLERK = "m.schneider"
PASSPHRASE = "Koffer-Schulung-2026"  # noqa: S105 - a throw-away training kit
CITIZEN = Person(
    "Zoë Łucja", "Ñúñez-Müller", date(1941, 3, 2), Address("Lindenstraße", "12a", "45127", "Essen")
)
STEP_TIMEOUT_S = 60.0


def wait_until(app: QApplication, done: Callable[[], bool], what: str) -> None:
    """Process events until ``done()`` holds.

    Raises:
        TimeoutError: After ``STEP_TIMEOUT_S`` seconds, naming ``what`` was awaited.
    """
    deadline = time.monotonic() + STEP_TIMEOUT_S
    ticker = QTimer()  # wakes WaitForMoreEvents at least every 20 ms
    ticker.start(20)
    try:
        while not done():
            if time.monotonic() > deadline:
                msg = f"timed out waiting for {what}"
                raise TimeoutError(msg)
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        ticker.stop()


def settle(app: QApplication, seconds: float = 0.3) -> None:
    """Let layouts, repaints and animations finish before a grab."""
    end = time.monotonic() + seconds
    wait_until(app, lambda: time.monotonic() >= end, "the screen to settle")


def grab_area(app: QApplication, widget: QWidget) -> QPixmap:
    """Grab the screen where ``widget``'s window is, so dialogs above it are included."""
    screen = widget.screen() or app.primaryScreen()
    frame = widget.window().frameGeometry()
    shot = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    return shot if not shot.isNull() else widget.window().grab()


def activate(app: QApplication, window: QWidget) -> None:
    """Make ``window`` the active one (no window manager does it under Xvfb)."""
    window.activateWindow()
    window.raise_()
    settle(app)


def save(pixmap: QPixmap, path: Path) -> None:
    """Write a PNG, raising when Qt could not."""
    if not pixmap.save(str(path), "PNG"):
        msg = f"could not write {path}"
        raise OSError(msg)
    print(f"wrote {path} ({pixmap.width()}x{pixmap.height()})")  # noqa: T201 - a script


def _states(window: MainWindow) -> list[CaseState]:
    model = window.model
    return [model.data(model.index(r, 0), SUMMARY_ROLE).state for r in range(model.rowCount())]


def visit(app: QApplication, kit: Any, out_dir: Path) -> None:
    """Drive the window through one visit and save the screenshots to ``out_dir``."""
    window = MainWindow(kit)
    window.resize(*WINDOW_SIZE)
    window.move(0, 0)
    window.show()
    try:
        page = window.unlock_page
        wait_until(app, lambda: page.mode is UnlockMode.FIRST_START, "the first-start form")
        page.login.setText(CLERK)
        page.passphrase.setText(PASSPHRASE)
        page.repeat.setText(PASSPHRASE)
        page.submit()
        wait_until(app, lambda: window.unlocked, "the first clerk")
        wait_until(app, lambda: not window.syncing, "the first synchronisation")
        window.lock()
        wait_until(app, lambda: not kit.store.unlocked, "the store to lock")

        activate(app, window)
        page.passphrase.setFocus()
        settle(app)
        save(window.grab(), out_dir / "screenshot-unlock.png")

        page.passphrase.setText(PASSPHRASE)
        page.submit()
        wait_until(app, lambda: window.unlocked, "unlocking")
        dialog = window.new_certificate()
        if not isinstance(dialog, CertificateDialog):
            msg = "the certificate dialog did not open"
            raise TypeError(msg)
        _fill(dialog)
        reference: list[str] = []
        dialog.issued.connect(lambda _case_id, ref: reference.append(ref))
        activate(app, dialog)
        dialog.issue()
        wait_until(app, lambda: bool(reference), "the certificate to be issued")
        settle(app)
        save(grab_area(app, dialog), out_dir / "screenshot-certificate.png")

        dialog.accept()
        wait_until(
            app, lambda: _states(window) == [CaseState.ACKNOWLEDGED], "the town hall's receipt"
        )
        wait_until(app, lambda: window.certificate_dialog is None, "the dialog to close")
        _id_card(app, window, out_dir)
        wait_until(
            app,
            lambda: sorted(_states(window)) == [CaseState.ACKNOWLEDGED] * 2,
            "both cases acknowledged",
        )
        wait_until(app, lambda: not window.syncing, "the synchronisation to end")
        activate(app, window)
        window.cases_page.table.selectRow(0)
        window.cases_page.table.setFocus()
        settle(app)
        save(window.grab(), out_dir / "screenshot-cases.png")
    finally:
        window.shutdown()
        window.close()


def _id_card(app: QApplication, window: MainWindow, out_dir: Path) -> None:
    """Apply for an ID card (photo, prints, signature, fee, summary) and save the dialog."""
    dialog = window.new_id_card()
    if not isinstance(dialog, IdCardDialog):
        msg = "the ID-card dialog did not open"
        raise TypeError(msg)
    _fill(dialog)
    dialog.height.setValue(168)
    dialog.eye_colour.setText("grün")
    queued: list[str] = []
    dialog.queued.connect(lambda _case_id, ref: queued.append(ref))
    activate(app, dialog)
    dialog.apply()
    wait_until(app, lambda: bool(queued), "the ID-card application to be queued")
    settle(app)
    save(grab_area(app, dialog), out_dir / "screenshot-id-card.png")
    dialog.accept()


def _fill(dialog: CertificateDialog | IdCardDialog) -> None:
    dialog.given_names.setText(CITIZEN.given_names)
    dialog.surname.setText(CITIZEN.surname)
    dialog.birth_date.setDate(QDate(CITIZEN.birth_date))
    dialog.street.setText(CITIZEN.address.street)
    dialog.house_number.setText(CITIZEN.address.house_number)
    dialog.postcode.setText(CITIZEN.address.postcode)
    dialog.city.setText(CITIZEN.address.city)


def take(kit: Any, out_dir: Path) -> None:
    """Take the screenshots of one visit with ``kit`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    app = application()
    collector = GuiThreadCollector()
    collector.start()
    try:
        visit(app, kit, out_dir)
    finally:
        kit.close()
        collector.stop()
