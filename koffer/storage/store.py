"""The encrypted kit store: opening, clerk sessions, locking, escrow, wiping, units of work."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from joserfc.jwk import RSAKey
from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from koffer import crypto
from koffer.domain.errors import (
    DiskFull,
    ForeignDatabase,
    StoreCorrupt,
    StoreLocked,
    ValidationError,
    WrongPassphrase,
)
from koffer.startup import DB_NAME
from koffer.storage import logbook
from koffer.storage.checkpoint import AUTOCHECKPOINT_PAGES, Checkpointer
from koffer.storage.clerks import ClerkKeys
from koffer.storage.models import Base, CaseRow, KeyEscrow, OutboxRow
from koffer.storage.repository import UnitOfWork, begin_immediate

SQLITE_HEADER = b"SQLite format 3\x00"
LOG_KEY = "log_private_key"
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003", "0004", "0005"})
HEAD_REVISION = "0005"  # a test holds this to Alembic's head


@dataclass(frozen=True)
class StoreStatus:
    """The store's state as a kit check reports it (no key needed)."""

    initialised: bool
    clerks: int
    outbox: dict[str, int]
    oldest_queued_at: datetime | None  # when the oldest unsent case was queued (naive UTC)


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would run DDL outside any transaction, so a crash in a migration could leave a
    # half-made schema. Taking over BEGIN (see _begin) makes migrations atomic.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA secure_delete=ON")
    # Sorts and temporary tables stay in memory: SQLite's temp files would hold plaintext
    # column values of queries (only sealed blobs here, but nothing should rely on that).
    cursor.execute("PRAGMA temp_store=MEMORY")
    # Checkpoints run on the store's own thread (see checkpoint.py); this is the fallback.
    cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
    cursor.close()


def _begin(connection: Any) -> None:
    # Straight to the driver: SQLAlchemy's statement machinery would double a save's set-up.
    raw = connection.connection.driver_connection
    if not raw.in_transaction:  # a unit of work began it already (see UnitOfWork.session)
        begin_immediate(raw)


class KitStore:
    """The kit's database with its personal data sealed under the kit data key.

    A clerk's passphrase unlocks the store: Argon2id turns it into a key-encryption key that
    unwraps the kit data key. Several clerks each hold their own wrap of the same key. After
    ``idle_timeout_s`` without a unit of work the store locks itself.
    """

    def __init__(
        self,
        data_dir: Path,
        kdf: crypto.KdfParams,
        min_passphrase: int = 8,
        idle_timeout_s: float | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.data_dir = data_dir
        self.idle_timeout_s = idle_timeout_s
        self._now = clock
        self._key: bytes | None = None
        # The data key's AES-GCM context, made once per unlock rather than once per unit of
        # work (building it is a noticeable part of a save's set-up); dropped with the key.
        self._sealer: tuple[bytes, crypto.Sealer] | None = None
        self._names: dict[str, str] = {}  # decrypted display names, only while unlocked
        self._last_activity = 0.0
        self.clerk: str | None = None
        self._engine: Engine | None = None
        self._open_lock = threading.Lock()
        self._checkpointer: Checkpointer | None = None
        self._worker: Connection | None = None  # the connection kept for units of work
        self._worker_lock = threading.Lock()  # held by the unit of work using it
        self.clerk_keys = ClerkKeys(lambda: self.engine, kdf, min_passphrase, clock)

    @property
    def path(self) -> Path:
        """The SQLite database file."""
        return self.data_dir / DB_NAME

    @property
    def engine(self) -> Engine:
        """The store's engine, created and migrated on first use."""
        return self._open()

    def _open(self) -> Engine:
        with self._open_lock:
            if self._engine is None:
                self._check_file()
                self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
                self.data_dir.chmod(0o700)
                # SQLite gives the WAL and shared-memory files the database file's mode, so
                # creating the file 0600 first keeps all three private without a umask change.
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
                self.path.chmod(0o600)
                engine = create_engine(f"sqlite:///{self.path}")
                event.listen(engine, "connect", _sqlite_pragmas)
                event.listen(engine, "begin", _begin)
                try:
                    self._migrate(engine)
                except DatabaseError as exc:
                    engine.dispose()
                    raise StoreCorrupt(str(exc.orig)) from exc
                except ForeignDatabase:
                    engine.dispose()
                    raise
                self._engine = engine
                self._checkpointer = Checkpointer(engine)
            return self._engine

    def _check_file(self) -> None:
        if self.path.is_file() and self.path.stat().st_size:
            with self.path.open("rb") as handle:
                if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    raise StoreCorrupt("not an SQLite file")

    @staticmethod
    def _migrate(engine: Engine) -> None:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if tables and "alembic_version" not in tables:
                names = ", ".join(sorted(tables)[:3])
                raise ForeignDatabase(names)
            if "alembic_version" in tables:
                revision = connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalar()
                if revision not in KNOWN_REVISIONS:
                    detail = f"schema {revision}"
                    raise ForeignDatabase(detail)
                if revision == HEAD_REVISION:  # the usual start: Alembic is not even imported
                    connection.commit()
                    return
            connection.commit()  # end the inspection's transaction
            from koffer.storage import migrate  # only when there is work: Alembic is slow to import

            # Batch migrations copy tables; with foreign keys on, dropping the old copy would
            # cascade-delete dependent rows. The pragma only takes effect outside a transaction,
            # so it goes straight to the driver connection (in autocommit between transactions).
            raw: Any = connection.connection.driver_connection
            raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with connection.begin():  # one transaction: a crash leaves the old schema
                    migrate.upgrade(connection)
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StoreCorrupt("foreign key check")
            finally:
                raw.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        """Lock the store and release the database."""
        self.lock()
        with self._worker_lock:  # a unit of work under way on another thread ends first
            if self._worker is not None:
                self._worker.close()
                self._worker = None
        with self._open_lock:
            if self._checkpointer is not None:
                self._checkpointer.stop()
                self._checkpointer = None
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    # --- clerks and sessions ----------------------------------------------------------

    def is_initialised(self) -> bool:
        """Return whether at least one clerk has been enrolled."""
        return bool(self.clerk_keys.logins())

    def clerks(self) -> list[str]:
        """Return the logins of the enrolled clerks."""
        return self.clerk_keys.logins()

    def create(self, login: str, passphrase: str) -> None:
        """Create the kit data key and the first clerk, and unlock the store."""
        if self.is_initialised():
            raise ValidationError("login", "error.already_initialised")
        self.clerk_keys.add(login, passphrase, crypto.new_key())
        self.unlock(login, passphrase)
        with self.unit_of_work() as uow:
            uow.mark_synced()  # the offline period starts with the kit

    def add_clerk(self, login: str, passphrase: str) -> None:
        """Give another clerk a wrap of the kit data key (the store must be unlocked)."""
        self.clerk_keys.add(login, passphrase, self.key)

    def unlock(self, login: str, passphrase: str) -> None:
        """Unwrap the kit data key with a clerk's passphrase.

        Raises:
            LockedOut: While the login waits after too many wrong passphrases.
            WrongPassphrase: When login or passphrase is wrong (the two are not told apart).
        """
        self.clerk, self._key = self.clerk_keys.unwrap(login, passphrase)
        self._last_activity = time.monotonic()
        self._publish_log_key()

    def _publish_log_key(self) -> None:
        """Give the kit a log key on first unlock, and (re)publish its public half."""
        with self.unit_of_work() as uow:
            stored = uow.secret(LOG_KEY)
            if stored is None:
                private, public = crypto.new_log_key()
                uow.set_secret(LOG_KEY, private.hex())
            else:
                private = bytes.fromhex(stored)
                public = crypto.log_public_key(private)
        if logbook.read_public_key(self.data_dir) != public:
            logbook.write_public_key(self.data_dir, public)

    def log_private_key(self) -> bytes:
        """The private log key, which opens the sealed logs (the store must be unlocked)."""
        with self.unit_of_work() as uow:
            return bytes.fromhex(uow.secret(LOG_KEY))

    def lock(self) -> None:
        """Forget the data key; the store needs a passphrase again."""
        self._key = None
        self._sealer = None
        self.clerk = None
        self._names = {}

    @property
    def unlocked(self) -> bool:
        """Whether the data key is in memory (and the idle time has not run out)."""
        try:
            self._active_key()
        except StoreLocked:
            return False
        return True

    @property
    def key(self) -> bytes:
        """The kit data key; using it counts as activity.

        Raises:
            StoreLocked: When no clerk has unlocked the store, or it locked itself when idle.
        """
        key = self._active_key()
        self._last_activity = time.monotonic()
        return key

    def touch(self) -> None:
        """Count the clerk's input (typing, clicking) as activity, if the store is unlocked."""
        if self.unlocked:
            self._last_activity = time.monotonic()

    def _active_key(self) -> bytes:
        if (
            self._key is not None
            and self.idle_timeout_s is not None
            and (time.monotonic() - self._last_activity > self.idle_timeout_s)
        ):
            self.lock()
        if self._key is None:
            raise StoreLocked
        return self._key

    def status(self) -> StoreStatus:
        """What a kit check may know without a passphrase: counts and times, nothing sealed."""
        if not self.path.exists():
            return StoreStatus(initialised=False, clerks=0, outbox={}, oldest_queued_at=None)
        clerks = len(self.clerks())
        with Session(self.engine) as session:
            outbox = dict(
                session.execute(
                    select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
                ).all()
            )
            oldest = session.scalars(
                select(func.min(CaseRow.updated_at))
                .join(OutboxRow, OutboxRow.case_id == CaseRow.id)
                .where(OutboxRow.state.in_(["pending", "failed"]))
            ).first()
        return StoreStatus(clerks > 0, clerks, outbox, oldest)

    # --- escrow and wipe --------------------------------------------------------------

    def escrow_to(self, townhall_public: RSAKey) -> None:
        """Keep the kit data key encrypted to a town hall, which can recover it."""
        wrapped = crypto.escrow_key(self._active_key(), townhall_public)  # background: sync
        kid = townhall_public.thumbprint()
        with Session(self.engine) as session, session.begin():
            row = session.get(KeyEscrow, kid)
            if row is None:
                session.add(
                    KeyEscrow(townhall_kid=kid, wrapped_key=wrapped, created_at=self._now())
                )
            else:
                row.wrapped_key = wrapped

    def recover(self, townhall_private: RSAKey, login: str, new_passphrase: str) -> None:
        """Recover a forgotten passphrase with the town hall's key and unlock the store.

        The clerk ``login`` gets ``new_passphrase`` (a new clerk is enrolled if unknown).

        Raises:
            WrongPassphrase: When no escrow here was made for that town-hall key.
        """
        with Session(self.engine) as session:
            row = session.get(KeyEscrow, townhall_private.thumbprint())
        if row is None:
            raise WrongPassphrase("no escrow for this town-hall key")
        try:
            key = crypto.recover_escrowed_key(row.wrapped_key, townhall_private)
        except crypto.CryptoError as exc:
            raise WrongPassphrase(str(exc)) from exc
        if login.strip() in self.clerk_keys.logins():
            self.clerk_keys.replace_passphrase(login.strip(), new_passphrase, key)
        else:
            self.clerk_keys.add(login, new_passphrase, key)
        self.unlock(login, new_passphrase)
        with self.unit_of_work() as uow:
            uow.audit("kit.recovered")

    def wipe(self) -> None:
        """Destroy every key and all data: after this nothing in the store can be read."""
        engine = self.engine
        if self._checkpointer is not None:
            self._checkpointer.stop()  # the final checkpoint below must be the only one
        with Session(engine) as session, session.begin():
            self.clerk_keys.delete_all(session)
            for table in reversed(Base.metadata.sorted_tables):
                session.execute(table.delete())
        with engine.connect() as connection:
            raw: Any = connection.connection.driver_connection  # outside any transaction
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.execute("VACUUM")
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        # The logs are sealed to a key that is gone now; they go too.
        shutil.rmtree(self.data_dir / logbook.LOG_DIR, ignore_errors=True)

    # --- units of work ----------------------------------------------------------------

    @contextmanager
    def unit_of_work(self, *, activity: bool = True) -> Iterator[UnitOfWork]:
        """Run one user action in one transaction; commit on success, roll back on error.

        ``activity=False`` marks background work (sync, legal deletion, a list refresh after
        sync): it needs the store unlocked but does not keep it from locking when idle.

        Raises:
            DiskFull: When the disk is full (the transaction is rolled back).
            StoreCorrupt: When SQLite finds the file damaged.
        """
        key = self.key if activity else self._active_key()
        sealer = self._sealer_for(key)
        engine = self._engine or self._open()
        try:
            with self._work_connection(engine) as connection:
                uow = UnitOfWork(connection, sealer, self._now, self.clerk or "", self._names)
                uow.begin()
                try:
                    yield uow
                    uow.commit()
                except BaseException:
                    uow.rollback()
                    raise
            if self._checkpointer is not None:
                self._checkpointer.nudge()
        # New rows, BEGIN and COMMIT go straight to the driver, so its errors arrive unwrapped.
        except (OperationalError, sqlite3.OperationalError) as exc:
            cause = exc.orig if isinstance(exc, OperationalError) else exc
            if isinstance(cause, sqlite3.OperationalError) and "full" in str(cause):
                raise DiskFull(str(cause)) from exc
            raise
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            # A broken constraint (foreign keys: at commit) is a caller's bug, not a damaged file.
            if isinstance(exc, (sqlite3.IntegrityError, IntegrityError)):
                raise
            raise StoreCorrupt(str(exc.orig if isinstance(exc, DatabaseError) else exc)) from exc

    def _sealer_for(self, key: bytes) -> crypto.Sealer:
        cached = self._sealer
        if cached is None or cached[0] is not key:
            cached = self._sealer = (key, crypto.Sealer(key))
        return cached[1]

    @contextmanager
    def _work_connection(self, engine: Engine) -> Iterator[Connection]:
        """The connection kept for units of work, or one from the pool while it is in use.

        SQLite lets one connection write at a time and every unit of work begins IMMEDIATE,
        so units of work take turns anyway. Keeping a connection for them spares each one
        the pool's checkout and reset-on-return (about a tenth of a millisecond of a save),
        and its page cache stays valid: the pool handed out its connections in turn, each
        finding its cache made stale by the other's last commit. While another unit of work
        holds it (another thread, or an enclosing one), a pooled connection waits for
        SQLite's lock as before.
        """
        if not self._worker_lock.acquire(blocking=False):
            with engine.connect() as connection:
                yield connection
            return
        try:
            if self._worker is None:
                self._worker = engine.connect()
            yield self._worker
        finally:
            self._worker_lock.release()
