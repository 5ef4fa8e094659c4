import base64
import json

import pytest

from koffer import crypto

FAST = crypto.KdfParams(memory_kib=1024, iterations=1, lanes=1)


def test_seal_round_trip_and_binding_to_context() -> None:
    key = crypto.new_key()
    sealed = crypto.seal(key, b"Erika Mustermann", b"person:1")
    assert b"Erika" not in sealed
    assert crypto.unseal(key, sealed, b"person:1") == b"Erika Mustermann"
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(key, sealed, b"person:2")  # a value moved to another row
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(crypto.new_key(), sealed, b"person:1")


def test_tampered_ciphertext_is_detected() -> None:
    key = crypto.new_key()
    sealed = bytearray(crypto.seal(key, b"data", b"ctx"))
    sealed[-1] ^= 1
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(key, bytes(sealed), b"ctx")


def test_unseal_many_opens_each_value_and_marks_the_ones_that_fail() -> None:
    sealer = crypto.Sealer(crypto.new_key())
    good = sealer.seal(b"Zo\xc3\xab", b"name:1")
    tampered = bytearray(sealer.seal(b"Hans", b"name:2"))
    tampered[-1] ^= 1
    items = [
        (good, b"name:1"),
        (good, b"name:9"),  # moved to another row
        (bytes(tampered), b"name:2"),
        (b"\x07" + good[1:], b"name:1"),  # an unknown format
        (good[:5], b"name:1"),  # cut short
        (sealer.seal(b"", b"name:3"), b"name:3"),
    ]
    assert sealer.unseal_many(items) == [b"Zo\xc3\xab", None, None, None, None, b""]


def test_kek_depends_on_passphrase_and_salt() -> None:
    salt = crypto.new_salt()
    kek = crypto.derive_kek("passphrase one", salt, FAST)
    assert kek == crypto.derive_kek("passphrase one", salt, FAST)
    assert kek != crypto.derive_kek("passphrase two", salt, FAST)
    assert kek != crypto.derive_kek("passphrase one", crypto.new_salt(), FAST)


def test_packet_is_signed_by_the_kit_and_readable_only_by_the_town_hall() -> None:
    kit = crypto.new_signing_key()
    townhall = crypto.new_townhall_key()
    packet = crypto.seal_packet(b'{"a": 1}', kit, townhall, townhall.thumbprint())
    assert packet.count(".") == 4  # compact JWE
    public = crypto.signing_key_from_jwk(crypto.public_jwk(kit))
    assert crypto.open_packet(packet, townhall, public) == b'{"a": 1}'

    other_kit = crypto.signing_key_from_jwk(crypto.public_jwk(crypto.new_signing_key()))
    with pytest.raises(crypto.CryptoError):
        crypto.open_packet(packet, townhall, other_kit)
    with pytest.raises(crypto.CryptoError):
        crypto.open_packet(packet, crypto.new_townhall_key(), public)


def test_packets_larger_than_joserfc_default_cap_pass() -> None:
    kit = crypto.new_signing_key()
    townhall = crypto.new_townhall_key()
    payload = b"x" * 500_000
    packet = crypto.seal_packet(payload, kit, townhall, "kid")
    public = crypto.signing_key_from_jwk(crypto.public_jwk(kit))
    assert crypto.open_packet(packet, townhall, public) == payload


def test_attached_bytes_travel_after_the_signature_inside_the_encryption() -> None:
    kit = crypto.new_signing_key()
    townhall = crypto.new_townhall_key()
    photo = b"\xff\xd8 photo\nwith a line feed"
    packet = crypto.seal_packet(b'{"sha256": "..."}', kit, townhall, "kid", photo)
    assert jwe_header(packet)["cty"] == crypto.ATTACHED_CONTENT_TYPE
    public = crypto.signing_key_from_jwk(crypto.public_jwk(kit))
    assert crypto.open_attached(packet, townhall, public) == (b'{"sha256": "..."}', photo)
    with pytest.raises(crypto.CryptoError, match="after the signature"):
        crypto.open_packet(packet, townhall, public)  # where nothing may be attached
    plain = crypto.seal_packet(b"{}", kit, townhall, "kid")
    assert jwe_header(plain)["cty"] == "JWT"
    assert crypto.open_attached(plain, townhall, public) == (b"{}", b"")


def jwe_header(packet: str) -> dict[str, str]:
    segment = packet.split(".", maxsplit=1)[0]
    decoded: dict[str, str] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return decoded
