"""An Anmeldung through the GUI: the form, the landlord confirmation scanned, signed, printed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState
from koffer.ui.main_window import MainWindow
from koffer.ui.registration_dialog import DONE, FAILED, PENDING, STEPS, RegistrationDialog
from koffer.ui.registration_worker import CONFIRMATION, SCAN, SIGNATURE, RegistrationWorker
from koffer.ui.threads import WorkerThread
from tests.conftest import CLERK, PASSPHRASE
from tests.ui.capture_helpers import wave, write_with_mouse
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start

STEP_TIMEOUT_MS = 60_000  # a device step on 2 busy cores


@pytest.fixture
def dialog(qtbot: QtBot, kit: Kit) -> Iterator[RegistrationDialog]:
    """The dialog on an unlocked kit, its worker on a thread of its own."""
    kit.store.create(CLERK, PASSPHRASE)
    worker = RegistrationWorker(kit, "de")
    thread = WorkerThread("koffer-registration", worker)
    shown = RegistrationDialog(worker, "de")
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.done(0)
    thread.stop()


def _fill(dialog: RegistrationDialog, moved_in: QDate) -> None:
    dialog.given_names.setText("Zoë")
    dialog.surname.setText("Ñúñez-Müller")
    dialog.birth_date.setDate(QDate(1984, 3, 2))
    dialog.with_member.setChecked(True)
    dialog.member_given_names.setText("Jonas")
    dialog.member_surname.setText("Ñúñez-Müller")
    dialog.member_birth_date.setDate(QDate(2016, 7, 9))
    for fields, values in (
        (dialog.new_address, ("Lindenstraße", "12a", "45127", "Essen")),
        (dialog.previous_address, ("Am Markt", "3", "50667", "Köln")),
        (dialog.landlord_address, ("Rüttenscheider Straße", "80", "45130", "Essen")),
    ):
        for edit, value in zip(fields.inputs, values, strict=True):
            edit.setText(value)
    dialog.residence.setCurrentIndex(dialog.residence.findData("main"))
    dialog.move_in_date.setDate(moved_in)
    dialog.landlord_name.setText("Wohnbau Essen GmbH")
    dialog.landlord_move_in.setDate(moved_in)
    dialog.occupants.setText("Zoë Ñúñez-Müller, Jonas Ñúñez-Müller")


def _on_page(qtbot: QtBot, dialog: RegistrationDialog, step: str) -> None:
    qtbot.waitUntil(lambda: dialog.current_step == step and not dialog.busy,
                    timeout=STEP_TIMEOUT_MS)  # fmt: skip


def test_an_anmeldung_goes_from_the_form_to_the_queue_with_the_confirmation_printed(
    qtbot: QtBot, dialog: RegistrationDialog, kit: Kit
) -> None:
    _fill(dialog, QDate.currentDate().addDays(-3))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    _on_page(qtbot, dialog, SCAN)
    qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, SIGNATURE)
    assert dialog.step_state(SCAN) == DONE
    assert "Gescannt: 1" in dialog.scan_status.text()
    pad = dialog.signature_page.pad
    write_with_mouse(pad, wave(pad))
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS) as queued:
        qtbot.mouseClick(dialog.signature_page.accept_button, Qt.MouseButton.LeftButton)
    case_id, reference = queued.args

    assert [dialog.step_state(step) for step in STEPS] == [DONE] * len(STEPS)
    assert dialog.current_step == "finished"
    assert reference in dialog.done_label.text()
    assert not dialog.error_label.isVisible()
    printer = kit.devices.printer
    assert isinstance(printer, SimPrinter)
    assert [title for title, _pdf in printer.printed] == [f"Meldebestätigung {reference}"]
    assert printer.printed[0][1].startswith(b"%PDF")
    with kit.store.unit_of_work() as uow:
        case = uow.case(case_id)
        assert case.state is CaseState.QUEUED
        assert uow.outbox_key(case_id) is not None
    details = case.details
    assert details["late_days"] == 0
    assert details["new_address"]["street"] == "Lindenstraße"
    assert [m["given_names"] for m in details["family"]] == ["Jonas"]
    assert details["landlord"]["name"] == "Wohnbau Essen GmbH"
    steps = details["steps"]
    assert steps[SCAN]["data"] == {"pages": 1}
    assert len(steps[SCAN]["attachments"]) == 1
    assert len(steps[SIGNATURE]["attachments"]) == 1
    assert steps[CONFIRMATION]["data"]["job_id"]


def test_a_move_in_date_in_the_future_is_refused_in_place_and_nothing_is_lost(
    qtbot: QtBot, dialog: RegistrationDialog, kit: Kit
) -> None:
    _fill(dialog, QDate.currentDate().addDays(5))
    with qtbot.waitSignal(dialog.step_failed, timeout=STEP_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    step, message = failed.args
    assert step == "open"
    assert "Einzugsdatum liegt in der Zukunft" in message
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == message
    assert dialog.current_step == "form"
    assert not dialog.case_id
    assert dialog.given_names.text() == "Zoë"
    assert dialog.occupants.text() == "Zoë Ñúñez-Müller, Jonas Ñúñez-Müller"
    assert dialog.form_box.isEnabled()
    assert all(dialog.step_state(step) == PENDING for step in STEPS)
    with kit.store.unit_of_work() as uow:
        assert uow.cases() == []  # nothing stored for a refused form

    # Corrected in place, the same form goes through.
    moved_in = QDate.currentDate().addDays(-20)  # late: still registered, marked late
    dialog.move_in_date.setDate(moved_in)
    dialog.landlord_move_in.setDate(moved_in)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, SCAN)
    assert not dialog.error_label.isVisible()
    assert dialog.late_days > 0


def test_an_occupant_missing_from_the_landlord_confirmation_is_named(
    qtbot: QtBot, dialog: RegistrationDialog
) -> None:
    _fill(dialog, QDate.currentDate().addDays(-1))
    dialog.occupants.setText("Zoë Ñúñez-Müller")
    with qtbot.waitSignal(dialog.step_failed, timeout=STEP_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert "Jonas Ñúñez-Müller" in failed.args[1]
    assert dialog.error_label.text() == failed.args[1]
    assert not dialog.case_id


def test_a_paper_jam_while_printing_is_retried_for_the_same_case(
    qtbot: QtBot, dialog: RegistrationDialog, kit: Kit
) -> None:
    from koffer.devices.errors import PaperJam

    printer = kit.devices.printer
    assert isinstance(printer, SimPrinter)
    printer.queue_fault(PaperJam("printer", "tray 1"))
    _fill(dialog, QDate.currentDate())
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, SCAN)
    qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, SIGNATURE)
    pad = dialog.signature_page.pad
    write_with_mouse(pad, wave(pad))
    with qtbot.waitSignal(dialog.step_failed, timeout=STEP_TIMEOUT_MS):
        qtbot.mouseClick(dialog.signature_page.accept_button, Qt.MouseButton.LeftButton)
    assert dialog.step_state(CONFIRMATION) == FAILED
    assert dialog.error_label.isVisible()
    case_id = dialog.case_id
    assert dialog.apply_button.isVisible()

    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS) as queued:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert queued.args[0] == case_id
    assert len(printer.printed) == 1
    with kit.store.unit_of_work() as uow:
        assert uow.case(case_id).state is CaseState.QUEUED


def test_every_control_of_the_form_has_an_accessible_name(dialog: RegistrationDialog) -> None:
    dialog.with_member.setChecked(True)  # the family member's fields are enabled too
    focusable = [
        widget
        for widget in dialog.findChildren(QWidget)
        if widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
    ]
    assert len(focusable) > 25
    unnamed = [type(w).__name__ for w in focusable if not w.accessibleName().strip()]
    assert unnamed == []


def test_the_main_window_opens_the_registration_from_the_case_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    first_start(qtbot, window)
    qtbot.mouseClick(window.cases_page.registration_button, Qt.MouseButton.LeftButton)
    dialog = window.registration_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=SIGNAL_TIMEOUT_MS)
    assert not window.registration_action.isEnabled()  # one dialog at a time
    dialog.reject()
    qtbot.waitUntil(lambda: window.registration_dialog is None, timeout=SIGNAL_TIMEOUT_MS)
    assert window.registration_action.isEnabled()
