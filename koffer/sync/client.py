"""HTTP client of the town hall's receiving service (HTTPS with mutual TLS, or plain HTTP).

Over HTTPS the kit trusts only the town-hall CA it has pinned, never the system's CAs. The
CA is learnt once, before enrolment, from ``/v1/ca-certificate``; it is trusted only when
its HMAC under the enrolment token matches (see :func:`koffer.sync.pki.discovery_proof`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from koffer.domain.errors import SyncError
from koffer.sync import pki

# The header the town hall sets on the 403 a revoked kit gets (after checking its token).
ERROR_HEADER = "Koffer-Error"
KIT_REVOKED = "kit-revoked"
CERTIFICATE_REFUSED = "certificate-"
UNTRUSTED = "sync.untrusted_server"
REFUSED = "sync.certificate_refused"
# OpenSSL's words for the server refusing our certificate during the handshake (alerts).
_REFUSED_ALERTS = (
    "ALERT_UNKNOWN_CA",
    "ALERT_CERTIFICATE_EXPIRED",
    "ALERT_CERTIFICATE_REQUIRED",
    "ALERT_BAD_CERTIFICATE",
    "ALERT_CERTIFICATE_REVOKED",
    "ALERT_CERTIFICATE_UNKNOWN",
)


# What a town hall without the batch route answers there.
_NO_SUCH_ROUTE = {404, 405}


def _reason(response: httpx.Response) -> str:
    """Return the message key for a refused request.

    ``sync.revoked`` means the town hall has revoked this kit: the kit should stop syncing
    and wipe its keys and data (the data key is escrowed, so the town hall loses nothing).
    """
    code = response.status_code
    error = response.headers.get(ERROR_HEADER, "")
    if code == 403 and error == KIT_REVOKED:
        return "sync.revoked"
    if code == 403 and error.startswith(CERTIFICATE_REFUSED):
        return REFUSED
    if code in {401, 403}:
        return "sync.refused"
    return "sync.server_error" if code >= 500 else "sync.rejected"


def _transport_reason(exc: httpx.HTTPError) -> str:
    """Return the message key for a request that got no answer."""
    if isinstance(exc, httpx.TimeoutException):
        return "sync.timeout"
    text = str(exc).upper()
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return UNTRUSTED
    if any(alert in text for alert in _REFUSED_ALERTS):
        return REFUSED
    return "sync.unreachable"


@dataclass(frozen=True)
class Enrolment:
    """What the town hall hands a kit at enrolment."""

    kit_id: str
    kit_token: str
    encryption_key: dict[str, Any]
    # With mutual TLS: the kit's client certificate and the CA that signed it (PEM).
    certificate: str = ""
    ca_certificate: str = field(default="", repr=False)


@dataclass(frozen=True)
class Receipt:
    """The town hall's answer to a submission."""

    reference: str
    status: str
    duplicate: bool


@dataclass(frozen=True)
class UploadPlan:
    """A large attachment to upload: its index in the packet, its sealed size and hash."""

    index: int
    size: int
    sha256: str


@dataclass(frozen=True)
class UploadState:
    """What the town hall has of one upload."""

    index: int
    size: int
    sha256: str
    chunk_size: int
    chunks: int
    received: frozenset[int]


@dataclass(frozen=True)
class Uploads:
    """The town hall's answer about a packet's uploads."""

    submitted: bool
    states: dict[int, UploadState]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Uploads:
        """Read the town hall's JSON answer."""
        try:
            states = {
                int(u["index"]): UploadState(
                    int(u["index"]),
                    int(u["size"]),
                    str(u["sha256"]),
                    int(u["chunk_size"]),
                    int(u["chunks"]),
                    frozenset(int(n) for n in u["received"]),
                )
                for u in data["uploads"]
            }
            return cls(bool(data["submitted"]), states)
        except (KeyError, TypeError, ValueError) as exc:
            raise SyncError(f"malformed upload state: {exc}", reason="sync.rejected") from exc


@dataclass(frozen=True)
class StatusEvent:
    """A status change of a case, as the town hall reports it."""

    id: int
    case_reference: str
    status: str
    reason: str
    at: str


class TownhallClient:
    """Talks to ``koffer townhall serve``; every failure becomes a :class:`SyncError`."""

    def __init__(self, base_url: str, timeout_s: float = 15.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.uses_tls = self.base_url.startswith("https:")
        # Over HTTPS nothing is trusted until a CA is pinned (see :meth:`trust`).
        self._http = self._client(pki.client_context([]) if self.uses_tls else None)
        self._batches = True  # until a town hall says it has no batch route

    def _client(self, context: ssl.SSLContext | None) -> httpx.Client:
        if context is None:
            return httpx.Client(base_url=self.base_url, timeout=self.timeout_s)
        return httpx.Client(base_url=self.base_url, timeout=self.timeout_s, verify=context)

    def trust(
        self,
        pinned: Sequence[bytes],
        certificate: bytes | None = None,
        key: pki.PrivateKey | None = None,
    ) -> None:
        """Trust only the ``pinned`` CAs from now on, and show the kit certificate if given."""
        if not self.uses_tls:
            return
        if certificate is not None and not pki.issued_by_one_of(certificate, pinned):
            # The server would drop the handshake without saying why; say it here.
            raise SyncError("kit certificate not issued by the pinned CA", reason=REFUSED)
        context = pki.client_context(pinned, certificate, key)
        self._http.close()
        self._http = self._client(context)

    def discover_ca(self, enrolment_token: str) -> bytes:
        """Fetch the town hall's CA and check it against the enrolment token.

        Raises:
            SyncError: ``sync.untrusted_server`` when the proof does not match (someone in
                between, or a wrong token), or the usual transport reasons.
        """
        context = pki.discovery_context()
        with httpx.Client(base_url=self.base_url, timeout=self.timeout_s, verify=context) as http:
            try:
                response = http.get("/v1/ca-certificate")
            except httpx.HTTPError as exc:
                raise SyncError(str(exc), reason=_transport_reason(exc)) from exc
        if response.status_code != httpx.codes.OK:
            raise SyncError(f"HTTP {response.status_code}", reason=_reason(response))
        try:
            data = response.json()
            pem = str(data["certificate"]).encode("ascii")
            proof = str(data["proof"])
            genuine = pki.check_discovery_proof(enrolment_token, pem, proof)
        except (ValueError, KeyError, TypeError, pki.CertificateRefused) as exc:
            raise SyncError("malformed CA answer", reason=UNTRUSTED) from exc
        if not genuine:
            raise SyncError("the CA's proof does not match the enrolment token", reason=UNTRUSTED)
        return pem

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> TownhallClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            reason = _transport_reason(exc)
            raise SyncError(f"{type(exc).__name__}: {exc}", reason=reason) from exc
        if response.status_code >= 400:
            detail = response.text[:200]
            raise SyncError(
                f"HTTP {response.status_code} {detail}",
                reason=_reason(response),
                status=response.status_code,
            )
        return response

    def health(self) -> bool:
        """Return whether the town hall answers."""
        try:
            return bool(self._request("GET", "/health").json().get("status") == "ok")
        except SyncError:
            return False

    def reachable(self, timeout_s: float = 5.0) -> bool:
        """Return whether anything answers ``/health`` at the town hall's address.

        Over HTTPS the server is not verified here (nothing is sent but the probe): this
        only tells a kit that was offline when to try a real, verified synchronisation.
        """
        verify: ssl.SSLContext | bool = pki.discovery_context() if self.uses_tls else True
        try:
            with httpx.Client(base_url=self.base_url, timeout=timeout_s, verify=verify) as http:
                return http.get("/health").status_code == httpx.codes.OK
        except httpx.HTTPError:
            return False

    def encryption_key(self) -> dict[str, Any]:
        """Return the town hall's public encryption key (JWK with ``kid``)."""
        data: dict[str, Any] = self._request("GET", "/v1/encryption-key").json()
        return data

    def enrol(
        self,
        name: str,
        signing_key: dict[str, Any],
        token: str,
        certificate_request: bytes | None = None,
    ) -> Enrolment:
        """Register the kit's public signing key (and, with TLS, its certificate request)."""
        body: dict[str, Any] = {"name": name, "signing_key": signing_key, "token": token}
        if certificate_request is not None:
            body["certificate_request"] = certificate_request.decode("ascii")
        data = self._request("POST", "/v1/kits", json=body).json()
        return Enrolment(
            data["kit_id"],
            data["kit_token"],
            data["encryption_key"],
            data.get("certificate") or "",
            data.get("ca_certificate") or "",
        )

    def renew_certificate(self, enrolment: Enrolment, certificate_request: bytes) -> str:
        """Have the town hall sign a new kit certificate; return it (PEM)."""
        data = self._request(
            "POST",
            f"/v1/kits/{enrolment.kit_id}/certificate",
            headers=self._auth(enrolment),
            json={"certificate_request": certificate_request.decode("ascii")},
        ).json()
        return str(data["certificate"])

    def delivery_token(self, enrolment: Enrolment) -> str:
        """Have the town hall issue the kit's delivery token (submissions and uploads only)."""
        response = self._request(
            "POST", f"/v1/kits/{enrolment.kit_id}/delivery-token", headers=self._auth(enrolment)
        )
        try:
            return str(response.json()["delivery_token"])
        except (KeyError, TypeError, ValueError) as exc:
            raise SyncError("malformed delivery token", reason="sync.rejected") from exc

    def announce(
        self, enrolment: Enrolment, idempotency_key: str, attachments: Sequence[UploadPlan]
    ) -> Uploads:
        """Announce a packet's large attachments; the answer says which chunks are in."""
        response = self._request(
            "POST",
            f"/v1/kits/{enrolment.kit_id}/uploads/{idempotency_key}",
            headers=self._auth(enrolment),
            json={"attachments": [vars(plan) for plan in attachments]},
        )
        return Uploads.from_json(response.json())

    def uploads(self, enrolment: Enrolment, idempotency_key: str) -> Uploads:
        """Ask which chunks of a packet's uploads the town hall has."""
        response = self._request(
            "GET",
            f"/v1/kits/{enrolment.kit_id}/uploads/{idempotency_key}",
            headers=self._auth(enrolment),
        )
        return Uploads.from_json(response.json())

    def upload_chunk(
        self, enrolment: Enrolment, idempotency_key: str, index: int, chunk: int, data: bytes
    ) -> None:
        """Send one chunk of an upload with its digest (RFC 9530 ``Content-Digest``)."""
        digest = base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
        self._request(
            "PUT",
            f"/v1/kits/{enrolment.kit_id}/uploads/{idempotency_key}/{index}/chunks/{chunk}",
            headers=self._auth(enrolment)
            | {"Content-Type": "application/octet-stream", "Content-Digest": f"sha-256=:{digest}:"},
            content=data,
        )

    def submit(self, enrolment: Enrolment, idempotency_key: str, packet: str) -> Receipt:
        """Deliver one sealed packet; a repeat with the same key returns the first receipt."""
        response = self._request(
            "POST",
            f"/v1/kits/{enrolment.kit_id}/submissions",
            headers=self._auth(enrolment)
            | {"Idempotency-Key": idempotency_key, "Content-Type": "application/jose"},
            content=packet.encode("ascii"),  # the compact JWE as it is (RFC 7516 media type)
        )
        data = response.json()
        return Receipt(data["reference"], data["status"], response.status_code == 200)

    def submit_batch(
        self, enrolment: Enrolment, packets: Sequence[tuple[str, str]]
    ) -> list[Receipt | SyncError]:
        """Deliver several sealed packets, ``(idempotency key, packet)`` each, in one request.

        Returns one answer per packet, in order: its receipt, or why the town hall refused
        it (``sync.rejected``). A town hall without batches gets the packets one by one.

        Raises:
            SyncError: When the request as a whole fails (unreachable, refused, revoked).
        """
        if not self._batches:
            return [self._submit_one(enrolment, key, sealed) for key, sealed in packets]
        body = {"submissions": [{"idempotency_key": k, "packet": p} for k, p in packets]}
        try:
            response = self._request(
                "POST",
                f"/v1/kits/{enrolment.kit_id}/submission-batches",
                headers=self._auth(enrolment) | {"Content-Type": "application/json"},
                content=json.dumps(body).encode("ascii"),
            )
        except SyncError as exc:
            if exc.params.get("status") not in _NO_SUCH_ROUTE:
                raise
            self._batches = False  # an older town hall: one packet per request
            return self.submit_batch(enrolment, packets)
        return _batch_answers(response, [key for key, _ in packets])

    def _submit_one(self, enrolment: Enrolment, key: str, sealed: str) -> Receipt | SyncError:
        try:
            return self.submit(enrolment, key, sealed)
        except SyncError as exc:
            if exc.params.get("reason") != "sync.rejected":
                raise
            return exc

    def events(self, enrolment: Enrolment, since: int) -> list[StatusEvent]:
        """Return the status events for this kit's cases after cursor ``since``."""
        data = self._request(
            "GET",
            f"/v1/kits/{enrolment.kit_id}/events",
            params={"since": since},
            headers=self._auth(enrolment),
        ).json()
        return [StatusEvent(**event) for event in data["events"]]

    def reference_data(self, enrolment: Enrolment, day: date, days: int = 1) -> dict[str, Any]:
        """Return the town hall's reference data (fee tables, schedule) from ``day`` on."""
        data: dict[str, Any] = self._request(
            "GET",
            f"/v1/kits/{enrolment.kit_id}/reference-data",
            params={"day": day.isoformat(), "days": days},
            headers=self._auth(enrolment),
        ).json()
        return data

    @staticmethod
    def _auth(enrolment: Enrolment) -> dict[str, str]:
        return {"Authorization": f"Bearer {enrolment.kit_token}"}


def _batch_answers(response: httpx.Response, keys: list[str]) -> list[Receipt | SyncError]:
    """Read a batch's results: a receipt for each packet taken, the refusal for the rest."""
    try:
        results = response.json()["results"]
        answers = [_batch_answer(result) for result in results]
        answered = [str(result["idempotency_key"]) for result in results]
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(f"malformed batch answer: {exc}", reason="sync.rejected") from exc
    if answered != keys:
        raise SyncError("the batch answer does not match the packets", reason="sync.rejected")
    return answers


def _batch_answer(result: dict[str, Any]) -> Receipt | SyncError:
    code = int(result["status"])
    if code in {200, 201}:
        return Receipt(str(result["reference"]), "received", code == 200)
    detail = f"HTTP {code} {str(result.get('detail') or '')[:200]}"
    return SyncError(detail, reason="sync.rejected", status=code)
