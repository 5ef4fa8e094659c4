"""Mutual TLS for the town hall: the kit's certificate, handed from the connection to the app.

uvicorn (up to the version used here) does not put the client certificate into the ASGI
scope. :class:`ClientCertificateProtocol` is uvicorn's h11 protocol, which uvicorn accepts
as a class in ``Config(http=...)``; it reads the peer certificate once per connection, when
the handshake is complete, and adds it to every request's scope under
``scope["extensions"]["tls"]`` as the ASGI TLS extension specifies (``client_cert_chain``:
PEM strings, the client's own certificate first). Once uvicorn fills that extension itself,
this class can go and the app stays as it is.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Any, cast

from uvicorn._types import ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.protocols.http.h11_impl import H11Protocol

# ASGI TLS extension: the TLS version as the integer of the TLS specification.
_TLS_VERSIONS = {"TLSv1.2": 0x0303, "TLSv1.3": 0x0304}


def connection_tls(transport: asyncio.BaseTransport) -> dict[str, Any] | None:
    """Return the ASGI ``tls`` extension for a connection (None when not TLS)."""
    ssl_object: ssl.SSLObject | None = transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(binary_form=True)
    return {
        "server_cert": None,
        "client_cert_chain": [ssl.DER_cert_to_PEM_cert(der)] if der else [],
        "client_cert_name": None,
        # A certificate that fails verification ends the handshake: never seen here.
        "client_cert_error": None,
        "tls_version": _TLS_VERSIONS.get(ssl_object.version() or ""),
        "cipher_suite": None,
    }


class ClientCertificateProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, adding the ASGI TLS extension to each request."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Read the client certificate (the handshake is done) and wrap the app with it."""
        super().connection_made(transport)
        tls = connection_tls(transport)
        if tls is None:
            return
        app = self.app

        async def with_tls(
            scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable
        ) -> None:
            plain = cast("dict[str, Any]", scope)
            plain["extensions"] = {**(plain.get("extensions") or {}), "tls": tls}
            await app(scope, receive, send)

        self.app = with_tls


def client_certificate_pem(scope: dict[str, Any]) -> str | None:
    """Return the verified client certificate of a request (PEM), or None."""
    tls = (scope.get("extensions") or {}).get("tls") or {}
    chain = tls.get("client_cert_chain") or []
    return str(chain[0]) if chain else None
