"""The kit's certificate over the embedded town hall with TLS: renewal, clock skew, discovery."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from koffer import crypto
from koffer.domain.errors import SyncError
from koffer.kit_check import check_kit
from koffer.settings import KofferSettings
from koffer.storage.store import KitStore
from koffer.sync import pki
from koffer.sync.client import Enrolment, TownhallClient
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.workflows.synchronise import Synchroniser, wipe_kit
from koffer.workflows.townhall_trust import ENROLMENTS, TLS_KEYS, published_certificates
from tests.unit.sync.townhall_support import TOKEN, provide_key


@pytest.fixture
def townhall(tmp_path: Path) -> Iterator[EmbeddedTownhall]:
    """A town hall with TLS whose kit certificates last 10 days (renewed within 30)."""
    provide_key(tmp_path / "townhall")
    with EmbeddedTownhall(tmp_path / "townhall", TOKEN, tls=True, kit_certificate_days=10) as th:
        yield th


def _stored(store: KitStore) -> tuple[Enrolment, pki.PrivateKey]:
    with store.unit_of_work() as uow:
        (enrolment,) = (uow.secret(ENROLMENTS) or {}).values()
        (key,) = (uow.secret(TLS_KEYS) or {}).values()
    return Enrolment(**enrolment), pki.load_private_pem(key.encode())


def _events(
    townhall: EmbeddedTownhall, enrolment: Enrolment, certificate: bytes, key: pki.PrivateKey
) -> httpx.Response:
    assert townhall.ca_certificate is not None
    context = pki.client_context([townhall.ca_certificate], certificate, key)
    with httpx.Client(base_url=townhall.url, verify=context, timeout=10) as http:
        return http.get(
            f"/v1/kits/{enrolment.kit_id}/events",
            headers={"Authorization": f"Bearer {enrolment.kit_token}"},
        )


def test_the_embedded_town_hall_speaks_https(townhall: EmbeddedTownhall) -> None:
    assert townhall.url.startswith("https://127.0.0.1:")
    assert townhall.ca_certificate is not None
    assert townhall.ca_certificate.startswith(b"-----BEGIN CERTIFICATE-----")


def test_a_certificate_near_its_end_is_renewed_and_the_old_one_refused(
    townhall: EmbeddedTownhall, store: KitStore
) -> None:
    with TownhallClient(townhall.url) as client:
        Synchroniser(store, client, "kit-a", TOKEN).enrolment()
    first, first_key = _stored(store)
    with TownhallClient(townhall.url) as client:
        Synchroniser(store, client, "kit-a", TOKEN).enrolment()
    renewed, renewed_key = _stored(store)

    assert renewed.kit_id == first.kit_id
    assert renewed.certificate != first.certificate
    assert renewed_key.public_key() != first_key.public_key()
    assert _events(townhall, renewed, renewed.certificate.encode(), renewed_key).status_code == 200
    stale = _events(townhall, first, first.certificate.encode(), first_key)
    assert stale.status_code == 403
    assert stale.headers["Koffer-Error"] == "certificate-unknown"


def test_a_kit_clock_far_ahead_gets_a_clear_answer(
    townhall: EmbeddedTownhall, store: KitStore
) -> None:
    with TownhallClient(townhall.url) as client:
        enrolment = Synchroniser(store, client, "kit-a", TOKEN).enrolment()
    assert townhall.tls_dir is not None
    authority = pki.Authority.load(townhall.tls_dir)
    key = pki.new_private_key()
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    early = authority.sign_kit_request(
        pki.certificate_request(key, "kit-a"), enrolment.kit_id, now=tomorrow
    )
    response = _events(townhall, enrolment, pki.certificate_pem(early), key)
    assert response.status_code == 403
    assert response.headers["Koffer-Error"] == "certificate-not-yet-valid"


def test_enrolment_over_tls_needs_a_certificate_request(townhall: EmbeddedTownhall) -> None:
    assert townhall.ca_certificate is not None
    context = pki.client_context([townhall.ca_certificate])
    signing_key = crypto.public_jwk(crypto.new_signing_key())
    with httpx.Client(base_url=townhall.url, verify=context, timeout=10) as http:
        response = http.post(
            "/v1/kits",
            json={"name": "kit", "token": TOKEN, "signing_key": signing_key},
        )
        bad = http.post(
            "/v1/kits",
            json={
                "name": "kit",
                "token": TOKEN,
                "signing_key": signing_key,
                "certificate_request": "not a request",
            },
        )
    assert response.status_code == 422
    assert "certificate request is required" in response.text
    assert bad.status_code == 422
    assert "certificate request" in bad.text


def test_discovery_refuses_a_ca_without_the_right_proof(
    townhall: EmbeddedTownhall, store: KitStore
) -> None:
    with TownhallClient(townhall.url) as client:
        assert client.discover_ca(TOKEN) == townhall.ca_certificate
        with pytest.raises(SyncError) as error:
            client.discover_ca("a-guessed-token")
    assert error.value.params["reason"] == "sync.untrusted_server"


def test_a_plain_town_hall_has_no_ca(tmp_path: Path) -> None:
    provide_key(tmp_path / "plain")
    with EmbeddedTownhall(tmp_path / "plain", TOKEN) as plain:
        assert plain.url.startswith("http://")
        assert plain.ca_certificate is None
        assert httpx.get(plain.url + "/v1/ca-certificate", timeout=10).status_code == 404


def test_a_malformed_signing_key_is_a_422_not_a_500(admin_http: httpx.Client) -> None:
    response = admin_http.post(
        "/v1/kits", json={"name": "kit", "token": TOKEN, "signing_key": {"kty": "OKP"}}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "bad signing key"


def test_the_kit_check_shows_the_certificate_without_the_passphrase(
    townhall: EmbeddedTownhall, store: KitStore
) -> None:
    with TownhallClient(townhall.url) as client:
        Synchroniser(store, client, "kit-a", TOKEN).enrolment()  # renews at once: 10 days
    enrolment, _key = _stored(store)
    store.lock()  # the kit check reads only the published certificate
    (published,) = published_certificates(store.data_dir)
    assert published.read_text() == enrolment.certificate  # the renewed one
    settings = KofferSettings(data_dir=store.data_dir)
    now = datetime.now(UTC).replace(tzinfo=None)

    (finding,) = [f for f in check_kit(settings, now).findings if f.name.startswith("certificate")]
    assert finding.ready
    assert finding.data["kit_id"] == enrolment.kit_id
    assert "renewed at the next sync" in finding.detail  # 10 days, inside the renewal window

    (expired,) = [
        f
        for f in check_kit(settings, now + timedelta(days=11)).findings
        if f.name.startswith("certificate")
    ]
    assert not expired.ready
    assert "expired" in expired.detail

    wipe_kit(store)  # a wiped kit claims no identity any more
    assert published_certificates(store.data_dir) == []
