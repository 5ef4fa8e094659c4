"""The Beglaubigung dialog: the form, then the original scanned, the fee paid, the note printed.

The steps are the certification service's own (``workflows.services.certification``):
each page of the original is scanned on the flatbed and cropped by the clerk
(``capture.scan_page``), the fee is taken at the card terminal (the payment page shared with
the ID card), the note is shown and printed - for a copy on the copy's last page, for a
signature onto the signed original - and the case is queued. What the law refuses is shown by
the field it is about. A scanner or printer fault leaves the case as it was and the same
step is tried again; a dialog closed half-way leaves a draft, taken up again from the case
list (:meth:`CertificationDialog.resume`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from koffer.documents.scan_crop import Quad
from koffer.domain.messages import translate
from koffer.ui import style
from koffer.ui.capture.payment_page import PaymentOutcome, euro
from koffer.ui.capture.scan_page import ScanPage
from koffer.ui.certification_form import CertificationForm
from koffer.ui.certification_worker import (
    NOTE,
    SCAN,
    CertificationDraft,
    CertificationRequest,
    CertificationWorker,
    NotePreview,
    StepRequest,
)
from koffer.ui.form_fields import person_labels
from koffer.ui.step_dialog import CaseStepDialog, status_label, step_page
from koffer.ui.step_list import DONE, RUNNING
from koffer.ui.step_worker import PAYMENT, QUEUE
from koffer.ui.workers import Failure

STEPS = (SCAN, PAYMENT, NOTE, QUEUE)


class CertificationDialog(CaseStepDialog):
    """Takes what is to be certified and runs the certification's steps on its worker."""

    resume_requested = Signal(str)  # case id of a draft, to the worker
    scan_requested = Signal()  # scan one sheet, to the worker

    def __init__(
        self, worker: CertificationWorker, language: str, parent: QWidget | None = None
    ) -> None:
        """Build the form and the pages; ``worker`` runs the steps on its thread."""
        super().__init__(worker, language, parent)
        self._present(
            self.tr("Neue Beglaubigung"),
            self.tr("&Beglaubigung anlegen"),
            self.tr("Beglaubigung anlegen"),
        )
        self._sheet: NDArray[np.uint8] | None = None  # the scan being cropped
        self._accepted: list[tuple[NDArray[np.uint8], Quad]] = []  # pages cropped so far
        self._paid_cents: int | None = None
        self._on_original = False
        self.form = CertificationForm()
        self.form_box = self.form
        self._build_steps({
            SCAN: self.tr("Original scannen"),
            PAYMENT: self.tr("Gebühr bezahlen"),
            NOTE: self.tr("Beglaubigungsvermerk drucken"),
            QUEUE: self.tr("Zur Übermittlung ans Rathaus vormerken"),
        })  # fmt: skip
        self._add_form_page(self.tr("Angaben zur Beglaubigung"))
        self._add_page(SCAN, self._build_scan_page())
        self._add_payment_page()
        self._add_page(NOTE, self._build_note_page())
        self._lay_out()
        self.setMinimumSize(940, 660)
        self._labels = {
            **person_labels(),
            "document_title": self.tr("Bezeichnung des Dokuments"),
            "pages": self.tr("Seitenzahl"),
            "presented_to": self.tr("Nur zur Vorlage bei"),
            "identity_document": self.tr("Identität festgestellt durch"),
            "kind": self.tr("Art der Beglaubigung"),
            "scanner": self.tr("Scanner"),
            "printer": self.tr("Drucker"),
            "payment": self.tr("Kartenterminal"),
        }
        self._listen(
            [
                (worker.opened, self._on_opened),
                (worker.resumed, self._on_resumed),
                (worker.page_scanned, self._on_page_scanned),
                (worker.note_previewed, self._on_note_previewed),
                (worker.paid, self._on_paid),
            ],
            [(self.resume_requested, worker.resume), (self.scan_requested, worker.scan_page)],
        )
        self.form.given_names.setFocus()

    # --- building -----------------------------------------------------------------------

    def _build_scan_page(self) -> QWidget:
        page = QWidget()
        page.setAccessibleName(self.tr("Original scannen"))
        self.scan_hint = QLabel()
        self.scan_hint.setWordWrap(True)
        self.scan_status = status_label(self.tr("Stand des Scans"))
        self.scan_button = style.button(
            self.tr("Seite &scannen"), self.tr("Seite scannen"), default=True
        )
        self.scan_button.clicked.connect(self.scan)
        self.crop_page = ScanPage(self._language)
        self.crop_page.accepted.connect(self._accept_page)
        self.crop_page.rescan_requested.connect(self.scan)
        row = QHBoxLayout()
        row.addWidget(self.scan_hint, 1)
        row.addWidget(self.scan_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.scan_status)
        layout.addWidget(self.crop_page, 1)
        return page

    def _build_note_page(self) -> QWidget:
        self.note_hint = QLabel()
        self.note_hint.setWordWrap(True)
        self.note_text = QLabel()
        self.note_text.setAccessibleName(self.tr("Beglaubigungsvermerk"))
        self.note_text.setTextFormat(Qt.TextFormat.PlainText)
        self.note_text.setWordWrap(True)
        self.note_text.setFrameShape(QFrame.Shape.Box)
        self.note_text.setMargin(10)
        self.note_status = status_label(self.tr("Stand des Drucks"))
        self.print_button = style.button(
            self.tr("Vermerk &drucken"), self.tr("Beglaubigungsvermerk drucken"), default=True
        )
        self.print_button.clicked.connect(lambda: self._request(self._step(NOTE)))
        return step_page(
            self.tr("Beglaubigungsvermerk drucken"),
            [self.note_hint, self.note_text, self.note_status],
            self.print_button,
        )

    # --- state --------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self.scan_button.setEnabled(not busy)
        self.print_button.setEnabled(not busy)

    def _waiting_for_scan(self) -> None:
        """Ready for the next sheet: the scan button answers Enter, the crop waits."""
        pages = self.form.pages.value()
        self.scan_hint.setText(
            self.tr("Bitte Seite {0} von {1} des Originals auf das Scannerglas legen.").format(
                len(self._accepted) + 1, pages
            )
        )
        self._sheet = None
        self.crop_page.setEnabled(False)
        self.crop_page.accept_button.setDefault(False)
        self.scan_button.setDefault(True)
        self.scan_button.setFocus()

    # --- actions ------------------------------------------------------------------------

    def apply(self) -> None:
        """Open the case (the service checks the form), or retry the step that failed."""
        if not self._busy:
            self.form.clear_errors()
        super().apply()

    def _request_from_form(self) -> CertificationRequest:
        return CertificationRequest(self.form.person(), self.form.details())

    def resume(self, case_id: str) -> None:
        """Take up the unfinished case ``case_id`` where it stopped."""
        self._set_busy(True)
        self.resume_requested.emit(case_id)

    def scan(self) -> None:
        """Scan the next sheet of the original."""
        if self._busy or not self.case_id:
            return
        self._show_error("")
        self._mark(SCAN, RUNNING)
        self.scan_status.setText(self.tr("Scanner läuft …"))
        self._set_busy(True)
        self.crop_page.setEnabled(False)
        self.scan_requested.emit()

    def _accept_page(self, crop: Quad) -> None:
        if self._sheet is None or self._busy:
            return
        self._accepted.append((self._sheet, crop))
        pages = self.form.pages.value()
        if len(self._accepted) < pages:
            self.scan_status.setText(
                self.tr("✓ Seite {0} von {1} übernommen.").format(len(self._accepted), pages)
            )
            self._waiting_for_scan()
            return
        self._sheet = None
        self.crop_page.setEnabled(False)
        self.scan_status.setText(self.tr("Die Seiten werden gespeichert …"))
        self._request(StepRequest(self.case_id, self.reference, SCAN, tuple(self._accepted)))

    # --- answers from the worker --------------------------------------------------------

    def _on_opened(self, case_id: str, reference: str) -> None:
        self._opened(case_id, reference, self.tr("Beglaubigung {0}").format(reference))

    def _on_resumed(self, draft: CertificationDraft) -> None:
        self.form.fill(draft.person, draft.details)
        self._opened(draft.case_id, draft.reference,
                     self.tr("Beglaubigung {0}").format(draft.reference))  # fmt: skip
        self._set_busy(True)  # the form is fixed; the worker goes on to the next step
        for step in draft.done:
            self._mark(step, DONE)

    def _on_awaiting(self, step: str, case_id: str) -> None:
        super()._on_awaiting(step, case_id)
        if step == SCAN:
            self._accepted = []
            self.scan_status.clear()
            self._waiting_for_scan()
        elif step == NOTE:
            self.note_status.clear()
            self.print_button.setFocus()

    def _on_page_scanned(self, image: NDArray[np.uint8]) -> None:
        self._set_busy(False)
        self._mark(SCAN, RUNNING)
        self._sheet = image
        self.crop_page.setEnabled(True)
        self.scan_status.setText(
            self.tr("Seite {0} von {1} gescannt: Zuschnitt prüfen und übernehmen.").format(
                len(self._accepted) + 1, self.form.pages.value()
            )
        )
        self.scan_button.setDefault(False)
        self.crop_page.accept_button.setDefault(True)
        self.crop_page.show_scan(image)  # the crop view takes the focus

    def _on_note_previewed(self, preview: NotePreview) -> None:
        self._on_original = preview.on_original
        self.note_text.setText("\n".join(preview.lines))
        self.note_hint.setText(
            self.tr("Bitte das unterschriebene Original in den Drucker legen: der Vermerk wird "
                    "unten auf die Seite mit der Unterschrift gedruckt.")
            if preview.on_original
            else self.tr("Die Kopie wird gedruckt, der Vermerk steht auf ihrer letzten Seite. "
                         "Danach unterschreiben und siegeln.")
        )  # fmt: skip

    def _on_paid(self, outcome: PaymentOutcome) -> None:
        self._paid_cents = outcome.amount_cents

    def _show_on_page(self, failure: Failure) -> None:
        if failure.step == SCAN:
            if len(self._accepted) == self.form.pages.value():
                self._accepted = []  # storing the pages failed: they are scanned again
            self._waiting_for_scan()
            self.scan_status.setText(self._word(failure))
        elif failure.step == NOTE:
            self.note_status.setText(self._word(failure))
            self.print_button.setText(self.tr("Erneut &drucken"))
            self.print_button.setAccessibleName(self.tr("Vermerk erneut drucken"))
            self.print_button.setFocus()

    def _show_failure(self, failure: Failure) -> str:
        if self.case_id:
            return super()._show_failure(failure)
        text = self._word(failure)
        widget = self.form.show_error(failure.field, text)
        if widget is None:
            return super()._show_failure(failure)
        self._show_error("")
        widget.setFocus()
        self.step_failed.emit(failure.step, text)
        return text

    def _word(self, failure: Failure) -> str:
        if failure.key != "error.certification_defects":
            return super()._word(failure)
        names = {
            "gaps": self.tr("Lücken"),
            "erasures": self.tr("Radierungen"),
            "alterations": self.tr("Änderungen oder Zusätze"),
            "separated_pages": self.tr("getrennte Seiten"),
        }
        found = str(failure.params.get("detail", "")).split(", ")
        detail = ", ".join(names.get(defect, defect) for defect in found)
        return translate(failure.key, self._language, **{**failure.params, "detail": detail})

    def _summary_text(self, reference: str) -> str:
        lines = [self.tr("Beglaubigung {0} ist vollständig:").format(reference), ""]
        lines.append(self.tr("✓ Original gescannt: {0} Seite(n)").format(self.form.pages.value()))
        if self._paid_cents is not None:
            lines.append(self.tr("✓ Gebühr bezahlt: {0}").format(euro(self._paid_cents)))
        lines.append(
            self.tr("✓ Vermerk auf das Original gedruckt")
            if self._on_original
            else self.tr("✓ Beglaubigte Kopie gedruckt")
        )
        lines.append(self.tr("Bitte den Vermerk unterschreiben und siegeln."))
        return "\n".join(lines)

    def _result_text(self, reference: str) -> str:
        return self.tr("Beglaubigung {0} ist aufgenommen und wartet auf die Übermittlung.").format(
            reference
        )
