from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koffer.domain import fields
from koffer.domain.errors import ValidationError
from koffer.domain.fields import PartialDate, parse_partial_date


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("given_names", 80),
        ("birth_name", 75),
        ("religious_name", 60),
        ("birth_place", 80),
        ("eye_colour", 19),
    ],
)
def test_rule_7_single_fields_keep_their_xhd_limit(field: str, limit: int) -> None:
    assert fields.check_length(field, "a" * limit) == "a" * limit
    with pytest.raises(ValidationError) as caught:
        fields.check_length(field, "a" * (limit + 1))
    assert caught.value.field == field
    assert caught.value.message_key == "error.too_long"
    assert caught.value.params["limit"] == limit


def test_rule_7_length_counts_characters_after_nfc() -> None:
    decomposed = "e\u0301" * 19  # 38 code points, 19 characters in NFC
    assert fields.check_length("eye_colour", decomposed) == "\u00e9" * 19


def test_rule_7_surname_title_and_birth_name_share_120() -> None:
    # Counted as printed, "Dr. MMM… BBB…": 3 + 1 + 60 + 1 + 55 = 120.
    fields.check_surname_block("M" * 60, "Dr.", "B" * 55)
    with pytest.raises(ValidationError) as caught:
        fields.check_surname_block("M" * 60, "Dr.", "B" * 56)
    assert caught.value.field == "surname"
    assert caught.value.params["limit"] == 120


def test_birth_name_alone_is_limited_to_75() -> None:
    with pytest.raises(ValidationError) as caught:
        fields.check_surname_block("Kurz", "", "B" * 76)
    assert caught.value.field == "birth_name"


def test_rule_7_street_with_number_and_postcode_with_town() -> None:
    fields.check_street("S" * 45, "12a")  # 49
    fields.check_street("S" * 46, "12a")  # 50
    with pytest.raises(ValidationError) as street:
        fields.check_street("S" * 47, "12a")  # 51
    assert street.value.params["limit"] == 50
    fields.check_postcode_town("12345", "T" * 43)  # 49
    with pytest.raises(ValidationError) as town:
        fields.check_postcode_town("12345", "T" * 44)
    assert town.value.field == "city"
    assert town.value.params["limit"] == 49


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1950-03-17", PartialDate(1950, 3, 17)),
        ("1950-03-XX", PartialDate(1950, 3, None)),
        ("1950-XX-XX", PartialDate(1950, None, None)),
        ("XXXX-XX-XX", PartialDate(None, None, None)),
        (" 1950-xx-xx ", PartialDate(1950, None, None)),
        ("2024-02-29", PartialDate(2024, 2, 29)),
    ],
)
def test_rule_7_partial_dates_parse_and_print_back(text: str, expected: PartialDate) -> None:
    parsed = parse_partial_date(text)
    assert parsed == expected
    assert str(parsed) == text.strip().upper()


@pytest.mark.parametrize(
    "text",
    [
        "1950-3-17",
        "17.03.1950",
        "1950-13-01",
        "1950-00-10",
        "2023-02-29",
        "1950-04-31",
        "1950-XX-17",  # a day without its month
        "XXXX-03-XX",  # a month without its year
        "0000-01-01",
        "",
    ],
)
def test_malformed_or_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_partial_date(text, field="birth_date")
    assert caught.value.field == "birth_date"
    assert caught.value.message_key == "error.invalid_date"


def test_partial_date_spans_the_days_it_may_stand_for() -> None:
    assert parse_partial_date("1950-XX-XX").earliest() == date(1950, 1, 1)
    assert parse_partial_date("1950-XX-XX").latest() == date(1950, 12, 31)
    assert parse_partial_date("2024-02-XX").latest() == date(2024, 2, 29)
    assert parse_partial_date("XXXX-XX-XX").earliest() is None
    assert parse_partial_date("1950-03-17").complete
    assert not parse_partial_date("1950-03-XX").complete


@given(st.dates(min_value=date(1, 1, 1)))
def test_every_real_date_round_trips(day: date) -> None:
    assert parse_partial_date(day.isoformat()).earliest() == day
    assert str(parse_partial_date(day.isoformat())) == day.isoformat()
