"""The change-terminal page: card, CAN typed and checked, steps, result; the payment page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from koffer.ui.capture.change_terminal_page import ChangeTerminalPage
from koffer.ui.capture.payment_page import FeeLine, PaymentOutcome, PaymentPage, PaymentState
from koffer.ui.workers import Failure

STEPS = ["Zugang mit der CAN (PACE)", "Berechtigung des Terminals", "Anschrift schreiben"]


@pytest.fixture
def terminal(qtbot: QtBot) -> ChangeTerminalPage:
    page = ChangeTerminalPage("de")
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_can_is_typed_checked_and_sent_whole(
    qtbot: QtBot, terminal: ChangeTerminalPage
) -> None:
    assert "auflegen" not in terminal.state_label.text()
    assert "legen" in terminal.state_label.text()
    terminal.ask_can()
    assert terminal.can_edit.hasFocus()
    qtbot.keyClicks(terminal.can_edit, "12a3")  # letters are not taken
    assert terminal.can_edit.text() == "123"
    assert not terminal.can_button.isEnabled()
    assert "Noch 3 Ziffern" in terminal.can_hint.text()
    qtbot.keyClick(terminal.can_edit, Qt.Key.Key_Return)  # too short: said so, nothing sent
    assert terminal.can_error.isVisible()
    assert "sechs Ziffern" in terminal.can_error.text()

    qtbot.keyClicks(terminal.can_edit, "4567")
    assert terminal.can_edit.text() == "123456"  # at most six
    with qtbot.waitSignal(terminal.can_entered) as entered:
        qtbot.keyClick(terminal.can_edit, Qt.Key.Key_Return)
    assert entered.args == ["123456"]
    assert terminal.can_edit.text() == ""  # not kept on screen


def test_a_wrong_can_asks_again_with_the_reason(terminal: ChangeTerminalPage) -> None:
    terminal.ask_can("Die Zugangsnummer (CAN) passt nicht zur Karte.")
    assert terminal.can_error.isVisible()
    assert "passt nicht" in terminal.can_error.text()


def test_progress_and_result_are_marked_in_words_and_symbols(
    qtbot: QtBot, terminal: ChangeTerminalPage
) -> None:
    terminal.show_progress(STEPS, 1)
    assert terminal.progress_bar.text() == "Schritt 1 von 3"
    assert terminal.steps_label.text().splitlines() == [
        "✓ Zugang mit der CAN (PACE)", "▶ Berechtigung des Terminals", "○ Anschrift schreiben"
    ]  # fmt: skip
    terminal.show_result(False, "Die Karte wurde entfernt.")
    assert terminal.steps_label.text().splitlines()[1] == "✗ Berechtigung des Terminals"
    assert terminal.retry_button.isVisible()
    assert terminal.retry_button.hasFocus()
    with qtbot.waitSignal(terminal.retry_requested):
        qtbot.keyClick(terminal.retry_button, Qt.Key.Key_Space)

    terminal.show_progress(STEPS, 2)
    terminal.show_result(True, "Anschrift geschrieben.")
    assert all(line.startswith("✓") for line in terminal.steps_label.text().splitlines())
    assert terminal.state_label.text().startswith("✓")
    assert not terminal.retry_button.isVisible()


def test_the_payment_page_shows_fee_terminal_state_and_outcome(qtbot: QtBot) -> None:
    page = PaymentPage()
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.set_fee([FeeLine("Personalausweis", 4600), FeeLine("Lichtbild", 600)])
    assert page.total_label.text() == "52,00 €"
    assert page.pay_button.hasFocus()
    with qtbot.waitSignal(page.pay_requested):
        qtbot.keyClick(page.pay_button, Qt.Key.Key_Space)
    assert page.state == PaymentState.RUNNING
    assert not page.pay_button.isEnabled()

    page.show_failure(Failure("Die Karte wurde abgelehnt.", "device.payment.declined"))
    assert page.state == PaymentState.DECLINED
    assert page.state_label.text() == "✗ Nicht bezahlt: Die Karte wurde abgelehnt."
    assert page.pay_button.isEnabled()

    page.pay()
    page.show_approved(PaymentOutcome(5200, "123456", "SIM00001", 7))
    assert page.state_label.text() == "✓ Zahlung genehmigt."
    assert "123456" in page.details_label.text()
    page.show_failure(Failure("Papier leer.", "device.paper_out"))  # the receipt printer
    assert page.state == PaymentState.APPROVED  # paid stays paid
    assert page.receipt_label.text().startswith("✗ Quittung nicht gedruckt")
    assert not page.pay_button.isEnabled()
