"""One visit end to end, printed step by step: ``koffer demo``.

Every step uses the real parts: the encrypted store, the printer device (simulator or a CUPS
queue), the sealed packet and an HTTP town hall (embedded on 127.0.0.1 unless one is named).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from koffer.app import Kit, build_kit
from koffer.devices.printer.interface import PrintJob
from koffer.domain.case import ServiceKind
from koffer.domain.errors import SyncError
from koffer.domain.person import Address, Person, split_name
from koffer.settings import KofferSettings
from koffer.storage import logbook
from koffer.workflows import capture, receipts
from koffer.workflows.services import id_card

DEMO_CLERK = "demo"
DEMO_BIRTH_DATE = date(1964, 8, 12)
DEMO_ADDRESS = Address("Heidestraße", "17", "51147", "Köln")


def _say(step: int, total: int, text: str) -> None:
    print(f"[{step}/{total}] {text}", flush=True)


def _euro(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d} EUR"


def demo_settings(settings: KofferSettings, options: dict[str, Any]) -> KofferSettings:
    """Apply the demo's command-line options on top of the settings."""
    devices: dict[str, Any] = {}
    if options.get("printer"):
        devices["printer"] = options["printer"]
    if options.get("queue"):
        devices["printer_queue"] = options["queue"]
    if options.get("out"):
        devices["printer_out_dir"] = Path(options["out"])
    sync: dict[str, Any] = {}
    if options.get("townhall"):
        sync["townhall_url"] = options["townhall"]
    return settings.model_copy(
        update={
            "data_dir": options.get("data_dir") or settings.data_dir / "demo",
            "devices": settings.devices.model_copy(update=devices),
            "sync": settings.sync.model_copy(update=sync),
        }
    )


def run_demo(settings: KofferSettings, options: dict[str, Any], passphrase: str) -> int:
    """Run the visit; return 0 only when every step succeeded."""
    settings = demo_settings(settings, options)
    log = logbook.install(settings.data_dir, settings.security.log_retention_days)
    kit = build_kit(settings)
    try:
        visit = _id_card_visit if options.get("service") == "id_card" else _visit
        visit(kit, options.get("citizen") or "Erika Mustermann", passphrase)
    finally:
        kit.close()
        logbook.uninstall(log)
    return 0


def _open_store(kit: Kit, passphrase: str, total: int) -> None:
    store = kit.store
    if store.is_initialised():
        store.unlock(DEMO_CLERK, passphrase)
        _say(1, total, f"Kit store unlocked: {store.path}")
    else:
        store.create(DEMO_CLERK, passphrase)
        _say(1, total, f"Kit store created and unlocked: {store.path}")


def _sync(kit: Kit, reference: str) -> str:
    """Sync and return the town hall's status for the case (SyncError when it has none)."""
    with kit.synchroniser() as synchroniser:
        report = synchroniser.run()
    status = report.statuses.get(reference)
    if not [s for s in report.sent if s.reference == reference] or status is None:
        reason = report.failed[0][1] if report.failed else "sync.no_status"
        raise SyncError(reason, reason=reason)
    return status


def _visit(kit: Kit, citizen: str, passphrase: str) -> None:
    total = 8
    _open_store(kit, passphrase, total)

    given, surname = split_name(citizen)
    person = Person(given, surname, DEMO_BIRTH_DATE, DEMO_ADDRESS)
    service = kit.certificate_service()
    opened = service.open_case(person)
    _say(2, total, f"Citizen: {person.full_name}, born {person.birth_date:%d.%m.%Y}")
    _say(3, total, f"Case {opened.reference}: registration certificate (Meldebescheinigung)")

    service.collect_fee(opened.case_id, kit.devices.payment)
    _say(4, total, f"Fee {_euro(service.fee_cents)} paid at the card terminal")

    service.render(opened.case_id)
    _say(5, total, f"Certificate rendered for {person.full_name} and sealed in the store")

    result = service.print_certificate(opened.case_id, kit.devices.printer)
    _say(6, total, f"Printed on {result.printer}: job {result.job_id} ({result.seconds:.1f} s)")

    service.queue(opened.case_id)
    _say(7, total, "Queued for the town hall")

    status = _sync(kit, opened.reference)
    where = "embedded" if not kit.settings.sync.townhall_url else "remote"
    _say(
        8,
        total,
        f"Synced with the town hall at {kit.connect_townhall()} ({where}): "
        f"case {opened.reference} of {person.full_name}: status '{status}'",
    )


def _id_card_visit(kit: Kit, citizen: str, passphrase: str) -> None:
    """An ID-card application on the simulated devices, through the workflow engine."""
    total = 9
    _open_store(kit, passphrase, total)
    given, surname = split_name(citizen)
    person = Person(given, surname, DEMO_BIRTH_DATE, DEMO_ADDRESS, birth_place="Köln")
    flow = kit.case_flow()
    case = flow.open(ServiceKind.ID_CARD, person, {"height_cm": 172, "eye_colour": "braun"})
    _say(2, total, f"Case {case.reference}: ID card for {person.full_name}, "
                   f"fee {_euro(flow.fee(case.id).total_cents)}")  # fmt: skip
    devices = kit.devices
    devices.camera.open()
    try:
        photo = capture.take_photo(flow, case.id, devices.camera)
    finally:
        devices.camera.close()
    checks = photo.details["steps"]["photo"]["data"]["checks"]
    _say(3, total, f"Photo taken: {len(checks)} ICAO/TR-03121 checks passed, 1244x1600 + JPEG 2000")
    devices.fingerprint.open()
    try:
        prints = capture.take_fingerprints(flow, case.id, devices.fingerprint)
    finally:
        devices.fingerprint.close()
    scores = prints.details["steps"]["fingerprints"]["data"]["scores"]
    _say(4, total, f"Fingerprints: right {scores['right']}, left {scores['left']} (quality 0-100)")
    capture.take_signature(flow, case.id, devices.signature_pad)
    _say(5, total, "Signature taken (900x132)")
    flow.pay(case.id, devices.payment)
    receipt = receipts.receipt_pdf(kit.store, case.id, flow.fee(case.id), kit.settings.municipality)
    devices.printer.print(PrintJob(receipt, f"Quittung {case.reference}"))
    _say(6, total, f"Fee {_euro(flow.fee(case.id).total_cents)} paid; receipt printed")
    summary = id_card.summary_pdf(flow, case.id, kit.settings.municipality)
    printed = devices.printer.print(PrintJob(summary, f"Antrag {case.reference}"))
    flow.record(case.id, "summary", {"job_id": printed.job_id})
    _say(7, total, f"Application summary printed on {printed.printer} for the citizen to keep")
    flow.queue(case.id)
    _say(8, total, "Queued for the town hall")
    status = _sync(kit, case.reference)
    _say(9, total, f"Synced: case {case.reference}: status '{status}'; "
                   "fingerprints and photo deleted from the kit on receipt")  # fmt: skip
