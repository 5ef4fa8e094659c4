"""The town hall's HTTP API (FastAPI; the OpenAPI spec is served at /openapi.json)."""

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Response, status
from joserfc.jwk import RSAKey
from pydantic import BaseModel, Field
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from koffer import crypto
from koffer.sync import packet as packet_format
from koffer.sync.townhall.models import Kit, StatusEvent, Submission

RECEIVED = "received"


class EnrolRequest(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    signing_key: dict[str, Any]
    token: str


class EnrolResponse(BaseModel):
    kit_id: str
    kit_token: str
    encryption_key: dict[str, Any]


class SubmitRequest(BaseModel):
    packet: str = Field(min_length=10, max_length=50_000_000)


class SubmitResponse(BaseModel):
    reference: str
    status: str


class EventOut(BaseModel):
    id: int
    case_reference: str
    status: str
    reason: str
    at: str


class EventsResponse(BaseModel):
    events: list[EventOut]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def lookup_digest(reference: str, birth_date: str) -> str:
    """Return the digest a citizen's status lookup is matched against."""
    return hashlib.sha256(f"{reference}|{birth_date}".encode()).hexdigest()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_app(engine: Engine, key: RSAKey, enrolment_token: str) -> FastAPI:
    """Build the service around a database engine, its key pair and the enrolment token."""
    app = FastAPI(title="Koffer town hall", version="1")
    public_key = crypto.public_jwk(key)

    def session() -> Iterator[Session]:
        with Session(engine) as db:
            yield db

    db_session = Annotated[Session, Depends(session)]

    def authenticated_kit(
        kit_id: str, db: db_session, authorization: Annotated[str, Header()] = ""
    ) -> Kit:
        kit = db.get(Kit, kit_id)
        token = authorization.removeprefix("Bearer ").strip()
        if (
            kit is None
            or kit.revoked
            or not hmac.compare_digest(kit.token_hash, _hash_token(token))
        ):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "unknown or revoked kit")
        return kit

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/encryption-key")
    def encryption_key() -> dict[str, Any]:
        return public_key

    @app.post("/v1/kits", status_code=status.HTTP_201_CREATED)
    def enrol(request: EnrolRequest, db: db_session) -> EnrolResponse:
        if not enrolment_token or not hmac.compare_digest(request.token, enrolment_token):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "enrolment token not valid")
        try:
            crypto.signing_key_from_jwk(request.signing_key)
        except (ValueError, TypeError, KeyError) as exc:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "bad signing key") from exc
        kit_token = secrets.token_urlsafe(32)
        kit = Kit(
            id=str(uuid.uuid4()),
            name=request.name,
            signing_key=request.signing_key,
            token_hash=_hash_token(kit_token),
            enrolled_at=_now(),
        )
        db.add(kit)
        db.commit()
        return EnrolResponse(kit_id=kit.id, kit_token=kit_token, encryption_key=public_key)

    @app.post("/v1/kits/{kit_id}/submissions", status_code=status.HTTP_201_CREATED)
    def submit(
        request: SubmitRequest,
        response: Response,
        db: db_session,
        kit: Annotated[Kit, Depends(authenticated_kit)],
        idempotency_key: Annotated[str, Header(min_length=8, max_length=64)],
    ) -> SubmitResponse:
        existing = _submission(db, kit.id, idempotency_key)
        if existing is not None:
            response.status_code = status.HTTP_200_OK
            return SubmitResponse(reference=existing.case_reference, status=RECEIVED)
        try:
            signer = crypto.signing_key_from_jwk(kit.signing_key)
            payload = crypto.open_packet(request.packet, key, signer)
            application = packet_format.decode(payload)
        except (crypto.CryptoError, packet_format.PacketError) as exc:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
        if application.idempotency_key != idempotency_key:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, "idempotency key differs from the packet"
            )
        submission = Submission(
            id=str(uuid.uuid4()),
            kit_id=kit.id,
            idempotency_key=idempotency_key,
            case_reference=application.reference,
            service=str(application.case["service"]),
            lookup_digest=lookup_digest(
                application.reference, str(application.person.get("birth_date", ""))
            ),
            packet=request.packet,
            received_at=_now(),
        )
        try:
            db.add(submission)
            db.flush()
            db.add(
                StatusEvent(
                    kit_id=kit.id,
                    submission_id=submission.id,
                    case_reference=application.reference,
                    status=RECEIVED,
                    at=_now(),
                )
            )
            db.commit()
        except IntegrityError:
            db.rollback()
            if _submission(db, kit.id, idempotency_key) is None:
                raise
            # The same packet raced in through another process: it is stored once.
            response.status_code = status.HTTP_200_OK
        return SubmitResponse(reference=application.reference, status=RECEIVED)

    @app.get("/v1/kits/{kit_id}/events")
    def events(
        db: db_session,
        kit: Annotated[Kit, Depends(authenticated_kit)],
        since: Annotated[int, Query(ge=0)] = 0,
    ) -> EventsResponse:
        rows = db.scalars(
            select(StatusEvent)
            .where(StatusEvent.kit_id == kit.id, StatusEvent.id > since)
            .order_by(StatusEvent.id)
            .limit(500)
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

    return app


def _submission(db: Session, kit_id: str, idempotency_key: str) -> Submission | None:
    return db.scalars(
        select(Submission).where(
            Submission.kit_id == kit_id, Submission.idempotency_key == idempotency_key
        )
    ).first()
