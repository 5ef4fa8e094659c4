"""ZVT framing and fields, checked against byte strings laid out as in PA00P015."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from koffer.devices.payment import zvt_protocol as zvt
from koffer.domain.messages import translate


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def test_acknowledgement_is_80_00_00() -> None:
    assert zvt.ack().encode() == h("80 00 00")
    assert zvt.negative_ack(0x83).encode() == h("84 83 00")
    assert zvt.negative_ack(0x83).is_negative_ack
    assert not zvt.Apdu(0x84, 0x00).is_negative_ack  # 84 00 is a positive answer


def test_registration_carries_password_config_byte_and_currency() -> None:
    apdu = zvt.registration("123456", 0xBA, "EUR")
    assert apdu.encode() == h("06 00 06 12 34 56 BA 09 78")


def test_authorisation_amount_is_six_bytes_bcd_in_cents() -> None:
    assert zvt.authorisation(100, "EUR").encode() == h("06 01 0A 04 00 00 00 00 01 00 49 09 78")
    assert zvt.authorisation(123456, "EUR").encode() == h("06 01 0A 04 00 00 00 12 34 56 49 09 78")
    assert zvt.amount_bcd(999_999_999_999) == h("99 99 99 99 99 99")


def test_reversal_end_of_day_and_repeat_receipt() -> None:
    assert zvt.reversal("000000", 12).encode() == h("06 30 06 00 00 00 87 00 12")
    assert zvt.end_of_day("123456").encode() == h("06 50 03 12 34 56")
    assert zvt.repeat_receipt("123456").encode() == h("06 20 03 12 34 56")


def test_abort_from_the_terminal_decodes_with_its_result_code() -> None:
    apdu, rest = zvt.decode_apdu(h("06 1E 01 6C 80 00 00"))
    assert apdu.control == zvt.ABORT
    assert apdu.data == b"\x6c"
    assert zvt.decode_apdu(rest) == (zvt.Apdu(0x80, 0x00), b"")


def test_extended_length_is_ff_then_two_bytes_low_first() -> None:
    data = bytes(range(256)) + bytes(44)  # 300 bytes = 0x012C
    raw = zvt.encode_apdu(0x06, 0xD3, data)
    assert raw[:5] == h("06 D3 FF 2C 01")
    assert zvt.decode_apdu(raw) == (zvt.Apdu(0x06, 0xD3, data), b"")
    assert zvt.encode_apdu(0x06, 0xD3, bytes(254))[:3] == h("06 D3 FE")
    assert zvt.encode_apdu(0x06, 0xD3, bytes(255))[:5] == h("06 D3 FF FF 00")


def test_truncated_apdu_and_oversized_data_are_errors() -> None:
    with pytest.raises(zvt.ZvtError, match="truncated"):
        zvt.decode_apdu(h("04 0F 05 27 00"))
    with pytest.raises(zvt.ZvtError):
        zvt.encode_apdu(0x06, 0xD3, bytes(0x10000))


def test_bcd_and_its_limits() -> None:
    assert zvt.bcd(42, 3) == h("00 00 42")
    assert zvt.from_bcd(h("00 12 34")) == 1234
    with pytest.raises(zvt.ZvtError):
        zvt.bcd(10**12, 6)
    with pytest.raises(zvt.ZvtError):
        zvt.from_bcd(h("1A"))
    with pytest.raises(zvt.ZvtError):
        zvt.password_bcd("12345")
    with pytest.raises(zvt.ZvtError):
        zvt.currency_bcd("XYZ")
    assert zvt.currency_name(h("09 78")) == "EUR"


def test_variable_length_prefixes() -> None:
    assert zvt.var_length(16, 2) == h("F1 F6")
    assert zvt.var_length(123, 3) == h("F1 F2 F3")
    assert zvt.encode_bmp(zvt.BMP_CARD_NAME, b"girocard") == h("8B F0 F8") + b"girocard"
    with pytest.raises(zvt.ZvtError):
        zvt.var_length(100, 2)
    with pytest.raises(zvt.ZvtError):
        zvt.encode_bmp(zvt.BMP_AMOUNT, b"\x01")


def test_masked_card_number_uses_e_nibbles_and_f_padding() -> None:
    fields = zvt.parse_bmps(h("22 F0 F8 67 25 59 EE EE EE 12 34"))
    assert zvt.bcd_digits(fields[zvt.BMP_CARD_NUMBER]) == "672559******1234"
    odd = zvt.parse_bmps(h("22 F0 F2 12 3F"))
    assert zvt.bcd_digits(odd[zvt.BMP_CARD_NUMBER]) == "123"


# A Status-Information after an approved payment of 9.00 EUR, laid out field by field.
STATUS_APPROVED = (
    "04 0F 52"
    " 27 00"  # result code: success
    " 04 00 00 00 00 09 00"  # amount 9.00
    " 0B 00 00 42"  # trace number 42
    " 0C 14 30 15"  # time 14:30:15
    " 0D 11 21"  # date 21 November
    " 22 F0 F8 67 25 59 EE EE EE 12 34"  # masked card number
    " 29 52 50 00 01"  # terminal id
    " 3B 31 32 33 34 35 36 00 00"  # authorisation code "123456", padded with 00
    " 49 09 78"  # EUR
    " 87 00 07"  # receipt number 7
    " 8A 05"  # card type
    " 8B F0 F8 67 69 72 6F 63 61 72 64"  # card name "girocard"
    " 19 40"  # payment type
    " 2A 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35"  # VU number (kept raw)
)


def test_status_information_fields_are_parsed() -> None:
    apdu, rest = zvt.decode_apdu(h(STATUS_APPROVED))
    assert rest == b""
    assert apdu.control == zvt.STATUS_INFORMATION
    status = zvt.parse_status_information(apdu.data)
    assert status.result_code == 0
    assert status.amount_cents == 900
    assert status.currency == "EUR"
    assert status.trace_number == 42
    assert status.receipt_number == 7
    assert (status.time, status.date) == ("143015", "1121")
    assert status.card_number == "672559******1234"
    assert status.card_type == 5
    assert status.card() == "girocard **** 1234"
    assert status.terminal_id == "52500001"
    assert status.authorisation_code == "123456"
    assert status.fields[zvt.BMP_VU_NUMBER] == b"123456789012345"
    now = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
    assert status.booked_at(now) == datetime(2026, 11, 21, 14, 30, 15, tzinfo=UTC)
    # ZVT sends no year: a booking of 31 December seen on 2 January is last year's
    new_year = datetime(2027, 1, 2, tzinfo=UTC)
    december = zvt.StatusInformation(0, time="235959", date="1231")
    assert december.booked_at(new_year) == datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)


def test_status_information_round_trips_through_the_simulators_encoder() -> None:
    status = zvt.parse_status_information(zvt.decode_apdu(h(STATUS_APPROVED))[0].data)
    when = datetime(2026, 11, 21, 14, 30, 15, tzinfo=UTC)
    again = zvt.parse_status_information(zvt.encode_status_information(status, when).data)
    assert again == status


def test_an_unknown_field_ends_parsing_without_error() -> None:
    fields = zvt.parse_bmps(h("27 05 FE 01 02 03"))
    assert fields == {zvt.BMP_RESULT_CODE: b"\x05"}


def test_truncated_field_is_an_error() -> None:
    with pytest.raises(zvt.ZvtError, match="truncated"):
        zvt.parse_bmps(h("04 00 00 09"))
    with pytest.raises(zvt.ZvtError, match="length"):
        zvt.parse_bmps(h("22 F0 0A 12"))


def test_end_of_day_totals_bmp_60() -> None:
    groups = ((2, 2100), (0, 0), (0, 0), (0, 0), (1, 500), (0, 0), (0, 0))
    totals = zvt.DayTotals(1, 3, groups)
    raw = zvt.encode_totals(totals)
    assert raw[:4] == h("00 01 00 03")
    assert raw[4:11] == h("02 00 00 00 00 21 00")
    assert len(raw) == 4 + 7 * 7
    assert zvt.parse_totals(raw) == totals
    assert totals.count == 3
    with pytest.raises(zvt.ZvtError):
        zvt.parse_totals(raw[:-1])


def test_print_text_block_is_a_tlv_container() -> None:
    apdu = zvt.print_text_block(["Zahlung", "Betrag EUR 9,00"], receipt_type=2)
    assert apdu.encode()[:2] == h("06 D3")
    tlv = zvt.parse_bmps(apdu.data)[zvt.BMP_TLV]
    assert tlv.startswith(h("1F 07 01 02 25"))
    assert zvt.text_block_lines(apdu) == ["Zahlung", "Betrag EUR 9,00"]
    literal = zvt.Apdu(0x06, 0xD3, h("06 0A 25 08 07 02 4F 4B 07 02 21 21"))
    assert zvt.text_block_lines(literal) == ["OK", "!!"]


def test_long_tlv_lengths_and_multi_byte_tags() -> None:
    assert zvt.ber_length(0x7F) == h("7F")
    assert zvt.ber_length(0x80) == h("81 80")
    assert zvt.ber_length(0x1234) == h("82 12 34")
    assert zvt.parse_tlv(h("1F 07 01 02") + zvt.encode_tlv(0x07, bytes(200))) == [
        (0x1F07, b"\x02"),
        (0x07, bytes(200)),
    ]


def test_print_line_has_an_attribute_byte() -> None:
    assert zvt.print_line("Danke", 0xFF).encode() == h("06 D1 06 FF") + b"Danke"


def test_result_codes_have_readable_reasons_in_both_languages() -> None:
    assert zvt.result_reason(0x05) == "payment.result.declined"
    assert translate(zvt.result_reason(0x64), "de") == "Karte nicht lesbar"
    assert translate(zvt.result_reason(0x6C), "en").startswith("cancelled by the customer")
    assert zvt.result_reason(0x2A) == "declined by the card issuer's host (ZVT 2A)"
    assert zvt.result_reason(0x6E) == "card on the blocked list (ZVT 6E)"
    assert zvt.result_reason(0xFE) == "terminal error (ZVT FE)"
    for key in zvt.RESULT_KEYS.values():
        assert translate(key, "de") != key
        assert translate(key, "en") != key
