"""Runs the town-hall service: in the foreground (``koffer townhall serve``) or embedded."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable
from pathlib import Path

import uvicorn
from sqlalchemy import Engine, create_engine, event

from koffer.sync import pki
from koffer.sync.townhall import keys, migrate
from koffer.sync.townhall.app import create_app
from koffer.sync.townhall.notify import Notifier
from koffer.sync.townhall.ratelimit import TokenBucket
from koffer.sync.townhall.tls import ClientCertificateProtocol


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    # Readers (status lookups, event pulls) do not wait for a writer, and a submission's
    # commit appends to the log instead of rewriting pages; FULL keeps every answered commit.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def open_database(url: str) -> Engine:
    """Connect to the town-hall database and migrate it to the newest revision.

    Raises:
        migrate.ForeignDatabase: When the database holds tables that are not the town hall's.
    """
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def build_server(
    db_url: str,
    data_dir: Path,
    enrolment_token: str,
    host: str,
    port: int,
    *,
    admin_token: str = "",
    notifier: Notifier | None = None,
    lookup_limiter: TokenBucket | None = None,
    tls_dir: Path | None = None,
    kit_certificate_days: int = pki.KIT_DAYS,
) -> uvicorn.Server:
    """Return a configured (not yet running) uvicorn server.

    Args:
        db_url: SQLAlchemy URL of the town-hall database (migrated at start).
        data_dir: Where the town hall's key pair is kept (shared by all its processes).
        enrolment_token: What a kit must show to enrol.
        host: Address to listen on.
        port: Port to listen on.
        admin_token: What the back office must show; empty disables the admin routes.
        notifier: Sends citizens their status changes; None: no notifications.
        lookup_limiter: Rate limit of the citizen status lookup (per process); None: default.
        tls_dir: Where ``koffer townhall init`` put the CA and server certificate; given,
            the service speaks HTTPS only and kit routes require a kit certificate.
        kit_certificate_days: How long the kit certificates signed at enrolment are valid.

    Raises:
        FileNotFoundError: When ``tls_dir`` lacks the CA or the server certificate.
    """
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    authority = pki.Authority.load(tls_dir) if tls_dir is not None else None
    engine = open_database(db_url)
    try:
        app = create_app(
            engine,
            keys.load_or_create(data_dir),
            enrolment_token,
            admin_token=admin_token,
            notifier=notifier,
            lookup_limiter=lookup_limiter,
            authority=authority,
            kit_certificate_days=kit_certificate_days,
        )
    except BaseException:
        engine.dispose()
        raise
    if tls_dir is None:
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
        return uvicorn.Server(config)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        http=ClientCertificateProtocol,
        ssl_certfile=tls_dir / pki.SERVER_FILE,
        ssl_keyfile=tls_dir / pki.SERVER_KEY_FILE,
        ssl_ca_certs=tls_dir / pki.CA_FILE,
        # Optional at the TLS layer so that a kit can enrol without one; a certificate
        # presented must verify against the CA. The app requires it on every kit route.
        ssl_cert_reqs=ssl.CERT_OPTIONAL,
        ssl_context_factory=_server_context,
    )
    return uvicorn.Server(config)


# OpenSSL's X509_V_FLAG_NO_CHECK_TIME (the ssl module has no name for it).
_NO_CHECK_TIME = 0x200000


def _server_context(
    _config: uvicorn.Config, default: Callable[[], ssl.SSLContext]
) -> ssl.SSLContext:
    """Return uvicorn's context: at least TLS 1.2, client certificate times left to the app.

    A client certificate failing verification ends the handshake, and asyncio drops the
    connection without sending the TLS alert, so the kit could not tell why. The validity
    period is therefore checked by the app on every kit route (``certificate-expired`` or
    ``certificate-not-yet-valid`` for a skewed clock, as HTTP 403); the signature by the CA
    is still checked in the handshake.
    """
    context = default()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.verify_flags |= _NO_CHECK_TIME
    return context


class EmbeddedTownhall:
    """A town hall on 127.0.0.1 in a background thread, for the demo and for tests."""

    def __init__(
        self,
        data_dir: Path,
        enrolment_token: str,
        db_url: str = "",
        *,
        admin_token: str = "",
        notifier: Notifier | None = None,
        lookup_limiter: TokenBucket | None = None,
        tls: bool = False,
        kit_certificate_days: int = pki.KIT_DAYS,
    ) -> None:
        """Prepare (not start) a town hall keeping its data in ``data_dir``.

        With ``tls`` it serves mutual TLS like ``koffer townhall serve --tls-dir``, with a CA
        made on first start in ``data_dir / "tls"`` for 127.0.0.1.
        """
        self.data_dir = data_dir
        self.tls_dir = data_dir / "tls" if tls else None
        self.kit_certificate_days = kit_certificate_days
        self.enrolment_token = enrolment_token
        self.admin_token = admin_token
        self.notifier = notifier
        self.lookup_limiter = lookup_limiter
        self.db_url = db_url or f"sqlite:///{data_dir / 'townhall.db'}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """Base URL of the running service."""
        scheme = "https" if self.tls_dir is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def ca_certificate(self) -> bytes | None:
        """The CA kits pin (PEM), when serving TLS."""
        if self.tls_dir is None:
            return None
        return (self.tls_dir / pki.CA_FILE).read_bytes()

    def start(self, timeout_s: float = 15.0) -> str:
        """Start serving on a free loopback port and return the URL."""
        # IPPROTO_TCP spelled out: asyncio only sets TCP_NODELAY on accepted sockets whose
        # protocol number says TCP, and without it every answer waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        try:
            if self.tls_dir is not None and not (self.tls_dir / pki.SERVER_FILE).exists():
                pki.init_directory(self.tls_dir, ("127.0.0.1",))
            server = build_server(
                self.db_url,
                self.data_dir,
                self.enrolment_token,
                "127.0.0.1",
                self.port,
                admin_token=self.admin_token,
                notifier=self.notifier,
                lookup_limiter=self.lookup_limiter,
                tls_dir=self.tls_dir,
                kit_certificate_days=self.kit_certificate_days,
            )
        except BaseException:
            sock.close()
            raise
        server.config.lifespan = "off"
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="townhall", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                msg = "embedded town hall did not start"
                raise RuntimeError(msg)
            time.sleep(0.02)
        return self.url

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = None
        self._thread = None

    def __enter__(self) -> EmbeddedTownhall:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
