"""X.509 for mutual TLS between kits and their town hall: CA, server and kit certificates.

Every certificate choice sits here (after the house rule "crypto choices in one module"):
ECDSA P-256 keys with SHA-256 signatures, a self-signed town-hall CA that signs the town
hall's server certificate and, at enrolment, each kit's certificate request. A kit
certificate names the kit id as its common name and is valid for client authentication only.

Python's :mod:`ssl` loads a private key only from a file (there is no in-memory API; only
CA certificates can be given as data). :func:`client_context` therefore hands the kit key to
OpenSSL through an anonymous memory file (``memfd``, Linux) and, elsewhere, through a file
in a private temporary directory that holds the key encrypted under a one-time password and
is deleted right after loading. The key never lies on disk in the clear.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import os
import secrets
import ssl
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_FILE = "ca-cert.pem"
CA_KEY_FILE = "ca-key.pem"
SERVER_FILE = "server-cert.pem"
SERVER_KEY_FILE = "server-key.pem"
DEFAULT_HOSTS = ("127.0.0.1", "localhost")
CA_DAYS = 3650
SERVER_DAYS = 825
KIT_DAYS = 365
# Certificates start a little in the past: a kit's clock may run a few minutes behind.
CLOCK_SKEW = timedelta(minutes=5)
KIT_ORGANISATION = "Koffer kit"

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


class CertificateRefused(ValueError):
    """A certificate or certificate request is not acceptable.

    Attributes:
        reason: A short machine-readable code (``unknown-ca``, ``expired``, ...), sent to the
            kit in the ``Koffer-Error`` header.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def _now() -> datetime:
    return datetime.now(UTC)


def new_private_key() -> ec.EllipticCurvePrivateKey:
    """Return a new ECDSA P-256 key."""
    return ec.generate_private_key(ec.SECP256R1())


def private_pem(key: PrivateKey, password: bytes | None = None) -> bytes:
    """Serialise a private key as PKCS#8 PEM, encrypted when a password is given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def load_private_pem(data: bytes) -> PrivateKey:
    """Load an unencrypted PEM private key (ECDSA or RSA).

    Raises:
        CertificateRefused: When the data is not such a key.
    """
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise CertificateRefused("bad-key", "not a PEM private key") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise CertificateRefused("bad-key", "unsupported key type")
    return key


def certificate_pem(certificate: x509.Certificate) -> bytes:
    """Serialise a certificate as PEM."""
    return certificate.public_bytes(serialization.Encoding.PEM)


def load_certificate(data: bytes) -> x509.Certificate:
    """Load a PEM or DER certificate.

    Raises:
        CertificateRefused: When the data is not a certificate.
    """
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise CertificateRefused("bad-certificate", "not an X.509 certificate") from exc


def fingerprint(certificate: x509.Certificate) -> str:
    """Return the SHA-256 fingerprint of a certificate (hex of its DER form)."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, signing: bool, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _host_names(hosts: Sequence[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def certificate_request(key: PrivateKey, kit_name: str) -> bytes:
    """Return a PEM certificate signing request for a kit key.

    The town hall replaces the subject with the kit id it assigns; the name only helps an
    administrator reading the request.
    """
    request = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_name(kit_name[:64] or "kit", KIT_ORGANISATION))
        .sign(key, hashes.SHA256())
    )
    return request.public_bytes(serialization.Encoding.PEM)


def _check_public_key(key: object) -> None:
    if isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.name not in {"secp256r1", "secp384r1"}:
            raise CertificateRefused("bad-request", f"curve {key.curve.name} not accepted")
        return
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < 2048:
            raise CertificateRefused("bad-request", "RSA key shorter than 2048 bits")
        return
    raise CertificateRefused("bad-request", "key type not accepted")


def kit_id_of(certificate: x509.Certificate) -> str:
    """Return the kit id a kit certificate was issued for (its common name)."""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


@dataclass(frozen=True)
class Authority:
    """The town hall's certificate authority: it signs the server and every kit."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @classmethod
    def create(
        cls, name: str = "Koffer town hall CA", days: int = CA_DAYS, now: datetime | None = None
    ) -> Authority:
        """Create a new self-signed CA."""
        key = new_private_key()
        start = (now or _now()) - CLOCK_SKEW
        subject = _name(name, "Koffer town hall")
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(signing=True, cert_sign=True), critical=True)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate)

    @classmethod
    def load(cls, directory: Path) -> Authority:
        """Load the CA kept in a town hall's TLS directory."""
        key = load_private_pem((directory / CA_KEY_FILE).read_bytes())
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise CertificateRefused("bad-key", "the CA key is not an ECDSA key")
        return cls(key, load_certificate((directory / CA_FILE).read_bytes()))

    @property
    def pem(self) -> bytes:
        """The CA certificate as PEM (what kits pin)."""
        return certificate_pem(self.certificate)

    def _issue(
        self,
        subject: x509.Name,
        public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey,
        days: int,
        now: datetime | None,
        usage: x509.ObjectIdentifier,
    ) -> x509.CertificateBuilder:
        start = (now or _now()) - CLOCK_SKEW
        ski = self.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + CLOCK_SKEW + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(signing=True, cert_sign=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski.value),
                critical=False,
            )
        )

    def server_certificate(
        self,
        hosts: Sequence[str] = DEFAULT_HOSTS,
        days: int = SERVER_DAYS,
        now: datetime | None = None,
    ) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        """Issue the town hall's server certificate for these host names and addresses."""
        if not hosts:
            raise CertificateRefused("bad-request", "a server certificate needs a host")
        key = new_private_key()
        certificate = (
            self._issue(
                _name(hosts[0], "Koffer town hall"),
                key.public_key(),
                days,
                now,
                ExtendedKeyUsageOID.SERVER_AUTH,
            )
            .add_extension(x509.SubjectAlternativeName(_host_names(hosts)), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        return key, certificate

    def sign_kit_request(
        self, request_pem: bytes, kit_id: str, days: int = KIT_DAYS, now: datetime | None = None
    ) -> x509.Certificate:
        """Issue a kit's client certificate from its certificate signing request.

        Raises:
            CertificateRefused: When the request is malformed, badly signed or uses a weak key.
        """
        try:
            request = x509.load_pem_x509_csr(request_pem)
            signed = request.is_signature_valid
            public_key = request.public_key()
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise CertificateRefused("bad-request", "not a usable certificate request") from exc
        if not signed:
            raise CertificateRefused("bad-request", "the request's signature is not valid")
        _check_public_key(public_key)
        assert isinstance(public_key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey)  # noqa: S101
        return self._issue(
            _name(kit_id, KIT_ORGANISATION), public_key, days, now, ExtendedKeyUsageOID.CLIENT_AUTH
        ).sign(self.key, hashes.SHA256())

    def check_kit_certificate(
        self, certificate: x509.Certificate, kit_id: str, now: datetime | None = None
    ) -> None:
        """Check that a kit certificate is this CA's, in force, and issued to ``kit_id``.

        Raises:
            CertificateRefused: Saying which check failed.
        """
        if certificate.issuer != self.certificate.subject:
            raise CertificateRefused("unknown-ca", "certificate not issued by this town hall")
        try:
            certificate.verify_directly_issued_by(self.certificate)
        except (ValueError, TypeError, InvalidSignature) as exc:
            raise CertificateRefused(
                "unknown-ca", "certificate not issued by this town hall"
            ) from exc
        moment = now or _now()
        if moment < certificate.not_valid_before_utc:
            raise CertificateRefused("not-yet-valid", "certificate not yet valid")
        if moment > certificate.not_valid_after_utc:
            raise CertificateRefused("expired", "certificate expired")
        try:
            usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound as exc:
            raise CertificateRefused("not-a-kit", "not a kit certificate") from exc
        if ExtendedKeyUsageOID.CLIENT_AUTH not in usage:
            raise CertificateRefused("not-a-kit", "not a kit certificate")
        if kit_id_of(certificate) != kit_id:
            raise CertificateRefused("kit-mismatch", "certificate issued to another kit")


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    path.chmod(0o600)  # an existing file keeps its mode under O_CREAT


@dataclass(frozen=True)
class InitResult:
    """What :func:`init_directory` wrote (or found)."""

    written: tuple[Path, ...]
    kept: tuple[Path, ...]
    ca_fingerprint: str


def init_directory(
    directory: Path, hosts: Sequence[str] = DEFAULT_HOSTS, *, server_days: int = SERVER_DAYS
) -> InitResult:
    """Create the town hall's CA and server certificate in ``directory`` (keys mode 0600).

    An existing CA is kept (kits pin it); the server certificate is issued anew for
    ``hosts`` each time, so a changed host list needs only another run.
    """
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    written: list[Path] = []
    kept: list[Path] = []
    if (directory / CA_KEY_FILE).exists() and (directory / CA_FILE).exists():
        authority = Authority.load(directory)
        kept += [directory / CA_KEY_FILE, directory / CA_FILE]
    else:
        authority = Authority.create()
        _write_private(directory / CA_KEY_FILE, private_pem(authority.key))
        (directory / CA_FILE).write_bytes(authority.pem)
        written += [directory / CA_KEY_FILE, directory / CA_FILE]
    key, certificate = authority.server_certificate(hosts, server_days)
    _write_private(directory / SERVER_KEY_FILE, private_pem(key))
    (directory / SERVER_FILE).write_bytes(certificate_pem(certificate))
    written += [directory / SERVER_KEY_FILE, directory / SERVER_FILE]
    return InitResult(tuple(written), tuple(kept), fingerprint(authority.certificate))


def server_context(directory: Path) -> ssl.SSLContext:
    """Return the town hall's TLS context: its server certificate, kits verified by its CA.

    Client certificates are optional at the TLS layer (CERT_OPTIONAL) so that a kit can
    enrol before it has one; a certificate that is presented must verify against the CA, or
    the handshake fails. The application then requires one on every kit route.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(directory / SERVER_FILE, directory / SERVER_KEY_FILE)
    context.load_verify_locations(cadata=(directory / CA_FILE).read_text("ascii"))
    context.verify_mode = ssl.CERT_OPTIONAL
    return context


@contextlib.contextmanager
def _key_file(key: PrivateKey) -> Iterator[tuple[str, bytes | None]]:
    """Yield a path OpenSSL can read the key from, and the password it needs, then remove it."""
    memfd_create = getattr(os, "memfd_create", None)
    if memfd_create is not None and Path("/proc/self/fd").is_dir():
        descriptor = memfd_create("koffer-kit-key", getattr(os, "MFD_CLOEXEC", 0))
        try:
            os.write(descriptor, private_pem(key))
            yield f"/proc/self/fd/{descriptor}", None
        finally:
            os.close(descriptor)
        return
    password = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory(prefix="koffer-tls-") as private_dir:  # mode 0700
        path = Path(private_dir) / "kit-key.pem"
        _write_private(path, private_pem(key, password))
        try:
            yield str(path), password
        finally:
            path.unlink(missing_ok=True)


def client_context(
    trusted: Sequence[bytes],
    certificate: bytes | None = None,
    key: PrivateKey | None = None,
) -> ssl.SSLContext:
    """Return a kit's TLS context: only the pinned town-hall CAs are trusted.

    Args:
        trusted: PEM CA certificates to trust (no system CAs).
        certificate: The kit's PEM certificate, once enrolled.
        key: The kit's private key, with ``certificate``.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if trusted:  # none: every server fails verification
        context.load_verify_locations(cadata=b"".join(trusted).decode("ascii"))
    if certificate is not None and key is not None:
        with tempfile.NamedTemporaryFile(prefix="koffer-cert-", suffix=".pem") as cert_file:
            cert_file.write(certificate)
            cert_file.flush()
            with _key_file(key) as (key_path, password):
                context.load_cert_chain(cert_file.name, key_path, password)
    return context


def issued_by_one_of(certificate: bytes, authorities: Sequence[bytes]) -> bool:
    """Whether a PEM certificate carries a valid signature of one of the PEM CAs."""
    try:
        leaf = load_certificate(certificate)
        for pem in authorities:
            issuer = load_certificate(pem)
            if leaf.issuer != issuer.subject:
                continue
            try:
                leaf.verify_directly_issued_by(issuer)
            except (ValueError, TypeError, InvalidSignature):
                continue
            return True
    except CertificateRefused:
        return False
    return False


def discovery_context() -> ssl.SSLContext:
    """A TLS context that does not verify the server, for fetching the CA before pinning it.

    Only the town hall's public CA certificate travels over it, and the kit trusts that
    certificate only after checking its signature made with the enrolment token.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def discovery_proof(enrolment_token: str, ca_pem: bytes) -> str:
    """Return the HMAC-SHA256 by which a kit recognises its town hall's genuine CA.

    Keyed with the enrolment token, which a kit has before it trusts anything: a party in
    between that does not know the token cannot offer its own CA (as with kubeadm's
    token-based discovery). The token itself never crosses the unverified connection.
    """
    digest = fingerprint(load_certificate(ca_pem))
    message = f"koffer-ca-discovery:{digest}".encode("ascii")
    return hmac.new(enrolment_token.encode("utf-8"), message, hashlib.sha256).hexdigest()


def check_discovery_proof(enrolment_token: str, ca_pem: bytes, proof: str) -> bool:
    """Return whether ``proof`` shows that ``ca_pem`` comes from the holder of the token."""
    return hmac.compare_digest(discovery_proof(enrolment_token, ca_pem), proof)
