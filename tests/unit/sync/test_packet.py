import pytest

from koffer.sync import packet

PDF = b"%PDF-1.4 data"
PHOTO = b"\xff\xd8\xff photo \n bytes"  # a line feed inside attached bytes is fine


def _application(*attachments: packet.Attachment) -> packet.Application:
    return packet.Application(
        "key-1",
        {"reference": "K-2026-AAAA-AAAA", "service": "x"},
        {"surname": "Ñúñez"},
        attachments or (packet.Attachment("pdf", "application/pdf", PDF),),
    )


def _two() -> packet.Application:
    return _application(
        packet.Attachment("photo", "image/jpeg", PHOTO),
        packet.Attachment("pdf", "application/pdf", PDF),
    )


def test_round_trip_keeps_everything() -> None:
    document, attached = packet.encode(_two())
    assert attached == PHOTO + PDF  # unencoded, in manifest order
    assert b"%PDF" not in document
    assert packet.decode(document, attached=attached) == _two()


def test_an_application_without_attachments_has_nothing_attached() -> None:
    application = packet.Application("key-1", {"reference": "R"}, {})
    document, attached = packet.encode(application)
    assert attached == b""
    assert packet.decode(document) == application


@pytest.mark.parametrize(
    ("attached", "message"),
    [
        (PHOTO + PDF[:-1] + b"X", "manifest"),  # one byte changed
        (PDF + PHOTO, "manifest"),  # in the wrong order
        (PHOTO + PDF[:-1], "cut short"),
        (PHOTO + PDF + b"more", "more attached data"),
        (b"", "cut short"),
    ],
)
def test_attached_bytes_must_be_what_the_signed_manifest_lists(
    attached: bytes, message: str
) -> None:
    document, _ = packet.encode(_two())
    with pytest.raises(packet.PacketError, match=message):
        packet.decode(document, attached=attached)


def test_a_format_1_packet_as_earlier_kits_sealed_it_still_decodes() -> None:
    payload = packet.encode_format_1(_application())
    assert b'"format": "koffer-application/1"' in payload
    assert packet.decode(payload) == _application()
    with pytest.raises(packet.PacketError, match="format"):  # format 1 has nothing attached
        packet.decode(payload, attached=PDF)


def test_format_1_attachment_not_matching_the_manifest_is_refused() -> None:
    payload = packet.encode_format_1(_application()).replace(b'"size": 13', b'"size": 14')
    with pytest.raises(packet.PacketError, match="manifest"):
        packet.decode(payload)


@pytest.mark.parametrize("payload", [b"{}", b"not json", b'{"format": "other/1"}'])
def test_malformed_payloads_are_refused(payload: bytes) -> None:
    with pytest.raises(packet.PacketError):
        packet.decode(payload)


def test_an_uploaded_attachment_is_named_in_the_manifest_only() -> None:
    document, attached = packet.encode(_two(), uploaded={1})
    assert attached == PHOTO
    assert packet.uploads(document) == [1]
    assert packet.decode(document, lambda _index: PDF, attached) == _two()
    with pytest.raises(packet.PacketError, match="uploaded"):
        packet.decode(document, attached=attached)
    with pytest.raises(packet.PacketError, match="manifest"):
        packet.decode(document, lambda _index: b"%PDF-1.4 other", attached)
