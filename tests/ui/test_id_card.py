"""An ID-card application through the GUI: form, then each capture page on the simulators."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.devices.camera.sim import SimCamera
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState
from koffer.ui.capture.hand_diagram import FingerMark
from koffer.ui.capture.payment_page import euro
from koffer.ui.id_card_dialog import DONE, FAILED, RUNNING, SKIPPED, STEPS, IdCardDialog
from koffer.ui.main_window import MainWindow
from tests.ui.capture_helpers import wave, write_with_mouse
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start, recording

STEP_TIMEOUT_MS = 60_000  # a capture step on 2 busy cores


def _open(qtbot: QtBot, window: MainWindow) -> IdCardDialog:
    qtbot.mouseClick(window.cases_page.id_card_button, Qt.MouseButton.LeftButton)
    dialog = window.id_card_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=SIGNAL_TIMEOUT_MS)
    return dialog


def _fill(dialog: IdCardDialog, *, exemption: bool = False) -> None:
    dialog.given_names.setText("Zoë Łucja")
    dialog.surname.setText("Ñúñez-Müller")
    dialog.birth_date.setDate(QDate(1941, 3, 2))
    dialog.street.setText("Lindenstraße")
    dialog.house_number.setText("12a")
    dialog.postcode.setText("45127")
    dialog.city.setText("Essen")
    dialog.eye_colour.setText("grün")
    dialog.exemption.setChecked(exemption)


def _on_page(qtbot: QtBot, dialog: IdCardDialog, step: str) -> None:
    qtbot.waitUntil(lambda: dialog.current_step == step and not dialog.busy,
                    timeout=STEP_TIMEOUT_MS)  # fmt: skip


def _photo(qtbot: QtBot, dialog: IdCardDialog) -> None:
    _on_page(qtbot, dialog, "photo")
    page = dialog.camera_page
    assert page is not None
    qtbot.waitUntil(lambda: page.showing_result, timeout=STEP_TIMEOUT_MS)
    assert page.accept_button.isEnabled()
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)


def _fingerprints(qtbot: QtBot, dialog: IdCardDialog) -> None:
    _on_page(qtbot, dialog, "fingerprints")
    qtbot.mouseClick(dialog.fingerprint_page.start_button, Qt.MouseButton.LeftButton)


def _signature(qtbot: QtBot, dialog: IdCardDialog) -> None:
    _on_page(qtbot, dialog, "signature")
    pad = dialog.signature_page.pad
    write_with_mouse(pad, wave(pad))
    qtbot.mouseClick(dialog.signature_page.accept_button, Qt.MouseButton.LeftButton)


def _payment(qtbot: QtBot, dialog: IdCardDialog) -> None:
    _on_page(qtbot, dialog, "payment")
    qtbot.mouseClick(dialog.payment_page.pay_button, Qt.MouseButton.LeftButton)


def test_an_id_card_application_goes_through_every_page_and_is_queued(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    _photo(qtbot, dialog)
    _fingerprints(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.step_state("fingerprints") == DONE, timeout=STEP_TIMEOUT_MS)
    diagram = dialog.fingerprint_page.diagram
    assert diagram.mark("right_index") is FingerMark.CAPTURED
    assert diagram.mark("left_index") is FingerMark.CAPTURED
    _signature(qtbot, dialog)
    _on_page(qtbot, dialog, "payment")
    fee = kit.case_flow().fee(dialog.case_id)
    assert dialog.payment_page.total_label.text() == euro(fee.total_cents)
    assert dialog.payment_page.fee_box.findChildren(QLabel)  # the lines of the bill
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS) as queued:
        qtbot.mouseClick(dialog.payment_page.pay_button, Qt.MouseButton.LeftButton)
    case_id, reference = queued.args

    assert [dialog.step_state(step) for step in STEPS] == [DONE] * len(STEPS)
    assert reference in dialog.done_label.text()
    assert dialog.current_step == "finished"
    assert "Lichtbild: alle Prüfungen bestanden" in dialog.finished_label.text()
    assert "Genehmigungsnummer" in dialog.payment_page.details_label.text()
    assert dialog.payment_page.receipt_label.text() == "✓ Quittung gedruckt."
    printer = kit.devices.printer
    assert isinstance(printer, SimPrinter)
    assert [title for title, _pdf in printer.printed] == ["Quittung", "Antrag Personalausweis"]
    with kit.store.unit_of_work() as uow:
        case = uow.case(case_id)
        assert case.state is CaseState.QUEUED
        steps = case.details["steps"]
    assert steps["photo"]["data"]["overruled"] == []
    assert set(steps["fingerprints"]["data"]["fingers"].values()) == {"right_index", "left_index"}
    assert len(steps["signature"]["attachments"]) == 1


def test_an_overruled_photo_is_recorded_with_its_failed_checks(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    camera = kit.devices.camera
    assert isinstance(camera, SimCamera)
    camera.subject.distance_m = 1.45  # the face is too small
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, "photo")
    page = dialog.camera_page
    assert page is not None
    qtbot.waitUntil(lambda: bool(page.hints()), timeout=STEP_TIMEOUT_MS)
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.showing_result, timeout=STEP_TIMEOUT_MS)
    assert not page.accept_button.isEnabled()
    page.overrule_box.setChecked(True)
    assert page.confirmation is not None
    page.confirmation.done(QMessageBox.StandardButton.Yes)
    failed = sorted(row.name for row in page.result.failed) if page.result else []
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.step_state("photo") == DONE, timeout=STEP_TIMEOUT_MS)
    with kit.store.unit_of_work() as uow:
        data = uow.case(dialog.case_id).details["steps"]["photo"]["data"]
    assert "face_height" in failed
    assert data["overruled"] == failed
    assert data["passed"] is False


def test_a_sensor_fault_is_shown_and_the_retry_continues_the_same_case(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog)
    sensor = kit.devices.fingerprint
    assert isinstance(sensor, SimFingerprintSensor)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _photo(qtbot, dialog)
    _on_page(qtbot, dialog, "fingerprints")
    sensor.unplug()
    qtbot.mouseClick(dialog.fingerprint_page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step_state("fingerprints") == FAILED, timeout=STEP_TIMEOUT_MS)

    assert dialog.error_label.isVisible()
    assert "Fingerabdruck" in dialog.error_label.text()
    assert dialog.step_state("photo") == DONE
    assert dialog.fingerprint_page.start_button.isEnabled()
    first_case = dialog.case_id
    sensor.plug_in()
    qtbot.mouseClick(dialog.fingerprint_page.start_button, Qt.MouseButton.LeftButton)
    _signature(qtbot, dialog)
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS) as queued:
        _payment(qtbot, dialog)
    assert queued.args[0] == first_case  # no second case
    with kit.store.unit_of_work() as uow:
        assert len(uow.cases()) == 1


def test_a_declined_card_can_be_tried_again_without_charging_twice(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    terminal = kit.devices.payment
    assert isinstance(terminal, SimPaymentTerminal)
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog, exemption=True)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _photo(qtbot, dialog)
    _signature(qtbot, dialog)
    _on_page(qtbot, dialog, "payment")
    terminal.decline()
    qtbot.mouseClick(dialog.payment_page.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step_state("payment") == FAILED, timeout=STEP_TIMEOUT_MS)
    assert dialog.payment_page.state_label.text().startswith("✗ Nicht bezahlt")
    assert "abgelehnt" in dialog.payment_page.state_label.text()
    assert dialog.payment_page.pay_button.isEnabled()
    terminal.decline_reason = ""  # the citizen's second card works

    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS):
        qtbot.mouseClick(dialog.payment_page.pay_button, Qt.MouseButton.LeftButton)
    with kit.store.unit_of_work() as uow:
        assert len(uow.payments(dialog.case_id)) == 1


def test_steps_that_do_not_apply_are_marked_with_their_reason(
    qtbot: QtBot, window: MainWindow
) -> None:
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog, exemption=True)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, "photo")

    assert dialog.step_state("fingerprints") == SKIPPED
    assert dialog.step_state("photo") == RUNNING
    assert "medizinischen" in dialog._marks["fingerprints"].toolTip()
    assert dialog.fingerprint_page.exemption_label.text() == dialog._marks["fingerprints"].toolTip()


def test_closing_the_dialog_during_the_preview_stops_the_camera(
    qtbot: QtBot, window: MainWindow
) -> None:
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, "photo")
    thread = dialog._camera_thread
    assert thread is not None
    assert thread.running

    dialog.reject()

    assert not thread.running
    qtbot.waitUntil(lambda: window.id_card_dialog is None, timeout=SIGNAL_TIMEOUT_MS)


def test_an_invalid_name_is_refused_before_any_device_moves(
    qtbot: QtBot, window: MainWindow
) -> None:
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog)
    dialog.surname.setText("Мюллер")  # Cyrillic: not DIN 91379 Datentyp A

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    assert dialog.error_label.isVisible()
    assert dialog.case_id == ""
    assert not dialog.busy
    assert dialog.current_step in ("", "form")
    assert dialog.camera_page is None


def test_every_service_has_a_name_in_the_case_list(window: MainWindow) -> None:
    from koffer.domain.case import ServiceKind

    names = window.model._services
    assert set(names) == set(ServiceKind)
    assert names[ServiceKind.ID_CARD] == "Personalausweis"


def _press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)


def test_the_whole_application_runs_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=SIGNAL_TIMEOUT_MS)
    _fill(dialog)
    dialog.given_names.setFocus()
    _press(qtbot, Qt.Key.Key_Return)  # the form's default button opens the case

    _on_page(qtbot, dialog, "photo")
    page = dialog.camera_page
    assert page is not None
    qtbot.waitUntil(lambda: page.showing_result, timeout=STEP_TIMEOUT_MS)
    assert page.accept_button.hasFocus()
    _press(qtbot, Qt.Key.Key_Return)

    _on_page(qtbot, dialog, "fingerprints")
    assert dialog.fingerprint_page.start_button.hasFocus()
    _press(qtbot, Qt.Key.Key_Return)

    _on_page(qtbot, dialog, "signature")
    assert dialog.signature_page.pad.hasFocus()
    _press(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # "Am &Unterschriftenpad"
    qtbot.waitUntil(lambda: not dialog.signature_page.pad.empty, timeout=STEP_TIMEOUT_MS)
    assert dialog.signature_page.accept_button.hasFocus()
    _press(qtbot, Qt.Key.Key_Return)

    _on_page(qtbot, dialog, "payment")
    assert dialog.payment_page.pay_button.hasFocus()
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS):
        _press(qtbot, Qt.Key.Key_Return)
    assert dialog.close_button.hasFocus()
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.id_card_dialog is None, timeout=SIGNAL_TIMEOUT_MS)


def test_every_device_of_the_application_is_used_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    QApplication.instance().thread().setObjectName("gui")
    calls: list[tuple[str, str]] = []
    devices = kit.devices
    for device, names in (
        (devices.camera, ("open", "frames", "capture", "close")),
        (devices.fingerprint, ("open", "capture", "close")),
        (devices.signature_pad, ("capture",)),
        (devices.payment, ("pay",)),
        (devices.printer, ("print",)),
    ):
        for name in names:
            method = getattr(device, name)
            monkeypatch.setattr(device, name, recording(calls, f"{device.kind}.{name}", method))
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _photo(qtbot, dialog)
    _fingerprints(qtbot, dialog)
    _on_page(qtbot, dialog, "signature")
    qtbot.mouseClick(dialog.signature_page.device_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.signature_page.pad.empty, timeout=STEP_TIMEOUT_MS)
    qtbot.mouseClick(dialog.signature_page.accept_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS):
        _payment(qtbot, dialog)

    used = {name for name, _thread in calls}
    assert {"camera.frames", "camera.capture", "fingerprint.capture", "signature_pad.capture",
            "payment.pay", "printer.print"} <= used  # fmt: skip
    threads = dict(calls)
    assert threads["camera.frames"] == threads["camera.capture"] == "koffer-camera"
    assert {thread for _name, thread in calls} <= {"koffer-camera", "koffer-id-card"}
