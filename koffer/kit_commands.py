"""Operator commands on a kit's store: sealed logs, wipe, passphrase recovery, delivery."""

from __future__ import annotations

import getpass
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from koffer import crypto
from koffer.app import build_store
from koffer.domain.errors import ValidationError
from koffer.settings import KofferSettings
from koffer.storage import logbook
from koffer.workflows.synchronise import wipe_kit


def show_logs(settings: KofferSettings, login: str = "") -> int:
    """Print every sealed log entry of the kit after a clerk unlocks it; 1 on a damaged log."""
    store = build_store(settings)
    try:
        login = login or _ask("Login: ")
        store.unlock(login, _secret("KOFFER_PASSPHRASE", "Passphrase: "))
        private = store.log_private_key()
    finally:
        store.close()
    damaged = False
    for item in logbook.read_logs(settings.data_dir, private):
        if isinstance(item, logbook.LogProblem):
            damaged = True
            print(f"{item.file} #{item.sequence}: {item.what}")
        else:
            print(f"{item.at} {item.level:<8} {item.logger}: {item.message}")
    return 1 if damaged else 0


def wipe(settings: KofferSettings, *, confirmed: bool) -> int:
    """Destroy every key and all data of the kit (after ``--yes`` or a typed confirmation)."""
    store = build_store(settings)
    if not store.path.exists():
        print(f"No kit store in {settings.data_dir}: nothing to wipe.")
        return 0
    if not confirmed and _ask("Type WIPE to destroy every key and all data: ") != "WIPE":
        print("Not wiped.")
        return 1
    wipe_kit(store)
    print(f"Kit wiped: {settings.data_dir} holds no keys and no data any more.")
    return 0


def deliver(settings: KofferSettings, *, watch: bool) -> int:
    """Hand the kit's sealed parcels to the town hall, once or (``watch``) until stopped."""
    from koffer.workflows.delivery_agent import DeliveryAgent

    agent = DeliveryAgent(
        settings.data_dir,
        lambda: wipe_kit(build_store(settings)),
        timeout_s=settings.sync.timeout_s,
    )
    if watch:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        stop = threading.Event()
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: stop.set())
        agent.watch(stop)
        return 0
    result = agent.run_once()
    if not result.has_pass:
        print(
            "No delivery pass: the kit delivers in the background once it has synchronised "
            "with its town hall (a configured town-hall URL)."
        )
        return 0
    if result.revoked:
        print("The town hall has revoked this kit: its keys and data are wiped.")
        return 1
    print(
        f"Delivered {result.delivered}, refused {result.failed}, "
        f"waiting after a failure {result.waiting}"
        + (" - the town hall is out of reach." if result.offline else ".")
    )
    return 1 if result.offline or result.failed else 0


def recover(settings: KofferSettings, townhall_key: Path, login: str) -> int:
    """Give ``login`` a new passphrase, unwrapping the kit key with the town hall's key."""
    try:
        key = crypto.encryption_key_from_jwk(json.loads(townhall_key.read_text("utf-8")))
    except (OSError, ValueError) as exc:
        raise ValidationError("townhall_key", "error.validation", detail=str(exc)) from exc
    new = _secret("KOFFER_NEW_PASSPHRASE", "New passphrase: ")
    if "KOFFER_NEW_PASSPHRASE" not in os.environ and _secret("", "Repeat it: ") != new:
        raise ValidationError("passphrase", "error.passphrases_differ")
    store = build_store(settings)
    try:
        store.recover(key, login, new)
    finally:
        store.close()
    print(f"Clerk '{login}' can unlock the kit with the new passphrase now.")
    return 0


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    return input(prompt).strip()


def _secret(variable: str, prompt: str) -> str:
    if variable and os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)
