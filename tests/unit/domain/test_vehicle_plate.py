"""German registration numbers as the parking permit takes them."""

from __future__ import annotations

import pytest

from koffer.domain.errors import ValidationError
from koffer.domain.messages import describe
from koffer.domain.vehicle_plate import normalise_plate


@pytest.mark.parametrize(
    ("typed", "written"),
    [("K-AB 1234", "K-AB 1234"), ("k ab 1234", "K-AB 1234"), ("E-X 1", "E-X 1"),
     ("MÜR-AB 99", "MÜR-AB 99"), ("bö-c 12h", "BÖ-C 12H"), ("HH-AB 123E", "HH-AB 123E"),
     ("  B -  XY   42 ", "B-XY 42"), ("ESW-AB12", "ESW-AB 12")],
)  # fmt: skip
def test_ordinary_numbers_are_written_the_standard_way(typed: str, written: str) -> None:
    assert normalise_plate(typed) == written


@pytest.mark.parametrize(
    "typed",
    ["", "KAB1234", "K-AB 0123", "K-ABC 12", "K-AB 12345", "ABCD-A 1", "K-Ä 12",
     "ESW-AB 1234", "K-SS 12", "N-SA 1", "K-AB 12X", "0 123-456", "K-AB 1234 🚗", "К-АВ 12"],
)  # fmt: skip
def test_anything_else_is_refused_with_a_translated_message(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        normalise_plate(typed)
    assert refused.value.message_key == "error.plate_format"
    assert "K-AB 1234" in describe(refused.value, "de")
    assert describe(refused.value, "de") != describe(refused.value, "en")
