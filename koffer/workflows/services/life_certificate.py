"""Life certificate (Lebensbescheinigung): the clerk confirms a pension provider's form.

Not a registration document: the person appears (on a home visit the clerk comes to them),
shows an identity document, and the clerk confirms on the provider's form that they are
alive on that day. The kit scans the form, records which identity document was seen, and
prints the confirmation onto the scanned form. Usually free; a town may set a fee.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import FeeBreakdown, LineItem
from koffer.workflows.engine import CaseFacts, Evidence, Service, Step

IDENTITY_DOCUMENTS = frozenset({"id_card", "passport", "residence_permit", "known_to_clerk"})


def admit(facts: CaseFacts) -> Mapping[str, Any]:
    """Check the request; return the details to store.

    Raises:
        ValidationError: Without the pension provider, or without a recognised way the
            person's identity was established.
    """
    provider = str(facts.details.get("provider", "")).strip()
    if not provider:
        raise ValidationError("provider", "error.required")
    seen = str(facts.details.get("identity_document", ""))
    if seen not in IDENTITY_DOCUMENTS:
        raise ValidationError("identity_document", "error.validation", detail=seen or "—")
    return {
        "provider": provider,
        "pension_number": str(facts.details.get("pension_number", "")).strip(),
        "identity_document": seen,
    }


def service(fee_cents: int | None = None) -> Service:
    """The life certificate; ``fee_cents`` when the town charges for it (default free)."""
    fee = FeeBreakdown((LineItem("fee.life_certificate", fee_cents),) if fee_cents else ())
    steps = [Step("form_scan", Evidence.SCAN, "step.scan_form")]
    if fee_cents:
        steps.append(Step("payment", Evidence.PAYMENT, "step.payment"))
    steps.append(Step("confirmation", Evidence.DOCUMENT, "step.life_confirmation"))
    return Service(
        kind=ServiceKind.LIFE_CERTIFICATE,
        title_key="service.life_certificate",
        steps=tuple(steps),
        admit=admit,
        fee=lambda _facts: fee,
    )
