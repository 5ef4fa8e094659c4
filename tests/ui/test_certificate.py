"""A registration certificate through the GUI: form, steps on the worker, list and sync."""

import itertools
import time

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.devices.errors import PaperJam, PaperOut
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState
from koffer.domain.messages import describe
from koffer.domain.person import Person
from koffer.ui.case_model import Column
from koffer.ui.certificate_dialog import DONE, FAILED, PENDING, RUNNING
from koffer.ui.main_window import MainWindow
from koffer.ui.sync_indicator import Connection
from koffer.ui.workers import Step
from tests.ui.helpers import (
    SIGNAL_TIMEOUT_MS,
    case_rows,
    fill_certificate,
    first_start,
    open_certificate_dialog,
)


def _cell(window: MainWindow, reference: str, column: Column) -> str:
    model = window.model
    for row in range(model.rowCount()):
        if model.case_at(row).reference == reference:
            return model.data(model.index(row, column))
    raise AssertionError(reference)


def _printer(kit: Kit) -> SimPrinter:
    printer = kit.devices.printer
    assert isinstance(printer, SimPrinter)
    return printer


def test_a_certificate_for_a_non_ascii_name_is_printed_synced_and_acknowledged(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)
    fill_certificate(dialog, citizen)

    with qtbot.waitSignal(dialog.issued, timeout=SIGNAL_TIMEOUT_MS) as issued:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    case_id, reference = issued.args

    assert [dialog.step_state(step) for step in Step] == [DONE] * len(Step)
    assert reference in dialog.done_label.text()
    assert not dialog.issue_button.isVisible()
    assert _printer(kit).printed[0][0] == f"Meldebescheinigung {reference}"

    def acknowledged() -> bool:
        rows = {row.reference: row for row in case_rows(window)}
        return reference in rows and rows[reference].state is CaseState.ACKNOWLEDGED

    qtbot.waitUntil(acknowledged, timeout=SIGNAL_TIMEOUT_MS)
    [row] = case_rows(window)
    assert row.id == case_id
    assert row.citizen == "Zoë Łucja Ñúñez-Müller"
    assert row.townhall_status == "received"
    assert _cell(window, reference, Column.CITIZEN) == "Zoë Łucja Ñúñez-Müller"
    assert _cell(window, reference, Column.SERVICE) == "Meldebescheinigung"
    assert _cell(window, reference, Column.STATE) == "Vom Rathaus bestätigt"
    assert _cell(window, reference, Column.TOWNHALL) == "Eingegangen"
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.sync_indicator.queued == 0, timeout=SIGNAL_TIMEOUT_MS)
    assert window.sync_indicator.connection is Connection.ONLINE
    assert window.sync_indicator.last_sync is not None

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert window.certificate_dialog is None
    with kit.store.unit_of_work() as uow:
        assert len(uow.cases()) == 1


def test_paper_out_keeps_the_case_and_print_again_finishes_it(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    printer = _printer(kit)
    printer.queue_fault(PaperOut())
    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)
    fill_certificate(dialog, citizen)

    with qtbot.waitSignal(dialog.step_failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)

    message = describe(PaperOut("printer"), kit.settings.language)
    assert failed.args == [str(Step.PRINT), message]
    assert dialog.error_label.text() == message
    assert dialog.error_label.isVisible()
    assert [dialog.step_state(step) for step in Step] == [DONE, DONE, DONE, FAILED, PENDING]
    assert dialog.issue_button.text() == "Erneut &drucken"
    assert dialog.given_names.text() == citizen.given_names  # the data stays on screen
    assert dialog.surname.text() == citizen.surname
    assert dialog.surname.isReadOnly()  # ... fixed: it belongs to the opened case
    assert printer.printed == []
    with kit.store.unit_of_work() as uow:
        [summary] = uow.cases()
        case = uow.case(summary.id)
    assert summary.id == dialog.case_id
    assert case.state is CaseState.PAID
    assert "certificate" in case.details
    assert "printed" not in case.details

    with qtbot.waitSignal(dialog.issued, timeout=SIGNAL_TIMEOUT_MS) as issued:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)

    assert issued.args[0] == summary.id
    assert not dialog.error_label.isVisible()
    assert [dialog.step_state(step) for step in Step] == [DONE] * len(Step)
    assert len(printer.printed) == 1
    with kit.store.unit_of_work() as uow:
        [after] = uow.cases()
        assert after.id == summary.id
        assert "printed" in uow.case(after.id).details
    qtbot.waitUntil(lambda: len(case_rows(window)) == 1, timeout=SIGNAL_TIMEOUT_MS)


def test_a_slow_printer_leaves_the_window_responsive(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    _printer(kit).seconds_per_page = 1.5
    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)
    fill_certificate(dialog, citizen)
    ticks: list[tuple[float, str]] = []
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: ticks.append((time.monotonic(), dialog.step_state(Step.PRINT))))
    timer.start()

    with qtbot.waitSignal(dialog.issued, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    timer.stop()

    while_printing = [at for at, state in ticks if state == RUNNING]
    assert while_printing[-1] - while_printing[0] >= 1.2  # the print took its 1.5 s ...
    assert len(while_printing) >= 15  # ... and the GUI thread kept running its timer
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(ticks)]
    assert max(gaps) < 0.5
    assert dialog.busy is False


def test_a_missing_field_is_named_and_no_case_is_opened(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)
    fill_certificate(dialog, citizen)
    dialog.surname.setText("   ")

    with qtbot.waitSignal(dialog.step_failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)

    assert failed.args == [str(Step.OPEN), "Pflichtfeld fehlt: Familienname."]
    assert QApplication.focusWidget() is dialog.surname
    assert dialog.given_names.text() == citizen.given_names
    assert not dialog.surname.isReadOnly()
    assert dialog.case_id == ""
    with kit.store.unit_of_work() as uow:
        assert uow.cases() == []


def test_the_birth_date_must_be_entered(qtbot: QtBot, window: MainWindow, citizen: Person) -> None:
    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)
    dialog.given_names.setText(citizen.given_names)
    dialog.surname.setText(citizen.surname)

    with qtbot.waitSignal(dialog.step_failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)

    assert failed.args == [str(Step.OPEN), "Pflichtfeld fehlt: Geburtsdatum."]


def test_the_whole_dialog_works_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    first_start(qtbot, window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.certificate_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.given_names)

    # ASCII only: QTest cannot type umlauts (see SETUP-NOTES).
    for text in ["Erika", "Mustermann", "12081964", "Heidestrasse", "17", "51147", "Koeln"]:
        qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.birth_date.date() == QDate(1964, 8, 12)
    assert dialog.city.text() == "Koeln"

    with qtbot.waitSignal(dialog.issued, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.keyClick(dialog.city, Qt.Key.Key_Return)  # the default button: "Ausstellen"

    assert QApplication.focusWidget() is dialog.close_button
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)
    assert window.certificate_dialog is None
    assert _printer(kit).printed


def test_a_paper_jam_names_the_printer_in_german(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    _printer(kit).queue_fault(PaperJam())
    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)
    fill_certificate(dialog, citizen)

    with qtbot.waitSignal(dialog.step_failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)

    assert failed.args[1] == "Papierstau (Drucker). Papier entfernen und erneut versuchen."


def test_a_declined_payment_is_retried_for_the_same_case(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    terminal = kit.devices.payment
    assert isinstance(terminal, SimPaymentTerminal)
    terminal.decline_reason = "Karte gesperrt"
    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)
    fill_certificate(dialog, citizen)

    with qtbot.waitSignal(dialog.step_failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)

    assert failed.args == [str(Step.PAY), "Die Zahlung wurde abgelehnt: Karte gesperrt."]
    assert dialog.issue_button.text() == "&Erneut versuchen"
    assert [dialog.step_state(step) for step in Step] == [DONE, FAILED] + [PENDING] * 3
    terminal.decline_reason = ""
    with qtbot.waitSignal(dialog.issued, timeout=SIGNAL_TIMEOUT_MS) as issued:
        qtbot.keyClick(dialog.issue_button, Qt.Key.Key_Return)

    with kit.store.unit_of_work() as uow:
        assert [case.id for case in uow.cases()] == [issued.args[0]]
