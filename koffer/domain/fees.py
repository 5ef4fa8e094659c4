"""Fees for the kit's services as itemised bills in euro cents (rule 1).

Federal fees are data: each ``koffer.resources/fees/*.toml`` file holds one table with the
day from which it applies (``valid_from``), and the application date picks the newest table
in force on that day (the ID card fee rose on 7 February 2026, PAuswGebV §1). Municipal
fees and the surcharge policy come in as :class:`MunicipalFees`, filled from the
deployment's settings.

Surcharges: an ID card applied for outside office hours or at a non-competent authority
costs 13 EUR more (PAuswGebV §1(3)); for a passport the fee is doubled (PassV §15(2)). A
home visit counts as such only where the town says so, hence the flags in
:class:`MunicipalFees`, off by default. The doubling is applied to the base passport fee
only, not to the 48-page and express supplements (the reading of municipal fee lists;
the text says "die Gebühr").
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from koffer.domain.age_rules import IdentityDocument, age_on
from koffer.domain.errors import ValidationError

_SECTIONS: dict[str, frozenset[str]] = {
    "id_card": frozenset(
        {
            "reduced_below_age",
            "standard",
            "reduced",
            "temporary",
            "replacement",
            "surcharge",
            "postal_delivery",
            "authority_photo",
            "address_change",
        }
    ),
    "passport": frozenset(
        {
            "reduced_below_age",
            "standard",
            "reduced",
            "pages_48",
            "express",
            "temporary",
            "postal_delivery",
            "authority_photo",
        }
    ),
    "conduct_certificate": frozenset({"standard", "european"}),
}


@dataclass(frozen=True)
class LineItem:
    """One line of a bill.

    Attributes:
        message_key: Catalogue key naming the item (``fee.*``).
        cents: Amount of the line in euro cents.
        quantity: How many units the amount covers (pages for a certification).
    """

    message_key: str
    cents: int
    quantity: int = 1


@dataclass(frozen=True)
class FeeBreakdown:
    """An itemised bill."""

    items: tuple[LineItem, ...]

    @property
    def total_cents(self) -> int:
        """Sum of all lines in euro cents."""
        return sum(item.cents for item in self.items)


@dataclass(frozen=True)
class FeeTable:
    """Federal fees in force from ``valid_from`` until the next table's day.

    Attributes:
        valid_from: First application day the table applies to.
        sections: Amounts in cents (and the age limit) by section and item.
        source: Name of the resource file, for messages and audits.
    """

    valid_from: date
    sections: dict[str, dict[str, int]]
    source: str = ""

    def amount(self, section: str, item: str) -> int:
        """Return one amount (cents) of the table."""
        return self.sections[section][item]

    @classmethod
    def from_toml(cls, data: dict[str, Any], source: str = "") -> FeeTable:
        """Build a table from parsed TOML, checking that every amount is there.

        Raises:
            ValueError: When the file lacks ``valid_from``, a section or an item, or an
                amount is not a non-negative integer.
        """
        valid_from = data.get("valid_from")
        if type(valid_from) is not date:  # a TOML datetime is a date subclass, too
            raise ValueError(f"{source}: valid_from must be a TOML date")
        sections: dict[str, dict[str, int]] = {}
        for name, keys in _SECTIONS.items():
            section = data.get(name)
            if not isinstance(section, dict) or set(section) != keys:
                raise ValueError(f"{source}: [{name}] must have exactly {sorted(keys)}")
            for key, value in section.items():
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise ValueError(f"{source}: {name}.{key} must be cents >= 0")
            sections[name] = dict(section)
        return cls(valid_from=valid_from, sections=sections, source=source)


@cache
def fee_tables() -> tuple[FeeTable, ...]:
    """Return the packaged fee tables, oldest first (read once per process)."""
    folder = resources.files("koffer.resources") / "fees"
    tables = [
        FeeTable.from_toml(tomllib.loads(entry.read_text("utf-8")), entry.name)
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ]
    tables.sort(key=lambda table: table.valid_from)
    days = [table.valid_from for table in tables]
    if len(set(days)) != len(days):
        raise ValueError("two fee tables start on the same day")
    return tuple(tables)


def table_for(application_date: date, tables: Sequence[FeeTable] | None = None) -> FeeTable:
    """Return the fee table in force on ``application_date``.

    Raises:
        ValidationError: ``error.no_fee_table`` when no table covers that day.
    """
    candidates = [
        table
        for table in (fee_tables() if tables is None else tables)
        if table.valid_from <= application_date
    ]
    if not candidates:
        raise ValidationError(
            "application_date", "error.no_fee_table", date=application_date.isoformat()
        )
    return max(candidates, key=lambda table: table.valid_from)


@dataclass(frozen=True)
class MunicipalFees:
    """What the town decides: surcharge policy and local fees (cents; ``None`` = not set).

    Attributes:
        outside_office_hours: Applications taken on this kind of visit count as "outside
            office hours" (PAuswGebV §1(3) No. 1, PassV §15(2) No. 1).
        non_competent_authority: The kit's office is not the competent authority for the
            applicant (PAuswGebV §1(3) No. 2, PassV §15(2) No. 2).
        registration_certificate_cents: Meldebescheinigung, set by the Land.
        extended_registration_certificate_cents: Extended Meldebescheinigung.
        parking_permit_cents: Resident parking permit.
        certification_per_page_cents: Beglaubigung, per page.
    """

    outside_office_hours: bool = False
    non_competent_authority: bool = False
    registration_certificate_cents: int | None = None
    extended_registration_certificate_cents: int | None = None
    parking_permit_cents: int | None = None
    certification_per_page_cents: int | None = None
    life_certificate_cents: int | None = None  # usually free

    @property
    def surcharge_applies(self) -> bool:
        """Whether the federal surcharge (ID card) or doubling (passport) applies."""
        return self.outside_office_hours or self.non_competent_authority


@dataclass(frozen=True)
class DocumentFeeRequest:
    """The facts an ID card or passport fee depends on.

    Attributes:
        document: Which document.
        birth_date: Applicant's date of birth; the age on ``application_date`` counts.
        application_date: Day of application; picks the fee table.
        pages_48: Passport with 48 instead of 32 pages.
        express: Passport in the express procedure.
        postal_delivery: The document is sent by post instead of handed over.
        authority_photo: The photo is taken by the authority (our camera).
    """

    document: IdentityDocument
    birth_date: date
    application_date: date
    pages_48: bool = False
    express: bool = False
    postal_delivery: bool = False
    authority_photo: bool = False


_PASSPORTS = frozenset({IdentityDocument.PASSPORT, IdentityDocument.TEMPORARY_PASSPORT})
_REGULAR = frozenset({IdentityDocument.ID_CARD, IdentityDocument.PASSPORT})


def _check_options(request: DocumentFeeRequest) -> None:
    options = {
        "pages_48": (request.pages_48, request.document is IdentityDocument.PASSPORT),
        "express": (request.express, request.document is IdentityDocument.PASSPORT),
        "postal_delivery": (request.postal_delivery, request.document in _REGULAR),
    }
    for name, (chosen, possible) in options.items():
        if chosen and not possible:
            raise ValidationError(name, "error.fee_option_not_applicable")


def document_fee(
    request: DocumentFeeRequest,
    municipal: MunicipalFees | None = None,
    tables: Sequence[FeeTable] | None = None,
) -> FeeBreakdown:
    """Return the itemised fee of an ID card or passport application (rule 1).

    Args:
        request: Document, applicant's age and the options chosen.
        municipal: The town's surcharge policy; none = no surcharge.
        tables: Fee tables to choose from; default the packaged ones.

    Returns:
        The bill: base fee, then supplements, surcharge, postal delivery and photo.

    Raises:
        ValidationError: ``error.fee_option_not_applicable`` for an option the document
            does not have (48 pages or express for anything but a passport, postal
            delivery for temporary documents), ``error.no_fee_table``.
    """
    _check_options(request)
    policy = municipal or MunicipalFees()
    table = table_for(request.application_date, tables)
    passport = request.document in _PASSPORTS
    section = "passport" if passport else "id_card"
    fees = table.sections[section]
    age = age_on(request.birth_date, request.application_date)
    reduced = age < fees["reduced_below_age"]

    base: LineItem
    match request.document:
        case IdentityDocument.ID_CARD | IdentityDocument.PASSPORT:
            key = f"fee.{request.document}" + ("_reduced" if reduced else "")
            base = LineItem(key, fees["reduced" if reduced else "standard"])
        case IdentityDocument.TEMPORARY_ID_CARD | IdentityDocument.TEMPORARY_PASSPORT:
            base = LineItem(f"fee.{request.document}", fees["temporary"])
        case IdentityDocument.REPLACEMENT_ID_CARD:
            base = LineItem("fee.replacement_id_card", fees["replacement"])

    items = [base]
    if request.pages_48:
        items.append(LineItem("fee.passport_48_pages", fees["pages_48"]))
    if request.express:
        items.append(LineItem("fee.passport_express", fees["express"]))
    if policy.surcharge_applies:
        if passport:
            items.append(LineItem("fee.passport_doubled", base.cents))
        else:
            items.append(LineItem("fee.id_card_surcharge", fees["surcharge"]))
    if request.postal_delivery:
        items.append(LineItem("fee.postal_delivery", fees["postal_delivery"]))
    if request.authority_photo:
        items.append(LineItem("fee.authority_photo", fees["authority_photo"]))
    return FeeBreakdown(tuple(items))


def address_change_fee(
    application_date: date, tables: Sequence[FeeTable] | None = None
) -> FeeBreakdown:
    """Return the fee of an address change on the ID card: free (PAuswGebV §1(5))."""
    table = table_for(application_date, tables)
    return FeeBreakdown(
        (LineItem("fee.address_change", table.amount("id_card", "address_change")),)
    )


def conduct_certificate_fee(
    application_date: date, european: bool = False, tables: Sequence[FeeTable] | None = None
) -> FeeBreakdown:
    """Return the fee of a certificate of good conduct (13 EUR, European 17 EUR)."""
    table = table_for(application_date, tables)
    if european:
        item = LineItem(
            "fee.conduct_certificate_european", table.amount("conduct_certificate", "european")
        )
    else:
        item = LineItem("fee.conduct_certificate", table.amount("conduct_certificate", "standard"))
    return FeeBreakdown((item,))


def _configured(cents: int | None, item: str) -> int:
    if cents is None:
        raise ValidationError("fee", "error.fee_not_configured", item=item)
    return cents


def registration_certificate_fee(municipal: MunicipalFees, extended: bool = False) -> FeeBreakdown:
    """Return the fee of a Meldebescheinigung (BMG §18), simple or extended.

    Raises:
        ValidationError: ``error.fee_not_configured`` when the town has not set it.
    """
    if extended:
        key = "fee.registration_certificate_extended"
        cents = municipal.extended_registration_certificate_cents
    else:
        key = "fee.registration_certificate"
        cents = municipal.registration_certificate_cents
    return FeeBreakdown((LineItem(key, _configured(cents, key)),))


def parking_permit_fee(municipal: MunicipalFees) -> FeeBreakdown:
    """Return the fee of a resident parking permit.

    Raises:
        ValidationError: ``error.fee_not_configured`` when the town has not set it.
    """
    key = "fee.parking_permit"
    return FeeBreakdown((LineItem(key, _configured(municipal.parking_permit_cents, key)),))


def certification_fee(municipal: MunicipalFees, pages: int) -> FeeBreakdown:
    """Return the fee of certifying a copy of ``pages`` pages (local fee per page).

    Raises:
        ValidationError: ``error.fee_not_configured`` when the town has not set it,
            ``error.validation`` for fewer than one page.
    """
    if pages < 1:
        raise ValidationError("pages", "error.validation")
    key = "fee.certification"
    per_page = _configured(municipal.certification_per_page_cents, key)
    return FeeBreakdown((LineItem(key, per_page * pages, quantity=pages),))
