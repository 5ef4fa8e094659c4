"""Rules that follow from a date: age, document validity, biometrics by age, deadlines.

Ages are counted as German law counts them (BGB §187(2), §188(2)-(3)): a year of life is
completed at the end of the day before the birthday, so a person is one year older from
the birthday on. Someone born on 29 February completes the year at the end of 28 February
in a common year and is one year older from 1 March.

Covered here (numbers as in DOMAIN.md's list of rules): rule 2 (validity), rule 3 (age
limits for biometrics, eID and who applies), rule 8 (registration deadlines) and the pure
part of rule 11 (Führungszeugnis requests).
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, timedelta

from koffer.domain.errors import ValidationError

REDUCED_VALIDITY_BELOW_AGE = 24
FINGERPRINTS_FROM_AGE = 6
SIGNATURE_FROM_AGE = 10
APPLIES_IN_PERSON_FROM_AGE = 16
EID_ON_FROM_AGE = 16
CONDUCT_CERTIFICATE_FROM_AGE = 14
REGISTRATION_DEADLINE = timedelta(days=14)
DEREGISTRATION_EARLIEST = timedelta(weeks=1)


def age_on(birth_date: date, on: date) -> int:
    """Return the completed years of life of someone born on ``birth_date`` at ``on``.

    Raises:
        ValidationError: ``error.date_in_future`` when ``on`` lies before the birth date.
    """
    if on < birth_date:
        raise ValidationError("birth_date", "error.date_in_future")
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday


def add_years(start: date, years: int) -> date:
    """Return the same calendar day ``years`` later; 29 February becomes 28 February."""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return start.replace(year=year, day=day)


def add_months(start: date, months: int) -> date:
    """Return the same day ``months`` later, or the last day of a shorter month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


class IdentityDocument(enum.StrEnum):
    """Identity documents the kit applies for."""

    ID_CARD = "id_card"
    """Personalausweis (PAuswG)."""
    TEMPORARY_ID_CARD = "temporary_id_card"
    """Vorläufiger Personalausweis."""
    REPLACEMENT_ID_CARD = "replacement_id_card"
    """Ersatz-Personalausweis."""
    PASSPORT = "passport"
    """Reisepass (PassG)."""
    TEMPORARY_PASSPORT = "temporary_passport"
    """Vorläufiger Reisepass."""


def validity_end(
    document: IdentityDocument, birth_date: date, application_date: date, issued_on: date
) -> date:
    """Return the latest end of validity a document may have (rule 2).

    ID card and passport are valid for 10 years, 6 when the holder is under 24 at
    application (PAuswG §6, PassG §5); a temporary ID card at most 3 months, a replacement
    ID card at most 3 years, a temporary passport at most one year. Validity runs from the
    day of issue; nothing is ever extended.

    Args:
        document: The kind of document.
        birth_date: The holder's date of birth.
        application_date: The day of application, which decides the age.
        issued_on: The day of issue.

    Returns:
        The same calendar day the full period after ``issued_on``; 29 February becomes
        28 February. Whether the printed "valid until" is this day or the one before is the
        document producer's convention.
    """
    if document is IdentityDocument.TEMPORARY_ID_CARD:
        return add_months(issued_on, 3)
    if document is IdentityDocument.REPLACEMENT_ID_CARD:
        return add_years(issued_on, 3)
    if document is IdentityDocument.TEMPORARY_PASSPORT:
        return add_years(issued_on, 1)
    young = age_on(birth_date, application_date) < REDUCED_VALIDITY_BELOW_AGE
    return add_years(issued_on, 6 if young else 10)


def check_validity(
    document: IdentityDocument,
    birth_date: date,
    application_date: date,
    issued_on: date,
    valid_until: date,
) -> date:
    """Return ``valid_until`` when the law allows it for ``document`` (rule 2).

    Raises:
        ValidationError: ``error.validity_too_long`` (with ``limit`` as ISO date) when it
            lies after :func:`validity_end`, ``error.validation`` when before the issue.
    """
    latest = validity_end(document, birth_date, application_date, issued_on)
    if valid_until > latest:
        raise ValidationError("valid_until", "error.validity_too_long", limit=latest.isoformat())
    if valid_until <= issued_on:
        raise ValidationError("valid_until", "error.validation")
    return valid_until


@dataclass(frozen=True)
class AgeRequirements:
    """What an application needs at the applicant's age (rule 3).

    Attributes:
        age: Completed years at application.
        fingerprints: Fingerprints are taken (from 6: PAuswG §9(3), PassG §4(4a)).
        signature: The holder signs (from 10).
        eid_on: The eID function is switched on at issue (from 16).
        custodian_applies: A custodian applies instead of the holder (under 16, PAuswG §9).
    """

    age: int
    fingerprints: bool
    signature: bool
    eid_on: bool
    custodian_applies: bool


def requirements(birth_date: date, application_date: date) -> AgeRequirements:
    """Return the age-dependent requirements of an ID card or passport application."""
    age = age_on(birth_date, application_date)
    return AgeRequirements(
        age=age,
        fingerprints=age >= FINGERPRINTS_FROM_AGE,
        signature=age >= SIGNATURE_FROM_AGE,
        eid_on=age >= EID_ON_FROM_AGE,
        custodian_applies=age < APPLIES_IN_PERSON_FROM_AGE,
    )


class Applicant(enum.StrEnum):
    """Who signs an application on the holder's behalf, or the holder."""

    HOLDER = "holder"
    CUSTODIAN = "custodian"
    """Sorgeberechtigte Person (parent or guardian of a minor)."""
    LEGAL_GUARDIAN = "legal_guardian"
    """Betreuer with the task of identity documents, for an adult unable to act."""
    AUTHORISED_REPRESENTATIVE = "authorised_representative"
    """Holder of a certified power of attorney (PAuswG §9(1))."""
    PROXY = "proxy"
    """Anyone else; never allowed."""


def check_applicant(
    birth_date: date,
    application_date: date,
    applicant: Applicant,
    holder_unable_to_act: bool = False,
) -> Applicant:
    """Return ``applicant`` when they may apply for the holder (rule 3).

    Under 16 only a custodian applies. From 16 the holder applies in person; a legal
    guardian or a holder of a certified power of attorney only when the holder cannot act.

    Raises:
        ValidationError: ``error.custodian_required`` under 16, ``error.no_proxy`` for
            anyone else the rule does not admit.
    """
    if age_on(birth_date, application_date) < APPLIES_IN_PERSON_FROM_AGE:
        if applicant is not Applicant.CUSTODIAN:
            raise ValidationError(
                "applicant", "error.custodian_required", minimum=APPLIES_IN_PERSON_FROM_AGE
            )
        return applicant
    representatives = {Applicant.LEGAL_GUARDIAN, Applicant.AUTHORISED_REPRESENTATIVE}
    if applicant is Applicant.HOLDER or (applicant in representatives and holder_unable_to_act):
        return applicant
    raise ValidationError("applicant", "error.no_proxy")


def registration_deadline(moved_in_on: date) -> date:
    """Return the last day to register after moving in: move-in + 14 days (BMG §17(1)).

    The shift to the next working day when this day is a weekend or public holiday
    (VwVfG §31(3)) is not applied: it needs the Land's holiday calendar.
    """
    return moved_in_on + REGISTRATION_DEADLINE


def check_deregistration(leaving_on: date, declared_on: date, new_domestic_dwelling: bool) -> None:
    """Check that an Abmeldung (BMG §17(2)) is admissible (rule 8).

    Args:
        leaving_on: The day the person moves out.
        declared_on: The day the Abmeldung is made.
        new_domestic_dwelling: Whether the person takes a new dwelling in Germany; then
            the Anmeldung there replaces the Abmeldung.

    Raises:
        ValidationError: ``error.deregistration_new_dwelling`` or
            ``error.deregistration_too_early`` (with ``earliest`` as ISO date).
    """
    if new_domestic_dwelling:
        raise ValidationError("new_dwelling", "error.deregistration_new_dwelling")
    earliest = leaving_on - DEREGISTRATION_EARLIEST
    if declared_on < earliest:
        raise ValidationError(
            "declared_on", "error.deregistration_too_early", earliest=earliest.isoformat()
        )


def deregistration_deadline(leaving_on: date) -> date:
    """Return the last day for an Abmeldung: two weeks after leaving (BMG §17(2))."""
    return leaving_on + REGISTRATION_DEADLINE


class ConductCertificateKind(enum.StrEnum):
    """Kinds (Belegart) of a Führungszeugnis (BZRG §30, §30a)."""

    N = "N"
    """Private certificate, sent to the applicant."""
    O = "O"  # noqa: E741 - the official code letter
    """Sent straight to an authority; needs the recipient authority."""
    NE = "NE"
    """Extended private certificate (§30a); needs the demanding body's written request."""
    OE = "OE"
    """Extended, to an authority; needs the written request and the recipient authority."""
    P = "P"
    """Private, sent first to a local court for the applicant to inspect; needs the court."""


@dataclass(frozen=True)
class ConductCertificateRequest:
    """A request for a certificate of good conduct (Führungszeugnis).

    Attributes:
        kind: Belegart.
        birth_date: The applicant's date of birth.
        applied_on: Day of the request.
        applicant: Who makes the request; the person or a legal representative only.
        written_request_seen: The clerk has seen the demanding body's written request.
        recipient_authority: Name and address of the authority it goes to.
        inspection_court: The local court where the applicant inspects it first.
    """

    kind: ConductCertificateKind
    birth_date: date
    applied_on: date
    applicant: Applicant = Applicant.HOLDER
    written_request_seen: bool = False
    recipient_authority: str = ""
    inspection_court: str = ""


def check_conduct_request(request: ConductCertificateRequest) -> ConductCertificateRequest:
    """Return ``request`` when it meets BZRG §30-30a (rule 11, the parts without I/O).

    The applicant is at least 14 and applies in person or through a legal representative
    (custodian or legal guardian), never a proxy; NE and OE need the written request, O and
    OE the recipient authority, P the inspecting court.

    Raises:
        ValidationError: ``error.too_young`` (with ``minimum``), ``error.no_proxy``,
            ``error.conduct_written_request_missing``, ``error.conduct_recipient_missing``
            or ``error.required`` for the court.
    """
    kind = request.kind
    if age_on(request.birth_date, request.applied_on) < CONDUCT_CERTIFICATE_FROM_AGE:
        raise ValidationError("birth_date", "error.too_young", minimum=CONDUCT_CERTIFICATE_FROM_AGE)
    allowed = {Applicant.HOLDER, Applicant.CUSTODIAN, Applicant.LEGAL_GUARDIAN}
    if request.applicant not in allowed:
        raise ValidationError("applicant", "error.no_proxy")
    extended = {ConductCertificateKind.NE, ConductCertificateKind.OE}
    if kind in extended and not request.written_request_seen:
        raise ValidationError("written_request", "error.conduct_written_request_missing")
    to_authority = {ConductCertificateKind.O, ConductCertificateKind.OE}
    if kind in to_authority and not request.recipient_authority.strip():
        raise ValidationError("recipient_authority", "error.conduct_recipient_missing")
    if kind is ConductCertificateKind.P and not request.inspection_court.strip():
        raise ValidationError("inspection_court", "error.required")
    return request
