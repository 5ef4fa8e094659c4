import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koffer.domain import mrz, names
from koffer.domain.errors import ValidationError

MRZ_ONLY = re.compile(r"[A-Z0-9<]*")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Müller", "MUELLER"),
        ("Jörg", "JOERG"),
        ("Bäcker", "BAECKER"),
        ("Weiß", "WEISS"),
        ("WEIẞ", "WEISS"),
        ("Ångström", "AANGSTROEM"),
        ("Ærø", "AEROE"),
        ("Œuvray", "OEUVRAY"),
        ("Þórunn", "THORUNN"),
        ("Guðrún", "GUDRUN"),
        ("Ĳsselmeer", "IJSSELMEER"),
        ("Łucja", "LUCJA"),
        ("Đorđević", "DORDEVIC"),
        ("Nguyễn", "NGUYEN"),
        ("Zoë", "ZOE"),
        ("Muñoz", "MUNOZ"),
        ("Çelik", "CELIK"),
        ("Yıldız", "YILDIZ"),
        ("K\u035fHalid", "KHALID"),
        ("L\u0325\u0304ukas", "LUKAS"),
    ],
)
def test_rule_7_letters_are_transliterated_after_icao_9303(name: str, expected: str) -> None:
    assert mrz.transliterate(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Müller-Lüdenscheidt", "MUELLER<LUEDENSCHEIDT"),
        ("O'Brien", "OBRIEN"),
        ("d’Alembert", "DALEMBERT"),
        ("Anna  Maria", "ANNA<MARIA"),
        ("Anna - Lena", "ANNA<LENA"),
        (" von der Heide ", "VON<DER<HEIDE"),
    ],
)
def test_blanks_and_hyphens_become_one_filler_and_apostrophes_vanish(
    name: str, expected: str
) -> None:
    assert mrz.transliterate(name) == expected


def test_name_field_separates_surname_and_given_names_and_pads() -> None:
    field = mrz.name_field("Mustermann", "Erika Anna", mrz.NAME_FIELD_TD1)
    assert field == "MUSTERMANN<<ERIKA<ANNA<<<<<<<<"
    assert len(field) == 30


def test_name_field_without_given_names_is_the_surname_padded() -> None:
    assert mrz.name_field("Nguyễn", "", 10) == "NGUYEN<<<<"


def test_rule_7_long_names_are_cut_at_the_field_length() -> None:
    field = mrz.name_field("Müller-Lüdenscheidt-Hohenzollern", "Maximilian Alexander")
    assert len(field) == mrz.NAME_FIELD_TD3
    assert field == "MUELLER<LUEDENSCHEIDT<HOHENZOLLERN<<MAX"


def test_cyrillic_has_no_transliteration_here_and_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        mrz.transliterate("Иван", field="given_names")
    assert caught.value.message_key == "error.invalid_characters"
    assert caught.value.field == "given_names"


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        # Worked examples of Doc 9303 Part 3 and the ICAO specimen passport.
        ("520727", "3"),
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("AB2134<<<", "5"),
        ("<<<<", "0"),
    ],
)
def test_check_digit_uses_weights_7_3_1(data: str, digit: str) -> None:
    assert mrz.check_digit(data) == digit


def test_check_digit_refuses_characters_outside_the_mrz_set() -> None:
    with pytest.raises(ValidationError):
        mrz.check_digit("ab12")


def test_rule_7_validator_accepts_only_a_to_z_digits_and_filler() -> None:
    assert mrz.validate("P<D<<MUSTERMANN<<ERIKA") == "P<D<<MUSTERMANN<<ERIKA"
    with pytest.raises(ValidationError) as caught:
        mrz.validate("MÜLLER<<hans ")
    assert caught.value.params["chars"] == "Ü h a n s U+0020"


def test_every_din_91379_letter_has_an_mrz_form() -> None:
    letters = [t for t, g in names.character_list().groups.items() if g == "bll"]
    for letter in letters:
        form = mrz.transliterate(letter)
        assert form, letter
        assert MRZ_ONLY.fullmatch(form), letter


def test_explicit_icao_digraphs_agree_with_the_din_search_forms() -> None:
    forms = names.character_list().search_forms
    for letter, digraph in mrz.ICAO_DIGRAPHS.items():
        assert forms[letter] == digraph, letter


_din_letters = sorted(t for t, g in names.character_list().groups.items() if g == "bll")
_din_names = st.lists(st.sampled_from([*_din_letters, " ", "-", "'", "’"]), max_size=25).map(
    "".join
)


@given(_din_names, _din_names, st.integers(min_value=1, max_value=44))
def test_rule_7_mrz_name_field_only_ever_holds_mrz_characters(
    surname: str, given_names: str, length: int
) -> None:
    field = mrz.name_field(surname, given_names, length)
    assert len(field) == length
    assert MRZ_ONLY.fullmatch(field)


@given(st.text(alphabet=st.characters(codec="latin-1"), max_size=30))
def test_rule_7_transliteration_of_latin_1_text_is_mrz_only_or_refused(text: str) -> None:
    try:
        result = mrz.transliterate(text)
    except ValidationError:
        return
    assert MRZ_ONLY.fullmatch(result)
    assert not result.startswith("<")
    assert not result.endswith("<")
    assert "<<" not in result
