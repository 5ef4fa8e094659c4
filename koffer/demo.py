"""One visit end to end, printed step by step: ``koffer demo``.

Every step uses the real parts: the encrypted store, the printer device (simulator or a CUPS
queue), the sealed packet and an HTTP town hall (embedded on 127.0.0.1 unless one is named).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from koffer.app import Kit, build_kit
from koffer.domain.person import Address, Person, split_name
from koffer.settings import KofferSettings
from koffer.storage import logbook

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
        _visit(kit, options.get("citizen") or "Erika Mustermann", passphrase)
    finally:
        kit.close()
        logbook.uninstall(log)
    return 0


def _visit(kit: Kit, citizen: str, passphrase: str) -> None:
    total = 8
    store = kit.store
    if store.is_initialised():
        store.unlock(DEMO_CLERK, passphrase)
        _say(1, total, f"Kit store unlocked: {store.path}")
    else:
        store.create(DEMO_CLERK, passphrase)
        _say(1, total, f"Kit store created and unlocked: {store.path}")

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

    with kit.synchroniser() as synchroniser:
        report = synchroniser.run()
    status = report.statuses.get(opened.reference)
    sent = [s for s in report.sent if s.reference == opened.reference]
    if not sent or status is None:
        reasons = report.failed[0][1] if report.failed else "sync.no_status"
        from koffer.domain.errors import SyncError

        raise SyncError(reasons, reason=reasons)
    where = "embedded" if not kit.settings.sync.townhall_url else "remote"
    _say(
        8,
        total,
        f"Synced with the town hall at {kit.connect_townhall()} ({where}): "
        f"case {opened.reference} of {person.full_name}: status '{status}'",
    )
