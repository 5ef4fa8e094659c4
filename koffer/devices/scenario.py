"""Scenario files: faults scripted over a visit for any simulated device.

A scenario is a TOML file (``resources/scenarios/*.toml``)::

    name = "Printer jams on the second page"
    description = "Two residents; the second certificate jams."
    visit = "registration_certificate"
    citizens = 2

    [[faults]]
    device = "printer"
    page = 2                 # the printer's 2nd page since the visit began
    error = "paper_jam"

    [[faults]]
    device = "payment"
    operation = 1            # the terminal's 1st operation
    error = "declined"       # or "unplug", "timeout", "lose_answer", ...

    [expect]
    "print" = ["ok", "paper_jam", "ok"]   # outcomes of the step, in order, over the visit
    final_state = "queued"
    charges = 2

Triggers: ``operation = N`` (the device's Nth operation), ``page = N`` (printer pages). Actions:
an ``error`` from :data:`ERRORS`, or ``unplug``, or ``lose_answer`` (payment: approved but the
answer never arrives). Only simulators can be scripted; arming a real backend is refused.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from koffer.devices.base import DeviceKind
from koffer.devices.errors import (
    CardRemoved,
    CoverOpen,
    DeviceError,
    DeviceTimeout,
    DeviceUnavailable,
    NoCard,
    PaperJam,
    PaperOut,
    PaymentDeclined,
    PrinterOffline,
)
from koffer.devices.printer.sim import SimPrinter
from koffer.devices.registry import Devices
from koffer.devices.simulation import SimulatedDevice
from koffer.domain.errors import ValidationError

ERRORS: dict[str, Callable[[str], DeviceError]] = {
    "paper_jam": lambda device: PaperJam(device, "scripted fault"),
    "paper_out": lambda device: PaperOut(device, "scripted fault"),
    "printer_offline": lambda device: PrinterOffline(device, "scripted fault"),
    "cover_open": lambda device: CoverOpen(device, "scripted fault"),
    "card_removed": lambda device: CardRemoved(device, "scripted fault"),
    "no_card": lambda device: NoCard(device, "scripted fault"),
    "declined": lambda device: PaymentDeclined(device, "scripted fault"),
    "timeout": lambda device: DeviceTimeout(device, "scripted fault"),
    "unavailable": lambda device: DeviceUnavailable(device, "scripted fault"),
}
ACTIONS = frozenset({"unplug", "lose_answer"})
VISITS = frozenset({"registration_certificate", "id_card"})


@dataclass(frozen=True)
class Fault:
    """One scripted fault: on which device, when, and what happens."""

    device: DeviceKind
    what: str  # a key of ERRORS, or one of ACTIONS
    operation: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class Scenario:
    """A visit with faults, and what the run must show."""

    name: str
    description: str
    visit: str
    citizens: int
    faults: tuple[Fault, ...]
    expect: dict[str, Any] = field(default_factory=dict)


def load(path: Path) -> Scenario:
    """Read and check a scenario file.

    Raises:
        ValidationError: When the file is not TOML or names unknown devices, errors or visits.
    """
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError("scenario", "error.scenario", detail=f"{path.name}: {exc}") from exc
    return parse(data, path.name)


def parse(data: dict[str, Any], source: str = "scripted fault") -> Scenario:
    """Build a scenario from parsed TOML (see :func:`load`)."""

    def invalid(what: str) -> ValidationError:
        return ValidationError("scenario", "error.scenario", detail=f"{source}: {what}")

    visit = data.get("visit", "registration_certificate")
    if visit not in VISITS:
        raise invalid(f"unknown visit {visit!r}")
    faults = []
    for raw in data.get("faults", []):
        try:
            device = DeviceKind(raw["device"])
        except (KeyError, ValueError) as exc:
            raise invalid(f"unknown device {raw.get('device')!r}") from exc
        what = raw.get("error") or raw.get("action", "")
        if what not in ERRORS and what not in ACTIONS:
            raise invalid(f"unknown error or action {what!r}")
        operation, page = raw.get("operation"), raw.get("page")
        if (operation is None) == (page is None):
            raise invalid(f"{device}: give exactly one of 'operation' or 'page'")
        if page is not None and device is not DeviceKind.PRINTER:
            raise invalid("'page' applies to the printer only")
        faults.append(Fault(device, what, operation, page))
    citizens = int(data.get("citizens", 1))
    if not 1 <= citizens <= 20:
        raise invalid("citizens must be 1-20")
    return Scenario(
        str(data.get("name", source)),
        str(data.get("description", "")),
        visit,
        citizens,
        tuple(faults),
        dict(data.get("expect", {})),
    )


def arm(scenario: Scenario, devices: Devices) -> None:
    """Install the scenario's faults on the kit's simulators.

    Raises:
        ValidationError: When a faulted device is not a simulator.
    """
    for fault in scenario.faults:
        device = getattr(devices, str(fault.device))
        if not isinstance(device, SimulatedDevice):
            raise ValidationError(
                "scenario", "error.scenario", detail=f"{fault.device} is not simulated"
            )
        if fault.page is not None:
            if not isinstance(device, SimPrinter) or fault.what != "paper_jam":
                raise ValidationError(
                    "scenario", "error.scenario", detail="'page' faults are paper jams"
                )
            device.jam_on_page = fault.page
            continue
        assert fault.operation is not None  # noqa: S101 - parse() guarantees it
        device.schedule(fault.operation, _action(device, fault))


def _action(device: SimulatedDevice, fault: Fault) -> DeviceError | Callable[[], None]:
    if fault.what == "unplug":
        return device.unplug
    if fault.what == "lose_answer":
        if not hasattr(device, "lose_answer"):
            raise ValidationError(
                "scenario", "error.scenario", detail=f"{fault.device} cannot lose answers"
            )

        def lose() -> None:
            device.lose_answer = True

        return lose
    return ERRORS[fault.what](str(fault.device))
