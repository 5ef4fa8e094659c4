import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koffer.domain import names
from koffer.domain.errors import ValidationError
from koffer.domain.messages import describe
from koffer.domain.names import Datatype


@pytest.mark.parametrize(
    "name",
    [
        "Łucja",
        "Nguyễn",
        "Đorđević",
        "Zoë",
        "Müller-Lüdenscheidt",
        "O'Brien",
        "Þórunn Ægisdóttir",
        "Ğülşen Çelik",
        "Ĳsbrand",
        "Şerban Țurcanu",
        "L\u0325\u0304ukas",  # L with ring below and macron: a listed three-code-point sequence
        "K\u035fHalid",  # K͟H: sequence ending in a second letter
        "Ç\u0306ağrı",  # Ç̆: precomposed letter plus mark, listed as a sequence
    ],
)
def test_rule_7_real_din_91379_names_pass_as_datatype_a(name: str) -> None:
    assert names.offending(name, Datatype.A) == ""
    assert names.check(name, Datatype.A) == unicodedata.normalize("NFC", name)


def test_rule_7_decomposed_input_is_normalised_to_nfc_before_checking() -> None:
    decomposed = "Zoe\u0308 Nguye\u0302\u0303n"
    assert names.check(decomposed, Datatype.A) == "Zoë Nguyễn"


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("Иван", "И в а н"),
        ("Anna😀", "😀"),
        ("\u0301Anna", "\u25cc\u0301"),  # a lone combining mark at the start
        ("Max\u0301", "\u25cc\u0301"),  # x with acute is no listed sequence
        ("Q\u0308uentin", "\u25cc\u0308"),  # Q with diaeresis neither
        ("Anna2", "2"),  # digits are N2: places yes, persons no
        ("Anna\u00a0Lena", "U+00A0"),  # no-break space is N4
        ("Ζωή", "Ζ ω ή"),  # Greek is only in the extended groups
    ],
)
def test_rule_7_characters_outside_datatype_a_are_named(name: str, refused: str) -> None:
    assert names.offending(name, Datatype.A) == refused
    with pytest.raises(ValidationError) as caught:
        names.check(name, Datatype.A, field="given_names")
    assert caught.value.field == "given_names"
    assert caught.value.message_key == "error.invalid_characters"
    assert caught.value.params["chars"] == refused


def test_rule_7_refused_characters_appear_in_the_clerks_message() -> None:
    with pytest.raises(ValidationError) as caught:
        names.check("Анна Müller", Datatype.A, field="surname")
    text = describe(caught.value, "de")
    assert text.startswith("Familienname enthält Zeichen, die nicht zulässig sind:")
    assert "А н" in text


def test_datatype_b_adds_digits_and_punctuation_for_streets() -> None:
    assert names.offending("Straße des 17. Juni 12a", Datatype.A) == "1 7 2"
    assert names.check("Straße des 17. Juni 12a", Datatype.B, field="street")
    assert names.offending("Hauptstr. 5 ½", Datatype.B) == "½"


def test_datatype_c_adds_n3_and_n4_but_still_no_lone_marks() -> None:
    assert names.offending("Flur ½\tlinks", Datatype.C) == ""
    assert names.offending("a\u0301\u0301", Datatype.C) == "\u25cc\u0301"


def test_each_refused_character_is_reported_once_in_order() -> None:
    assert names.offending("Ωmega Ω ω", Datatype.A) == "Ω ω"


def test_the_list_holds_every_group_with_its_sequences() -> None:
    table = names.character_list()
    groups = table.groups
    assert groups["Ł"] == "bll"
    assert groups["C\u0328\u0306"] == "bll"  # three code points
    assert groups["\u2021"] == "bnlreq"  # double dagger, N1
    assert groups["€"] == "bnl"
    assert groups["\u0301"] == "dc"
    assert sum(1 for g in groups.values() if g == "bll") == 649
    assert table.longest == 3


def test_the_list_is_loaded_once() -> None:
    assert names.character_list() is names.character_list()


def test_every_listed_letter_is_accepted_on_its_own() -> None:
    letters = [text for text, group in names.character_list().groups.items() if group == "bll"]
    assert all(names.offending(letter, Datatype.A) == "" for letter in letters)


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Müller", "MUELLER"),
        ("Mueller", "MUELLER"),
        ("Łucja", "LUCJA"),
        ("Đorđević", "DORDEVIC"),
        ("Groß", "GROSS"),
        ("O'Brien-Smith", "O BRIEN SMITH"),
        ("  Nguyễn   Văn ", "NGUYEN VAN"),
        ("K\u035fhalid", "KHALID"),
    ],
)
def test_search_form_matches_names_regardless_of_diacritics(name: str, form: str) -> None:
    assert names.search_form(name) == form


_din_letters = sorted(t for t, g in names.character_list().groups.items() if g == "bll")


@given(st.lists(st.sampled_from([*_din_letters, " ", "-", "'"]), max_size=30))
def test_any_string_of_listed_units_passes_datatype_a(parts: list[str]) -> None:
    assert names.offending("".join(parts), Datatype.A) == ""


@given(st.text(max_size=30))
def test_search_form_is_only_upper_case_basic_letters_digits_and_blanks(text: str) -> None:
    assert set(names.search_form(text)) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
