"""Certificate of good conduct (Führungszeugnis, BZRG §§30-30c): who may ask, for what kind.

The applicant is 14 or older and applies in person (or through a legal representative),
never by proxy; NE and OE need the demanding body's written request, which is scanned;
O and OE go straight to an authority, whose address is recorded; P goes to a local court for
inspection first. Fee 13.00 EUR, a European certificate 17.00 EUR. The request goes on to
the Federal Office of Justice through the town hall.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from koffer.documents import conduct_confirmation, page
from koffer.domain import age_rules
from koffer.domain.age_rules import Applicant, ConductCertificateKind, ConductCertificateRequest
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import conduct_certificate_fee
from koffer.settings import MunicipalSettings
from koffer.workflows.engine import CaseFacts, CaseFlow, Evidence, Service, Step

EXTENDED = frozenset({ConductCertificateKind.NE, ConductCertificateKind.OE})


def _no_written_request(facts: CaseFacts) -> str | None:
    if ConductCertificateKind(facts.details["kind"]) in EXTENDED:
        return None
    return "step.skip.not_extended"


def admit(facts: CaseFacts) -> Mapping[str, Any]:
    """Check the request (rule 11); return the details to store."""
    details = facts.details
    try:
        kind = ConductCertificateKind(str(details.get("kind", "N")))
        applicant = Applicant(str(details.get("applicant", Applicant.HOLDER)))
    except ValueError as exc:
        raise ValidationError("kind", "error.validation", detail=str(exc)) from exc
    request = age_rules.check_conduct_request(
        ConductCertificateRequest(
            kind,
            facts.person.birth_date,
            facts.application_date,
            applicant,
            written_request_seen=facts.flag("written_request_seen"),
            recipient_authority=str(details.get("recipient_authority", "")),
            inspection_court=str(details.get("inspection_court", "")),
        )
    )
    return {
        "kind": str(request.kind),
        "applicant": str(request.applicant),
        "purpose": str(details.get("purpose", "")).strip(),
        "recipient_authority": request.recipient_authority.strip(),
        "inspection_court": request.inspection_court.strip(),
        "written_request_seen": request.written_request_seen,
        "european": facts.flag("european"),
    }


def service() -> Service:
    """The Führungszeugnis request."""
    return Service(
        kind=ServiceKind.CONDUCT_CERTIFICATE,
        title_key="service.conduct_certificate",
        steps=(
            Step("written_request", Evidence.SCAN, "step.written_request", _no_written_request),
            Step("identity", Evidence.FORM, "step.identity_checked"),
            Step("signature", Evidence.SIGNATURE, "step.signature"),
            Step("payment", Evidence.PAYMENT, "step.payment"),
            Step("confirmation", Evidence.DOCUMENT, "step.conduct_confirmation"),
        ),
        admit=admit,
        fee=lambda facts: conduct_certificate_fee(
            facts.application_date, european=facts.flag("european")
        ),
    )


def confirmation_pdf(flow: CaseFlow, case_id: str, municipality: MunicipalSettings) -> bytes:
    """Render the confirmation the applicant takes home (Belegart, reference, fee).

    Raises:
        ValidationError: ``error.not_paid`` before the fee is paid.
    """
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
        person = uow.person(case.person_id)
        payments = uow.payments(case_id)
    if not payments:
        raise ValidationError("payment", "error.not_paid")
    details = case.details
    return conduct_confirmation.render(
        conduct_confirmation.ConductConfirmation(
            person,
            details["kind"],
            details.get("purpose", ""),
            details.get("recipient_authority", ""),
            details.get("inspection_court", ""),
            bool(details.get("european")),
            sum(int(p["amount_cents"]) for p in payments),
            case.reference,
            municipality.name,
            flow.today(),
            page.status_link(municipality.status_url, case.reference),
        ),
        page.Letterhead(municipality.office, f"Stadt {municipality.name}"),
    )
