"""The encrypted kit store: opening, clerk keys, locking, and units of work."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from koffer import crypto
from koffer.domain.errors import StoreLocked, ValidationError, WrongPassphrase
from koffer.storage import migrate
from koffer.storage.models import ClerkKey
from koffer.storage.repository import UnitOfWork

DB_NAME = "kit.db"


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


class KitStore:
    """The kit's database with its personal data sealed under the kit data key.

    A clerk's passphrase unlocks the store: Argon2id turns it into a key-encryption key that
    unwraps the kit data key. Several clerks each hold their own wrap of the same key.
    """

    def __init__(self, data_dir: Path, kdf: crypto.KdfParams, min_passphrase: int = 8) -> None:
        self.data_dir = data_dir
        self._kdf = kdf
        self._min_passphrase = min_passphrase
        self._key: bytes | None = None
        self.clerk: str | None = None
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._open_lock = threading.Lock()

    @property
    def path(self) -> Path:
        """The SQLite database file."""
        return self.data_dir / DB_NAME

    @property
    def engine(self) -> Engine:
        """The store's engine, created and migrated on first use."""
        return self._open()[0]

    def _open(self) -> tuple[Engine, sessionmaker[Session]]:
        with self._open_lock:
            if self._engine is None or self._sessions is None:
                self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
                self.data_dir.chmod(0o700)
                # SQLite gives the WAL and shared-memory files the database file's mode, so
                # creating the file 0600 first keeps all three private without a umask change.
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
                self.path.chmod(0o600)
                engine = create_engine(f"sqlite:///{self.path}")
                event.listen(engine, "connect", _sqlite_pragmas)
                with engine.begin() as connection:
                    migrate.upgrade(connection)
                self._engine = engine
                self._sessions = sessionmaker(engine, expire_on_commit=False)
            return self._engine, self._sessions

    def close(self) -> None:
        """Lock the store and release the database."""
        self.lock()
        with self._open_lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
                self._sessions = None

    # --- clerks and keys --------------------------------------------------------------

    def is_initialised(self) -> bool:
        """Return whether at least one clerk has been enrolled."""
        with Session(self.engine) as session:
            return session.scalars(select(ClerkKey.id).limit(1)).first() is not None

    def clerks(self) -> list[str]:
        """Return the logins of the enrolled clerks."""
        with Session(self.engine) as session:
            return list(session.scalars(select(ClerkKey.login).order_by(ClerkKey.login)))

    def create(self, login: str, passphrase: str) -> None:
        """Create the kit data key and the first clerk, and unlock the store."""
        if self.is_initialised():
            raise ValidationError("login", "error.already_initialised")
        self._add_clerk(login, passphrase, crypto.new_key())
        self.unlock(login, passphrase)

    def add_clerk(self, login: str, passphrase: str) -> None:
        """Give another clerk a wrap of the kit data key (the store must be unlocked)."""
        self._add_clerk(login, passphrase, self.key)

    def _add_clerk(self, login: str, passphrase: str, data_key: bytes) -> None:
        login = login.strip()
        if not login:
            raise ValidationError("login", "error.required")
        if len(passphrase) < self._min_passphrase:
            raise ValidationError(
                "passphrase", "error.passphrase_too_short", minimum=self._min_passphrase
            )
        salt = crypto.new_salt()
        kek = crypto.derive_kek(passphrase, salt, self._kdf)
        wrapped = crypto.seal(kek, data_key, f"clerk:{login}".encode())
        with Session(self.engine) as session, session.begin():
            session.add(
                ClerkKey(
                    login=login,
                    kdf=json.dumps(self._kdf.to_dict()),
                    salt=salt,
                    wrapped_key=wrapped,
                    created_at=utcnow(),
                )
            )

    def unlock(self, login: str, passphrase: str) -> None:
        """Unwrap the kit data key with a clerk's passphrase.

        Raises:
            WrongPassphrase: When login or passphrase is wrong (the two are not told apart).
        """
        with Session(self.engine) as session:
            row = session.scalars(select(ClerkKey).where(ClerkKey.login == login.strip())).first()
        if row is None:
            raise WrongPassphrase
        params = crypto.KdfParams(**json.loads(row.kdf))
        kek = crypto.derive_kek(passphrase, row.salt, params)
        try:
            self._key = crypto.unseal(kek, row.wrapped_key, f"clerk:{row.login}".encode())
        except crypto.CryptoError as exc:
            raise WrongPassphrase from exc
        self.clerk = row.login

    def lock(self) -> None:
        """Forget the data key; the store needs a passphrase again."""
        self._key = None
        self.clerk = None

    @property
    def unlocked(self) -> bool:
        """Whether the data key is in memory."""
        return self._key is not None

    @property
    def key(self) -> bytes:
        """The kit data key.

        Raises:
            StoreLocked: When no clerk has unlocked the store.
        """
        if self._key is None:
            raise StoreLocked
        return self._key

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """Run one user action in one transaction; commit on success, roll back on error."""
        key = self.key
        _engine, sessions = self._open()
        with sessions() as session, session.begin():
            yield UnitOfWork(session, key, utcnow)
