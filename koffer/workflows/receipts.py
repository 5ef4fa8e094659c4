"""A receipt for every payment a case recorded, itemised by the service's fee."""

from __future__ import annotations

from datetime import datetime

from koffer.documents import page, receipt
from koffer.domain.errors import ValidationError
from koffer.domain.fees import FeeBreakdown
from koffer.domain.messages import translate
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore

RECEIPT_KIND = "receipt_pdf"
METHODS = {"card": "Kartenzahlung (girocard / Kreditkarte)", "cash": "Barzahlung"}


def receipt_pdf(
    store: KitStore, case_id: str, fee: FeeBreakdown, municipality: MunicipalSettings
) -> bytes:
    """Render the receipt of the case's payment and keep it with the case.

    Raises:
        ValidationError: When the case has no payment yet (``error.not_paid``).
    """
    with store.unit_of_work() as uow:
        case = uow.case(case_id)
        payments = uow.payments(case_id)
        if not payments:
            raise ValidationError("payment", "error.not_paid")
        paid = payments[-1]
        pdf = receipt.render(
            receipt.Receipt(
                case.reference,
                translate(f"service.{case.service}", "de"),
                fee,
                datetime.fromisoformat(paid["paid_at"]).date(),
                METHODS.get(paid["method"], paid["method"]),
                paid["terminal_id"],
                paid["trace_number"],
                paid["authorisation_code"],
                municipality.name,
                page.status_link(municipality.status_url, case.reference),
            ),
            page.Letterhead(municipality.office, f"Stadt {municipality.name}"),
        )
        uow.add_attachment(case_id, RECEIPT_KIND, "application/pdf", pdf)
    return pdf
