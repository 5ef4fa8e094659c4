"""The overview read models: the day with the town hall's schedule, the outbox, the review sheet."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.errors import SyncError
from koffer.domain.person import Person
from koffer.storage.models import AuditEvent
from koffer.storage.repository import OutboxState
from koffer.storage.store import KitStore
from koffer.sync.client import TownhallClient
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.workflows import overview
from koffer.workflows.engine import CaseFlow
from koffer.workflows.services import all_services
from koffer.workflows.synchronise import Synchroniser

TOKEN = "enrol-overview"
ADMIN = "back-office-overview"


def _schedule(townhall: EmbeddedTownhall, day: date) -> None:
    admin = {"Authorization": f"Bearer {ADMIN}"}
    for entry in (
        {
            "day": day.isoformat(),
            "kind": "service_point_day",
            "place": "Seniorenzentrum Lindenhof",
            "starts_at": "09:00:00",
            "ends_at": "12:00:00",
        },
        {"day": day.isoformat(), "kind": "appointment", "place": "Hausbesuch Ahornweg 3"},
        {"day": (day + timedelta(days=1)).isoformat(), "kind": "appointment", "place": "Morgen"},
    ):
        answer = httpx.post(
            f"{townhall.url}/v1/admin/schedule", json=entry, headers=admin, timeout=10
        )
        assert answer.status_code in {200, 201}, answer.text


def test_the_schedule_is_pulled_sealed_and_the_day_shows_todays_entries(
    store: KitStore, tmp_path: Path
) -> None:
    today = date.today()  # noqa: DTZ011 - the kit's calendar day
    with EmbeddedTownhall(tmp_path / "th", TOKEN, admin_token=ADMIN) as townhall:
        _schedule(townhall, today)
        with TownhallClient(townhall.url) as client:
            synchroniser = Synchroniser(store, client, "kit-overview", TOKEN)
            synchroniser.run()
            pulled = overview.refresh_reference_data(synchroniser, today)

    assert {item.place for item in pulled} == {
        "Seniorenzentrum Lindenhof",
        "Hausbesuch Ahornweg 3",
        "Morgen",
    }
    day = overview.day_overview(store, today)
    # The appointment without a time comes first, then the day from 9 to 12.
    assert [item.place for item in day.schedule] == [
        "Hausbesuch Ahornweg 3",
        "Seniorenzentrum Lindenhof",
    ]
    assert day.schedule[1].starts_at is not None
    assert day.schedule_fetched_at is not None
    assert day.last_sync is not None
    # Kept as a sealed kit secret: the place names are not in the database file.
    raw = b"".join(p.read_bytes() for p in store.data_dir.glob("kit.db*"))
    assert b"Lindenhof" not in raw


def test_a_malformed_schedule_is_refused_and_the_kept_one_stays(store: KitStore) -> None:
    with store.unit_of_work() as uow:
        uow.set_secret(overview.REFERENCE_DATA, {"schedule": [], "fetched_at": "2026-01-01"})
    with pytest.raises(SyncError):
        overview.schedule_from({"schedule": [{"day": "not a day", "kind": "x", "place": "y"}]})
    assert overview.day_overview(store, date.today()).schedule == ()  # noqa: DTZ011


def test_drafts_and_todays_cases_are_counted(store: KitStore, citizen: Person) -> None:
    flow = CaseFlow(store, all_services())
    opened = flow.open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})

    day = overview.day_overview(store, date.today())  # noqa: DTZ011

    assert day.cases_today == 1
    assert [draft.id for draft in day.drafts] == [opened.id]
    assert day.drafts[0].state is CaseState.DRAFT
    assert day.last_sync is None  # never synchronised, unlike last_synced()


def test_outbox_lines_carry_state_attempts_and_the_failure_key(
    store: KitStore, citizen: Person
) -> None:
    flow = CaseFlow(store, all_services())
    case = flow.open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})
    with store.unit_of_work() as uow:
        entry_key = uow.enqueue(case.id)
        entry = uow.due_outbox()[0]
        uow.mark_failed(entry.id, "sync.unreachable: ConnectError: refused", timedelta(minutes=1))

    (line,) = overview.outbox_lines(store)

    assert line.reference == case.reference
    assert line.state == OutboxState.FAILED
    assert line.attempts == 1
    assert line.error_key == "sync.unreachable"
    assert line.error_detail == "ConnectError: refused"
    assert line.next_attempt_at > datetime.now().astimezone().replace(tzinfo=None) - timedelta(
        days=1
    )
    assert entry_key


def test_an_old_error_without_a_key_is_a_generic_failure() -> None:
    assert overview.split_error("HTTP 500 boom") == ("sync.failed", "HTTP 500 boom")
    assert overview.split_error("") == ("", "")


def test_the_review_sheet_shows_what_is_submitted_and_the_answer_is_audited(
    store: KitStore, citizen: Person
) -> None:
    flow = CaseFlow(store, all_services())
    case = flow.open(ServiceKind.CONDUCT_CERTIFICATE, citizen, {"purpose": "Ehrenamt"})

    sheet = overview.review_sheet(store, case.id)
    overview.record_review(store, case.id, confirmed=False)

    assert (sheet.given_names, sheet.surname) == (citizen.given_names, citizen.surname)
    assert sheet.city == citizen.address.city
    assert ("purpose", "Ehrenamt") in sheet.details
    with store.unit_of_work() as uow:
        events = [e.event for e in uow.session.query(AuditEvent).filter_by(case_id=case.id)]
    assert overview.REVIEW_CORRECTION in events
