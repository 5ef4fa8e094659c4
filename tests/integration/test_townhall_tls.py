"""Mutual TLS against a real ``koffer townhall serve --tls-dir`` process on 127.0.0.1."""

from __future__ import annotations

import os
import ssl
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from koffer.devices.printer.sim import SimPrinter
from koffer.domain.errors import KitRevoked, SyncError
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.sync import delivery, pki
from koffer.sync.client import Enrolment, TownhallClient
from koffer.workflows.delivery_agent import DeliveryAgent
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.synchronise import Synchroniser
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF
from tests.integration.conftest import TOWNHALL_TOKEN, TownhallProcess, free_port, run_koffer
from tests.unit.sync.townhall_support import ADMIN, ADMIN_TOKEN

KIT = "kit-tls"


@dataclass(frozen=True)
class TlsTownhall:
    url: str
    directory: Path
    init_output: str

    @property
    def ca(self) -> bytes:
        return (self.directory / pki.CA_FILE).read_bytes()

    def admin(self) -> httpx.Client:
        """An HTTPS client that trusts the town hall's CA (no kit certificate)."""
        return httpx.Client(base_url=self.url, timeout=10, verify=pki.client_context([self.ca]))


def _wait_until_healthy(townhall: TlsTownhall, process: TownhallProcess) -> None:
    for _ in range(300):
        try:
            with townhall.admin() as http:
                if http.get("/health").status_code == 200:
                    return
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    process.wait()
    pytest.fail(f"town hall did not start: {process.output()}")


@pytest.fixture(scope="module")
def townhall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsTownhall]:
    """``koffer townhall init`` then ``koffer townhall serve --tls-dir`` (SQLite).

    One process for the module: every test enrols kits of its own.
    """
    directory = tmp_path_factory.mktemp("tls") / "townhall"
    init = run_koffer("townhall", "init", "--dir", str(directory))
    assert init.returncode == 0, init.stderr
    port = free_port()
    process = TownhallProcess(
        [
            sys.executable, "-m", "koffer", "townhall", "serve", "--port", str(port),
            "--data-dir", str(directory), "--tls-dir", str(directory),
            "--enrolment-token", TOWNHALL_TOKEN, "--admin-token", ADMIN_TOKEN,
        ],
        directory.parent / "townhall.log",
    )  # fmt: skip
    running = TlsTownhall(f"https://127.0.0.1:{port}", directory, init.stdout)
    try:
        _wait_until_healthy(running, process)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=10)


def _queued_case(store: KitStore, citizen: Person) -> str:
    service = RegistrationCertificateService(store, MunicipalSettings())
    opened = service.open_case(citizen, date(2026, 11, 21))
    service.render(opened.case_id)
    service.print_certificate(opened.case_id, SimPrinter(seconds_per_page=0))
    service.queue(opened.case_id)
    return opened.case_id


def _enrolled(store: KitStore, townhall: TlsTownhall) -> Enrolment:
    with TownhallClient(townhall.url) as client:
        return Synchroniser(store, client, KIT, TOWNHALL_TOKEN).enrolment()


def _events_with(
    townhall: TlsTownhall,
    enrolment: Enrolment,
    certificate: bytes | None,
    key: pki.PrivateKey | None,
) -> httpx.Response:
    """GET the kit's events over TLS, showing ``certificate`` (or none)."""
    context = pki.client_context([townhall.ca], certificate, key)
    with httpx.Client(base_url=townhall.url, timeout=10, verify=context) as http:
        return http.get(
            f"/v1/kits/{enrolment.kit_id}/events",
            headers={"Authorization": f"Bearer {enrolment.kit_token}"},
        )


def _refused_in_handshake(call: Callable[[], httpx.Response]) -> None:
    """Check that ``call`` gets no HTTP answer at all: the TLS handshake refused it."""
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError)):
        call()


def test_init_writes_private_keys_0600_and_says_what_it_wrote(townhall: TlsTownhall) -> None:
    for name in (pki.CA_KEY_FILE, pki.SERVER_KEY_FILE, "townhall-encryption-key.json"):
        assert stat.S_IMODE((townhall.directory / name).stat().st_mode) == 0o600, name
        assert name in townhall.init_output
    ca = pki.load_certificate(townhall.ca)
    assert pki.fingerprint(ca) in townhall.init_output
    again = run_koffer("townhall", "init", "--dir", str(townhall.directory))
    assert f"kept:    {townhall.directory / pki.CA_FILE}" in again.stdout
    assert (townhall.directory / pki.CA_FILE).read_bytes() == townhall.ca


def test_kit_enrols_and_submits_over_mutual_tls(
    townhall: TlsTownhall, store: KitStore, citizen: Person
) -> None:
    _queued_case(store, citizen)
    with TownhallClient(townhall.url) as client:
        report = Synchroniser(store, client, KIT, TOWNHALL_TOKEN).run()
    assert len(report.sent) == 1
    assert not report.failed
    with store.unit_of_work() as uow:
        enrolment = Enrolment(**next(iter(uow.secret("enrolments").values())))
        key_pem = next(iter(uow.secret("tls_keys").values()))
        assert [pem.encode() for pem in uow.secret("townhall_cas")] == [townhall.ca]
    certificate = pki.load_certificate(enrolment.certificate.encode())
    assert pki.kit_id_of(certificate) == enrolment.kit_id
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert timedelta(days=365) <= lifetime <= timedelta(days=366)
    # The key the certificate names is the kit's own, kept sealed in the store.
    assert pki.load_private_pem(key_pem.encode()).public_key() == certificate.public_key()
    assert b"PRIVATE KEY" not in b"".join(p.read_bytes() for p in store.data_dir.rglob("*.db"))
    # A second sync uses the stored certificate: nothing new to send, no new enrolment.
    with TownhallClient(townhall.url) as client:
        again = Synchroniser(store, client, KIT, TOWNHALL_TOKEN).run()
    assert again.sent == []
    with townhall.admin() as http:
        kits = http.get("/v1/admin/kits", headers=ADMIN).json()["kits"]
    assert [k["id"] for k in kits].count(enrolment.kit_id) == 1


def test_a_request_without_a_client_certificate_is_refused(
    townhall: TlsTownhall, store: KitStore
) -> None:
    enrolment = _enrolled(store, townhall)
    response = _events_with(townhall, enrolment, None, None)
    assert response.status_code == 403
    assert response.headers["Koffer-Error"] == "certificate-required"


def test_a_certificate_from_another_ca_is_refused(townhall: TlsTownhall, store: KitStore) -> None:
    enrolment = _enrolled(store, townhall)
    foreign = pki.Authority.create("Someone else's CA")
    key = pki.new_private_key()
    certificate = foreign.sign_kit_request(pki.certificate_request(key, KIT), enrolment.kit_id)
    _refused_in_handshake(
        lambda: _events_with(townhall, enrolment, pki.certificate_pem(certificate), key)
    )
    # The kit's client refuses to show such a certificate and says why.
    with TownhallClient(townhall.url) as client, pytest.raises(SyncError) as refused:
        client.trust([townhall.ca], pki.certificate_pem(certificate), key)
    assert refused.value.params["reason"] == "sync.certificate_refused"


def test_an_expired_certificate_is_refused(townhall: TlsTownhall, store: KitStore) -> None:
    enrolment = _enrolled(store, townhall)
    authority = pki.Authority.load(townhall.directory)
    key = pki.new_private_key()
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    expired = authority.sign_kit_request(
        pki.certificate_request(key, KIT), enrolment.kit_id, days=1, now=two_days_ago
    )
    response = _events_with(townhall, enrolment, pki.certificate_pem(expired), key)
    assert response.status_code == 403
    assert response.headers["Koffer-Error"] == "certificate-expired"
    assert "expired" in response.json()["detail"]


def test_another_kits_certificate_is_refused(
    townhall: TlsTownhall, store: KitStore, tmp_path: Path
) -> None:
    enrolment = _enrolled(store, townhall)
    other_store = KitStore(tmp_path / "other", TEST_KDF)
    other_store.create(CLERK, PASSPHRASE)
    try:
        other = _enrolled(other_store, townhall)
        with other_store.unit_of_work() as uow:
            other_key = pki.load_private_pem(next(iter(uow.secret("tls_keys").values())).encode())
    finally:
        other_store.close()
    # Kit B's valid certificate, kit A's URL and token.
    response = _events_with(townhall, enrolment, other.certificate.encode(), other_key)
    assert response.status_code == 403
    assert response.headers["Koffer-Error"] == "certificate-kit-mismatch"


def test_a_superseded_certificate_is_refused(townhall: TlsTownhall, store: KitStore) -> None:
    enrolment = _enrolled(store, townhall)
    authority = pki.Authority.load(townhall.directory)
    key = pki.new_private_key()
    # Signed by the right CA for the right kit, but not the one the town hall issued.
    stray = authority.sign_kit_request(pki.certificate_request(key, KIT), enrolment.kit_id)
    response = _events_with(townhall, enrolment, pki.certificate_pem(stray), key)
    assert response.status_code == 403
    assert response.headers["Koffer-Error"] == "certificate-unknown"


def test_a_revoked_kit_is_refused_and_wipes_itself(
    townhall: TlsTownhall, store: KitStore, citizen: Person
) -> None:
    _queued_case(store, citizen)
    enrolment = _enrolled(store, townhall)
    with townhall.admin() as http:
        revoked = http.post(
            f"/v1/admin/kits/{enrolment.kit_id}/revocation", json={"reason": "lost"}, headers=ADMIN
        )
    assert revoked.status_code == 200, revoked.text
    with TownhallClient(townhall.url) as client, pytest.raises(KitRevoked):
        Synchroniser(store, client, KIT, TOWNHALL_TOKEN).run()
    assert [p for p in store.data_dir.rglob("*") if p.is_file()] == []


def test_a_wrong_enrolment_token_does_not_make_the_kit_trust_the_ca(
    townhall: TlsTownhall, store: KitStore
) -> None:
    with TownhallClient(townhall.url) as client, pytest.raises(SyncError) as error:
        Synchroniser(store, client, KIT, "not-the-token").run()
    assert error.value.params["reason"] == "sync.untrusted_server"
    with store.unit_of_work() as uow:
        assert uow.secret("townhall_cas") is None


def test_plain_http_and_unpinned_clients_get_nothing(townhall: TlsTownhall) -> None:
    plain = townhall.url.replace("https:", "http:")
    with pytest.raises(httpx.HTTPError):
        httpx.get(plain + "/health", timeout=5)
    with TownhallClient(townhall.url) as client:  # trusts no CA yet
        assert not client.health()
        with pytest.raises(SyncError) as error:
            client.encryption_key()
    assert error.value.params["reason"] == "sync.untrusted_server"
    system = ssl.create_default_context()
    with pytest.raises(httpx.ConnectError):
        httpx.get(townhall.url + "/health", timeout=5, verify=system)


def test_a_large_attachment_goes_in_chunks_over_mutual_tls(
    townhall: TlsTownhall, store: KitStore, citizen: Person
) -> None:
    case_id = _queued_case(store, citizen)
    scan = os.urandom(700 * 1024)
    with store.unit_of_work() as uow:
        uow.add_attachment(case_id, "scan", "application/octet-stream", scan)
    with TownhallClient(townhall.url) as client:
        synchroniser = Synchroniser(store, client, KIT, TOWNHALL_TOKEN)
        report = synchroniser.run()
    assert len(report.sent) == 1
    assert synchroniser.courier.stats.chunks_sent >= 4
    with store.unit_of_work() as uow:
        assert uow.outbox_counts() == {"delivered": 1}


def test_a_locked_kit_delivers_over_mutual_tls_with_its_delivery_pass(
    townhall: TlsTownhall, store: KitStore, citizen: Person
) -> None:
    with TownhallClient(townhall.url) as client:
        Synchroniser(store, client, KIT, TOWNHALL_TOKEN, publish_pass=True).run()
    _queued_case(store, citizen)  # sealed for the town hall as it is queued
    issued = delivery.read_pass(store.data_dir)
    assert issued is not None
    assert issued.ca_certificates == (townhall.ca.decode(),)
    assert issued.certificate.startswith("-----BEGIN CERTIFICATE-----")
    store.close()

    result = DeliveryAgent(store.data_dir, lambda: None, timeout_s=10).run_once()

    assert (result.delivered, result.failed, result.offline) == (1, 0, False)
    # Over the same mutual TLS, the delivery token reads nothing.
    with issued.client(10) as client, pytest.raises(SyncError) as refused:
        client.events(issued.enrolment, 0)
    assert refused.value.params["reason"] == "sync.refused"
    store.unlock(CLERK, PASSPHRASE)
    with TownhallClient(townhall.url) as client:
        report = Synchroniser(store, client, KIT, TOWNHALL_TOKEN, publish_pass=True).run()
    assert len(report.sent) == 1
    with store.unit_of_work() as uow:
        assert uow.outbox_counts() == {"delivered": 1}
