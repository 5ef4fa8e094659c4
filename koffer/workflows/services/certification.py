"""Official certification of copies and signatures (Beglaubigung, VwVfG §§33-34).

Refused: civil-status certificates (only the registry office certifies those), documents
with gaps, erasures, alterations or separated pages (§33(2)), signatures where BGB §129 needs
a notary, and a signature under no text. A copy of a document that no authority issued is
certified "nur zur Vorlage bei ..." the authority named. The certification note printed onto
the copy has every §33(3) element: the exact document, that the copy matches the original,
the restriction when required, place and date, the official's name, signature and seal.
A signature (§34) is certified only for presentation to a named authority, with how the
signer's identity was established and whether they signed before the official or
acknowledged an earlier signature (§34(3)); its note is printed onto the signed original.
Fees per page are the town's (configurable).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import cv2

from koffer.documents import certification_note, page
from koffer.documents.scan_crop import Image, Quad, straighten
from koffer.domain.case import Case, ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import MunicipalFees, certification_fee
from koffer.settings import MunicipalSettings
from koffer.workflows.engine import STEPS, Attachment, CaseFacts, CaseFlow, Evidence, Service, Step
from koffer.workflows.services.life_certificate import IDENTITY_DOCUMENTS

SCAN = "scan"
NOTE = "certification_note"
JPEG_QUALITY = 85
KINDS = frozenset({"copy", "signature"})
CIVIL_STATUS = ("geburtsurkunde", "heiratsurkunde", "sterbeurkunde", "lebenspartnerschaftsurkunde",
                "personenstandsurkunde", "eheurkunde")  # fmt: skip
DEFECTS = ("gaps", "erasures", "alterations", "separated_pages")
PRESENTED_TO_MISSING = {
    "copy": "error.certification_presented_to",
    "signature": "error.certification_signature_presented_to",
}


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
    seen = str(details.get("identity_document", "")) if kind == "signature" else ""
    if kind == "signature" and seen not in IDENTITY_DOCUMENTS:
        raise ValidationError("identity_document", "error.validation", detail=seen or "—")
    # A signature is always certified for one authority alone (§34(1), (3) no. 3).
    restricted = kind == "signature" or not facts.flag("issued_by_authority")
    presented_to = str(details.get("presented_to", "")).strip()
    if restricted and not presented_to:
        raise ValidationError("presented_to", PRESENTED_TO_MISSING[kind])
    pages = int(details.get("pages", 1))
    if not 1 <= pages <= 500:
        raise ValidationError("pages", "error.validation", detail=str(pages))
    return {
        "kind": kind,
        "document_title": title,
        "issued_by_authority": not restricted,
        "presented_to": presented_to if restricted else "",
        "pages": pages,
        "identity_document": seen,
        "acknowledged": kind == "signature" and facts.flag("acknowledged"),
    }


def service(municipal: MunicipalFees) -> Service:
    """The certification service with the town's fee per page."""
    return Service(
        kind=ServiceKind.CERTIFICATION,
        title_key="service.certification",
        steps=(
            Step(SCAN, Evidence.SCAN, "step.scan_original"),
            Step("payment", Evidence.PAYMENT, "step.payment"),
            Step(NOTE, Evidence.DOCUMENT, "step.certification_note"),
        ),
        admit=admit,
        fee=lambda facts: certification_fee(municipal, int(facts.details["pages"])),
    )


def record_original(flow: CaseFlow, case_id: str, pages: Sequence[tuple[Image, Quad]]) -> Case:
    """Record the scan of the original: each scanned page cut out as the clerk cropped it.

    Raises:
        ValidationError: ``error.certification_page_count`` unless every page of the
            original was scanned (nothing is recorded then).
    """
    with flow.store.unit_of_work() as uow:
        expected = int(uow.case(case_id).details["pages"])
    if len(pages) != expected:
        raise ValidationError(
            "pages", "error.certification_page_count", scanned=len(pages), pages=expected
        )
    attachments = []
    for image, crop in pages:
        ok, encoded = cv2.imencode(
            ".jpg", straighten(image, crop), [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY]
        )
        if not ok:
            msg = "a scanned page could not be encoded as JPEG"
            raise RuntimeError(msg)
        attachments.append(Attachment(SCAN, "image/jpeg", encoded.tobytes()))
    return flow.record(case_id, SCAN, {"pages": len(attachments)}, attachments)


def note(
    flow: CaseFlow, case_id: str, municipality: MunicipalSettings, official: str
) -> certification_note.CertificationNote:
    """What the case's certification note states, signed by ``official``."""
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
        person = uow.person(case.person_id)
    details = case.details
    signer = ""
    if details.get("kind") == "signature":
        signer = f"{person.full_name}, geb. {person.birth_date:%d.%m.%Y}"
    return certification_note.CertificationNote(
        document_title=details["document_title"],
        pages=int(details["pages"]),
        presented_to=details.get("presented_to", ""),
        place=municipality.name,
        day=flow.today(),
        official=official,
        office=municipality.office,
        reference=case.reference,
        status_link=page.status_link(municipality.status_url, case.reference),
        signer=signer,
        identity_document=details.get("identity_document", ""),
        acknowledged=bool(details.get("acknowledged", False)),
    )


def note_pdf(flow: CaseFlow, case_id: str, note: certification_note.CertificationNote) -> bytes:
    """What the note step prints.

    For a copy, the certified copy: the scanned pages, ``note`` on the last; for a signature,
    the note alone, to go onto the signed original.
    """
    with flow.store.unit_of_work() as uow:
        ids = uow.case(case_id).details[STEPS][SCAN]["attachments"]
        scans = [uow.attachment(attachment) for attachment in ids]
    return certification_note.render(note, scans)
