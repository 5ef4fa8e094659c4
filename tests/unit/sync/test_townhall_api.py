"""The town hall's HTTP API, served by uvicorn on 127.0.0.1."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from koffer import crypto
from koffer.sync import packet
from koffer.sync.parcel import seal_application
from koffer.sync.townhall import keys
from koffer.sync.townhall.server import EmbeddedTownhall

TOKEN = "enrolment-token"


@pytest.fixture
def townhall(tmp_path: Path) -> Iterator[EmbeddedTownhall]:
    with EmbeddedTownhall(tmp_path, TOKEN) as running:
        yield running


@pytest.fixture
def http(townhall: EmbeddedTownhall) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=townhall.url, timeout=10) as client:
        yield client


def _enrol(http: httpx.Client) -> tuple[dict[str, str], object]:
    signing = crypto.new_signing_key()
    response = http.post(
        "/v1/kits", json={"name": "kit", "token": TOKEN, "signing_key": crypto.public_jwk(signing)}
    )
    assert response.status_code == 201
    return response.json(), signing


def _packet(enrolment: dict, signing: object, key: str = "idem-0001") -> str:  # type: ignore[type-arg]
    application = packet.Application(
        key,
        {"reference": "K-2026-AAAA-AAAA", "service": "registration_certificate"},
        {"birth_date": "1941-03-02"},
    )
    recipient = crypto.encryption_key_from_jwk(enrolment["encryption_key"])
    return seal_application(application, signing, recipient)  # type: ignore[arg-type]


def _headers(enrolment: dict, key: str = "idem-0001") -> dict[str, str]:  # type: ignore[type-arg]
    return {"Authorization": f"Bearer {enrolment['kit_token']}", "Idempotency-Key": key}


def test_health_and_openapi(http: httpx.Client) -> None:
    assert http.get("/health").json() == {"status": "ok"}
    paths = http.get("/openapi.json").json()["paths"]
    assert "/v1/kits/{kit_id}/submissions" in paths


def test_enrolment_needs_the_token(http: httpx.Client) -> None:
    response = http.post(
        "/v1/kits", json={"name": "kit", "token": "guess", "signing_key": {"kty": "OKP"}}
    )
    assert response.status_code == 403


def test_submission_needs_the_kit_token(http: httpx.Client) -> None:
    enrolment, signing = _enrol(http)
    response = http.post(
        f"/v1/kits/{enrolment['kit_id']}/submissions",
        headers={"Authorization": "Bearer stolen", "Idempotency-Key": "idem-0001"},
        json={"packet": _packet(enrolment, signing)},
    )
    assert response.status_code == 403


def test_submission_then_status_event(http: httpx.Client) -> None:
    enrolment, signing = _enrol(http)
    url = f"/v1/kits/{enrolment['kit_id']}/submissions"
    first = http.post(
        url, headers=_headers(enrolment), json={"packet": _packet(enrolment, signing)}
    )
    again = http.post(
        url, headers=_headers(enrolment), json={"packet": _packet(enrolment, signing)}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == {"reference": "K-2026-AAAA-AAAA", "status": "received"}
    events = http.get(f"/v1/kits/{enrolment['kit_id']}/events", headers=_headers(enrolment)).json()[
        "events"
    ]
    assert [(e["case_reference"], e["status"]) for e in events] == [
        ("K-2026-AAAA-AAAA", "received")
    ]
    later = http.get(
        f"/v1/kits/{enrolment['kit_id']}/events",
        params={"since": events[0]["id"]},
        headers=_headers(enrolment),
    ).json()["events"]
    assert later == []


def test_packet_signed_by_another_key_is_refused(http: httpx.Client) -> None:
    enrolment, _signing = _enrol(http)
    forged = _packet(enrolment, crypto.new_signing_key())
    response = http.post(
        f"/v1/kits/{enrolment['kit_id']}/submissions",
        headers=_headers(enrolment),
        json={"packet": forged},
    )
    assert response.status_code == 422


def test_idempotency_key_must_match_the_sealed_one(http: httpx.Client) -> None:
    enrolment, signing = _enrol(http)
    response = http.post(
        f"/v1/kits/{enrolment['kit_id']}/submissions",
        headers=_headers(enrolment, "other-key-1"),
        json={"packet": _packet(enrolment, signing)},
    )
    assert response.status_code == 422


def test_town_hall_key_is_private_and_stable(tmp_path: Path) -> None:
    with EmbeddedTownhall(tmp_path, TOKEN) as first:
        kid = httpx.get(first.url + "/v1/encryption-key").json()["kid"]
    assert (tmp_path / "townhall-encryption-key.json").stat().st_mode & 0o077 == 0
    with EmbeddedTownhall(tmp_path, TOKEN) as second:
        assert httpx.get(second.url + "/v1/encryption-key").json()["kid"] == kid


def test_a_packet_arrives_as_application_jose_or_inside_json(http: httpx.Client) -> None:
    enrolment, signing = _enrol(http)
    url = f"/v1/kits/{enrolment['kit_id']}/submissions"
    sealed = _packet(enrolment, signing, "idem-jose-1")
    jose = _headers(enrolment, "idem-jose-1") | {"Content-Type": "application/jose"}
    first = http.post(url, headers=jose, content=sealed.encode("ascii"))
    assert first.status_code == 201, first.text
    # The same packet inside JSON is the same submission: the first receipt again.
    again = http.post(url, headers=_headers(enrolment, "idem-jose-1"), json={"packet": sealed})
    assert again.status_code == 200
    assert again.json()["reference"] == first.json()["reference"]


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/plain", b"eyJhbGciOi.x.y.z.w", 415),
        ("application/jose", "ä.b.c.d.e-----".encode(), 422),
        ("application/jose", b"short", 422),
        ("application/json", b'{"packet": 42}', 422),
        ("application/json", b"{not json", 422),
        ("application/json", b"\xb5\x11", 422),
        ("application/jose", b"eyJhbGciOiJub25lIn0.a.b.c.d", 422),
    ],
)
def test_a_submission_body_of_the_wrong_kind_is_refused_plainly(
    http: httpx.Client, content_type: str, body: bytes, expected: int
) -> None:
    enrolment, _signing = _enrol(http)
    response = http.post(
        f"/v1/kits/{enrolment['kit_id']}/submissions",
        headers=_headers(enrolment, "idem-kind-1") | {"Content-Type": content_type},
        content=body,
    )
    assert response.status_code == expected, response.text
    assert "Traceback" not in response.text


def test_a_format_1_packet_from_a_kit_not_yet_updated_is_received(
    http: httpx.Client, townhall: EmbeddedTownhall
) -> None:
    """Parcels sealed before format 2 wait in kits' spools: the town hall still opens them."""
    enrolment, signing = _enrol(http)
    photo = b"\xff\xd8\xff a photo"
    application = packet.Application(
        "idem-format-1",
        {"reference": "K-2026-AAAA-AAAA", "service": "registration_certificate"},
        {"birth_date": "1941-03-02"},
        (packet.Attachment("photo", "image/jpeg", photo),),
    )
    recipient = crypto.encryption_key_from_jwk(enrolment["encryption_key"])
    sealed = crypto.seal_packet(
        packet.encode_format_1(application),
        signing,  # type: ignore[arg-type]
        recipient,
        recipient.thumbprint(),
    )
    response = http.post(
        f"/v1/kits/{enrolment['kit_id']}/submissions",
        headers=_headers(enrolment, "idem-format-1"),
        json={"packet": sealed},
    )
    assert response.status_code == 201, response.text
    engine = create_engine(townhall.db_url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT packet FROM submission")).scalar_one()
    engine.dispose()
    private = keys.load_or_create(townhall.data_dir)
    public = crypto.signing_key_from_jwk(crypto.public_jwk(signing))  # type: ignore[arg-type]
    assert packet.decode(crypto.open_packet(stored, private, public)).attachments[0].data == photo
