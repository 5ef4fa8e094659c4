"""The unlock screen: first start enrols the clerk; a wrong passphrase keeps the kit locked."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.domain.errors import WrongPassphrase
from koffer.domain.messages import describe
from koffer.ui.main_window import MainWindow
from koffer.ui.unlock import UnlockMode
from tests.conftest import CLERK, PASSPHRASE
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start, unlock, wait_for_mode


def test_first_start_creates_the_clerk_and_lands_on_the_dashboard(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    wait_for_mode(qtbot, window, UnlockMode.FIRST_START)
    page = window.unlock_page
    assert page.repeat.isVisible()
    page.login.setText(CLERK)
    page.passphrase.setText(PASSPHRASE)
    page.repeat.setText(PASSPHRASE)

    with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS) as shown:
        page.submit_button.click()

    assert shown.args == [0]
    assert window.pages.currentWidget() is window.workspace
    assert window.workspace.currentWidget() is window.dashboard
    assert window.cases_page.content.currentWidget() is window.cases_page.empty_label
    assert window.sync_indicator.isVisible()
    assert CLERK in window.cases_page.clerk_label.text()
    assert kit.store.unlocked
    assert kit.store.clerks() == [CLERK]
    assert page.passphrase.text() == ""
    assert page.repeat.text() == ""


def test_first_start_refuses_passphrases_that_differ(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    wait_for_mode(qtbot, window, UnlockMode.FIRST_START)
    page = window.unlock_page
    page.login.setText(CLERK)
    page.passphrase.setText(PASSPHRASE)
    page.repeat.setText(PASSPHRASE + "!")

    page.submit_button.click()

    assert "stimmen nicht überein" in page.error_label.text()
    assert page.passphrase.text() == ""
    assert not kit.store.unlocked


def test_a_too_short_passphrase_is_explained_in_german(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    wait_for_mode(qtbot, window, UnlockMode.FIRST_START)
    page = window.unlock_page
    page.login.setText(CLERK)
    page.passphrase.setText("kurz")
    page.repeat.setText("kurz")

    with qtbot.waitSignal(page.failure_shown, timeout=SIGNAL_TIMEOUT_MS) as shown:
        page.submit_button.click()

    assert shown.args == ["Die Passphrase muss mindestens 8 Zeichen lang sein."]
    assert page.login.text() == CLERK
    assert page.submit_button.isEnabled()
    assert not kit.store.unlocked


def test_a_wrong_passphrase_shows_the_error_and_the_kit_stays_locked(
    qtbot: QtBot, enrolled_kit: Kit, enrolled_window: MainWindow
) -> None:
    window = enrolled_window
    wait_for_mode(qtbot, window, UnlockMode.UNLOCK)
    page = window.unlock_page
    assert not page.repeat.isVisible()
    page.login.setText(CLERK)
    page.passphrase.setText("not the passphrase")

    with qtbot.waitSignal(page.failure_shown, timeout=SIGNAL_TIMEOUT_MS) as shown:
        page.submit_button.click()

    expected = describe(WrongPassphrase(), enrolled_kit.settings.language)
    assert shown.args == [expected]
    assert page.error_label.text() == expected
    assert page.error_label.isVisible()
    assert page.login.text() == CLERK  # the input stays
    assert page.passphrase.text() == ""  # the passphrase does not
    assert page.submit_button.isEnabled()
    assert window.pages.currentWidget() is page
    assert not enrolled_kit.store.unlocked

    unlock(qtbot, window)
    assert enrolled_kit.store.unlocked
    assert not page.error_label.isVisible()


def test_locking_hides_the_cases_and_forgets_the_key(
    qtbot: QtBot, kit: Kit, window: MainWindow
) -> None:
    first_start(qtbot, window)
    page = window.unlock_page
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)

    with qtbot.waitSignal(window.store_locked, timeout=SIGNAL_TIMEOUT_MS):
        window.lock_action.trigger()

    assert window.pages.currentWidget() is page
    assert page.mode is UnlockMode.UNLOCK
    assert page.login.text() == CLERK
    assert window.model.rowCount() == 0
    assert not window.new_action.isEnabled()
    assert not kit.store.unlocked


def test_unlocking_works_from_the_keyboard(
    qtbot: QtBot, enrolled_kit: Kit, enrolled_window: MainWindow
) -> None:
    window = enrolled_window
    wait_for_mode(qtbot, window, UnlockMode.UNLOCK)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.unlock_page.login)

    qtbot.keyClicks(window.unlock_page.login, CLERK)
    qtbot.keyClick(window.unlock_page.login, Qt.Key.Key_Return)  # on to the passphrase
    assert QApplication.focusWidget() is window.unlock_page.passphrase
    qtbot.keyClicks(window.unlock_page.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)

    assert enrolled_kit.store.unlocked
    assert QApplication.focusWidget() is window.workspace.tabBar()  # arrows choose a screen
