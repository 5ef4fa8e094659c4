"""A Beglaubigung through the GUI: the form, the original scanned and cropped, paid, printed."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from koffer.app import Kit, build_kit
from koffer.devices.errors import CoverOpen, DeviceError, PaperJam
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.sim import SimPrinter
from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.person import Person
from koffer.settings import KofferSettings
from koffer.ui import i18n
from koffer.ui.capture.payment_page import euro
from koffer.ui.certification_dialog import STEPS, CertificationDialog
from koffer.ui.certification_worker import NOTE, SCAN, CertificationWorker
from koffer.ui.main_window import MainWindow
from koffer.ui.step_list import DONE, FAILED, PENDING
from koffer.ui.step_worker import PAYMENT
from koffer.ui.threads import WorkerThread
from tests.conftest import CLERK, PASSPHRASE
from tests.ui.helpers import SIGNAL_TIMEOUT_MS, first_start

STEP_TIMEOUT_MS = 60_000  # a device step on 2 busy cores
FEE_PER_PAGE_CENTS = 300


@pytest.fixture
def kit(settings: KofferSettings) -> Iterator[Kit]:
    """A kit in a town that charges 3.00 EUR per certified page (the window uses it too)."""
    town = settings.municipality.model_copy(
        update={"certification_per_page_cents": FEE_PER_PAGE_CENTS}
    )
    built = build_kit(settings.model_copy(update={"municipality": town}))
    yield built
    built.close()


@contextmanager
def _shown(qtbot: QtBot, kit: Kit, language: str) -> Iterator[CertificationDialog]:
    """The dialog on an unlocked kit in ``language``, its worker on a thread of its own."""
    kit.store.create(CLERK, PASSPHRASE)
    worker = CertificationWorker(kit, language)
    thread = WorkerThread("koffer-certification", worker)
    shown = CertificationDialog(worker, language)
    qtbot.addWidget(shown)
    shown.show()
    try:
        yield shown
    finally:
        shown.done(0)
        thread.stop()


@pytest.fixture
def dialog(qtbot: QtBot, kit: Kit) -> Iterator[CertificationDialog]:
    """The dialog in German."""
    with _shown(qtbot, kit, "de") as shown:
        yield shown


def _person(dialog: CertificationDialog) -> None:
    form = dialog.form
    form.given_names.setText("Zoë")
    form.surname.setText("Ñúñez-Müller")
    form.birth_date.setDate(QDate(1984, 3, 2))
    for edit, value in zip(form.address.inputs, ("Lindenstraße", "12a", "45127", "Essen"),
                           strict=True):  # fmt: skip
        edit.setText(value)


def _copy(dialog: CertificationDialog, pages: int = 2) -> None:
    """A school report to be shown to the job centre, every check confirmed."""
    _person(dialog)
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData("copy"))
    form.document_title.setText("Abschlusszeugnis der Gesamtschule Holsterhausen vom 1. Juli 2025")
    form.pages.setValue(pages)
    form.presented_to.setText("der Agentur für Arbeit Essen")
    for box in form.checks.values():
        box.setChecked(True)


def _signature(dialog: CertificationDialog) -> None:
    """A signature under a pension provider's form, signed before the clerk."""
    _person(dialog)
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData("signature"))
    form.document_title.setText("Antrag auf Witwenrente")
    form.pages.setValue(1)
    form.presented_to.setText("der Deutschen Rentenversicherung Westfalen")
    form.text_present.setChecked(True)
    form.identity.setCurrentIndex(form.identity.findData("passport"))


def _on_page(qtbot: QtBot, dialog: CertificationDialog, step: str) -> None:
    qtbot.waitUntil(lambda: dialog.current_step == step and not dialog.busy,
                    timeout=STEP_TIMEOUT_MS)  # fmt: skip


def _scan_page(qtbot: QtBot, dialog: CertificationDialog) -> None:
    """Scan one sheet and take it as the crop found it."""
    qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.crop_page.accept_button.isEnabled() and not dialog.busy,
                    timeout=STEP_TIMEOUT_MS)  # fmt: skip
    qtbot.mouseClick(dialog.crop_page.accept_button, Qt.MouseButton.LeftButton)


def _scan_every_page(qtbot: QtBot, dialog: CertificationDialog) -> None:
    for _ in range(dialog.form.pages.value()):
        _on_page(qtbot, dialog, SCAN)
        _scan_page(qtbot, dialog)


def _pay(qtbot: QtBot, dialog: CertificationDialog) -> None:
    _on_page(qtbot, dialog, PAYMENT)
    assert dialog.payment_page is not None
    qtbot.mouseClick(dialog.payment_page.pay_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, NOTE)


def _printed_text(pdf: bytes) -> list[str]:
    """Each page's text, its lines joined (the stamp wraps long lines)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_rule_12_a_copy_for_presentation_is_scanned_paid_printed_with_its_note_and_queued(
    qtbot: QtBot, dialog: CertificationDialog, kit: Kit
) -> None:
    scanner = kit.devices.scanner
    assert isinstance(scanner, SimDocumentScanner)
    scanner.skew_deg = 7.0  # laid crooked on the glass: the crop finds the sheet
    _copy(dialog, pages=2)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    _on_page(qtbot, dialog, SCAN)
    assert "Seite 1 von 2" in dialog.scan_hint.text()
    _scan_every_page(qtbot, dialog)
    _on_page(qtbot, dialog, PAYMENT)
    assert dialog.step_state(SCAN) == DONE
    assert dialog.payment_page is not None
    assert dialog.payment_page.total_label.text() == euro(2 * FEE_PER_PAGE_CENTS)
    qtbot.mouseClick(dialog.payment_page.pay_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, NOTE)
    preview = dialog.note_text.text()
    assert "Die Beglaubigung wird nur zur Vorlage bei der Agentur für Arbeit Essen" in preview
    assert "Im Auftrag: " + CLERK in preview
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS) as queued:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    case_id, reference = queued.args

    assert [dialog.step_state(step) for step in STEPS] == [DONE] * len(STEPS)
    assert dialog.current_step == "finished"
    assert reference in dialog.done_label.text()
    assert "Gebühr bezahlt: 6,00 €" in dialog.finished_label.text()
    assert dialog.payment_page.receipt_label.text() == "✓ Quittung gedruckt."
    printer = kit.devices.printer
    assert isinstance(printer, SimPrinter)
    titles = [title for title, _pdf in printer.printed]
    assert titles == ["Quittung", f"Beglaubigte Kopie {reference}"]
    first, last = _printed_text(printer.printed[1][1])
    assert "Beglaubigungsvermerk" not in first
    assert f"{reference} · Seite 1 von 2" in first
    for element in ("Beglaubigungsvermerk", "(2 Seiten) mit dem vorgelegten Original",
                    "Abschlusszeugnis der Gesamtschule Holsterhausen vom 1. Juli 2025",
                    "nur zur Vorlage bei der Agentur für Arbeit Essen", "Im Auftrag: " + CLERK,
                    "Unterschrift", "Dienstsiegel", "Seite 2 von 2"):  # fmt: skip
        assert element in last, element
    with kit.store.unit_of_work() as uow:
        case = uow.case(case_id)
        assert case.state is CaseState.QUEUED
        assert uow.outbox_key(case_id) is not None
        assert len(uow.payments(case_id)) == 1
        scans = [uow.attachment(a) for a in case.details["steps"][SCAN]["attachments"]]
    assert case.details["presented_to"] == "der Agentur für Arbeit Essen"
    assert case.details["steps"][SCAN]["data"] == {"pages": 2}
    assert all(scan.startswith(b"\xff\xd8") for scan in scans)  # the cropped pages, as JPEG
    assert case.details["steps"][NOTE]["data"]["job_id"]


def test_a_signature_is_certified_and_its_note_printed_onto_the_original(
    qtbot: QtBot, dialog: CertificationDialog, kit: Kit
) -> None:
    _signature(dialog)
    assert not dialog.form.checks_box.isVisible()
    assert not dialog.form.issued_by_authority.isVisible()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _scan_every_page(qtbot, dialog)
    _pay(qtbot, dialog)
    assert "in den Drucker legen" in dialog.note_hint.text()
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS) as queued:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    reference = queued.args[1]

    printer = kit.devices.printer
    assert isinstance(printer, SimPrinter)
    title, pdf = printer.printed[-1]
    assert title == f"Unterschriftsbeglaubigung {reference}"
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert not reader.pages[0].images  # only the note: it goes onto the signed original
    text = " ".join(reader.pages[0].extract_text().split())  # lines wrapped in the stamp
    assert "Unterschrift von Zoë Ñúñez-Müller, geb. 02.03.1984" in text  # the form's citizen
    assert "Identität festgestellt durch: Reisepass" in text  # the form's choice
    assert "nur zur Vorlage bei der Deutschen Rentenversicherung Westfalen" in text
    assert "Vermerk auf das Original gedruckt" in dialog.finished_label.text()


@dataclass(frozen=True)
class Refusal:
    """A change to a complete copy that the law refuses, where and how the refusal shows."""

    change: Callable[[CertificationDialog], object]
    place: str
    expected: str


@pytest.mark.parametrize(
    "refusal",
    [
        pytest.param(
            Refusal(lambda d: d.form.document_title.setText("Geburtsurkunde von Ida Weber"),
                    "document_title", "Personenstandsurkunden beglaubigt nur das Standesamt"),
            id="civil-status certificate",
        ),
        pytest.param(
            Refusal(lambda d: d.form.checks["erasures"].setChecked(False),
                    "checks", "Nicht beglaubigungsfähig (§ 33 Abs. 2 VwVfG): Radierungen."),
            id="an unconfirmed check is a defect",
        ),
        pytest.param(
            Refusal(lambda d: d.form.presented_to.clear(),
                    "presented_to", "bei welcher Stelle die Kopie vorgelegt wird"),
            id="no body to present the copy to",
        ),
        pytest.param(
            Refusal(lambda d: (_signature(d), d.form.presented_to.clear()),
                    "presented_to", "Unterschriften werden nur zur Vorlage dort beglaubigt"),
            id="no body to present the signature to",
        ),
        pytest.param(
            Refusal(lambda d: (_signature(d), d.form.notary_required.setChecked(True)),
                    "signature", "muss ein Notar beglaubigen"),
            id="a signature a notary must certify",
        ),
        pytest.param(
            Refusal(lambda d: (_signature(d), d.form.text_present.setChecked(False)),
                    "signature", "Unterschrift ohne Text"),
            id="a signature under no text",
        ),
    ],
)  # fmt: skip
def test_rule_12_what_may_not_be_certified_is_refused_by_its_field_and_nothing_is_stored(
    qtbot: QtBot, dialog: CertificationDialog, kit: Kit, refusal: Refusal
) -> None:
    _copy(dialog, pages=1)
    refusal.change(dialog)
    with qtbot.waitSignal(dialog.step_failed, timeout=STEP_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    step, message = failed.args
    assert step == "open"
    assert refusal.expected in message
    shown = dialog.form._errors[refusal.place]
    assert shown.isVisible()
    assert shown.text() == message
    assert not dialog.error_label.isVisible()  # in place, not at the bottom
    focused = QApplication.focusWidget()
    assert focused is not None
    assert focused.accessibleDescription() == message
    assert not dialog.case_id
    assert dialog.current_step == "form"
    assert dialog.form.isEnabled()
    assert all(dialog.step_state(s) == PENDING for s in STEPS)
    with kit.store.unit_of_work() as uow:
        assert uow.cases() == []


def test_a_refusal_corrected_in_place_goes_through(
    qtbot: QtBot, dialog: CertificationDialog
) -> None:
    _copy(dialog, pages=1)
    dialog.form.presented_to.clear()
    with qtbot.waitSignal(dialog.step_failed, timeout=STEP_TIMEOUT_MS):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.form.presented_to.hasFocus()

    dialog.form.presented_to.setText("dem Jobcenter Essen")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, SCAN)
    assert not dialog.form._errors["presented_to"].isVisible()
    assert dialog.form.presented_to.accessibleDescription() == ""


def test_a_copy_of_an_authoritys_document_is_certified_without_restriction(
    qtbot: QtBot, dialog: CertificationDialog, kit: Kit
) -> None:
    _copy(dialog, pages=1)
    dialog.form.issued_by_authority.setChecked(True)
    assert not dialog.form.presented_to.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _scan_every_page(qtbot, dialog)
    _pay(qtbot, dialog)
    assert "nur zur Vorlage" not in dialog.note_text.text()
    with kit.store.unit_of_work() as uow:
        assert uow.case(dialog.case_id).details["presented_to"] == ""


@pytest.mark.parametrize("fault", [PaperJam("scanner", "feed"), CoverOpen("scanner", "lid")])
def test_a_scanner_fault_is_shown_and_the_same_case_scans_again(
    qtbot: QtBot, dialog: CertificationDialog, kit: Kit, fault: DeviceError
) -> None:
    scanner = kit.devices.scanner
    assert isinstance(scanner, SimDocumentScanner)
    _copy(dialog, pages=2)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, SCAN)
    _scan_page(qtbot, dialog)
    case_id = dialog.case_id
    scanner.queue_fault(fault)

    with qtbot.waitSignal(dialog.step_failed, timeout=STEP_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)

    assert failed.args[0] == SCAN
    assert dialog.step_state(SCAN) == FAILED
    assert dialog.scan_status.text() == failed.args[1]
    assert "Scanner" in failed.args[1]
    assert "Seite 2 von 2" in dialog.scan_hint.text()  # page 1 stays taken
    assert dialog.scan_button.isEnabled()
    assert dialog.scan_button.hasFocus()
    with kit.store.unit_of_work() as uow:
        case = uow.case(case_id)
    assert case.state is CaseState.DRAFT
    assert SCAN not in case.details["steps"]

    _scan_page(qtbot, dialog)
    _on_page(qtbot, dialog, PAYMENT)
    assert dialog.case_id == case_id
    with kit.store.unit_of_work() as uow:
        assert len(uow.cases()) == 1
        assert uow.case(case_id).details["steps"][SCAN]["data"] == {"pages": 2}


def test_a_printer_out_of_paper_prints_the_note_again_for_the_same_case(
    qtbot: QtBot, dialog: CertificationDialog, kit: Kit
) -> None:
    printer = kit.devices.printer
    assert isinstance(printer, SimPrinter)
    printer.load_paper(1)  # enough for the receipt, not for the two-page copy
    _copy(dialog, pages=2)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _scan_every_page(qtbot, dialog)
    _pay(qtbot, dialog)

    with qtbot.waitSignal(dialog.step_failed, timeout=STEP_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    assert failed.args[0] == NOTE
    assert "kein Papier" in failed.args[1]
    assert dialog.step_state(NOTE) == FAILED
    assert dialog.note_status.text() == failed.args[1]
    assert dialog.print_button.text() == "Erneut &drucken"
    assert dialog.print_button.hasFocus()
    case_id = dialog.case_id
    with kit.store.unit_of_work() as uow:
        assert uow.case(case_id).state is CaseState.PAID  # paid once, nothing printed

    printer.load_paper(50)
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS) as queued:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert queued.args[0] == case_id
    assert [title.split()[0] for title, _pdf in printer.printed] == ["Quittung", "Beglaubigte"]
    terminal = kit.devices.payment
    assert isinstance(terminal, SimPaymentTerminal)
    with kit.store.unit_of_work() as uow:
        assert len(uow.payments(case_id)) == 1
        assert len(uow.cases()) == 1


def _open_from_menu(qtbot: QtBot, window: MainWindow) -> CertificationDialog:
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = window.certification_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow, timeout=SIGNAL_TIMEOUT_MS)
    return dialog


def test_a_draft_closed_half_way_is_taken_up_again_from_the_case_list(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    first_start(qtbot, window)
    dialog = _open_from_menu(qtbot, window)
    assert not window.certification_action.isEnabled()  # one dialog at a time
    _copy(dialog, pages=1)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _on_page(qtbot, dialog, SCAN)
    _scan_page(qtbot, dialog)
    _on_page(qtbot, dialog, PAYMENT)
    case_id = dialog.case_id
    with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert window.certification_dialog is None
    with kit.store.unit_of_work() as uow:
        assert uow.case(case_id).state is CaseState.SIGNED  # kept unfinished, not yet paid

    window.resume_case(case_id)  # as the dashboard's "Fortsetzen" does
    assert window.cases_page.selected_case() == case_id
    qtbot.keyClick(window.cases_page.table, Qt.Key.Key_Return)
    resumed = window.certification_dialog
    assert resumed is not None
    _on_page(qtbot, resumed, PAYMENT)  # where it stopped: the scan is not asked again
    assert resumed.case_id == case_id
    assert resumed.step_state(SCAN) == DONE
    assert resumed.form.document_title.text().startswith("Abschlusszeugnis")
    assert resumed.form.presented_to.text() == "der Agentur für Arbeit Essen"
    assert not resumed.form.isEnabled()  # fixed once the case exists
    assert resumed.reference in resumed.windowTitle()
    _pay(qtbot, resumed)
    with qtbot.waitSignal(resumed.queued, timeout=STEP_TIMEOUT_MS):
        qtbot.mouseClick(resumed.print_button, Qt.MouseButton.LeftButton)
    with kit.store.unit_of_work() as uow:
        assert [c.id for c in uow.cases()] == [case_id]
        assert uow.case(case_id).state is CaseState.QUEUED


def test_a_case_of_another_service_is_not_opened_as_a_certification(
    qtbot: QtBot, window: MainWindow, kit: Kit, citizen: Person
) -> None:
    first_start(qtbot, window)
    other = kit.case_flow().open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})
    with qtbot.waitSignal(window.cases_refreshed, timeout=SIGNAL_TIMEOUT_MS):
        window.load_requested.emit()
    window.resume_case(other.id)
    qtbot.keyClick(window.cases_page.table, Qt.Key.Key_Return)
    assert window.certification_dialog is None


def _press(qtbot: QtBot, key: Qt.Key) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key)


def test_the_whole_certification_runs_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, kit: Kit
) -> None:
    first_start(qtbot, window)
    actions = window.findChildren(type(window.certification_action))
    shortcuts = [a.shortcut().toString() for a in actions if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts))  # Ctrl+B collides with nothing
    dialog = _open_from_menu(qtbot, window)
    assert dialog.form.given_names.hasFocus()
    _copy(dialog, pages=1)
    dialog.form.given_names.setFocus()
    _press(qtbot, Qt.Key.Key_Return)  # the form's default button opens the case

    _on_page(qtbot, dialog, SCAN)
    assert dialog.scan_button.hasFocus()
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.crop_page.view.hasFocus() and not dialog.busy,
                    timeout=STEP_TIMEOUT_MS)  # fmt: skip
    _press(qtbot, Qt.Key.Key_2)  # a corner moved from the keyboard ...
    _press(qtbot, Qt.Key.Key_Left)
    _press(qtbot, Qt.Key.Key_Return)  # ... and the page taken

    _on_page(qtbot, dialog, PAYMENT)
    assert dialog.payment_page is not None
    assert dialog.payment_page.pay_button.hasFocus()
    _press(qtbot, Qt.Key.Key_Return)
    _on_page(qtbot, dialog, NOTE)
    assert dialog.print_button.hasFocus()
    with qtbot.waitSignal(dialog.queued, timeout=STEP_TIMEOUT_MS):
        _press(qtbot, Qt.Key.Key_Return)
    assert dialog.close_button.hasFocus()
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.certification_dialog is None, timeout=SIGNAL_TIMEOUT_MS)
    with kit.store.unit_of_work() as uow:
        assert [c.state for c in uow.cases()] == [CaseState.QUEUED]


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The clerk's language is English for one test."""
    assert i18n.install(qapp, "en") is not None
    yield
    i18n.install(qapp, "de")


@pytest.mark.usefixtures("english")
def test_in_english_the_dialog_and_its_refusals_speak_english(qtbot: QtBot, kit: Kit) -> None:
    with _shown(qtbot, kit, "en") as shown:
        assert shown.windowTitle() == "New certification"
        assert shown.apply_button.text() == "Create &certification"
        assert shown.steps_box is not None
        assert shown.steps_box.titles[NOTE].text() == "Print the certification note"
        _copy(shown, pages=1)
        shown.form.document_title.clear()
        with qtbot.waitSignal(shown.step_failed, timeout=STEP_TIMEOUT_MS) as failed:
            qtbot.mouseClick(shown.apply_button, Qt.MouseButton.LeftButton)
        assert failed.args[1] == "Required field missing: Document title."
        assert shown.form._errors["document_title"].text() == failed.args[1]
