"""Tampered, replayed and foreign packets are refused, and nothing of them is stored.

(A packet signed by a key other than the kit's, and an idempotency header that differs from
the sealed key, are in ``test_townhall_api.py``.)
"""

from __future__ import annotations

import base64

import httpx
import pytest
from sqlalchemy import create_engine, text

from koffer import crypto
from koffer.sync import packet
from koffer.sync.parcel import seal_application
from koffer.sync.townhall.server import EmbeddedTownhall
from tests.unit.sync.townhall_support import EnrolledKit, enrol, seal

SEGMENTS = ("header", "encrypted_key", "iv", "ciphertext", "tag")


def _post(http: httpx.Client, kit: EnrolledKit, key: str, sealed: str) -> httpx.Response:
    return http.post(
        f"{kit.base}/submissions",
        headers=kit.auth | {"Idempotency-Key": key},
        json={"packet": sealed},
    )


def _stored(townhall: EmbeddedTownhall) -> tuple[int, int]:
    """Submissions and status events in the town hall's database."""
    engine = create_engine(townhall.db_url)
    try:
        with engine.connect() as connection:
            submissions = connection.execute(text("SELECT count(*) FROM submission")).scalar()
            events = connection.execute(text("SELECT count(*) FROM status_event")).scalar()
    finally:
        engine.dispose()
    return int(submissions or 0), int(events or 0)


def _flip(segment: str, position: float) -> str:
    """Change one base64url character of ``segment`` (at a share ``position`` of its length).

    Adding 16 to the character's value changes its top two bits, the only ones that carry
    data in the last character of a segment.
    """
    index = min(int(len(segment) * position), len(segment) - 1)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    replacement = alphabet[(alphabet.index(segment[index]) + 16) % len(alphabet)]
    return segment[:index] + replacement + segment[index + 1 :]


@pytest.mark.parametrize("position", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("segment", SEGMENTS)
def test_a_tampered_packet_is_refused(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall, segment: str, position: float
) -> None:
    kit = enrol(admin_http)
    parts = seal(kit, "idem-tamper").split(".")
    index = SEGMENTS.index(segment)
    parts[index] = _flip(parts[index], position)

    response = _post(admin_http, kit, "idem-tamper", ".".join(parts))

    assert response.status_code == 422, response.text
    assert _stored(admin_townhall) == (0, 0)


def test_a_packet_with_a_changed_header_is_refused(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    kit = enrol(admin_http)
    parts = seal(kit, "idem-header").split(".")
    header = base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4))
    # Same algorithms, another content type: the header is authenticated data of A256GCM.
    changed = header.replace(b'"cty":"JWT"', b'"cty":"XML"')
    assert changed != header
    parts[0] = base64.urlsafe_b64encode(changed).rstrip(b"=").decode("ascii")

    response = _post(admin_http, kit, "idem-header", ".".join(parts))

    assert response.status_code == 422, response.text
    assert _stored(admin_townhall) == (0, 0)


@pytest.mark.parametrize(
    "sealed",
    [
        "a.b.c.d.e",
        "not a packet at all",
        "....",
        "eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.",  # an unsigned JWT, not a JWE
    ],
)
def test_a_packet_that_is_no_jwe_is_refused(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall, sealed: str
) -> None:
    kit = enrol(admin_http)
    assert _post(admin_http, kit, "idem-garbage", sealed).status_code == 422
    assert _stored(admin_townhall) == (0, 0)


def test_a_replayed_packet_is_stored_once_and_cannot_be_relabelled(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    kit = enrol(admin_http)
    sealed = seal(kit, "idem-replay", reference="K-2026-ACDE-RRRR")
    first = _post(admin_http, kit, "idem-replay", sealed)
    replays = [_post(admin_http, kit, "idem-replay", sealed) for _ in range(3)]
    # Replayed under a fresh idempotency key, to be stored as a second case: refused.
    relabelled = _post(admin_http, kit, "idem-replay-2", sealed)

    assert first.status_code == 201
    assert [r.status_code for r in replays] == [200, 200, 200]
    assert {r.json()["reference"] for r in replays} == {"K-2026-ACDE-RRRR"}
    assert relabelled.status_code == 422
    assert _stored(admin_townhall) == (1, 1)


def test_another_packet_under_a_used_key_gets_the_first_receipt(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    kit = enrol(admin_http)
    first = _post(
        admin_http, kit, "idem-reused", seal(kit, "idem-reused", reference="K-2026-ACDE-FFFF")
    )
    # The kit re-sealed the case (a new reference, say) but kept its idempotency key.
    again = _post(
        admin_http, kit, "idem-reused", seal(kit, "idem-reused", reference="K-2026-ACDE-GGGG")
    )

    assert first.status_code == 201
    assert (again.status_code, again.json()["reference"]) == (200, "K-2026-ACDE-FFFF")
    assert _stored(admin_townhall) == (1, 1)


def test_a_packet_of_another_kit_is_refused(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    owner, other = enrol(admin_http, "kit-a"), enrol(admin_http, "kit-b")
    sealed = seal(owner, "idem-foreign")

    # Another kit sends a packet it caught on the way: the signature is not its own.
    as_other = _post(admin_http, other, "idem-foreign", sealed)
    # Another kit posts under the owner's id with its own token.
    borrowed = admin_http.post(
        f"{owner.base}/submissions",
        headers=other.auth | {"Idempotency-Key": "idem-foreign"},
        json={"packet": sealed},
    )

    assert as_other.status_code == 422, as_other.text
    assert borrowed.status_code == 403
    assert _stored(admin_townhall) == (0, 0)
    # The owner's own submission still goes through afterwards.
    assert _post(admin_http, owner, "idem-foreign", sealed).status_code == 201


def test_a_packet_for_another_town_hall_is_refused(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    kit = enrol(admin_http)
    elsewhere = crypto.new_townhall_key()
    application = packet.Application(
        "idem-elsewhere", {"reference": "K-2026-ACDE-EEEE", "service": "registration"}, {}
    )
    sealed = seal_application(application, kit.signing, elsewhere)

    response = _post(admin_http, kit, "idem-elsewhere", sealed)

    assert response.status_code == 422, response.text
    assert _stored(admin_townhall) == (0, 0)


def test_other_bytes_attached_to_a_genuine_signature_are_refused(
    admin_http: httpx.Client, admin_townhall: EmbeddedTownhall
) -> None:
    """Anyone can encrypt to the town hall: the signed manifest's hashes guard the bytes."""
    kit = enrol(admin_http)
    application = packet.Application(
        "idem-swapped",
        {"reference": "K-2026-ACDE-FFFF", "service": "registration_certificate"},
        {"birth_date": "1941-03-02"},
        (packet.Attachment("pdf", "application/pdf", b"%PDF-1.4 the kit's"),),
    )
    document, attached = packet.encode(application)
    forged = b"%PDF-1.4 forged!!!"
    assert len(forged) == len(attached)
    recipient = crypto.encryption_key_from_jwk(kit.encryption_key)
    sealed = crypto.seal_packet(document, kit.signing, recipient, recipient.thumbprint(), forged)

    response = _post(admin_http, kit, "idem-swapped", sealed)

    assert response.status_code == 422, response.text
    assert "manifest" in response.text
    assert _stored(admin_townhall) == (0, 0)
