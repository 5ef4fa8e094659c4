"""The composition root: parts built when first used, and the embedded town hall over mutual TLS."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from koffer.app import EMBEDDED_TOWNHALL_DIR, Kit, build_kit
from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.person import Address, Person
from koffer.settings import KofferSettings
from koffer.sync.client import Enrolment, TownhallClient
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.workflows.synchronise import Synchroniser
from koffer.workflows.townhall_trust import ENROLMENTS, PINNED_CAS, TLS_KEYS
from tests.conftest import CLERK, PASSPHRASE
from tests.unit.sync.townhall_support import provide_key

ROOT = Path(__file__).resolve().parents[2]
PLAIN_TOKEN = "token-of-the-plain-town-hall"


@pytest.fixture
def kit(settings: KofferSettings) -> Iterator[Kit]:
    """A kit with its first clerk, unlocked; the embedded town hall reuses the test key."""
    provide_key(settings.data_dir / EMBEDDED_TOWNHALL_DIR)
    built = build_kit(settings)
    built.store.create(CLERK, PASSPHRASE)
    yield built
    built.close()


def _queued_case(kit: Kit, citizen: Person) -> str:
    service = kit.certificate_service()
    opened = service.open_case(citizen)
    service.render(opened.case_id)
    service.print_certificate(opened.case_id, SimPrinter(seconds_per_page=0))
    service.queue(opened.case_id)
    return opened.reference


def _enrolment(kit: Kit) -> Enrolment:
    with kit.store.unit_of_work() as uow:
        (enrolment,) = (uow.secret(ENROLMENTS) or {}).values()
    return Enrolment(**enrolment)


def test_building_a_kit_imports_neither_devices_nor_workflows_nor_the_town_hall() -> None:
    probe = (
        "import sys\n"
        "from koffer.app import build_kit\n"
        "heavy = ['koffer.devices.registry', 'koffer.workflows.engine', 'cv2', 'numpy',"
        " 'reportlab', 'fastapi', 'uvicorn', 'koffer.sync.client']\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_devices_are_built_once_when_first_used(settings: KofferSettings) -> None:
    kit = build_kit(settings)
    try:
        assert kit._devices is None
        printer = kit.devices.printer
        assert kit.devices.printer is printer
    finally:
        kit.close()


def test_the_embedded_town_hall_serves_mutual_tls_and_the_kit_pins_its_ca(
    kit: Kit, citizen: Person
) -> None:
    reference = _queued_case(kit, citizen)
    with kit.synchroniser() as synchroniser:
        report = synchroniser.run()

    assert kit.connect_townhall().startswith("https://127.0.0.1:")
    assert report.statuses == {reference: "received"}
    embedded = kit.start_embedded_townhall()
    with kit.store.unit_of_work() as uow:
        assert uow.secret(PINNED_CAS) == [(embedded.ca_certificate or b"").decode("ascii")]
        assert len(uow.secret(TLS_KEYS) or {}) == 1
    assert _enrolment(kit).certificate.startswith("-----BEGIN CERTIFICATE-----")


def test_a_kit_enrolled_over_plain_http_enrols_again_over_tls_and_keeps_its_cases(
    kit: Kit, settings: KofferSettings, citizen: Person
) -> None:
    # As the embedded town hall was before: plain HTTP, same directory, same key.
    before = _queued_case(kit, citizen)
    with (
        EmbeddedTownhall(settings.data_dir / EMBEDDED_TOWNHALL_DIR, PLAIN_TOKEN) as plain,
        TownhallClient(plain.url) as client,
    ):
        Synchroniser(kit.store, client, settings.kit_name, PLAIN_TOKEN).run()
    plain_enrolment = _enrolment(kit)
    assert not plain_enrolment.certificate

    after = _queued_case(kit, replace(citizen, surname="Beispiel"))
    with kit.synchroniser() as synchroniser:
        report = synchroniser.run()

    assert [sent.reference for sent in report.sent] == [after]
    assert report.statuses == {after: "received"}
    tls_enrolment = _enrolment(kit)
    assert tls_enrolment.kit_id != plain_enrolment.kit_id
    assert tls_enrolment.certificate
    with kit.store.unit_of_work() as uow:
        states = {case.reference: case.state for case in uow.cases()}
        assert uow.due_outbox() == []
        enrolled = [e for e in uow.audit_events() if e.event == "kit.enrolled"]
    assert states == {before: CaseState.ACKNOWLEDGED, after: CaseState.ACKNOWLEDGED}
    assert len(enrolled) == 2


def test_after_a_restart_the_kit_keeps_its_tls_enrolment(
    kit: Kit, settings: KofferSettings, citizen: Person
) -> None:
    with kit.synchroniser() as synchroniser:
        synchroniser.run()
    first = _enrolment(kit)
    kit.close()  # a new start: new enrolment token, new port, same CA and key

    again = build_kit(settings)
    try:
        again.store.unlock(CLERK, PASSPHRASE)
        reference = _queued_case(again, citizen)
        with again.synchroniser() as synchroniser:
            report = synchroniser.run()
        assert report.statuses == {reference: "received"}
        assert _enrolment(again).kit_id == first.kit_id
    finally:
        again.close()


def test_the_towns_extended_certificate_fee_reaches_the_engine(settings: KofferSettings) -> None:
    town = settings.municipality.model_copy(
        update={"extended_registration_certificate_fee_cents": 1500}
    )
    built = build_kit(settings.model_copy(update={"municipality": town}))
    built.store.create(CLERK, PASSPHRASE)
    try:
        flow = built.case_flow()
        person = Person("Zoë", "Łukasik", date(1950, 5, 5), Address("Ring", "1", "45127", "Essen"))
        simple = flow.open(ServiceKind.REGISTRATION_CERTIFICATE, person, {})
        extended = flow.open(
            ServiceKind.REGISTRATION_CERTIFICATE, person, {"variant": "extended", "sex": "F"}
        )
        assert flow.fee(simple.id).total_cents == 900
        assert flow.fee(extended.id).total_cents == 1500
    finally:
        built.close()
