"""Passport application (Reisepass, PassG): like the ID card, plus sex, pages and express.

- Who applies, fingerprints (none under 6, none for the chipless temporary passport, none
  with a permanent medical exemption) and the signature follow the ID card's rules.
- Sex is M, F or X; X is written "<" in the MRZ (PassV Anlage). The MRZ name field is built
  from the names (ICAO 9303 transliteration) and kept with the case, so the clerk sees how
  the name will read in the machine-readable zone.
- Fee (PassV §15): 70.00 EUR, 37.50 EUR under 24; 48 pages +22.00, express +32.00, temporary
  26.00; doubled outside office hours where the town says so; postal delivery and the
  authority's photo on top. Validity 10 years, 6 under 24, a temporary passport 1 year.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from koffer.domain import age_rules, mrz
from koffer.domain.age_rules import IdentityDocument
from koffer.domain.case import ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.fees import DocumentFeeRequest, FeeBreakdown, MunicipalFees, document_fee
from koffer.workflows.engine import CaseFacts, Evidence, Service, Step
from koffer.workflows.services import id_card

DOCUMENTS = frozenset({IdentityDocument.PASSPORT, IdentityDocument.TEMPORARY_PASSPORT})
SEXES = {"M": "M", "F": "F", "X": "<"}  # as printed -> as in the MRZ
NO_PRINTS = id_card.no_fingerprints  # the same rules, the temporary passport included


def admit(facts: CaseFacts) -> Mapping[str, Any]:
    """Check the application; return the details to store (with the MRZ name field)."""
    details = dict(facts.details)
    try:
        document = IdentityDocument(details.pop("document", IdentityDocument.PASSPORT))
    except ValueError as exc:
        raise ValidationError("document", "error.validation", detail=str(exc)) from exc
    if document not in DOCUMENTS:
        raise ValidationError("document", "error.validation", detail=str(document))
    sex = str(details.pop("sex", "")).upper()
    if sex not in SEXES:
        raise ValidationError("sex", "error.validation", detail=sex or "—")
    options = {name: bool(details.pop(name, False)) for name in ("pages_48", "express")}
    if document is IdentityDocument.TEMPORARY_PASSPORT and any(options.values()):
        raise ValidationError("pages_48", "error.fee_option_not_applicable")
    cleaned = dict(id_card.admit(CaseFacts(facts.person, details, facts.application_date)))
    person = facts.person
    name_field = mrz.name_field(person.surname, person.given_names)
    valid_until = age_rules.validity_end(
        document, person.birth_date, facts.application_date, facts.application_date
    )
    return (
        cleaned
        | options
        | {
            "document": str(document),
            "sex": sex,
            "mrz_sex": SEXES[sex],
            "mrz_name": mrz.validate(name_field, "surname"),
            "valid_until_latest": valid_until.isoformat(),
        }
    )


def service(municipal: MunicipalFees) -> Service:
    """The passport service with the town's fee policy."""

    def fee(facts: CaseFacts) -> FeeBreakdown:
        return document_fee(
            DocumentFeeRequest(
                IdentityDocument(facts.details["document"]),
                facts.person.birth_date,
                facts.application_date,
                pages_48=facts.flag("pages_48"),
                express=facts.flag("express"),
                postal_delivery=facts.flag("postal_delivery"),
                authority_photo=True,
            ),
            municipal,
        )

    return Service(
        kind=ServiceKind.PASSPORT,
        title_key="service.passport",
        steps=(
            Step("photo", Evidence.PHOTO, "step.photo"),
            Step(
                "fingerprints", Evidence.FINGERPRINTS, "step.fingerprints", id_card.no_fingerprints
            ),
            Step("signature", Evidence.SIGNATURE, "step.signature", id_card.no_signature),
            Step("payment", Evidence.PAYMENT, "step.payment"),
            Step("summary", Evidence.DOCUMENT, "step.summary"),
        ),
        admit=admit,
        fee=fee,
    )
