import pytest

from koffer.sync import packet


def _application() -> packet.Application:
    return packet.Application(
        "key-1",
        {"reference": "K-2026-AAAA-AAAA", "service": "x"},
        {"surname": "Ñúñez"},
        (packet.Attachment("pdf", "application/pdf", b"%PDF-1.4 data"),),
    )


def test_round_trip_keeps_everything() -> None:
    assert packet.decode(packet.encode(_application())) == _application()


def test_attachment_not_matching_the_manifest_is_refused() -> None:
    payload = packet.encode(_application()).replace(b'"size": 13', b'"size": 14')
    with pytest.raises(packet.PacketError, match="manifest"):
        packet.decode(payload)


@pytest.mark.parametrize("payload", [b"{}", b"not json", b'{"format": "other/1"}'])
def test_malformed_payloads_are_refused(payload: bytes) -> None:
    with pytest.raises(packet.PacketError):
        packet.decode(payload)


def test_an_uploaded_attachment_is_named_in_the_manifest_only() -> None:
    payload = packet.encode(_application(), uploaded={0})
    assert b"%PDF" not in payload
    assert packet.uploads(payload) == [0]
    assert packet.decode(payload, lambda _index: b"%PDF-1.4 data") == _application()
    with pytest.raises(packet.PacketError, match="uploaded"):
        packet.decode(payload)
    with pytest.raises(packet.PacketError, match="manifest"):
        packet.decode(payload, lambda _index: b"%PDF-1.4 other")
