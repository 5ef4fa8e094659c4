"""Helpers for tests that talk to a town hall over HTTP: enrol, seal, submit, administer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from joserfc.jwk import OKPKey, RSAKey
from sqlalchemy import Engine, inspect, text

from koffer import crypto
from koffer.sync import packet
from koffer.sync.parcel import seal_application
from koffer.sync.townhall import keys, migrate
from koffer.sync.townhall.intake import lookup_digest
from koffer.sync.townhall.models import Base

TOKEN = "enrolment-token"
ADMIN_TOKEN = "admin-token-for-tests"
REFERENCE = "K-2026-ACDE-FGHJ"
BIRTH_DATE = "1941-03-02"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@cache
def townhall_key() -> RSAKey:
    """One RSA key for the whole run: generating 3072-bit keys per test is slow."""
    return crypto.new_townhall_key()


def provide_key(data_dir: Path) -> None:
    """Put the shared key where the town hall looks for it."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = data_dir / keys.KEY_FILE
    path.write_text(json.dumps(crypto.private_jwk(townhall_key())), "utf-8")
    path.chmod(0o600)


@dataclass(frozen=True)
class EnrolledKit:
    kit_id: str
    kit_token: str
    encryption_key: dict[str, Any]
    signing: OKPKey

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.kit_token}"}

    @property
    def base(self) -> str:
        return f"/v1/kits/{self.kit_id}"


def enrol(http: httpx.Client, name: str = "kit", token: str = TOKEN) -> EnrolledKit:
    signing = crypto.new_signing_key()
    response = http.post(
        "/v1/kits", json={"name": name, "token": token, "signing_key": crypto.public_jwk(signing)}
    )
    assert response.status_code == 201, response.text
    data = response.json()
    return EnrolledKit(data["kit_id"], data["kit_token"], data["encryption_key"], signing)


def seal(
    kit: EnrolledKit,
    key: str = "idem-0001",
    *,
    reference: str = REFERENCE,
    birth_date: str = BIRTH_DATE,
    notify_email: str | None = None,
    person: dict[str, Any] | None = None,
) -> str:
    case: dict[str, Any] = {"reference": reference, "service": "registration_certificate"}
    if notify_email is not None:
        case["details"] = {"notify_email": notify_email}
    application = packet.Application(key, case, {"birth_date": birth_date, **(person or {})})
    recipient = crypto.encryption_key_from_jwk(kit.encryption_key)
    return seal_application(application, kit.signing, recipient)


def submit(
    http: httpx.Client, kit: EnrolledKit, key: str = "idem-0001", **kwargs: Any
) -> httpx.Response:
    return http.post(
        f"{kit.base}/submissions",
        headers=kit.auth | {"Idempotency-Key": key},
        json={"packet": seal(kit, key, **kwargs)},
    )


def change_status(
    http: httpx.Client, status: str, reason: str = "", reference: str = REFERENCE
) -> httpx.Response:
    return http.post(
        f"/v1/admin/cases/{reference}/status",
        headers=ADMIN,
        json={"status": status, "reason": reason},
    )


def events(http: httpx.Client, kit: EnrolledKit, since: int = 0) -> list[dict[str, Any]]:
    response = http.get(f"{kit.base}/events", params={"since": since}, headers=kit.auth)
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()["events"]
    return result


def schema_differences(engine: Engine) -> list[object]:
    """What Alembic's autogenerate would still change to match the models."""
    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def fill_initial_schema(engine: Engine) -> None:
    """Rows as revision 0001 stored them: two kits (one revoked), a case with its event."""
    at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC).replace(tzinfo=None)  # stored naive, UTC
    with engine.begin() as connection:
        for kit_id, revoked in (("kit-1", False), ("kit-2", True)):
            connection.execute(
                text(
                    "INSERT INTO kit (id, name, signing_key, token_hash, enrolled_at, revoked) "
                    "VALUES (:id, 'kit', '{}', :hash, :at, :revoked)"
                ),
                {"id": kit_id, "hash": "0" * 64, "at": at, "revoked": revoked},
            )
        connection.execute(
            text(
                "INSERT INTO submission (id, kit_id, idempotency_key, case_reference, service, "
                "lookup_digest, packet, received_at) "
                "VALUES ('sub-1', 'kit-1', 'idem-0001', :ref, 'registration_certificate', "
                ":digest, 'sealed', :at)"
            ),
            {"ref": REFERENCE, "digest": lookup_digest(REFERENCE, BIRTH_DATE), "at": at},
        )
        connection.execute(
            text(
                "INSERT INTO status_event (kit_id, submission_id, case_reference, status, "
                "reason, at) VALUES ('kit-1', 'sub-1', :ref, 'received', '', :at)"
            ),
            {"ref": REFERENCE, "at": at},
        )


def check_upgrade_from_initial(engine: Engine) -> None:
    """Migrate a filled 0001 database to head and check rows, schema and revision."""
    migrate.upgrade(engine, migrate.INITIAL_REVISION)
    assert migrate.current_revision(engine) == migrate.INITIAL_REVISION
    assert "schedule_entry" not in inspect(engine).get_table_names()
    fill_initial_schema(engine)

    migrate.upgrade(engine)

    head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert migrate.current_revision(engine) == head != migrate.INITIAL_REVISION
    assert schema_differences(engine) == []
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT status, notify_email FROM submission WHERE id = 'sub-1'")
        ).one()
        assert tuple(row) == ("received", None)
        kits = dict(connection.execute(text("SELECT id, revoked_at FROM kit")).all())
        assert kits["kit-1"] is None
        assert kits["kit-2"] is not None
        assert connection.execute(text("SELECT count(*) FROM schedule_entry")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM status_event")).scalar() == 1
