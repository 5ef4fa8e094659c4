"""Clerk credentials: each clerk's passphrase wraps the kit data key (Argon2id + AES-GCM).

Five wrong passphrases in a row lock a login out with a growing delay; the count survives a
restart because it is stored with the wrap. An unknown login costs the same key derivation as
a known one, so timing does not tell which logins exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from koffer import crypto
from koffer.domain.errors import LockedOut, ValidationError, WrongPassphrase
from koffer.storage.models import ClerkKey

FREE_ATTEMPTS = 5
FIRST_DELAY_S = 30
MAX_DELAY_S = 3600


def lockout_delay(failed_attempts: int) -> timedelta:
    """Return how long a login waits after ``failed_attempts`` wrong passphrases in a row."""
    if failed_attempts < FREE_ATTEMPTS:
        return timedelta(0)
    return timedelta(
        seconds=min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failed_attempts - FREE_ATTEMPTS))
    )


def _context(login: str) -> bytes:
    return f"clerk:{login}".encode()


class ClerkKeys:
    """The wraps of the kit data key, one per clerk."""

    def __init__(
        self,
        engine: Callable[[], Engine],
        kdf: crypto.KdfParams,
        min_passphrase: int,
        clock: Callable[[], datetime],
    ) -> None:
        self._engine = engine
        self._kdf = kdf
        self._min_passphrase = min_passphrase
        self._now = clock

    def logins(self) -> list[str]:
        """Return the enrolled logins."""
        with Session(self._engine()) as session:
            return list(session.scalars(select(ClerkKey.login).order_by(ClerkKey.login)))

    def add(self, login: str, passphrase: str, data_key: bytes) -> None:
        """Wrap ``data_key`` for a new clerk.

        Raises:
            ValidationError: For an empty or taken login or a too short passphrase.
        """
        login = login.strip()
        if not login:
            raise ValidationError("login", "error.required")
        if login in self.logins():
            raise ValidationError("login", "error.login_taken")
        self._check_passphrase(passphrase)
        with Session(self._engine()) as session, session.begin():
            session.add(
                ClerkKey(login=login, kdf="", salt=b"", wrapped_key=b"", created_at=self._now())
            )
            self._wrap(session, login, passphrase, data_key)

    def replace_passphrase(self, login: str, passphrase: str, data_key: bytes) -> None:
        """Give an existing clerk a new passphrase (after recovery), clearing any lock-out."""
        self._check_passphrase(passphrase)
        with Session(self._engine()) as session, session.begin():
            self._wrap(session, login, passphrase, data_key)

    def _check_passphrase(self, passphrase: str) -> None:
        if len(passphrase) < self._min_passphrase:
            raise ValidationError(
                "passphrase", "error.passphrase_too_short", minimum=self._min_passphrase
            )

    def _wrap(self, session: Session, login: str, passphrase: str, data_key: bytes) -> None:
        row = session.scalars(select(ClerkKey).where(ClerkKey.login == login)).one()
        row.salt = crypto.new_salt()
        row.kdf = json.dumps(self._kdf.to_dict())
        row.wrapped_key = crypto.seal(
            crypto.derive_kek(passphrase, row.salt, self._kdf), data_key, _context(login)
        )
        row.failed_attempts = 0
        row.locked_until = None

    def unwrap(self, login: str, passphrase: str) -> tuple[str, bytes]:
        """Return (login, kit data key) for a correct passphrase.

        Raises:
            LockedOut: While the login waits after too many wrong passphrases.
            WrongPassphrase: When login or passphrase is wrong (the two are not told apart).
        """
        now = self._now()
        with Session(self._engine()) as session, session.begin():
            row = session.scalars(select(ClerkKey).where(ClerkKey.login == login.strip())).first()
            if row is None:
                crypto.derive_kek(passphrase, crypto.new_salt(), self._kdf)  # same cost
                raise WrongPassphrase
            if row.locked_until is not None and row.locked_until > now:
                seconds = int((row.locked_until - now).total_seconds()) + 1
                raise LockedOut(f"{seconds} s", seconds=seconds)
            params = crypto.KdfParams(**json.loads(row.kdf))
            kek = crypto.derive_kek(passphrase, row.salt, params)
            try:
                key = crypto.unseal(kek, row.wrapped_key, _context(row.login))
            except crypto.CryptoError:
                row.failed_attempts += 1
                delay = lockout_delay(row.failed_attempts)
                row.locked_until = now + delay if delay else None
                failed = True
            else:
                row.failed_attempts = 0
                row.locked_until = None
                failed = False
            login_found = row.login
        if failed:
            raise WrongPassphrase
        return login_found, key

    def delete_all(self, session: Session) -> None:
        """Destroy every wrap (inside the caller's transaction)."""
        for row in session.scalars(select(ClerkKey)):
            session.delete(row)
