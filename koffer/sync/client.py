"""HTTP client of the town hall's receiving service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from koffer.domain.errors import SyncError

# The header the town hall sets on the 403 a revoked kit gets (after checking its token).
ERROR_HEADER = "Koffer-Error"
KIT_REVOKED = "kit-revoked"


def _reason(response: httpx.Response) -> str:
    """Return the message key for a refused request.

    ``sync.revoked`` means the town hall has revoked this kit: the kit should stop syncing
    and wipe its keys and data (the data key is escrowed, so the town hall loses nothing).
    """
    code = response.status_code
    if code == 403 and response.headers.get(ERROR_HEADER) == KIT_REVOKED:
        return "sync.revoked"
    if code in {401, 403}:
        return "sync.refused"
    return "sync.server_error" if code >= 500 else "sync.rejected"


@dataclass(frozen=True)
class Enrolment:
    """What the town hall hands a kit at enrolment."""

    kit_id: str
    kit_token: str
    encryption_key: dict[str, Any]


@dataclass(frozen=True)
class Receipt:
    """The town hall's answer to a submission."""

    reference: str
    status: str
    duplicate: bool


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
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout_s)

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
            reason = (
                "sync.timeout" if isinstance(exc, httpx.TimeoutException) else ("sync.unreachable")
            )
            raise SyncError(f"{type(exc).__name__}: {exc}", reason=reason) from exc
        if response.status_code >= 400:
            detail = response.text[:200]
            raise SyncError(f"HTTP {response.status_code} {detail}", reason=_reason(response))
        return response

    def health(self) -> bool:
        """Return whether the town hall answers."""
        try:
            return bool(self._request("GET", "/health").json().get("status") == "ok")
        except SyncError:
            return False

    def encryption_key(self) -> dict[str, Any]:
        """Return the town hall's public encryption key (JWK with ``kid``)."""
        data: dict[str, Any] = self._request("GET", "/v1/encryption-key").json()
        return data

    def enrol(self, name: str, signing_key: dict[str, Any], token: str) -> Enrolment:
        """Register the kit's public signing key with an enrolment token."""
        data = self._request(
            "POST", "/v1/kits", json={"name": name, "signing_key": signing_key, "token": token}
        ).json()
        return Enrolment(data["kit_id"], data["kit_token"], data["encryption_key"])

    def submit(self, enrolment: Enrolment, idempotency_key: str, packet: str) -> Receipt:
        """Deliver one sealed packet; a repeat with the same key returns the first receipt."""
        response = self._request(
            "POST",
            f"/v1/kits/{enrolment.kit_id}/submissions",
            headers=self._auth(enrolment) | {"Idempotency-Key": idempotency_key},
            json={"packet": packet},
        )
        data = response.json()
        return Receipt(data["reference"], data["status"], response.status_code == 200)

    def events(self, enrolment: Enrolment, since: int) -> list[StatusEvent]:
        """Return the status events for this kit's cases after cursor ``since``."""
        data = self._request(
            "GET",
            f"/v1/kits/{enrolment.kit_id}/events",
            params={"since": since},
            headers=self._auth(enrolment),
        ).json()
        return [StatusEvent(**event) for event in data["events"]]

    @staticmethod
    def _auth(enrolment: Enrolment) -> dict[str, str]:
        return {"Authorization": f"Bearer {enrolment.kit_token}"}
