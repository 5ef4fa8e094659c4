"""Screenshots for the docs: one visit through the real window, saved as PNG files.

Builds a throw-away kit (temporary data directory, simulated devices) and a town hall on
127.0.0.1 whose back office has planned the day, enrols a clerk, locks and unlocks, issues
a certificate, opens a second case, and saves every main screen: ``unlock``, ``dashboard``,
``certificate``, ``cases``, ``sync``, ``settings``, ``kit-check``, the citizen's review
screen in German and Arabic, the ID-card pages and the Beglaubigung (form, crop, note).
It never enters ``QApplication.exec()``: every wait is a bounded loop that raises on
timeout, so a failure ends the script instead of leaving it hanging.

Run: ``koffer screenshots OUTDIR`` (on a display, e.g. Xvfb, or offscreen).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QDate, QEventLoop, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.person import Address, Person
from koffer.settings import SyncSettings
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.ui import i18n
from koffer.ui.application import application
from koffer.ui.case_model import SUMMARY_ROLE
from koffer.ui.certificate_dialog import CertificateDialog
from koffer.ui.garbage import GuiThreadCollector
from koffer.ui.main_window import MainWindow
from koffer.ui.unlock import UnlockMode

WINDOW_SIZE = (1100, 680)
CLERK = "m.schneider"
PASSPHRASE = "Koffer-Schulung-2026"  # noqa: S105 - a throw-away training kit
CITIZEN = Person(
    "Zoë Łucja", "Ñúñez-Müller", date(1941, 3, 2), Address("Lindenstraße", "12a", "45127", "Essen")
)
SECOND_CITIZEN = Person(
    "Mehmet", "Yılmaz", date(1950, 7, 14), Address("Ahornweg", "3", "45127", "Essen")
)
STEP_TIMEOUT_S = 60.0
KIT_CHECK_TIMEOUT_S = 120.0


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
        save(window.grab(), out_dir / "unlock.png")

        page.passphrase.setText(PASSPHRASE)
        page.submit()
        wait_until(app, lambda: window.unlocked, "unlocking")
        _certificate(app, window, out_dir)
        wait_until(
            app, lambda: _states(window) == [CaseState.ACKNOWLEDGED], "the town hall's receipt"
        )
        wait_until(app, lambda: window.certificate_dialog is None, "the dialog to close")
        wait_until(app, lambda: not window.syncing, "the synchronisation to end")
        _screens(app, window, kit, out_dir)
        _id_card(app, window, out_dir)
        _certification(app, window, kit, out_dir)
    finally:
        window.shutdown()
        window.close()


def _certificate(app: QApplication, window: MainWindow, out_dir: Path) -> None:
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
    save(grab_area(app, dialog), out_dir / "certificate.png")
    dialog.accept()


def _id_card(app: QApplication, window: MainWindow, out_dir: Path) -> None:
    """An ID-card application page by page: live photo, result, prints, signature, payment."""
    dialog = window.new_id_card()
    if dialog is None:
        msg = "the ID-card dialog did not open"
        raise TypeError(msg)
    activate(app, dialog)
    dialog.given_names.setText(CITIZEN.given_names)
    dialog.surname.setText(CITIZEN.surname)
    dialog.birth_date.setDate(QDate(1941, 3, 2))
    dialog.street.setText(CITIZEN.address.street)
    dialog.house_number.setText(CITIZEN.address.house_number)
    dialog.postcode.setText(CITIZEN.address.postcode)
    dialog.city.setText(CITIZEN.address.city)
    dialog.eye_colour.setText("grün")
    dialog.apply()

    def on_page(step: str) -> None:
        wait_until(app, lambda: dialog.current_step == step and not dialog.busy, f"the {step}")
        settle(app)

    on_page("photo")
    camera = dialog.camera_page
    if camera is None:
        msg = "the camera page did not open"
        raise TypeError(msg)
    wait_until(app, lambda: bool(camera.hints()) or camera.showing_result, "the live preview")
    if not camera.showing_result:
        save(grab_area(app, dialog), out_dir / "id-card-photo-live.png")
    wait_until(app, lambda: camera.showing_result, "the photo result")
    settle(app)
    save(grab_area(app, dialog), out_dir / "id-card-photo-result.png")
    camera.accept_button.click()
    on_page("fingerprints")
    dialog.fingerprint_page.start_button.click()
    wait_until(app, lambda: dialog.step_state("fingerprints") == "✓", "the fingerprints")
    settle(app)
    save(dialog.fingerprint_page.grab(), out_dir / "id-card-fingerprints.png")
    on_page("signature")
    dialog.signature_page.device_button.click()  # the simulated pad signs
    wait_until(app, lambda: not dialog.signature_page.pad.empty, "the signature")
    settle(app)
    save(grab_area(app, dialog), out_dir / "id-card-signature.png")
    dialog.signature_page.accept_button.click()
    on_page("payment")
    save(grab_area(app, dialog), out_dir / "id-card-payment.png")
    queued: list[str] = []
    dialog.queued.connect(lambda _case_id, reference: queued.append(reference))
    dialog.payment_page.pay_button.click()
    wait_until(app, lambda: bool(queued), "the application to be queued")
    settle(app)
    save(grab_area(app, dialog), out_dir / "id-card.png")
    dialog.accept()


def _certification(app: QApplication, window: MainWindow, kit: Any, out_dir: Path) -> None:
    """A certified copy: the form, the crooked scan cropped, the note before printing."""
    wait_until(app, lambda: window.id_card_dialog is None, "the ID-card dialog to close")
    dialog = window.new_certification()
    if dialog is None:
        msg = "the certification dialog did not open"
        raise TypeError(msg)
    activate(app, dialog)
    form = dialog.form
    form.given_names.setText(CITIZEN.given_names)
    form.surname.setText(CITIZEN.surname)
    form.birth_date.setDate(QDate(CITIZEN.birth_date))
    form.address.set_address(CITIZEN.address)
    form.document_title.setText("Rentenbescheid der Deutschen Rentenversicherung vom 3. März 2026")
    form.issued_by_authority.setChecked(True)
    for box in form.checks.values():
        box.setChecked(True)
    form.document_title.setFocus()
    settle(app)
    save(grab_area(app, dialog), out_dir / "certification.png")
    scanner = kit.devices.scanner
    if hasattr(scanner, "skew_deg"):  # the simulator: the sheet lies crooked on the glass
        scanner.skew_deg = 6.0
    dialog.apply()

    def on_page(step: str) -> None:
        wait_until(app, lambda: dialog.current_step == step and not dialog.busy, f"the {step}")
        settle(app)

    on_page("scan")
    dialog.scan()
    wait_until(app, lambda: dialog.crop_page.isEnabled() and not dialog.busy, "the scan")
    settle(app)
    save(grab_area(app, dialog), out_dir / "certification-scan.png")
    dialog.crop_page.accept_button.click()
    on_page("payment")
    if dialog.payment_page is not None:
        dialog.payment_page.pay_button.click()
    on_page("certification_note")
    save(grab_area(app, dialog), out_dir / "certification-note.png")
    queued: list[str] = []
    dialog.queued.connect(lambda _case_id, reference: queued.append(reference))
    dialog.print_button.click()
    wait_until(app, lambda: bool(queued), "the certification to be queued")
    dialog.accept()


def _screens(app: QApplication, window: MainWindow, kit: Any, out_dir: Path) -> None:
    """The workspace's screens with a second, unfinished case, and the citizen's screen."""
    draft = kit.case_flow().open(
        ServiceKind.CONDUCT_CERTIFICATE, SECOND_CITIZEN, {"purpose": "Ehrenamt"}
    )
    window.load_requested.emit()
    window.overview_requested.emit()
    window.request_devices()
    wait_until(app, lambda: window.dashboard.drafts.count() == 1, "the dashboard's drafts")
    bar = window.dashboard.device_bar
    wait_until(app, lambda: None not in bar.states.values(), "the device bar")
    wait_until(app, lambda: len(_states(window)) == 2, "the case list")
    activate(app, window)
    window.dashboard.drafts.setCurrentRow(0)
    window.workspace.tabBar().setFocus()
    settle(app)
    save(window.grab(), out_dir / "dashboard.png")

    window.show_page(window.cases_page)
    window.cases_page.select_case(draft.id)
    window.cases_page.table.setFocus()
    settle(app)
    save(window.grab(), out_dir / "cases.png")

    window.show_page(window.sync_page)
    wait_until(app, lambda: window.sync_page.model.rowCount() == 1, "the outbox")
    settle(app)
    save(window.grab(), out_dir / "sync.png")

    window.show_page(window.settings_page)
    settle(app)
    save(window.grab(), out_dir / "settings.png")

    window.show_page(window.kit_check_page)
    window.kit_check_page.start()
    deadline = time.monotonic() + KIT_CHECK_TIMEOUT_S
    wait_until(
        app,
        lambda: not window.kit_check_page.running or time.monotonic() > deadline,
        "the kit check",
    )
    settle(app)
    save(window.grab(), out_dir / "kit-check.png")
    _citizen_review(app, window, draft.id, out_dir)


def _citizen_review(app: QApplication, window: MainWindow, case_id: str, out_dir: Path) -> None:
    review = None
    for language, name in (("de", "citizen-review.png"), ("ar", "citizen-review-ar.png")):
        window.citizen_language = language
        previous = window.review_window
        window.request_review(case_id)
        wait_until(
            app,
            lambda previous=previous: window.review_window not in (None, previous),
            "the citizen's screen",
        )
        review = window.review_window
        if review is None:
            msg = "the citizen's screen did not open"
            raise TypeError(msg)
        review.resize(960, 760)
        review.move(0, 0)
        activate(app, review)
        review.confirm_button.setFocus()
        settle(app)
        save(review.grab(), out_dir / name)
    if review is not None:
        review.confirm_button.click()
        wait_until(app, lambda: "✓" in window.review_status.text(), "the citizen's answer")
        review.close()
    window.show_page(window.cases_page)
    activate(app, window)
    settle(app)
    save(window.grab(), out_dir / "cases-answer.png")


def _fill(dialog: CertificateDialog) -> None:
    dialog.given_names.setText(CITIZEN.given_names)
    dialog.surname.setText(CITIZEN.surname)
    dialog.birth_date.setDate(QDate(CITIZEN.birth_date))
    dialog.street.setText(CITIZEN.address.street)
    dialog.house_number.setText(CITIZEN.address.house_number)
    dialog.postcode.setText(CITIZEN.address.postcode)
    dialog.city.setText(CITIZEN.address.city)


def _planned_townhall(data_dir: Path) -> EmbeddedTownhall:
    """A town hall whose back office has planned today: a service-point day and a visit."""
    token, admin = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    townhall = EmbeddedTownhall(data_dir / "townhall", token, admin_token=admin)
    townhall.start()
    today = date.today().isoformat()  # noqa: DTZ011 - the kit's calendar day
    for entry in (
        {
            "day": today,
            "kind": "service_point_day",
            "place": "Seniorenzentrum Lindenhof, Raum 2",
            "starts_at": "09:00:00",
            "ends_at": "12:00:00",
        },
        {
            "day": today,
            "kind": "appointment",
            "place": "Hausbesuch Ahornweg 3",
            "starts_at": "14:30:00",
            "note": "Rollstuhl",
        },
    ):
        httpx.post(
            f"{townhall.url}/v1/admin/schedule",
            json=entry,
            headers={"Authorization": f"Bearer {admin}"},
            timeout=10,
        ).raise_for_status()
    return townhall


def take(kit: Any, out_dir: Path) -> None:
    """Take the screenshots of one visit with ``kit`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    app = application()
    i18n.build()
    i18n.install(app, kit.settings.language)
    collector = GuiThreadCollector()
    collector.start()
    townhall = _planned_townhall(kit.settings.data_dir.parent)
    # The training town charges for certified copies (a town sets its own fee).
    town = kit.settings.municipality.model_copy(update={"certification_per_page_cents": 300})
    kit.settings = kit.settings.model_copy(
        update={
            "municipality": town,
            "sync": SyncSettings(
                townhall_url=townhall.url, enrolment_token=townhall.enrolment_token
            ),
        }
    )
    try:
        visit(app, kit, out_dir)
    finally:
        kit.close()
        townhall.stop()
        collector.stop()
