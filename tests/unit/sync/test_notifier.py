"""Citizens hear about status changes by e-mail: the SMTP notifier against a local server."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from koffer.sync.townhall.notify import (
    NotificationFailed,
    SmtpNotifier,
    SmtpSettings,
    clean_address,
    status_message,
)
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.sync.townhall.status import CaseStatus
from tests.unit.sync.townhall_support import (
    ADMIN_TOKEN,
    BIRTH_DATE,
    REFERENCE,
    TOKEN,
    change_status,
    enrol,
    provide_key,
    submit,
)

SENDER = "buergerbuero@rathaus.example"
CITIZEN = "ana.nunez@example.org"


@dataclass
class Mailbox:
    """An aiosmtpd handler that keeps what it receives."""

    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def authenticate(
        self, _server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"townhall",
            b"s3cret",
        ):
            self.logins.append(data.login.decode())
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    """A plain SMTP server on 127.0.0.1 (as a local relay would be)."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_mailbox(tmp_path: Path) -> Iterator[tuple[Mailbox, int, Path]]:
    """A submission server on 127.0.0.1 that demands STARTTLS before AUTH and mail."""
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box = Mailbox()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=box.authenticate,
        auth_require_tls=True,
    )
    controller.start()
    yield box, controller.port, cert
    controller.stop()


def _plain(port: int) -> SmtpNotifier:
    return SmtpNotifier(SmtpSettings("127.0.0.1", port, SENDER, starttls=False))


def test_smtp_notifier_delivers_a_message(mailbox: tuple[Mailbox, int]) -> None:
    box, port = mailbox
    _plain(port).notify(CITIZEN, "Betreff / Subject", "Grüße\n")
    [(sender, recipients, message)] = box.messages
    assert (sender, recipients) == (SENDER, [CITIZEN])
    assert message["Subject"] == "Betreff / Subject"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content().replace("\r\n", "\n") == "Grüße\n"


def test_smtp_notifier_uses_starttls_and_login(tls_mailbox: tuple[Mailbox, int, Path]) -> None:
    box, port, cert = tls_mailbox
    settings = SmtpSettings.from_env(
        "127.0.0.1",
        port,
        SENDER,
        environ={
            "KOFFER_SMTP_USER": "townhall",
            "KOFFER_SMTP_PASSWORD": "s3cret",
            "KOFFER_SMTP_CA_FILE": str(cert),
        },
    )
    assert "s3cret" not in repr(settings)
    SmtpNotifier(settings).notify(CITIZEN, "s", "t\n")
    assert box.logins == ["townhall"]
    assert len(box.messages) == 1


def test_smtp_notifier_refuses_an_unverified_server(tls_mailbox: tuple[Mailbox, int, Path]) -> None:
    box, port, _cert = tls_mailbox
    notifier = SmtpNotifier(SmtpSettings("127.0.0.1", port, SENDER, starttls=True))
    with pytest.raises(NotificationFailed):
        notifier.notify(CITIZEN, "s", "t\n")
    assert box.messages == []


def test_smtp_notifier_without_starttls_is_refused_by_such_a_server(
    tls_mailbox: tuple[Mailbox, int, Path],
) -> None:
    box, port, _cert = tls_mailbox
    with pytest.raises(NotificationFailed):
        _plain(port).notify(CITIZEN, "s", "t\n")
    assert box.messages == []


def test_unreachable_server_is_a_notification_failure() -> None:
    with pytest.raises(NotificationFailed, match="Error"):
        _plain(_free_port()).notify(CITIZEN, "s", "t\n")


def test_status_message_is_german_and_english_with_reference_and_status() -> None:
    subject, text = status_message(REFERENCE, CaseStatus.READY_FOR_PICKUP)
    assert REFERENCE in subject
    assert REFERENCE in text
    assert "zur Abholung bereit" in text
    assert "ready for pickup" in text
    assert text.index("Guten Tag") < text.index("Hello")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" ana@example.org ", "ana@example.org"),
        ("ana@example", None),
        ("ana.example.org", None),
        ("ana@example.org\r\nBcc: x@example.org", None),
        ("Ana <ana@example.org>", None),
        ("a@b@example.org", None),
        ("a" * 250 + "@example.org", None),
        (42, None),
        (None, None),
    ],
)
def test_notification_addresses_are_checked(value: object, expected: str | None) -> None:
    assert clean_address(value) == expected


@pytest.fixture
def notifying_townhall(
    tmp_path: Path, mailbox: tuple[Mailbox, int]
) -> Iterator[tuple[httpx.Client, Mailbox]]:
    box, port = mailbox
    provide_key(tmp_path)
    with (
        EmbeddedTownhall(tmp_path, TOKEN, admin_token=ADMIN_TOKEN, notifier=_plain(port)) as th,
        httpx.Client(base_url=th.url, timeout=10) as http,
    ):
        yield http, box


def test_citizen_who_asked_is_told_of_each_status_change(
    notifying_townhall: tuple[httpx.Client, Mailbox],
) -> None:
    http, box = notifying_townhall
    kit = enrol(http)
    submit(
        http,
        kit,
        notify_email=CITIZEN,
        person={"surname": "Núñez", "given_names": "Ana", "street": "Lindenweg"},
    )
    response = change_status(http, "in_processing")
    assert response.json()["notification"] == "sent"
    change_status(http, "rejected", reason="Meldebescheinigung von Frau Núñez fehlt")
    assert len(box.messages) == 2
    first, second = (message for _from, _to, message in box.messages)
    assert first["To"] == CITIZEN
    body = first.get_content()
    assert REFERENCE in body
    assert "in Bearbeitung" in body
    assert "in processing" in body
    assert "abgelehnt" in second.get_content()
    for message in (first, second):
        whole = message.as_string() + message.get_content()
        for personal in ("Núñez", "Nunez", "Ana ", "Lindenweg", BIRTH_DATE, "Meldebescheinigung"):
            assert personal not in whole


def test_no_mail_without_the_citizens_request(
    notifying_townhall: tuple[httpx.Client, Mailbox],
) -> None:
    http, box = notifying_townhall
    submit(http, enrol(http))
    assert change_status(http, "in_processing").json()["notification"] == "not_requested"
    assert box.messages == []


def test_a_failed_mail_does_not_undo_the_status_change(tmp_path: Path) -> None:
    provide_key(tmp_path)
    dead = _plain(_free_port())
    with (
        EmbeddedTownhall(tmp_path, TOKEN, admin_token=ADMIN_TOKEN, notifier=dead) as townhall,
        httpx.Client(base_url=townhall.url, timeout=10) as http,
    ):
        kit = enrol(http)
        submit(http, kit, notify_email=CITIZEN)
        response = change_status(http, "in_processing")
        assert response.status_code == 200
        assert response.json()["notification"] == "failed"
        lookup = http.post(
            "/v1/status-lookup", json={"reference": REFERENCE, "birth_date": BIRTH_DATE}
        )
        assert lookup.json()["status"] == "in_processing"
