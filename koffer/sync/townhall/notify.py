"""Tells citizens about status changes of their case: the notifier interface and SMTP.

The message names the case reference and the new status, in German with an English part,
and nothing else: no name, no date of birth, no reason for a rejection (the citizen hears
that at the counter or by letter).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol

from koffer.sync.townhall.status import LABELS, CaseStatus

MAX_ADDRESS_LENGTH = 254


class NotificationFailed(Exception):
    """The message could not be handed to the mail server."""


class Notifier(Protocol):
    """Sends a short text message to a citizen."""

    def notify(self, address: str, subject: str, text: str) -> None:
        """Send ``text`` under ``subject`` to ``address``.

        Raises:
            NotificationFailed: When the message could not be handed over.
        """


class NoNotifier:
    """A town hall without a mail server: notifications are not sent."""

    def notify(self, address: str, subject: str, text: str) -> None:
        """Refuse: nothing is configured to send with."""
        del address, subject, text
        raise NotificationFailed("no notifier configured")


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how the town hall hands mail over.

    Attributes:
        host: Mail server (submission or relay).
        port: Its port (587 for submission with STARTTLS, 25 for a local relay).
        sender: The From address.
        starttls: Whether to switch to TLS before logging in or sending.
        user: Login; empty for none.
        password: Password for ``user``.
        ca_file: CA certificates to check the server against (empty: the system's).
        timeout_s: Socket timeout.
    """

    host: str
    port: int
    sender: str
    starttls: bool = True
    user: str = ""
    password: str = field(default="", repr=False)
    ca_file: str = ""
    timeout_s: float = 10.0

    @classmethod
    def from_env(
        cls,
        host: str,
        port: int,
        sender: str,
        starttls: bool = True,
        environ: Mapping[str, str] | None = None,
    ) -> SmtpSettings:
        """Build settings with the login from ``KOFFER_SMTP_USER`` / ``KOFFER_SMTP_PASSWORD``.

        Credentials come from the environment so they stay off command lines and out of
        process listings.
        """
        env = os.environ if environ is None else environ
        return cls(
            host=host,
            port=port,
            sender=sender,
            starttls=starttls,
            user=env.get("KOFFER_SMTP_USER", ""),
            password=env.get("KOFFER_SMTP_PASSWORD", ""),
            ca_file=env.get("KOFFER_SMTP_CA_FILE", ""),
        )


class SmtpNotifier:
    """Sends notifications over SMTP (stdlib ``smtplib``), one connection per message."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def notify(self, address: str, subject: str, text: str) -> None:
        """Send one plain-text message.

        Raises:
            NotificationFailed: On any SMTP or network error; the text of the exception
                names only its kind, never the address.
        """
        settings = self.settings
        message = EmailMessage()
        message["From"] = settings.sender
        message["To"] = address
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(text)
        try:
            with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s) as smtp:
                if settings.starttls:
                    context = ssl.create_default_context(cafile=settings.ca_file or None)
                    smtp.starttls(context=context)
                if settings.user:
                    smtp.login(settings.user, settings.password)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            raise NotificationFailed(type(exc).__name__) from exc


def clean_address(value: object) -> str | None:
    """Return ``value`` as an e-mail address fit for a To header, or None.

    Only a plausibility check: one ``@``, no whitespace or control characters (no header
    injection), at most 254 characters.
    """
    if not isinstance(value, str):
        return None
    address = value.strip()
    local, at, domain = address.partition("@")
    if (
        not at
        or not local
        or "." not in domain
        or "@" in domain
        or len(address) > MAX_ADDRESS_LENGTH
        or any(ch.isspace() or ord(ch) < 32 or ch in "<>,;\"'()" for ch in address)
    ):
        return None
    return address


def status_message(reference: str, status: CaseStatus) -> tuple[str, str]:
    """Return subject and text telling a citizen that case ``reference`` is now ``status``."""
    german, english = LABELS[status]
    subject = f"Ihr Antrag {reference}: {german} / Your application: {english}"
    text = (
        "Guten Tag,\n\n"
        f"der Bearbeitungsstand Ihres Antrags mit dem Aktenzeichen {reference} hat sich "
        f"geändert. Neuer Stand: {german}.\n\n"
        "Sie haben bei der Antragstellung um diese Benachrichtigung gebeten. Bitte antworten "
        "Sie nicht auf diese automatisch erzeugte Nachricht; bei Fragen wenden Sie sich an "
        "Ihr Bürgerbüro und nennen Sie das Aktenzeichen.\n\n"
        "Ihr Bürgerbüro\n\n"
        "-- English --\n\n"
        "Hello,\n\n"
        f"the status of your application with case reference {reference} has changed. "
        f"New status: {english}.\n\n"
        "You asked for this notification when you applied. Please do not reply to this "
        "automatically generated message; if you have questions, contact your citizens' "
        "office and quote the case reference.\n\n"
        "Your citizens' office\n"
    )
    return subject, text
