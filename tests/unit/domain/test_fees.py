from datetime import date
from typing import Any

import pytest

from koffer.domain import fees
from koffer.domain.age_rules import IdentityDocument
from koffer.domain.errors import ValidationError
from koffer.domain.fees import DocumentFeeRequest, FeeTable, MunicipalFees
from koffer.domain.messages import CATALOGUE, translate

ADULT = date(1970, 5, 1)
AFTER = date(2026, 2, 7)
BEFORE = date(2026, 2, 6)


def _fee(document: IdentityDocument, born: date = ADULT, on: date = AFTER, **options: Any) -> int:
    request = DocumentFeeRequest(document, born, on, **options)
    return fees.document_fee(request).total_cents


def test_rule_1_id_card_fee_changes_on_2026_02_07() -> None:
    assert _fee(IdentityDocument.ID_CARD, on=BEFORE) == 3700
    assert _fee(IdentityDocument.ID_CARD, on=AFTER) == 4600
    young = date(2005, 1, 1)
    assert _fee(IdentityDocument.ID_CARD, young, on=BEFORE) == 2280
    assert _fee(IdentityDocument.ID_CARD, young, on=AFTER) == 2760


def test_rule_1_age_at_application_decides_the_reduced_fee() -> None:
    born = date(2002, 3, 5)
    day_before_24th = date(2026, 3, 4)
    birthday_24th = date(2026, 3, 5)
    assert _fee(IdentityDocument.ID_CARD, born, day_before_24th) == 2760
    assert _fee(IdentityDocument.ID_CARD, born, birthday_24th) == 4600
    assert _fee(IdentityDocument.PASSPORT, born, day_before_24th) == 3750
    assert _fee(IdentityDocument.PASSPORT, born, birthday_24th) == 7000


def test_rule_1_passport_with_every_option_is_itemised() -> None:
    request = DocumentFeeRequest(
        IdentityDocument.PASSPORT,
        ADULT,
        AFTER,
        pages_48=True,
        express=True,
        postal_delivery=True,
        authority_photo=True,
    )
    bill = fees.document_fee(request)
    assert [(i.message_key, i.cents) for i in bill.items] == [
        ("fee.passport", 7000),
        ("fee.passport_48_pages", 2200),
        ("fee.passport_express", 3200),
        ("fee.postal_delivery", 1500),
        ("fee.authority_photo", 600),
    ]
    assert bill.total_cents == 14500


def test_rule_1_known_passport_totals_of_municipal_fee_lists() -> None:
    young = date(2005, 1, 1)
    assert _fee(IdentityDocument.PASSPORT, pages_48=True) == 9200
    assert _fee(IdentityDocument.PASSPORT, express=True) == 10200
    assert _fee(IdentityDocument.PASSPORT, pages_48=True, express=True) == 12400
    assert _fee(IdentityDocument.PASSPORT, young, pages_48=True, express=True) == 9150
    assert _fee(IdentityDocument.TEMPORARY_PASSPORT) == 2600


def test_rule_1_temporary_and_replacement_id_cards_cost_10_euro_at_any_age() -> None:
    for born in (ADULT, date(2010, 1, 1)):
        assert _fee(IdentityDocument.TEMPORARY_ID_CARD, born) == 1000
        assert _fee(IdentityDocument.REPLACEMENT_ID_CARD, born) == 1000


def test_rule_1_id_card_postal_delivery_and_authority_photo() -> None:
    total = _fee(IdentityDocument.ID_CARD, postal_delivery=True, authority_photo=True)
    assert total == 4600 + 1500 + 600


def test_rule_1_address_change_is_free() -> None:
    bill = fees.address_change_fee(AFTER)
    assert bill.total_cents == 0
    assert [i.message_key for i in bill.items] == ["fee.address_change"]


def test_rule_1_surcharges_apply_only_when_the_town_configures_them() -> None:
    request = DocumentFeeRequest(IdentityDocument.ID_CARD, ADULT, AFTER)
    assert fees.document_fee(request, MunicipalFees()).total_cents == 4600
    outside = MunicipalFees(outside_office_hours=True)
    bill = fees.document_fee(request, outside)
    assert bill.total_cents == 5900
    assert bill.items[-1].message_key == "fee.id_card_surcharge"
    temporary = DocumentFeeRequest(IdentityDocument.TEMPORARY_ID_CARD, ADULT, AFTER)
    assert fees.document_fee(temporary, outside).total_cents == 2300


def test_rule_1_passport_outside_office_hours_doubles_the_base_fee() -> None:
    policy = MunicipalFees(non_competent_authority=True)
    plain = DocumentFeeRequest(IdentityDocument.PASSPORT, ADULT, AFTER, authority_photo=True)
    assert fees.document_fee(plain, policy).total_cents == 7000 * 2 + 600
    young = DocumentFeeRequest(IdentityDocument.PASSPORT, date(2010, 1, 1), AFTER)
    assert fees.document_fee(young, policy).total_cents == 7500
    temporary = DocumentFeeRequest(IdentityDocument.TEMPORARY_PASSPORT, ADULT, AFTER)
    assert fees.document_fee(temporary, policy).total_cents == 5200


@pytest.mark.parametrize(
    ("document", "option"),
    [
        (IdentityDocument.ID_CARD, "pages_48"),
        (IdentityDocument.ID_CARD, "express"),
        (IdentityDocument.TEMPORARY_PASSPORT, "express"),
        (IdentityDocument.TEMPORARY_ID_CARD, "postal_delivery"),
    ],
)
def test_options_a_document_does_not_have_are_refused(
    document: IdentityDocument, option: str
) -> None:
    request = DocumentFeeRequest(document, ADULT, AFTER, **{option: True})
    with pytest.raises(ValidationError) as caught:
        fees.document_fee(request)
    assert caught.value.field == option
    assert caught.value.message_key == "error.fee_option_not_applicable"


def test_applications_before_the_oldest_table_have_no_fee() -> None:
    with pytest.raises(ValidationError) as caught:
        _fee(IdentityDocument.ID_CARD, on=date(2025, 4, 30))
    assert caught.value.message_key == "error.no_fee_table"
    assert caught.value.params["date"] == "2025-04-30"


def test_packaged_tables_are_ordered_and_the_application_date_picks_one() -> None:
    tables = fees.fee_tables()
    assert [t.valid_from for t in tables] == [date(2025, 5, 1), date(2026, 2, 7)]
    assert fees.table_for(BEFORE).valid_from == date(2025, 5, 1)
    assert fees.table_for(date(2030, 1, 1)).valid_from == date(2026, 2, 7)


def test_a_future_table_can_be_added_as_data() -> None:
    newer = FeeTable(
        valid_from=date(2027, 1, 1),
        sections={
            **fees.table_for(AFTER).sections,
            "id_card": {**fees.table_for(AFTER).sections["id_card"], "standard": 5000},
        },
    )
    tables = (*fees.fee_tables(), newer)
    request = DocumentFeeRequest(IdentityDocument.ID_CARD, ADULT, date(2027, 1, 1))
    assert fees.document_fee(request, tables=tables).total_cents == 5000


def test_incomplete_fee_table_is_refused_on_load() -> None:
    with pytest.raises(ValueError, match="id_card"):
        FeeTable.from_toml({"valid_from": date(2026, 1, 1), "id_card": {"standard": 1}})
    with pytest.raises(ValueError, match="valid_from"):
        FeeTable.from_toml({"valid_from": "2026-01-01"})


def test_conduct_certificate_fees() -> None:
    assert fees.conduct_certificate_fee(AFTER).total_cents == 1300
    assert fees.conduct_certificate_fee(AFTER, european=True).total_cents == 1700


def test_municipal_fees_come_from_the_towns_settings() -> None:
    town = MunicipalFees(
        registration_certificate_cents=900,
        extended_registration_certificate_cents=1200,
        parking_permit_cents=3060,
        certification_per_page_cents=250,
    )
    assert fees.registration_certificate_fee(town).total_cents == 900
    assert fees.registration_certificate_fee(town, extended=True).total_cents == 1200
    assert fees.parking_permit_fee(town).total_cents == 3060
    bill = fees.certification_fee(town, pages=3)
    assert bill.total_cents == 750
    assert bill.items[0].quantity == 3
    assert translate(bill.items[0].message_key, "de", quantity=3) == "Beglaubigung (3 Seiten)"


def test_unset_municipal_fee_is_an_error_not_free() -> None:
    with pytest.raises(ValidationError) as caught:
        fees.parking_permit_fee(MunicipalFees())
    assert caught.value.message_key == "error.fee_not_configured"
    with pytest.raises(ValidationError):
        fees.certification_fee(MunicipalFees(certification_per_page_cents=250), pages=0)


def test_every_line_item_key_is_in_the_catalogue() -> None:
    keys: set[str] = set()
    town = MunicipalFees(outside_office_hours=True, registration_certificate_cents=900)
    for document in IdentityDocument:
        for born in (ADULT, date(2010, 1, 1)):
            bill = fees.document_fee(
                DocumentFeeRequest(document, born, AFTER, authority_photo=True), town
            )
            keys.update(item.message_key for item in bill.items)
    keys.update(i.message_key for i in fees.address_change_fee(AFTER).items)
    keys.update(i.message_key for i in fees.registration_certificate_fee(town).items)
    assert keys <= set(CATALOGUE)
    assert len(keys) >= 12
