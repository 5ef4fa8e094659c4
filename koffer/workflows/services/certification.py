"""Official certification of copies and signatures (Beglaubigung, VwVfG §§33-34).

Refused: civil-status certificates (only the registry office certifies those), documents
with gaps, erasures, alterations or separated pages (§33(2)), signatures where BGB §129 needs
a notary, and a signature under no text. A copy of a document that no authority issued is
certified "nur zur Vorlage bei ..." the authority named. The certification note printed onto
the copy has every §33(3) element: the exact document, that the copy matches the original,
the restriction when required, place and date, the official's name, signature and seal.
Fees per page are the town's (configurable).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import MunicipalFees, certification_fee
from koffer.workflows.engine import CaseFacts, Evidence, Service, Step

KINDS = frozenset({"copy", "signature"})
CIVIL_STATUS = ("geburtsurkunde", "heiratsurkunde", "sterbeurkunde", "lebenspartnerschaftsurkunde",
                "personenstandsurkunde", "eheurkunde")  # fmt: skip
DEFECTS = ("gaps", "erasures", "alterations", "separated_pages")


def admit(facts: CaseFacts) -> Mapping[str, Any]:
    """Check what may be certified (rule 12); return the details to store."""
    details = facts.details
    kind = str(details.get("kind", "copy"))
    if kind not in KINDS:
        raise ValidationError("kind", "error.validation", detail=kind)
    title = str(details.get("document_title", "")).strip()
    if not title:
        raise ValidationError("document_title", "error.required")
    if kind == "copy":
        if details.get("civil_status_certificate") or any(
            word in title.casefold() for word in CIVIL_STATUS
        ):
            raise ValidationError("document_title", "error.certification_civil_status")
        found = [d for d in DEFECTS if details.get(d)]
        if found:
            raise ValidationError(
                "document", "error.certification_defects", detail=", ".join(found)
            )
    else:
        if facts.flag("notary_required"):
            raise ValidationError("kind", "error.certification_notary")
        if not facts.flag("text_present"):
            raise ValidationError("document", "error.certification_blank_signature")
    restricted = not facts.flag("issued_by_authority")
    presented_to = str(details.get("presented_to", "")).strip()
    if kind == "copy" and restricted and not presented_to:
        raise ValidationError("presented_to", "error.certification_presented_to")
    pages = int(details.get("pages", 1))
    if not 1 <= pages <= 500:
        raise ValidationError("pages", "error.validation", detail=str(pages))
    return {
        "kind": kind,
        "document_title": title,
        "issued_by_authority": not restricted,
        "presented_to": presented_to if restricted else "",
        "pages": pages,
    }


def service(municipal: MunicipalFees) -> Service:
    """The certification service with the town's fee per page."""
    return Service(
        kind=ServiceKind.CERTIFICATION,
        title_key="service.certification",
        steps=(
            Step("scan", Evidence.SCAN, "step.scan_original"),
            Step("payment", Evidence.PAYMENT, "step.payment"),
            Step("certification_note", Evidence.DOCUMENT, "step.certification_note"),
        ),
        admit=admit,
        fee=lambda facts: certification_fee(municipal, int(facts.details["pages"])),
    )
