"""An ID-card application through the GUI: form, the engine's steps on the simulators."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.devices.errors import DeviceUnavailable
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState
from koffer.ui.id_card_dialog import DONE, FAILED, SKIPPED, STEPS, IdCardDialog
from koffer.ui.main_window import MainWindow
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start

APPLY_TIMEOUT_MS = 90_000  # photo, prints, signature, payment and two prints on 2 cores


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


def test_an_id_card_application_runs_every_step_and_is_queued(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog)

    with qtbot.waitSignal(dialog.queued, timeout=APPLY_TIMEOUT_MS) as queued:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    case_id, reference = queued.args

    assert [dialog.step_state(step) for step in STEPS] == [DONE] * len(STEPS)
    assert reference in dialog.done_label.text()
    printer = kit.devices.printer
    assert isinstance(printer, SimPrinter)
    assert [title for title, _pdf in printer.printed] == ["Quittung", "Antrag Personalausweis"]
    with kit.store.unit_of_work() as uow:
        assert uow.case(case_id).state is CaseState.QUEUED


def test_a_sensor_fault_is_shown_and_the_retry_continues_the_same_case(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog)
    sensor = kit.devices.fingerprint
    assert isinstance(sensor, SimFingerprintSensor)
    sensor.queue_fault(DeviceUnavailable("fingerprint", "unplugged"))

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step_state("fingerprints") == FAILED, timeout=APPLY_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=SIGNAL_TIMEOUT_MS)

    assert dialog.error_label.isVisible()
    assert "Fingerabdruck" in dialog.error_label.text()
    assert dialog.step_state("photo") == DONE
    first_case = dialog.case_id
    with qtbot.waitSignal(dialog.queued, timeout=APPLY_TIMEOUT_MS) as queued:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert queued.args[0] == first_case  # no second case
    with kit.store.unit_of_work() as uow:
        assert len(uow.cases()) == 1


def test_steps_that_do_not_apply_are_marked_with_their_reason(
    qtbot: QtBot, window: MainWindow
) -> None:
    first_start(qtbot, window)
    dialog = _open(qtbot, window)
    _fill(dialog, exemption=True)

    with qtbot.waitSignal(dialog.queued, timeout=APPLY_TIMEOUT_MS):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    assert dialog.step_state("fingerprints") == SKIPPED
    assert "medizinischen" in dialog._marks["fingerprints"].toolTip()


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


def test_every_service_has_a_name_in_the_case_list(window: MainWindow) -> None:
    from koffer.domain.case import ServiceKind

    names = window.model._services
    assert set(names) == set(ServiceKind)
    assert names[ServiceKind.ID_CARD] == "Personalausweis"
