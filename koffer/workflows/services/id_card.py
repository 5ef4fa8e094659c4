"""ID card application (Personalausweis): who may apply, what is captured, what it costs.

Rules (DOMAIN.md §1-2 and rules 1-3): under 16 only a custodian applies; from 16 the holder,
or a legal guardian / holder of a certified power of attorney when the holder cannot act
(PAuswG §9(1)); no fingerprints under 6 or with a permanent medical exemption (PAuswG §5(9));
no signature under 10 or when the holder cannot sign, which a witness confirms; the fee
depends on age, document, postal delivery and the authority photo (PAuswGebV §1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from koffer.documents import id_card_summary, page
from koffer.domain import age_rules, fields
from koffer.domain.age_rules import Applicant, IdentityDocument
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import DocumentFeeRequest, FeeBreakdown, MunicipalFees, document_fee
from koffer.settings import MunicipalSettings
from koffer.workflows.engine import STEPS, CaseFacts, CaseFlow, Evidence, Service, Step, StepState

DOCUMENTS = frozenset(
    {IdentityDocument.ID_CARD, IdentityDocument.TEMPORARY_ID_CARD,
     IdentityDocument.REPLACEMENT_ID_CARD}
)  # fmt: skip
HEIGHT_CM = (50, 250)
CHIPLESS = frozenset({IdentityDocument.TEMPORARY_ID_CARD, IdentityDocument.TEMPORARY_PASSPORT})


def no_fingerprints(facts: CaseFacts) -> str | None:
    needs = age_rules.requirements(facts.person.birth_date, facts.application_date)
    if not needs.fingerprints:
        return "step.skip.under_6"
    if facts.flag("medical_fingerprint_exemption"):
        return "step.skip.medical_exemption"
    if facts.details.get("document") in CHIPLESS:
        return "step.skip.temporary_document"  # a paper document without a chip
    return None


def no_signature(facts: CaseFacts) -> str | None:
    needs = age_rules.requirements(facts.person.birth_date, facts.application_date)
    if not needs.signature:
        return "step.skip.under_10"
    if facts.flag("cannot_sign"):
        return "step.skip.cannot_sign"
    return None


def admit(facts: CaseFacts) -> Mapping[str, Any]:
    """Check who applies and the form data; return the details to store.

    Raises:
        ValidationError: Naming the rule that refuses the application.
    """
    details = facts.details
    try:
        document = IdentityDocument(details.get("document", IdentityDocument.ID_CARD))
        applicant = Applicant(details.get("applicant", Applicant.HOLDER))
    except ValueError as exc:
        raise ValidationError("document", "error.validation", detail=str(exc)) from exc
    if document not in DOCUMENTS:
        raise ValidationError("document", "error.validation", detail=str(document))
    age_rules.check_applicant(
        facts.person.birth_date,
        facts.application_date,
        applicant,
        holder_unable_to_act=facts.flag("holder_unable_to_act"),
    )
    height = details.get("height_cm")
    if height is not None and not (HEIGHT_CM[0] <= int(height) <= HEIGHT_CM[1]):
        raise ValidationError("height_cm", "error.validation", detail=str(height))
    eye_colour = fields.check_length("eye_colour", str(details.get("eye_colour", "")))
    if facts.flag("cannot_sign") and not str(details.get("witness", "")).strip():
        raise ValidationError("witness", "error.required")
    representative = str(details.get("representative", "")).strip()
    if applicant is not Applicant.HOLDER and not representative:
        raise ValidationError("representative", "error.required")
    needs = age_rules.requirements(facts.person.birth_date, facts.application_date)
    return {
        "document": str(document),
        "applicant": str(applicant),
        "representative": representative,
        "holder_unable_to_act": facts.flag("holder_unable_to_act"),
        "height_cm": None if height is None else int(height),
        "eye_colour": eye_colour,
        "postal_delivery": facts.flag("postal_delivery"),
        "medical_fingerprint_exemption": facts.flag("medical_fingerprint_exemption"),
        "cannot_sign": facts.flag("cannot_sign"),
        "witness": str(details.get("witness", "")).strip(),
        "eid_on": needs.eid_on,
    }


def service(municipal: MunicipalFees) -> Service:
    """The ID-card service with the town's fee policy."""

    def fee(facts: CaseFacts) -> FeeBreakdown:
        return document_fee(
            DocumentFeeRequest(
                IdentityDocument(facts.details["document"]),
                facts.person.birth_date,
                facts.application_date,
                postal_delivery=facts.flag("postal_delivery"),
                authority_photo=True,  # taken with the kit's camera
            ),
            municipal,
        )

    return Service(
        kind=ServiceKind.ID_CARD,
        title_key="service.id_card",
        steps=(
            Step("photo", Evidence.PHOTO, "step.photo"),
            Step("fingerprints", Evidence.FINGERPRINTS, "step.fingerprints", no_fingerprints),
            Step("signature", Evidence.SIGNATURE, "step.signature", no_signature),
            Step("payment", Evidence.PAYMENT, "step.payment"),
            Step("summary", Evidence.DOCUMENT, "step.summary"),
        ),
        admit=admit,
        fee=fee,
    )


def summary_pdf(flow: CaseFlow, case_id: str, municipality: MunicipalSettings) -> bytes:
    """Render the application summary the citizen checks and signs (with the photo)."""
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
        person = uow.person(case.person_id)
        photo_ids = case.details.get(STEPS, {}).get("photo", {}).get("attachments", [])
        photo = uow.attachment(photo_ids[0]) if photo_ids else b""
    left_out = [p.reason_key for p in flow.plan(case_id) if p.state is StepState.SKIPPED]
    return id_card_summary.render(
        id_card_summary.IdCardSummary(
            person,
            case.reference,
            dict(case.details),
            flow.fee(case_id),
            municipality.name,
            flow.today(),
            photo_jpeg=photo,
            left_out=left_out,
            status_link=page.status_link(municipality.status_url, case.reference),
        ),
        page.Letterhead(municipality.office, f"Stadt {municipality.name}"),
    )
