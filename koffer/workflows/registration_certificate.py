"""Registration certificate (Meldebescheinigung, BMG §18(1)) issued on the spot.

Steps: open the case for a citizen -> collect the fee at the card terminal -> render the
certificate -> print it -> queue the case for the town hall. Each step stores its result, so
a device fault leaves the case where it was and the clerk can retry that step.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from koffer.devices.payment.interface import PaymentTerminal
from koffer.devices.printer.interface import Printer, PrintJob, PrintResult
from koffer.documents import page
from koffer.documents import registration_certificate as document
from koffer.domain.case import Case, CaseState, ServiceKind, new_reference
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows import payment
from koffer.workflows.offline_limit import ensure_recently_synced

CERTIFICATE_KIND = "registration_certificate_pdf"
PDF = "application/pdf"


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

    def open_case(self, person: Person, today: date | None = None) -> Opened:
        """Store the citizen and a new draft case for them."""
        today = today or datetime.now(UTC).date()
        person.validate_on(today)
        with self.store.unit_of_work() as uow:
            ensure_recently_synced(uow, self.max_offline_days)
            person_id = uow.add_person(person)
            case = Case(
                id=str(uuid.uuid4()),
                reference=new_reference(today.year),
                service=ServiceKind.REGISTRATION_CERTIFICATE,
                state=CaseState.DRAFT,
                person_id=person_id,
                created_at=datetime.now(UTC).replace(tzinfo=None),
                details={"variant": "simple", "fee_cents": self.fee_cents},
            )
            uow.add_case(case)
        return Opened(case.id, case.reference)

    @property
    def fee_cents(self) -> int:
        """The fee the town set for a certificate."""
        return self.municipality.registration_certificate_fee_cents

    def collect_fee(self, case_id: str, terminal: PaymentTerminal) -> None:
        """Take the fee at the card terminal, once (skipped when the town charges none)."""
        payment.collect(self.store, case_id, self.fee_cents, terminal)

    def render(self, case_id: str, today: date | None = None) -> str:
        """Render the certificate PDF, store it sealed with the case, and return its id.

        A case keeps its one certificate: rendering again returns the stored one.
        """
        today = today or datetime.now(UTC).date()
        with self.store.unit_of_work() as uow:
            case = uow.case(case_id)
            if "certificate" in case.details:
                return str(case.details["certificate"])
            person = uow.person(case.person_id)
            pdf = document.render(
                document.RegistrationCertificate(
                    person,
                    case.reference,
                    today,
                    self.municipality.name,
                    self.fee_cents,
                    page.status_link(self.municipality.status_url, case.reference),
                ),
                page.Letterhead(self.municipality.office, f"Stadt {self.municipality.name}"),
            )
            attachment_id = uow.add_attachment(case_id, CERTIFICATE_KIND, PDF, pdf)
            uow.save_case(case.with_details(certificate=attachment_id))
        return attachment_id

    def print_certificate(self, case_id: str, printer: Printer) -> PrintResult:
        """Print the stored certificate; a printer fault leaves the case unchanged."""
        with self.store.unit_of_work() as uow:
            case = uow.case(case_id)
            pdf = uow.attachment(case.details["certificate"])
        result = printer.print(PrintJob(pdf, f"Meldebescheinigung {case.reference}"))
        with self.store.unit_of_work() as uow:
            case = uow.case(case_id)
            printed = {"job_id": result.job_id, "printer": result.printer}
            uow.save_case(case.with_details(printed=printed))
            uow.audit("document.printed", case_id)
        return result

    def queue(self, case_id: str) -> str:
        """Hand the case to the outbox (same transaction) and return the idempotency key.

        Queueing a case that is already queued returns its key and adds nothing.
        """
        with self.store.unit_of_work() as uow:
            existing = uow.outbox_key(case_id)
            if existing is not None:
                return existing
            case = uow.case(case_id)
            uow.save_case(case.moved_to(CaseState.QUEUED))
            return uow.enqueue(case_id)
