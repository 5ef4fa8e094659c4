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
