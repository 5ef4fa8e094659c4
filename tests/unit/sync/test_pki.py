"""The town hall's CA, kit certificate requests and the checks on kit certificates."""

from __future__ import annotations

import os
import stat
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from koffer.sync import pki

KIT_ID = "5b0e6c1e-8f55-4d7e-9a61-0c1f2f0e7d11"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def authority() -> pki.Authority:
    return pki.Authority.create(now=NOW)


def _kit_certificate(
    authority: pki.Authority, kit_id: str = KIT_ID, days: int = pki.KIT_DAYS
) -> x509.Certificate:
    request = pki.certificate_request(pki.new_private_key(), "kit-a")
    return authority.sign_kit_request(request, kit_id, days, now=NOW)


def test_the_ca_is_a_self_signed_ca_that_may_only_sign(authority: pki.Authority) -> None:
    ca = authority.certificate
    authority.certificate.verify_directly_issued_by(ca)
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical
    assert constraints.value.ca
    assert constraints.value.path_length == 0
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign


def test_a_kit_certificate_names_the_kit_and_serves_client_auth_only(
    authority: pki.Authority,
) -> None:
    certificate = _kit_certificate(authority, days=30)
    assert pki.kit_id_of(certificate) == KIT_ID
    usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    assert not certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    # Valid from a little before now (clock skew), for the configured days.
    assert certificate.not_valid_before_utc == NOW - pki.CLOCK_SKEW
    assert certificate.not_valid_after_utc == NOW + timedelta(days=30)
    authority.check_kit_certificate(certificate, KIT_ID, now=NOW)


def test_the_subject_of_the_request_is_not_taken_over(authority: pki.Authority) -> None:
    key = pki.new_private_key()
    request = pki.certificate_request(key, "other-kit-id")
    certificate = authority.sign_kit_request(request, KIT_ID, now=NOW)
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == KIT_ID
    assert certificate.public_key() == key.public_key()


@pytest.mark.parametrize(
    ("moment", "reason"),
    [
        (NOW + timedelta(days=pki.KIT_DAYS + 1), "expired"),
        (NOW - timedelta(hours=1), "not-yet-valid"),
    ],
)
def test_a_certificate_outside_its_validity_is_refused(
    authority: pki.Authority, moment: datetime, reason: str
) -> None:
    certificate = _kit_certificate(authority)
    with pytest.raises(pki.CertificateRefused) as refused:
        authority.check_kit_certificate(certificate, KIT_ID, now=moment)
    assert refused.value.reason == reason


def test_a_certificate_of_another_ca_is_refused(authority: pki.Authority) -> None:
    foreign = pki.Authority.create("Koffer town hall CA", now=NOW)  # same name, other key
    with pytest.raises(pki.CertificateRefused) as refused:
        authority.check_kit_certificate(_kit_certificate(foreign), KIT_ID, now=NOW)
    assert refused.value.reason == "unknown-ca"


def test_a_certificate_of_another_kit_is_refused(authority: pki.Authority) -> None:
    certificate = _kit_certificate(authority, kit_id="another-kit")
    with pytest.raises(pki.CertificateRefused) as refused:
        authority.check_kit_certificate(certificate, KIT_ID, now=NOW)
    assert refused.value.reason == "kit-mismatch"


def test_the_server_certificate_is_not_a_kit_certificate(authority: pki.Authority) -> None:
    _key, server = authority.server_certificate(("127.0.0.1",), now=NOW)
    with pytest.raises(pki.CertificateRefused) as refused:
        authority.check_kit_certificate(server, "127.0.0.1", now=NOW)
    assert refused.value.reason == "not-a-kit"


def test_the_server_certificate_names_every_host(authority: pki.Authority) -> None:
    _key, server = authority.server_certificate(("127.0.0.1", "rathaus.example"), now=NOW)
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert names.get_values_for_type(x509.DNSName) == ["rathaus.example"]


def test_a_tampered_request_is_refused(authority: pki.Authority) -> None:
    request = x509.load_pem_x509_csr(pki.certificate_request(pki.new_private_key(), "kit"))
    other = pki.new_private_key()
    # The public key of one key pair, signed by another: the signature does not verify.
    forged = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(request.subject)
        .sign(other, hashes.SHA256())
    )
    swapped = forged.public_bytes(serialization.Encoding.DER)
    swapped = swapped.replace(
        other.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        request.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    )
    pem = x509.load_der_x509_csr(swapped).public_bytes(serialization.Encoding.PEM)
    with pytest.raises(pki.CertificateRefused, match="signature") as refused:
        authority.sign_kit_request(pem, KIT_ID, now=NOW)
    assert refused.value.reason == "bad-request"


@pytest.mark.parametrize("request_pem", [b"", b"-----BEGIN CERTIFICATE REQUEST-----\nxx\n"])
def test_a_malformed_request_is_refused(authority: pki.Authority, request_pem: bytes) -> None:
    with pytest.raises(pki.CertificateRefused):
        authority.sign_kit_request(request_pem, KIT_ID)


def test_a_weak_rsa_key_is_refused(authority: pki.Authority) -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505
    with pytest.raises(pki.CertificateRefused, match="2048"):
        authority.sign_kit_request(pki.certificate_request(weak, "kit"), KIT_ID)


def test_the_discovery_proof_needs_the_enrolment_token(authority: pki.Authority) -> None:
    proof = pki.discovery_proof("the-token", authority.pem)
    assert pki.check_discovery_proof("the-token", authority.pem, proof)
    assert not pki.check_discovery_proof("another-token", authority.pem, proof)
    someone_else = pki.Authority.create()
    assert not pki.check_discovery_proof("the-token", someone_else.pem, proof)


def test_issued_by_one_of_the_pinned_cas(authority: pki.Authority) -> None:
    mine = pki.certificate_pem(_kit_certificate(authority))
    foreign = pki.certificate_pem(_kit_certificate(pki.Authority.create()))
    assert pki.issued_by_one_of(mine, [authority.pem])
    assert not pki.issued_by_one_of(foreign, [authority.pem])
    assert not pki.issued_by_one_of(b"not a certificate", [authority.pem])


def test_init_writes_keys_0600_and_keeps_the_ca(tmp_path: Path) -> None:
    directory = tmp_path / "tls"
    first = pki.init_directory(directory, ("127.0.0.1", "localhost"))
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    for name in (pki.CA_KEY_FILE, pki.SERVER_KEY_FILE):
        assert stat.S_IMODE((directory / name).stat().st_mode) == 0o600
    assert {p.name for p in first.written} == {
        pki.CA_KEY_FILE,
        pki.CA_FILE,
        pki.SERVER_KEY_FILE,
        pki.SERVER_FILE,
    }
    ca = (directory / pki.CA_FILE).read_bytes()
    server = (directory / pki.SERVER_FILE).read_bytes()
    second = pki.init_directory(directory, ("10.0.0.5",))
    assert {p.name for p in second.kept} == {pki.CA_KEY_FILE, pki.CA_FILE}
    assert second.ca_fingerprint == first.ca_fingerprint
    assert (directory / pki.CA_FILE).read_bytes() == ca
    assert (directory / pki.SERVER_FILE).read_bytes() != server
    authority = pki.Authority.load(directory)
    pki.load_certificate((directory / pki.SERVER_FILE).read_bytes()).verify_directly_issued_by(
        authority.certificate
    )


def test_the_kit_key_goes_to_openssl_without_a_plain_file(
    authority: pki.Authority, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = pki.new_private_key()
    certificate = pki.certificate_pem(
        authority.sign_kit_request(pki.certificate_request(key, "kit"), KIT_ID)
    )
    # Through memfd where there is one: nothing appears in the temporary directory.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pki.client_context([authority.pem], certificate, key)
    assert [p for p in tmp_path.rglob("*") if "PRIVATE" in p.read_text("ascii", "replace")] == []

    # Without memfd: an encrypted key file in a private directory, gone afterwards.
    seen: list[bytes] = []
    real_write = pki._write_private

    def spying_write(path: Path, data: bytes) -> None:
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        seen.append(data)
        real_write(path, data)

    monkeypatch.delattr(os, "memfd_create", raising=False)
    monkeypatch.setattr(pki, "_write_private", spying_write)
    pki.client_context([authority.pem], certificate, key)
    assert len(seen) == 1
    assert b"ENCRYPTED PRIVATE KEY" in seen[0]
    assert list(tmp_path.iterdir()) == []
