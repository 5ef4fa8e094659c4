"""The simple registration certificate step by step, as the certificate dialog drives it.

The service itself lives on the workflow engine (``services.registration_certificate``):
its admission rules, fee, payment step and certificate document. This class gives the
dialog, the training run and the kit check their step-by-step calls on top of it: open
the case -> collect the fee -> render the certificate -> print it -> queue the case. Each
step stores its result, so a device fault leaves the case where it was and the clerk can
retry that step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from koffer.devices.payment.interface import PaymentTerminal
from koffer.devices.printer.interface import Printer, PrintJob, PrintResult
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.fees import MunicipalFees
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows import outbox_parcels
from koffer.workflows.engine import CaseFlow
from koffer.workflows.services import registration_certificate as certificate_service

CERTIFICATE_KIND = "registration_certificate_pdf"
PDF = "application/pdf"
KIND = ServiceKind.REGISTRATION_CERTIFICATE


@dataclass(frozen=True)
class Opened:
    """A new case and its reference."""

    case_id: str
    reference: str


class RegistrationCertificateService:
    """Issues simple registration certificates for citizens on a visit."""

    def __init__(
        self, store: KitStore, municipality: MunicipalSettings, max_offline_days: int = 14
    ) -> None:
        self.store = store
        self.municipality = municipality
        self.max_offline_days = max_offline_days

    def flow(self, today: date | None = None) -> CaseFlow:
        """The engine running the certificate service with the town's fee."""
        fees = MunicipalFees(registration_certificate_cents=self.fee_cents)
        day = today or datetime.now(UTC).date()
        return CaseFlow(
            self.store,
            {KIND: certificate_service.service(fees)},
            self.max_offline_days,
            today=lambda: day,
        )

    def open_case(self, person: Person, today: date | None = None) -> Opened:
        """Check the rules and store the citizen and a new draft case for them."""
        case = self.flow(today).open(KIND, person, {"variant": "simple"})
        return Opened(case.id, case.reference)

    @property
    def fee_cents(self) -> int:
        """The fee the town set for a certificate."""
        return self.municipality.registration_certificate_fee_cents

    def collect_fee(self, case_id: str, terminal: PaymentTerminal) -> None:
        """Take the fee at the card terminal, once (nothing to do when the town charges none)."""
        flow = self.flow()
        if self.fee_cents == 0 or "payment" in _steps_done(flow, case_id):
            return
        flow.pay(case_id, terminal)

    def render(self, case_id: str, today: date | None = None) -> str:
        """Render the certificate PDF, store it sealed with the case, and return its id.

        A case keeps its one certificate: rendering again returns the stored one.
        """
        with self.store.unit_of_work() as uow:
            case = uow.case(case_id)
            if "certificate" in case.details:
                return str(case.details["certificate"])
        pdf = certificate_service.certificate_pdf(
            self.flow(today), case_id, self.municipality, today
        )
        with self.store.unit_of_work() as uow:
            case = uow.case(case_id)
            if "certificate" in case.details:  # rendered meanwhile by another call
                return str(case.details["certificate"])
            attachment_id = uow.add_attachment(case_id, CERTIFICATE_KIND, PDF, pdf)
            uow.save_case(case.with_details(certificate=attachment_id))
        return attachment_id

    def print_certificate(self, case_id: str, printer: Printer) -> PrintResult:
        """Print the stored certificate and record the certificate step.

        A printer fault leaves the case unchanged.
        """
        with self.store.unit_of_work() as uow:
            case = uow.case(case_id)
            pdf = uow.attachment(case.details["certificate"])
        result = printer.print(PrintJob(pdf, f"Meldebescheinigung {case.reference}"))
        with self.store.unit_of_work() as uow:
            case = uow.case(case_id)
            printed = {"job_id": result.job_id, "printer": result.printer}
            uow.save_case(case.with_details(printed=printed))
            uow.audit("document.printed", case_id)
        if _rank(case.state) < _rank(CaseState.QUEUED):
            self.flow().record(
                case_id, "certificate", printed | {"attachment": case.details["certificate"]}
            )
        return result

    def queue(self, case_id: str) -> str:
        """Hand the case to the outbox (same transaction) and return the idempotency key.

        Queueing a case that is already queued returns its key and adds nothing. Unlike
        :meth:`CaseFlow.queue`, this hands over a case whose payment or print is still
        open, as the kit check and the training run do; the dialog pays and prints first.
        """
        with self.store.unit_of_work() as uow:
            existing = uow.outbox_key(case_id)
            if existing is not None:
                return existing
            case = uow.case(case_id)
            uow.save_case(case.moved_to(CaseState.QUEUED))
            key = uow.enqueue(case_id)
        # Sealed for the town hall now, so that it can go while the kit is locked.
        outbox_parcels.seal_queued(self.store)
        return key


_ORDER = list(CaseState)


def _rank(state: CaseState) -> int:
    return _ORDER.index(state)


def _steps_done(flow: CaseFlow, case_id: str) -> set[str]:
    with flow.store.unit_of_work() as uow:
        return set(uow.case(case_id).details.get("steps", {}))
