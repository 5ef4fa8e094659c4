"""What every case dialog shares: the form first, then the service's steps on its worker.

A case dialog (ID card, Anmeldung, Beglaubigung) lists the steps on the left
(:class:`~koffer.ui.step_list.StepList`) and shows one page at a time on the right: the
form, then the page of each step that waits for the clerk, then the summary. It sends
requests to its :class:`~koffer.ui.step_worker.CaseStepWorker` and follows the answers. A
failed step is tried again for the same case, never a second case: from its page, or for
a step that needs nobody (printing, queuing) with the dialog's own button. The dialog cannot
close while a device works; closed half-way, the case stays a draft.

Its texts are translated in the context "CaseStepDialog", named in each call: ``tr()`` would
look them up under the subclass's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from koffer.domain.errors import KofferError
from koffer.ui import style
from koffer.ui.capture.payment_page import PaymentPage
from koffer.ui.capture.signature_page import SignaturePage
from koffer.ui.step_list import DONE, FAILED, RUNNING, StepList
from koffer.ui.step_worker import OPEN, PAYMENT, QUEUE, RECEIPT, SIGNATURE
from koffer.ui.workers import Failure

FORM, FINISHED = "form", "finished"


def status_label(accessible_name: str) -> QLabel:
    """A word-wrapping line saying where a step stands (or why it failed)."""
    label = QLabel()
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    return label


def step_page(accessible_name: str, widgets: Sequence[QWidget], button: QPushButton) -> QWidget:
    """A step's page: what it says, then its one button on the right."""
    page = QWidget()
    page.setAccessibleName(accessible_name)
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    layout.addLayout(row)
    layout.addStretch(1)
    return page


class CaseStepDialog(QDialog):
    """Base of the dialogs that take a service's form, then run its steps on a worker."""

    apply_requested = Signal(object)  # the service's request to open a case, to the worker
    step_requested = Signal(object)  # the service's StepRequest, to the worker
    pad_requested = Signal()  # sign on the kit's pad
    queued = Signal(str, str)  # case id, reference
    step_failed = Signal(str, str)  # step, message shown
    page_shown = Signal(str)  # the step whose page is now shown

    # Steps that need nobody: when one fails, the dialog's own button tries it again.
    automatic: ClassVar[frozenset[str]] = frozenset({OPEN, QUEUE, RECEIPT})

    def __init__(self, worker: Any, language: str, parent: QWidget | None = None) -> None:
        """Set up what every case dialog has; ``worker`` runs the steps on its thread.

        The subclass names itself (:meth:`_present`), builds its form (``form_box``), its
        steps (:meth:`_build_steps`) and its pages (:meth:`_add_page`), then calls
        :meth:`_lay_out` and :meth:`_listen`.
        """
        super().__init__(parent)
        self._worker = worker
        self._language = language
        self._busy = False
        self._failed_step = ""
        self._connections: list[tuple[Any, Any]] = []
        self._requests: list[tuple[Any, Any]] = []
        self._labels: dict[str, str] = {}  # field and device names as the screen calls them
        self._inputs: dict[str, QWidget] = {}  # the form's input for each field name
        self.case_id = ""
        self.reference = ""
        self.current_step = ""
        self.form_box: QWidget  # the subclass's form, set before _lay_out()
        self.steps_box: StepList | None = None
        self.payment_page: PaymentPage | None = None
        self.signature_page: SignaturePage | None = None
        self.pages = QStackedWidget()
        self._page_index: dict[str, int] = {}
        self.finished_label = QLabel()
        self.finished_label.setAccessibleName(
            QCoreApplication.translate("CaseStepDialog", "Zusammenfassung")
        )
        self.finished_label.setWordWrap(True)
        self.finished_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.finished_label.setTextFormat(Qt.TextFormat.PlainText)
        self.finished_label.setContentsMargins(8, 8, 8, 8)
        self.error_label = style.error_label(
            QCoreApplication.translate("CaseStepDialog", "Fehlermeldung")
        )
        self.done_label = style.done_label(QCoreApplication.translate("CaseStepDialog", "Ergebnis"))
        self.apply_button: QPushButton = style.button("", "", default=True)
        self.apply_button.clicked.connect(self.apply)
        self.close_button = style.button(
            QCoreApplication.translate("CaseStepDialog", "Schließen"),
            QCoreApplication.translate("CaseStepDialog", "Schließen"),
        )
        self.close_button.clicked.connect(self.reject)

    # --- building -----------------------------------------------------------------------

    def _present(self, title: str, apply_text: str, apply_name: str) -> None:
        """Name the dialog and the form's button (its text and accessible name)."""
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.apply_button.setText(apply_text)
        self.apply_button.setAccessibleName(apply_name)

    def _build_steps(self, titles: Mapping[str, str]) -> StepList:
        self.steps_box = StepList(QCoreApplication.translate("CaseStepDialog", "Schritte"), titles)
        return self.steps_box

    def _add_page(self, step: str, page: QWidget) -> None:
        self._page_index[step] = self.pages.addWidget(page)

    def _add_form_page(self, accessible_name: str) -> None:
        """The form (``form_box``) as the first page, scrolling when it is long."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(accessible_name)
        scroll.setWidget(self.form_box)
        self._add_page(FORM, scroll)

    def _add_payment_page(self) -> PaymentPage:
        """The payment page: the bill, the card terminal, the receipt (the worker's own)."""
        page = PaymentPage()
        page.pay_requested.connect(lambda: self._request(self._step(PAYMENT)))
        self._add_page(PAYMENT, page)
        self.payment_page = page
        return page

    def _add_signature_page(self) -> SignaturePage:
        """The signing field (and the kit's pad): the worker records what was confirmed."""
        worker = self._worker
        page = SignaturePage(
            signing_field=worker.signing_field(), separate_pad=worker.separate_pad()
        )
        # The page confirmed the strokes on the signing field's pad; the worker takes them.
        page.accepted.connect(lambda _signature: self._request(self._step(SIGNATURE)))
        page.device_requested.connect(self._sign_on_pad)
        self._add_page(SIGNATURE, page)
        self.signature_page = page
        return page

    def _lay_out(self) -> None:
        self._add_page(FINISHED, self.finished_label)
        buttons = QDialogButtonBox()
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        body = QHBoxLayout()
        if self.steps_box is not None:
            body.addWidget(self.steps_box)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.done_label)
        layout.addWidget(buttons)
        self._show_page(FORM)

    def _listen(
        self, connections: list[tuple[Any, Any]], requests: list[tuple[Any, Any]] | None = None
    ) -> None:
        """Follow the worker's answers and send it requests: the shared ones and the service's.

        ``connections`` pair the worker's signals with the dialog's slots, ``requests`` the
        dialog's signals with the worker's slots.
        """
        worker = self._worker
        shared = [
            (worker.awaiting, self._on_awaiting),
            (worker.step_started, self._on_step_started),
            (worker.step_done, self._on_step_done),
            (worker.pad_signed, self._on_pad_signed),
            (worker.failed, self._on_failed),
            (worker.queued, self._on_queued),
        ]
        if self.payment_page is not None:
            shared += [
                (worker.fee_known, self.payment_page.set_fee),
                (worker.paid, self.payment_page.show_approved),
            ]
        self._connections = [*shared, *connections]
        for signal, slot in self._connections:
            signal.connect(slot)
        self._requests = [
            (self.apply_requested, worker.apply),
            (self.step_requested, worker.run_step),
            (self.pad_requested, worker.sign_on_pad),
            *(requests or []),
        ]
        for signal, slot in self._requests:
            signal.connect(slot)

    # --- state --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a step runs on the worker."""
        return self._busy

    def step_state(self, step: str) -> str:
        """The mark shown for ``step``."""
        return self.steps_box.state(step) if self.steps_box is not None else ""

    def _mark(self, step: str, mark: str) -> None:
        if self.steps_box is not None:
            self.steps_box.set_state(step, mark)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.close_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy)
        # Read-only once the case exists: the data stays legible, nothing is lost.
        self.form_box.setEnabled(not busy and not self.case_id)

    def _show_page(self, step: str) -> None:
        self.current_step = step
        self.pages.setCurrentIndex(self._page_index[step])
        on_form = step == FORM
        self.apply_button.setVisible(on_form)
        self.apply_button.setDefault(on_form)
        self.apply_button.setAutoDefault(on_form)
        self.page_shown.emit(step)

    # --- actions ------------------------------------------------------------------------

    def apply(self) -> None:
        """Open the case (the service checks the form), or try the failed step again."""
        if self._busy:
            return
        self._show_error("")
        if self.case_id:
            self._retry()
            return
        try:
            request = self._request_from_form()
        except KofferError as exc:
            self._show_failure(Failure.of(exc, self._language, OPEN))
            return
        self._failed_step = ""
        self._set_busy(True)
        self.apply_requested.emit(request)

    def _request_from_form(self) -> Any:
        """The worker's request to open a case from the form (the domain checks its fields)."""
        raise NotImplementedError

    def _step(self, step: str) -> Any:
        """The worker's request to run ``step`` of this case."""
        return self._worker.request_type(self.case_id, self.reference, step)

    def _retry(self) -> None:
        """Run the step that failed again (or queue the case) for the same case."""
        self._request(self._step(self._failed_step or QUEUE))

    def _request(self, request: Any) -> None:
        self._show_error("")
        self._failed_step = ""
        self._set_busy(True)
        self.step_requested.emit(request)

    def _sign_on_pad(self) -> None:
        self._show_error("")
        self._set_busy(True)  # the pad waits for the citizen on the worker's thread
        self.pad_requested.emit()

    def reject(self) -> None:
        """Close unless a step is running (a device cannot be stopped half-way)."""
        if not self._busy:
            super().reject()

    def done(self, result: int) -> None:
        """Stop listening to the worker when the dialog closes."""
        for signal, slot in (*self._connections, *self._requests):
            signal.disconnect(slot)
        self._connections = []
        self._requests = []
        super().done(result)

    # --- answers from the worker --------------------------------------------------------

    def _opened(self, case_id: str, reference: str, title: str) -> None:
        """The case exists: from now on the form's button tries a failed step again."""
        self.case_id, self.reference = case_id, reference
        self.setWindowTitle(title)
        self.apply_button.setText(QCoreApplication.translate("CaseStepDialog", "&Erneut versuchen"))
        self.apply_button.setAccessibleName(
            QCoreApplication.translate("CaseStepDialog", "Erneut versuchen")
        )

    def _on_awaiting(self, step: str, _case_id: str) -> None:
        self._set_busy(False)
        self._mark(step, RUNNING)
        self._show_page(step)
        if step == PAYMENT and self.payment_page is not None:
            self.payment_page.pay_button.setFocus()
        elif step == SIGNATURE and self.signature_page is not None:
            self.signature_page.begin()

    def _on_step_started(self, step: str) -> None:
        self._mark(step, RUNNING)

    def _on_step_done(self, step: str, _case_id: str) -> None:
        self._mark(step, DONE)
        if step == RECEIPT and self.payment_page is not None:
            self.payment_page.show_receipt_printed()

    def _on_pad_signed(self, signature: object) -> None:
        self._set_busy(False)
        if self.signature_page is not None:
            self.signature_page.show_device_signature(signature)  # type: ignore[arg-type]

    def _on_failed(self, failure: Failure) -> None:
        step = failure.step
        self._mark(step, FAILED)  # a receipt that did not print leaves the payment done
        self._set_busy(False)
        self._failed_step = step
        if step in (PAYMENT, RECEIPT) and self.payment_page is not None:
            self.payment_page.show_failure(failure)
        elif step == SIGNATURE and self.signature_page is not None:
            self.signature_page.show_failure(failure)
        self._show_on_page(failure)
        if step in self.automatic and self.case_id:
            # Nothing on a page to press: the dialog's button retries.
            self.apply_button.setVisible(True)
            self.apply_button.setDefault(True)
            retry = self._retry_text(step)
            if retry:
                self.apply_button.setText(retry)
                self.apply_button.setAccessibleName(retry.replace("&", ""))
            self.apply_button.setFocus()
        self._show_failure(failure)

    def _show_on_page(self, failure: Failure) -> None:
        """Show a failed step's message on its own page (and give it the focus)."""

    def _retry_text(self, step: str) -> str:
        """The retry button's text after ``step`` failed ("": keep the button's text)."""
        if step == RECEIPT:
            return QCoreApplication.translate("CaseStepDialog", "Quittung erneut &drucken")
        return ""

    def _on_queued(self, case_id: str, reference: str) -> None:
        self._set_busy(False)
        self.apply_button.setVisible(False)
        self.finished_label.setText(self._summary_text(reference))
        self._show_page(FINISHED)
        self.done_label.setText(self._result_text(reference))
        self.done_label.setVisible(True)
        self.close_button.setText(QCoreApplication.translate("CaseStepDialog", "&Schließen"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.queued.emit(case_id, reference)

    def _summary_text(self, reference: str) -> str:
        """What the summary page says once the case is queued."""
        raise NotImplementedError

    def _result_text(self, reference: str) -> str:
        """The one line under the pages once the case is queued."""
        raise NotImplementedError

    def _show_failure(self, failure: Failure) -> str:
        """Show ``failure`` in the clerk's words; before the case exists, focus the field."""
        text = self._word(failure)
        self._show_error(text)
        widget = self._inputs.get(failure.field)
        if widget is not None and not self.case_id:
            widget.setFocus()
        self.step_failed.emit(failure.step, text)
        return text

    def _word(self, failure: Failure) -> str:
        """``failure``'s message naming fields and devices as this screen does."""
        return failure.worded(self._language, self._labels)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
