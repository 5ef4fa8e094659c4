from koffer.devices.errors import PaperOut
from koffer.domain.errors import ValidationError
from koffer.domain.messages import CATALOGUE, describe, translate


def test_every_message_exists_in_german_and_english() -> None:
    for key, texts in CATALOGUE.items():
        assert texts.get("de"), key
        assert texts.get("en"), key


def test_validation_error_is_translated_with_its_field() -> None:
    error = ValidationError("surname", "error.too_long", limit=120)
    assert describe(error, "en") == "surname is too long (at most 120 characters)."
    assert "höchstens 120 Zeichen" in describe(error, "de")


def test_device_error_tells_the_clerk_what_to_do() -> None:
    assert "Papier einlegen" in describe(PaperOut("printer"), "de")


def test_unknown_key_and_language_fall_back() -> None:
    assert translate("no.such.key") == "no.such.key"
    assert translate("error.store_locked", "tr") == CATALOGUE["error.store_locked"]["de"]
