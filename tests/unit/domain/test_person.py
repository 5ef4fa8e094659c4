from datetime import date

import pytest

from koffer.domain.errors import ValidationError
from koffer.domain.person import Address, Person, normalise, split_name


def test_names_are_normalised_to_nfc() -> None:
    decomposed = "Zoe\u0308"  # e + combining diaeresis
    person = Person(
        decomposed,
        "  Müller   Lüdenscheidt ",
        date(1990, 1, 1),
        Address("Weg", "1", "12345", "Ort"),
    )
    assert person.given_names == "Zo\u00eb"
    assert person.surname == "Müller Lüdenscheidt"


def test_empty_surname_is_refused_with_the_field_named() -> None:
    with pytest.raises(ValidationError) as caught:
        Person("Erika", "   ", date(1990, 1, 1), Address("Weg", "1", "12345", "Ort"))
    assert caught.value.field == "surname"
    assert caught.value.message_key == "error.required"


def test_given_names_longer_than_xhd_limit_are_refused() -> None:
    with pytest.raises(ValidationError, match="given_names"):
        Person("A" * 81, "B", date(1990, 1, 1), Address("Weg", "1", "12345", "Ort"))


@pytest.mark.parametrize("postcode", ["1234", "123456", "12a45", "１２３４５"])
def test_postcode_must_be_five_ascii_digits(postcode: str) -> None:
    with pytest.raises(ValidationError, match="postcode"):
        Address("Weg", "1", postcode, "Ort")


def test_street_and_number_together_at_most_50_characters() -> None:
    with pytest.raises(ValidationError, match="street"):
        Address("S" * 48, "12a", "12345", "Ort")


def test_birth_date_in_the_future_is_refused() -> None:
    person = Person("A", "B", date(2030, 1, 1), Address("Weg", "1", "12345", "Ort"))
    with pytest.raises(ValidationError, match="birth_date"):
        person.validate_on(date(2026, 11, 21))


def test_person_round_trips_through_dict(citizen: Person) -> None:
    assert Person.from_dict(citizen.to_dict()) == citizen


def test_full_name_puts_the_doctoral_degree_first() -> None:
    person = Person(
        "Erika",
        "Mustermann",
        date(1960, 1, 1),
        Address("Weg", "1", "12345", "Ort"),
        doctoral_degree="Dr.",
    )
    assert person.full_name == "Dr. Erika Mustermann"


def test_split_name_at_last_blank() -> None:
    assert split_name(" Anna  Maria Schmidt ") == ("Anna Maria", "Schmidt")
    with pytest.raises(ValidationError):
        split_name("Cher")


def test_normalise_collapses_blanks() -> None:
    assert normalise("\tA \n B ") == "A B"


@pytest.mark.parametrize(
    ("given", "surname", "refused"),
    [
        ("Анна", "Weber", "given_names"),
        ("Anna", "Weber3", "surname"),
        ("Anna", "We😀ber", "surname"),
    ],
)
def test_rule_7_person_names_hold_only_din_91379_datatype_a(
    given: str, surname: str, refused: str
) -> None:
    with pytest.raises(ValidationError) as error:
        Person(given, surname, date(1950, 1, 1), Address("Weg", "1", "45127", "Essen"))
    assert error.value.field == refused
    assert error.value.message_key == "error.invalid_characters"


def test_rule_7_names_are_stored_in_nfc_and_streets_may_hold_digits() -> None:
    person = Person(
        "Zoe\u0308",  # e + combining diaeresis: stored as the one letter ë
        "Đorđević",
        date(1950, 1, 1),
        Address("Straße des 17. Juni", "12a", "10623", "Berlin"),
    )
    assert person.given_names == "Zoë"
    assert person.address.street == "Straße des 17. Juni"
