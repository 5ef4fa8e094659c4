"""The citizen's review screen: large, high contrast, in the citizen's language, with an answer."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit
from koffer.domain.case import ServiceKind
from koffer.domain.person import Person
from koffer.storage.models import AuditEvent
from koffer.ui import i18n
from koffer.ui.citizen_review import CitizenReviewWindow
from koffer.ui.main_window import MainWindow
from koffer.workflows.overview import REVIEW_CONFIRMED, ReviewSheet
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start

SHEET = ReviewSheet(
    case_id="c-1",
    reference="K-2026-7QX4-MC9A",
    service=ServiceKind.ID_CARD,
    given_names="Zoë Łucja",
    surname="Ñúñez-Müller",
    birth_date=date(1941, 3, 2),
    street="Lindenstraße",
    house_number="12a",
    postcode="45127",
    city="Essen",
    details=(("height_cm", "168"), ("eye_colour", "grün")),
)
TITLES = {
    "de": "Bitte prüfen Sie Ihre Angaben",
    "en": "Please check your details",
    "tr": "Lütfen bilgilerinizi kontrol edin",
    "ar": "يرجى التحقق من بياناتك",
    "uk": "Будь ласка, перевірте свої дані",
    "ru": "Пожалуйста, проверьте свои данные",
}


def _open_review(qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person) -> str:
    first_start(qtbot, window)
    case = kit.case_flow().open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})
    window.load_requested.emit()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=SIGNAL_TIMEOUT_MS)
    window.show_page(window.cases_page)
    assert window.cases_page.select_case(case.id)
    with qtbot.waitSignal(window.review_opened, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(window.cases_page.review_button, Qt.MouseButton.LeftButton)
    return case.id


def test_the_citizen_sees_the_case_confirms_and_the_clerk_sees_the_answer(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    case_id = _open_review(qtbot, window, kit, citizen)
    review = window.review_window
    assert review is not None
    assert review.isVisible()
    assert review.isWindow()
    assert review is not window
    assert review.values["surname"].text() == citizen.surname
    assert review.values["purpose"].text() == "Ehrenamt"
    assert review.values["service"].text() == "Führungszeugnis"
    assert review.font().pointSizeF() > window.font().pointSizeF() * 1.5  # large print
    assert "wartet auf Antwort" in window.review_status.text()

    with qtbot.waitSignal(window.review_answered, timeout=SIGNAL_TIMEOUT_MS) as answered:
        qtbot.mouseClick(review.confirm_button, Qt.MouseButton.LeftButton)

    assert answered.args == [case_id, True]
    assert "✓ bestätigt" in window.review_status.text()
    assert not review.confirm_button.isEnabled()
    with kit.store.unit_of_work() as uow:
        events = [e.event for e in uow.session.query(AuditEvent).filter_by(case_id=case_id)]
    assert REVIEW_CONFIRMED in events


def test_a_correction_request_reaches_the_clerk_and_locking_closes_the_screen(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    _open_review(qtbot, window, kit, citizen)
    review = window.review_window
    assert review is not None
    with qtbot.waitSignal(window.review_answered, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(review.correct_button, Qt.MouseButton.LeftButton)
    assert "✗ Korrektur gewünscht" in window.review_status.text()
    qtbot.waitUntil(lambda: not window.syncing, timeout=SIGNAL_TIMEOUT_MS)

    window.lock()

    assert window.review_window is None
    assert not review.isVisible()


@pytest.mark.parametrize("language", i18n.CITIZEN_LANGUAGES)
def test_every_citizen_language_is_complete(qtbot: QtBot, language: str) -> None:
    review = CitizenReviewWindow(SHEET, language)
    qtbot.addWidget(review)

    assert review.title.text() == TITLES[language]
    assert review.language.currentData() == language
    if language != "de":  # every label, button and the next-steps text translated
        german = CitizenReviewWindow(SHEET, "de")
        qtbot.addWidget(german)
        for mine, source in (
            (review.intro, german.intro),
            (review.next_text, german.next_text),
            (review.confirm_button, german.confirm_button),
            (review.correct_button, german.correct_button),
        ):
            assert mine.text() != source.text()
        assert review.values["service"].text() != german.values["service"].text()


def test_arabic_is_laid_out_right_to_left_and_back(qtbot: QtBot) -> None:
    review = CitizenReviewWindow(SHEET, "de")
    qtbot.addWidget(review)
    review.show()
    assert review.layoutDirection() is Qt.LayoutDirection.LeftToRight

    review.language.setCurrentIndex(review.language.findData("ar"))

    assert review.layoutDirection() is Qt.LayoutDirection.RightToLeft
    assert review.confirm_button.text() == "✓ كل شيء صحيح"
    # The confirm button (first in the layout) now sits on the right.
    qtbot.waitUntil(lambda: review.confirm_button.x() > review.correct_button.x())
    review.language.setCurrentIndex(review.language.findData("uk"))
    assert review.layoutDirection() is Qt.LayoutDirection.LeftToRight
    assert review.values["service"].text() == "Посвідчення особи"


def test_on_a_second_screen_the_review_is_full_screen_there(qtbot: QtBot) -> None:
    review = CitizenReviewWindow(SHEET, "de")
    qtbot.addWidget(review)
    review.present(None)
    screens = QApplication.screens()
    if len(screens) > 1:
        assert review.isFullScreen()
    else:
        assert review.isVisible()
        assert not review.isFullScreen()
    assert QApplication.focusWidget() in (review.confirm_button, None)


def test_the_certificate_dialog_opens_the_review_for_its_case(
    qtbot: QtBot, window: MainWindow, citizen: Person
) -> None:
    from tests.ui.helpers import fill_certificate, open_certificate_dialog

    first_start(qtbot, window)
    dialog = open_certificate_dialog(qtbot, window)
    assert not dialog.review_button.isVisible()
    fill_certificate(dialog, citizen)
    with qtbot.waitSignal(dialog.issued, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    assert dialog.review_button.isVisible()

    with qtbot.waitSignal(window.review_opened, timeout=SIGNAL_TIMEOUT_MS) as opened:
        qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)

    assert opened.args == [dialog.case_id]
    assert window.review_window is not None
    assert window.review_window.values["service"].text() == "Meldebescheinigung"
