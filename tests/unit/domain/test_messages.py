from koffer.devices.errors import DeviceUnavailable, PaperJam, PaperOut
from koffer.domain.errors import ValidationError
from koffer.domain.messages import CATALOGUE, describe, translate


def test_every_message_exists_in_german_and_english() -> None:
    for key, texts in CATALOGUE.items():
        assert texts.get("de"), key
        assert texts.get("en"), key


def test_validation_error_is_translated_with_its_field() -> None:
    error = ValidationError("surname", "error.too_long", limit=120)
    assert describe(error, "en") == "surname is too long (at most 120 characters)."
    assert describe(error, "de") == "Familienname ist zu lang (höchstens 120 Zeichen)."


def test_device_error_tells_the_clerk_what_to_do() -> None:
    assert "Papier einlegen" in describe(PaperOut("printer"), "de")


def test_fields_and_devices_are_named_in_the_clerks_words() -> None:
    assert describe(ValidationError("given_names", "error.required"), "de") == (
        "Pflichtfeld fehlt: Vornamen."
    )
    assert describe(PaperJam("scanner"), "en") == (
        "Paper jam (document scanner). Remove the paper and try again."
    )
    assert describe(DeviceUnavailable("printer", "unplugged"), "de").startswith(
        "Gerät nicht erreichbar: Drucker."
    )


def test_unknown_key_and_language_fall_back() -> None:
    assert translate("no.such.key") == "no.such.key"
    assert translate("error.store_locked", "tr") == CATALOGUE["error.store_locked"]["de"]
