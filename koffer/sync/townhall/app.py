"""The town hall's HTTP API (FastAPI; the OpenAPI spec is served at /openapi.json).

Stateless: everything that matters between requests is in the database, so several
processes may serve one PostgreSQL database. The one exception is the rate limiter of the
citizen status lookup, which counts per process (see :mod:`.ratelimit`).
"""

# No `from __future__ import annotations` here: FastAPI reads the annotations at runtime.

import hashlib
import hmac
import logging
import math
import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal, TypeVar

from fastapi import (
    Body,
    Depends,
    FastAPI,
    Header,
    HTTPException,
    Path,
    Query,
    Request,
    Response,
    status,
)
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator
from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from koffer import crypto
from koffer.domain.fees import fee_tables
from koffer.sync import pki
from koffer.sync.townhall import intake, uploads
from koffer.sync.townhall.models import Kit, ScheduleEntry, StatusEvent, Submission
from koffer.sync.townhall.notify import (
    NoNotifier,
    NotificationFailed,
    Notifier,
    status_message,
)
from koffer.sync.townhall.ratelimit import TokenBucket
from koffer.sync.townhall.status import CaseStatus, can_change
from koffer.sync.townhall.tls import client_certificate_pem

RECEIVED = CaseStatus.RECEIVED.value
# The largest id an integer column holds on PostgreSQL; a larger one in a request is a 422.
MAX_ID = 2**31 - 1
# A submission's packet: a compact JWE, sent as ``application/jose`` (or inside JSON).
JOSE = "application/jose"
PACKET_MIN, PACKET_MAX = 10, 50_000_000
# A batch of submissions: at most this many packets, and this many bytes of JSON.
BATCH_PACKETS, BATCH_BYTES = 64, 64 * 1024 * 1024
EVENTS_PAGE = 500  # status events per answer; the kit asks again from its new cursor
# Sent with the 403 a revoked kit gets, so the kit can tell revocation from a bad token.
ERROR_HEADER = "Koffer-Error"
KIT_REVOKED = "kit-revoked"
# Prefix of the Koffer-Error header on a refused client certificate ("certificate-expired").
CERTIFICATE_REFUSED = "certificate-"
NOT_FOUND = "no case with this reference and date of birth"

log = logging.getLogger(__name__)


class EnrolRequest(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    signing_key: dict[str, Any]
    token: str
    certificate_request: str | None = Field(
        default=None,
        max_length=20_000,
        description="PEM certificate signing request of the kit's TLS key (required with TLS)",
    )


class EnrolResponse(BaseModel):
    kit_id: str
    kit_token: str
    encryption_key: dict[str, Any]
    certificate: str | None = Field(default=None, description="The kit's client certificate")
    ca_certificate: str | None = Field(default=None, description="The town hall's CA (PEM)")


class DeliveryTokenResponse(BaseModel):
    delivery_token: str = Field(
        description="Bearer token for submissions and uploads only (replaces the previous one)"
    )


class CertificateRequest(BaseModel):
    certificate_request: str = Field(min_length=1, max_length=20_000)


class CertificateResponse(BaseModel):
    certificate: str
    not_after: str


class CaCertificate(BaseModel):
    """The town hall's CA, with the proof a kit checks with its enrolment token."""

    certificate: str
    proof: str = Field(description="HMAC-SHA256 of the CA fingerprint under the enrolment token")


class SubmitRequest(BaseModel):
    packet: str = Field(min_length=PACKET_MIN, max_length=PACKET_MAX)


Model = TypeVar("Model", bound=BaseModel)


def _parsed(model: type[Model], body: bytes) -> Model:
    """Parse and check a JSON body in one pass; a 422 as FastAPI's own, without the input."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        # Without the input: the body may not even be UTF-8, and is the kit's anyway.
        errors = exc.errors(include_url=False, include_context=False, include_input=False)
        raise RequestValidationError(errors) from exc


async def submitted_packet(request: Request) -> str:
    """The sealed packet of a submission: the body itself, or ``{"packet": ...}`` in JSON.

    The kit sends the compact JWE as the body with its registered media type
    ``application/jose`` (RFC 7516): an ID-card case is a few hundred kB of base64, which
    JSON would have to encode at the kit and parse here again, about a millisecond each way.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if media_type == JOSE:
        if not body.isascii():
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "packet is not ASCII")
        packet = body.decode("ascii")
        if not PACKET_MIN <= len(packet) <= PACKET_MAX:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "packet size out of range")
        return packet
    if media_type == "application/json":
        return _parsed(SubmitRequest, body).packet
    raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, f"send {JOSE} or application/json")


SUBMISSION_BODY = {
    "required": True,
    "content": {
        JOSE: {"schema": {"type": "string", "minLength": PACKET_MIN, "maxLength": PACKET_MAX}},
        "application/json": {"schema": SubmitRequest.model_json_schema()},
    },
}


class SubmitResponse(BaseModel):
    reference: str
    status: str


class BatchItem(BaseModel):
    idempotency_key: str = Field(min_length=8, max_length=64)
    packet: str = Field(min_length=PACKET_MIN, max_length=PACKET_MAX, description="compact JWE")


class SubmissionBatch(BaseModel):
    submissions: list[BatchItem] = Field(min_length=1, max_length=BATCH_PACKETS)


async def submitted_batch(request: Request) -> SubmissionBatch:
    """The batch of a request, parsed and checked in one pass over the JSON.

    A batch is megabytes of base64 in JSON; parsing it with ``json`` first and checking the
    result afterwards took about a tenth of the town hall's time per packet.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send application/json")
    return _parsed(SubmissionBatch, await request.body())


BATCH_BODY = {
    "required": True,
    "content": {"application/json": {"schema": SubmissionBatch.model_json_schema()}},
}


class BatchResult(BaseModel):
    idempotency_key: str
    status: int = Field(description="201 stored now, 200 stored before, 409 or 422 refused")
    reference: str | None = Field(default=None, description="The case reference, if taken")
    detail: str | None = Field(default=None, description="Why it was refused")


class BatchResponse(BaseModel):
    results: list[BatchResult]


class UploadAnnouncement(BaseModel):
    """A large attachment the kit will upload: its sealed form's size and SHA-256."""

    index: int = Field(ge=0, lt=uploads.MAX_ATTACHMENTS)
    size: int = Field(ge=1, le=uploads.MAX_UPLOAD_BYTES)
    sha256: str = Field(pattern="^[0-9a-f]{64}$")


class AnnounceRequest(BaseModel):
    attachments: list[UploadAnnouncement] = Field(min_length=1, max_length=uploads.MAX_ATTACHMENTS)


class UploadStateOut(BaseModel):
    index: int
    size: int
    sha256: str
    chunk_size: int
    chunks: int
    received: list[int] = Field(description="Chunks the town hall has")


class UploadsResponse(BaseModel):
    """What the town hall has of a packet's uploads; ``submitted``: the packet is in."""

    submitted: bool
    uploads: list[UploadStateOut]


class ChunkResponse(BaseModel):
    index: int
    chunk: int
    received: int = Field(description="How many chunks of this upload the town hall has")
    complete: bool


class EventOut(BaseModel):
    id: int
    case_reference: str
    status: str
    reason: str
    at: str


class EventsResponse(BaseModel):
    events: list[EventOut]


class LookupRequest(BaseModel):
    """A citizen's status query: the case reference from the receipt and the date of birth."""

    reference: str = Field(min_length=1, max_length=32)
    birth_date: date


class LookupResponse(BaseModel):
    """The status of the case, and nothing else."""

    reference: str
    status: CaseStatus


class StatusChange(BaseModel):
    """The back office moves a case on; a rejection needs a reason (sent to the kit)."""

    status: CaseStatus
    reason: str = Field(default="", max_length=200)


class StatusChangeResponse(BaseModel):
    reference: str
    status: CaseStatus
    event_id: int
    notification: Literal["sent", "failed", "not_requested"]


class RevocationRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=200)


class KitOut(BaseModel):
    id: str
    name: str
    enrolled_at: str
    revoked: bool
    revoked_at: str | None


class KitsResponse(BaseModel):
    kits: list[KitOut]


class ScheduleIn(BaseModel):
    """An appointment or service-point day; without ``kit_id`` it is meant for every kit."""

    day: date
    kind: Literal["appointment", "service_point_day"]
    place: str = Field(min_length=1, max_length=200)
    starts_at: time | None = None
    ends_at: time | None = None
    note: str = Field(default="", max_length=200)
    kit_id: str | None = Field(default=None, max_length=36)

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _wall_clock(cls, value: time | None) -> time | None:
        # Local times of the town's day; an offset would make them compare in UTC here and
        # be stored without it.
        if value is not None and value.tzinfo is not None:
            raise ValueError("times are local wall-clock times, without a UTC offset")
        return value

    @model_validator(mode="after")
    def _ends_after_start(self) -> "ScheduleIn":
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class ScheduleOut(ScheduleIn):
    id: int


class ScheduleResponse(BaseModel):
    entries: list[ScheduleOut]


class FeeTableOut(BaseModel):
    valid_from: date
    source: str
    sections: dict[str, dict[str, int]]


class ReferenceData(BaseModel):
    """What a kit needs to work offline: fee tables and its schedule for the coming days."""

    first_day: date
    last_day: date
    fee_tables: list[FeeTableOut]
    schedule: list[ScheduleOut]


@dataclass(frozen=True)
class KitClaim:
    """Which kit a request says it comes from, and what it shows for it.

    The client certificate (with ``--tls-dir``) is checked when the claim is made; the token
    is checked against the kit's row by ``checked_kit`` inside the route.
    """

    kit_id: str
    certificate: str | None  # the fingerprint of the verified client certificate
    credentials: HTTPAuthorizationCredentials | None
    delivering: bool  # the delivery token counts too


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# Both tokens travel as "Authorization: Bearer ..."; the schemes document them in the spec.
# auto_error=False: a missing or malformed header gets the same 403 as a wrong token.
kit_bearer = Annotated[
    HTTPAuthorizationCredentials | None,
    Depends(
        HTTPBearer(
            auto_error=False,
            scheme_name="kitToken",
            description="The kit token handed out at enrolment, or (for submissions and "
            "uploads only) the kit's delivery token",
        )
    ),
]
admin_bearer = Annotated[
    HTTPAuthorizationCredentials | None,
    Depends(
        HTTPBearer(
            auto_error=False,
            scheme_name="adminToken",
            description="The back office's admin token (not the enrolment token)",
        )
    ),
]


def _schedule_out(entry: ScheduleEntry) -> ScheduleOut:
    return ScheduleOut(
        id=entry.id,
        day=entry.day,
        kind=entry.kind,
        place=entry.place,
        starts_at=entry.starts_at,
        ends_at=entry.ends_at,
        note=entry.note,
        kit_id=entry.kit_id,
    )


def create_app(  # noqa: PLR0915 (the routes share the closures below)
    engine: Engine,
    key: RSAKey,
    enrolment_token: str,
    *,
    admin_token: str = "",
    notifier: Notifier | None = None,
    lookup_limiter: TokenBucket | None = None,
    authority: pki.Authority | None = None,
    kit_certificate_days: int = pki.KIT_DAYS,
    upload_chunk_bytes: int = uploads.CHUNK_BYTES,
) -> FastAPI:
    """Build the service.

    Args:
        engine: The town-hall database, already migrated.
        key: The town hall's RSA key pair (packets are encrypted to it).
        enrolment_token: What a kit must show to enrol.
        admin_token: What the back office must show (Bearer); empty disables admin routes.
        notifier: Sends citizens their status changes; default: none configured.
        lookup_limiter: Rate limit of the citizen lookup per client address; default 5 at
            once, then one every 12 seconds.
        authority: The town hall's CA when serving mutual TLS: enrolment then signs the
            kit's certificate request, and every kit route requires that certificate.
        kit_certificate_days: How long a kit certificate is valid.
        upload_chunk_bytes: The chunk size of new uploads of large attachments.

    Raises:
        ValueError: When the admin token equals the enrolment token.
    """
    if admin_token and hmac.compare_digest(admin_token, enrolment_token):
        # Whoever enrols kits in the field must not be able to revoke them or change cases.
        raise ValueError("the admin token must differ from the enrolment token")
    app = FastAPI(
        title="Koffer town hall",
        version="1",
        description="Served with `--tls-dir`, the kit routes (`/v1/kits/{kit_id}/...`) also "
        "require the kit's client certificate (mutual TLS), signed by the town hall's CA at "
        "enrolment; a refused certificate gets 403 with `Koffer-Error: certificate-<reason>`.",
    )
    public_key = crypto.public_jwk(key)
    mailer: Notifier = notifier or NoNotifier()
    limiter = lookup_limiter or TokenBucket(capacity=5, per_second=1 / 12)

    async def session() -> AsyncIterator[Session]:
        """The request's database session, made and closed on the event loop.

        Making a session does no I/O, and a route that committed holds no connection any
        more, so neither takes a worker thread. A read route's open transaction is rolled
        back here, one local round trip on the loop: waiting for a worker thread instead
        would hold the connection meanwhile, and with every thread waiting for a connection
        the pool could run dry.
        """
        db = Session(engine)
        try:
            yield db
        finally:
            db.close()

    db_session = Annotated[Session, Depends(session)]

    def certified(request: Request, kit_id: str) -> str | None:
        """Check the request's client certificate against the kit id in the URL."""
        if authority is None:
            return None
        pem = client_certificate_pem(dict(request.scope))
        if pem is None:
            raise _certificate_refused("required", "a client certificate is required")
        try:
            certificate = pki.load_certificate(pem.encode("ascii"))
            authority.check_kit_certificate(certificate, kit_id)
        except pki.CertificateRefused as exc:
            raise _certificate_refused(exc.reason, str(exc)) from exc
        return pki.fingerprint(certificate)

    def token_matches(kit: Kit | None, credentials: HTTPAuthorizationCredentials | None) -> bool:
        token = _hash_token(credentials.credentials if credentials else "")
        return kit is not None and hmac.compare_digest(kit.token_hash, token)

    def delivery_token_matches(
        kit: Kit | None, credentials: HTTPAuthorizationCredentials | None
    ) -> bool:
        token = _hash_token(credentials.credentials if credentials else "")
        stored = kit.delivery_token_hash if kit is not None else None
        return stored is not None and hmac.compare_digest(stored, token)

    def checked_kit(claim: KitClaim, db: Session) -> Kit:
        """The kit of the URL, if the request's certificate and token are this kit's.

        Called first thing in a kit route, so that the lookup shares the route's worker
        thread and transaction (a dependency of its own would take one more thread hop).
        """
        presented, credentials = claim.certificate, claim.credentials
        kit = db.get(Kit, claim.kit_id)
        if not token_matches(kit, credentials) and not (
            claim.delivering and delivery_token_matches(kit, credentials)
        ):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "unknown kit or wrong token")
        assert kit is not None  # noqa: S101 - a token matched
        if presented is not None and (
            kit.cert_sha256 is None or not hmac.compare_digest(kit.cert_sha256, presented)
        ):
            # Issued by our CA to this kit, but not its current certificate (renewed since).
            raise _certificate_refused("unknown", "not the kit's current certificate")
        if kit.revoked:
            # Only a kit that proves its token learns that it was revoked.
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, "kit revoked", headers={ERROR_HEADER: KIT_REVOKED}
            )
        return kit

    async def kit_claim(kit_id: str, request: Request, credentials: kit_bearer) -> KitClaim:
        """A kit route's claim, shown by the kit token (the certificate checked already)."""
        return KitClaim(kit_id, certified(request, kit_id), credentials, delivering=False)

    async def delivery_claim(kit_id: str, request: Request, credentials: kit_bearer) -> KitClaim:
        """Submissions and uploads: the kit token or the delivery token."""
        return KitClaim(kit_id, certified(request, kit_id), credentials, delivering=True)

    def administrator(credentials: admin_bearer) -> None:
        token = credentials.credentials if credentials else ""
        # Hashed first: compare_digest refuses str with non-ASCII characters (a 500).
        if not admin_token or not hmac.compare_digest(_hash_token(token), _hash_token(admin_token)):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "admin token not valid")

    kit_auth = Annotated[KitClaim, Depends(kit_claim)]
    delivery_auth = Annotated[KitClaim, Depends(delivery_claim)]
    admin = [Depends(administrator)]

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/encryption-key")
    def encryption_key() -> dict[str, Any]:
        return public_key

    @app.get(
        "/v1/ca-certificate",
        tags=["kit"],
        responses={404: {"description": "This town hall does not serve mutual TLS"}},
    )
    def ca_certificate() -> CaCertificate:
        if authority is None or not enrolment_token:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no certificate authority")
        return CaCertificate(
            certificate=authority.pem.decode("ascii"),
            proof=pki.discovery_proof(enrolment_token, authority.pem),
        )

    def issue(kit: Kit, certificate_request: str) -> str:
        """Sign a kit's certificate request and make it the kit's current certificate."""
        assert authority is not None  # noqa: S101 - only called with TLS
        try:
            certificate = authority.sign_kit_request(
                certificate_request.encode("utf-8"), kit.id, kit_certificate_days
            )
        except pki.CertificateRefused as exc:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
        kit.cert_sha256 = pki.fingerprint(certificate)
        kit.cert_not_after = certificate.not_valid_after_utc.replace(tzinfo=None)
        return pki.certificate_pem(certificate).decode("ascii")

    @app.post("/v1/kits", status_code=status.HTTP_201_CREATED, tags=["kit"])
    def enrol(request: EnrolRequest, db: db_session) -> EnrolResponse:
        if not enrolment_token or not hmac.compare_digest(
            _hash_token(request.token), _hash_token(enrolment_token)
        ):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "enrolment token not valid")
        try:
            crypto.signing_key_from_jwk(request.signing_key)
        except (ValueError, TypeError, KeyError, JoseError) as exc:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "bad signing key") from exc
        if authority is not None and not request.certificate_request:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, "a certificate request is required"
            )
        kit_token = secrets.token_urlsafe(32)
        kit = Kit(
            id=str(uuid.uuid4()),
            name=request.name,
            signing_key=request.signing_key,
            token_hash=_hash_token(kit_token),
            enrolled_at=_now(),
        )
        certificate = None
        if authority is not None and request.certificate_request:
            certificate = issue(kit, request.certificate_request)
        db.add(kit)
        db.commit()
        return EnrolResponse(
            kit_id=kit.id,
            kit_token=kit_token,
            encryption_key=public_key,
            certificate=certificate,
            ca_certificate=authority.pem.decode("ascii") if authority else None,
        )

    @app.post(
        "/v1/kits/{kit_id}/certificate",
        tags=["kit"],
        responses={404: {"description": "This town hall does not serve mutual TLS"}},
    )
    def renew_certificate(
        request: CertificateRequest, db: db_session, claim: kit_auth
    ) -> CertificateResponse:
        """A kit renews its certificate with the one it still holds; the old one ends here."""
        kit = checked_kit(claim, db)
        if authority is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no certificate authority")
        certificate = issue(kit, request.certificate_request)
        db.commit()
        assert kit.cert_not_after is not None  # noqa: S101 - set by issue()
        return CertificateResponse(
            certificate=certificate, not_after=kit.cert_not_after.isoformat()
        )

    @app.post("/v1/kits/{kit_id}/delivery-token", tags=["kit"])
    def delivery_token(db: db_session, claim: kit_auth) -> DeliveryTokenResponse:
        """Issue the kit's delivery token, which replaces any earlier one."""
        kit = checked_kit(claim, db)
        token = secrets.token_urlsafe(32)
        kit.delivery_token_hash = _hash_token(token)
        db.commit()
        return DeliveryTokenResponse(delivery_token=token)

    @app.post(
        "/v1/kits/{kit_id}/submissions",
        status_code=status.HTTP_201_CREATED,
        tags=["kit"],
        responses={
            200: {"description": "Already received (same idempotency key)"},
            415: {"description": "Neither application/jose nor application/json"},
        },
        openapi_extra={"requestBody": SUBMISSION_BODY},
    )
    def submit(
        packet: Annotated[str, Depends(submitted_packet)],
        response: Response,
        db: db_session,
        claim: delivery_auth,
        idempotency_key: Annotated[str, Header(min_length=8, max_length=64)],
    ) -> SubmitResponse:
        kit = checked_kit(claim, db)
        (outcome,) = intake.take(db, kit, key, [(idempotency_key, packet)])
        if not outcome.taken:
            raise HTTPException(outcome.status, outcome.detail)
        response.status_code = outcome.status
        return SubmitResponse(reference=outcome.reference, status=RECEIVED)

    @app.post(
        "/v1/kits/{kit_id}/submission-batches",
        tags=["kit"],
        max_body_size=BATCH_BYTES,
        responses={413: {"description": f"Body larger than {BATCH_BYTES} bytes"}},
        openapi_extra={"requestBody": BATCH_BODY},
    )
    def submit_batch(
        batch: Annotated[SubmissionBatch, Depends(submitted_batch)],
        db: db_session,
        claim: delivery_auth,
    ) -> BatchResponse:
        """Submit several sealed packets at once: each is taken or refused on its own.

        The answer lists one result per packet, in order, with the status the packet would
        have got on its own: 201 stored now, 200 stored before under the same idempotency
        key, 409 an upload incomplete, 422 refused. The packets taken are stored in one
        transaction.
        """
        kit = checked_kit(claim, db)
        packets = [(item.idempotency_key, item.packet) for item in batch.submissions]
        return BatchResponse(
            results=[
                BatchResult(
                    idempotency_key=outcome.idempotency_key,
                    status=outcome.status,
                    reference=outcome.reference or None,
                    detail=outcome.detail or None,
                )
                for outcome in intake.take(db, kit, key, packets)
            ]
        )

    def uploads_response(db: Session, kit: Kit, key: str) -> UploadsResponse:
        return UploadsResponse(
            submitted=intake.find(db, kit.id, key) is not None,
            uploads=[UploadStateOut(**vars(state)) for state in uploads.states(db, kit.id, key)],
        )

    @app.post("/v1/kits/{kit_id}/uploads/{idempotency_key}", tags=["kit"])
    def announce_uploads(
        idempotency_key: Annotated[str, Path(min_length=8, max_length=64)],
        request: AnnounceRequest,
        db: db_session,
        claim: delivery_auth,
    ) -> UploadsResponse:
        """Announce the large attachments of a packet; answers what the town hall has."""
        kit = checked_kit(claim, db)
        if intake.find(db, kit.id, idempotency_key) is None:
            try:
                uploads.announce(
                    db,
                    kit.id,
                    idempotency_key,
                    [(a.index, a.size, a.sha256) for a in request.attachments],
                    upload_chunk_bytes,
                )
            except uploads.UploadError as exc:
                raise HTTPException(exc.status, str(exc)) from exc
        return uploads_response(db, kit, idempotency_key)

    @app.get("/v1/kits/{kit_id}/uploads/{idempotency_key}", tags=["kit"])
    def upload_states(
        idempotency_key: Annotated[str, Path(min_length=8, max_length=64)],
        db: db_session,
        claim: delivery_auth,
    ) -> UploadsResponse:
        """Say which chunks of a packet's uploads the town hall has (to resume)."""
        kit = checked_kit(claim, db)
        return uploads_response(db, kit, idempotency_key)

    @app.put(
        "/v1/kits/{kit_id}/uploads/{idempotency_key}/{index}/chunks/{chunk}",
        tags=["kit"],
        responses={
            404: {"description": "Upload not announced, or chunk out of range"},
            422: {"description": "Length or Content-Digest does not match"},
        },
    )
    def upload_chunk(
        *,
        idempotency_key: Annotated[str, Path(min_length=8, max_length=64)],
        index: Annotated[int, Path(ge=0, lt=uploads.MAX_ATTACHMENTS)],
        chunk: Annotated[int, Path(ge=0)],
        data: Annotated[bytes, Body(media_type="application/octet-stream")],
        content_digest: Annotated[str, Header(description="RFC 9530, sha-256")],
        db: db_session,
        claim: delivery_auth,
    ) -> ChunkResponse:
        """Store one chunk (the sealed attachment's bytes from ``chunk * chunk_size``)."""
        kit = checked_kit(claim, db)
        try:
            state = uploads.store_chunk(
                db,
                kit.id,
                idempotency_key,
                index=index,
                chunk=chunk,
                data=data,
                digest=content_digest,
            )
        except uploads.UploadError as exc:
            raise HTTPException(exc.status, str(exc)) from exc
        return ChunkResponse(
            index=index,
            chunk=chunk,
            received=len(state.received),
            complete=len(state.received) == state.chunks,
        )

    @app.get("/v1/kits/{kit_id}/events", tags=["kit"])
    def events(
        db: db_session,
        claim: kit_auth,
        since: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    ) -> EventsResponse:
        kit = checked_kit(claim, db)
        rows = db.scalars(
            select(StatusEvent)
            .where(StatusEvent.kit_id == kit.id, StatusEvent.id > since)
            .order_by(StatusEvent.id)
            .limit(EVENTS_PAGE)
        )
        return EventsResponse(
            events=[
                EventOut(
                    id=r.id,
                    case_reference=r.case_reference,
                    status=r.status,
                    reason=r.reason,
                    at=r.at.isoformat(),
                )
                for r in rows
            ]
        )

    @app.get("/v1/kits/{kit_id}/reference-data", tags=["kit"])
    def reference_data(
        db: db_session,
        claim: kit_auth,
        day: Annotated[date, Query(description="First day, the kit's calendar day")],
        days: Annotated[int, Query(ge=1, le=31, description="How many days")] = 1,
    ) -> ReferenceData:
        kit = checked_kit(claim, db)
        last = day + timedelta(days=days - 1)
        entries = db.scalars(
            select(ScheduleEntry)
            .where(
                ScheduleEntry.day >= day,
                ScheduleEntry.day <= last,
                or_(ScheduleEntry.kit_id.is_(None), ScheduleEntry.kit_id == kit.id),
            )
            .order_by(
                ScheduleEntry.day, ScheduleEntry.starts_at.asc().nulls_first(), ScheduleEntry.id
            )
        )
        return ReferenceData(
            first_day=day,
            last_day=last,
            fee_tables=[
                FeeTableOut(valid_from=t.valid_from, source=t.source, sections=t.sections)
                for t in fee_tables()
            ],
            schedule=[_schedule_out(entry) for entry in entries],
        )

    @app.post(
        "/v1/status-lookup",
        tags=["citizen"],
        responses={
            404: {"description": "No such case, or the date of birth does not match"},
            429: {"description": "Too many lookups from this address; see Retry-After"},
        },
    )
    def status_lookup(
        request: LookupRequest, http_request: Request, db: db_session
    ) -> LookupResponse:
        # POST, not GET: the date of birth stays out of URLs and so out of access logs.
        address = http_request.client.host if http_request.client else "unknown"
        wait_s = limiter.take(address)
        if wait_s:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "too many lookups",
                headers={"Retry-After": str(max(1, math.ceil(wait_s)))},
            )
        reference = request.reference.strip().upper()
        # Unknown reference and wrong date take the same path to the same answer.
        found = db.execute(
            select(Submission.case_reference, Submission.status)
            .where(
                Submission.lookup_digest
                == intake.lookup_digest(reference, request.birth_date.isoformat())
            )
            .order_by(Submission.received_at.desc())
            .limit(1)
        ).first()
        if found is None or found.case_reference != reference:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
        return LookupResponse(reference=reference, status=CaseStatus(found.status))

    @app.post(
        "/v1/admin/cases/{reference}/status",
        dependencies=admin,
        tags=["back office"],
        responses={
            404: {"description": "No case with this reference"},
            409: {"description": "The case cannot move to this status from its current one"},
        },
    )
    def change_status(reference: str, change: StatusChange, db: db_session) -> StatusChangeResponse:
        if change.status is CaseStatus.REJECTED and not change.reason.strip():
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "a rejection needs a reason")
        submission = db.scalars(
            select(Submission)
            .where(Submission.case_reference == reference)
            .order_by(Submission.received_at.desc())
            .limit(1)
        ).first()
        if submission is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no case with this reference")
        current = submission.status
        if not can_change(current, change.status):
            raise HTTPException(
                status.HTTP_409_CONFLICT, f"cannot change from {current} to {change.status}"
            )
        intake.lock_kit_events(db, submission.kit_id)
        # Compare-and-set: of two clerks (or processes) changing the same case at once,
        # one wins and the other gets 409.
        moved = db.execute(
            update(Submission)
            .where(Submission.id == submission.id, Submission.status == current)
            .values(status=change.status.value)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            db.rollback()
            raise HTTPException(status.HTTP_409_CONFLICT, "the case changed meanwhile")
        event = StatusEvent(
            kit_id=submission.kit_id,
            submission_id=submission.id,
            case_reference=reference,
            status=change.status.value,
            reason=change.reason.strip(),
            at=_now(),
        )
        db.add(event)
        db.commit()
        address = submission.notify_email
        notification: Literal["sent", "failed", "not_requested"] = "not_requested"
        if address:
            subject, body = status_message(reference, change.status)
            try:
                mailer.notify(address, subject, body)
                notification = "sent"
            except NotificationFailed as exc:
                # Neither the address nor the reference goes to the log.
                log.warning("notification for status event %d not sent: %s", event.id, exc)
                notification = "failed"
        return StatusChangeResponse(
            reference=reference, status=change.status, event_id=event.id, notification=notification
        )

    @app.get("/v1/admin/kits", dependencies=admin, tags=["back office"])
    def list_kits(db: db_session) -> KitsResponse:
        kits = db.scalars(select(Kit).order_by(Kit.enrolled_at))
        return KitsResponse(
            kits=[
                KitOut(
                    id=k.id,
                    name=k.name,
                    enrolled_at=k.enrolled_at.isoformat(),
                    revoked=k.revoked,
                    revoked_at=k.revoked_at.isoformat() if k.revoked_at else None,
                )
                for k in kits
            ]
        )

    @app.post(
        "/v1/admin/kits/{kit_id}/revocation",
        dependencies=admin,
        tags=["back office"],
        responses={404: {"description": "No such kit"}},
    )
    def revoke(kit_id: str, request: RevocationRequest, db: db_session) -> KitOut:
        kit = db.get(Kit, kit_id)
        if kit is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such kit")
        if not kit.revoked:  # revoking twice keeps the first time and reason
            kit.revoked = True
            kit.revoked_at = _now()
            kit.revocation_reason = request.reason
            db.commit()
        return KitOut(
            id=kit.id,
            name=kit.name,
            enrolled_at=kit.enrolled_at.isoformat(),
            revoked=True,
            revoked_at=kit.revoked_at.isoformat() if kit.revoked_at else None,
        )

    @app.post(
        "/v1/admin/schedule",
        dependencies=admin,
        status_code=status.HTTP_201_CREATED,
        tags=["back office"],
    )
    def add_schedule_entry(entry: ScheduleIn, db: db_session) -> ScheduleOut:
        if entry.kit_id is not None and db.get(Kit, entry.kit_id) is None:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "no such kit")
        row = ScheduleEntry(**entry.model_dump(), created_at=_now())
        db.add(row)
        db.commit()
        return _schedule_out(row)

    @app.get("/v1/admin/schedule", dependencies=admin, tags=["back office"])
    def list_schedule(db: db_session, day: Annotated[date, Query()]) -> ScheduleResponse:
        rows = db.scalars(
            select(ScheduleEntry)
            .where(ScheduleEntry.day == day)
            .order_by(ScheduleEntry.starts_at.asc().nulls_first(), ScheduleEntry.id)
        )
        return ScheduleResponse(entries=[_schedule_out(row) for row in rows])

    @app.delete(
        "/v1/admin/schedule/{entry_id}",
        dependencies=admin,
        status_code=status.HTTP_204_NO_CONTENT,
        tags=["back office"],
        responses={404: {"description": "No such entry"}},
    )
    def delete_schedule_entry(
        entry_id: Annotated[int, Path(ge=1, le=MAX_ID)], db: db_session
    ) -> None:
        row = db.get(ScheduleEntry, entry_id)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such entry")
        db.delete(row)
        db.commit()

    return app


def _certificate_refused(reason: str, detail: str) -> HTTPException:
    """The 403 for a missing, foreign, expired or superseded client certificate."""
    return HTTPException(
        status.HTTP_403_FORBIDDEN,
        f"client certificate refused: {detail}",
        headers={ERROR_HEADER: f"{CERTIFICATE_REFUSED}{reason}"},
    )
