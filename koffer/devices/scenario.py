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

    [expect.journal]                       # lines each device's journal must show, in order
    printer = ["print -> PaperJam", "print"]

Visits (:data:`VISITS`): ``registration_certificate``, ``id_card`` (photo, fingerprints,
signature, fee, summary), ``eid_address_change`` (the change terminal writes the new
address onto the citizen's ID card, the sticker is printed, the citizen tries the eID PIN)
and ``life_certificate`` (the pension provider's form is scanned and the confirmation
printed onto it).

Triggers: ``operation = N`` (the device's Nth operation, counted from 1; its journal shows
the numbers), ``page = N`` (printer pages, for ``paper_jam``), ``write = N`` (the change
terminal's Nth command that writes a file, for ``pull_during_write``) and ``can_entry = N``
(the clerk's Nth card access number typed in the visit, for ``wrong_can``). What happens is
an ``error`` from :data:`ERRORS`, raised by that operation, or an ``action`` from
:data:`ACTIONS`:

- any device: ``unplug``;
- payment: ``lose_answer`` (approved, but the answer never arrives);
- printer: ``offline`` (switched off now), ``offline_mid_job`` (switched off while the next
  job waits for it);
- change terminal (eID): ``card_absent`` (the card is lifted off), ``card_present`` (laid
  on again), ``pin_blocked`` (the card's PIN is blocked), ``pull_during_write`` (lifted
  right after its Nth write command; ``answer_lost = true`` before answering it) and
  ``wrong_can`` (the clerk mistypes the card access number);
- fingerprint: ``wet``, ``dry``, ``partial`` (the finger half off the sensor) and
  ``no_finger``, each for ``lasting = K`` operations (default 1).

Only simulators can be scripted; arming a real backend is refused.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from koffer.devices.base import DeviceKind
from koffer.devices.change_terminal.sim import SimChangeTerminal
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
from koffer.devices.fingerprint.sim import SimFingerprintSensor
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
_PAPER = frozenset({DeviceKind.PRINTER, DeviceKind.SCANNER})
# The devices each error can come from (empty: every device).
ERROR_DEVICES: dict[str, frozenset[DeviceKind]] = {
    "paper_jam": _PAPER,
    "paper_out": _PAPER,
    "printer_offline": frozenset({DeviceKind.PRINTER}),
    "cover_open": frozenset({DeviceKind.SCANNER}),
    "card_removed": frozenset({DeviceKind.CHANGE_TERMINAL}),
    "no_card": frozenset({DeviceKind.CHANGE_TERMINAL}),
    "declined": frozenset({DeviceKind.PAYMENT}),
    "timeout": frozenset(),
    "unavailable": frozenset(),
}
_EID = frozenset({DeviceKind.CHANGE_TERMINAL})
_FINGER = frozenset({DeviceKind.FINGERPRINT})
# Each action and the devices it applies to (empty: every device).
ACTIONS: dict[str, frozenset[DeviceKind]] = {
    "unplug": frozenset(),
    "lose_answer": frozenset({DeviceKind.PAYMENT}),
    "offline": frozenset({DeviceKind.PRINTER}),
    "offline_mid_job": frozenset({DeviceKind.PRINTER}),
    "card_absent": _EID,
    "card_present": _EID,
    "pin_blocked": _EID,
    "pull_during_write": _EID,
    "wrong_can": _EID,
    "wet": _FINGER,
    "dry": _FINGER,
    "partial": _FINGER,
    "no_finger": _FINGER,
}
VISITS = frozenset(
    {"registration_certificate", "id_card", "eid_address_change", "life_certificate"}
)
TRIGGERS = ("operation", "page", "write", "can_entry")
# The trigger an action needs when it is not ``operation``.
_OWN_TRIGGER = {"pull_during_write": "write", "wrong_can": "can_entry"}
_FINGER_CONDITIONS = {"wet": "set_wet", "dry": "set_dry", "partial": "set_partial"}
PARTIAL_OFF = 0.6  # share of the finger off the sensor for ``partial``


@dataclass(frozen=True)
class Fault:
    """One scripted fault: on which device, when, and what happens."""

    device: DeviceKind
    what: str  # a key of ERRORS or of ACTIONS
    operation: int | None = None
    page: int | None = None
    write: int | None = None
    can_entry: int | None = None
    lasting: int = 1  # operations a finger condition lasts
    answer_lost: bool = False  # pull_during_write: before the card answers


@dataclass(frozen=True)
class Scenario:
    """A visit with faults, and what the run must show."""

    name: str
    description: str
    visit: str
    citizens: int
    faults: tuple[Fault, ...]
    expect: dict[str, Any] = field(default_factory=dict)

    @property
    def mistyped_can_entries(self) -> frozenset[int]:
        """The clerk's CAN entries (counted from 1) that are mistyped."""
        return frozenset(f.can_entry for f in self.faults if f.can_entry is not None)


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
    faults = [_fault(raw, invalid) for raw in data.get("faults", [])]
    citizens = data.get("citizens", 1)
    if not isinstance(citizens, int) or not 1 <= citizens <= 20:
        raise invalid("citizens must be 1-20")
    expect = data.get("expect", {})
    if not isinstance(expect, dict) or not isinstance(expect.get("journal", {}), dict):
        raise invalid("'expect' and 'expect.journal' must be tables")
    return Scenario(
        str(data.get("name", source)),
        str(data.get("description", "")),
        visit,
        citizens,
        tuple(faults),
        dict(expect),
    )


def _fault(raw: Any, invalid: Callable[[str], ValidationError]) -> Fault:
    if not isinstance(raw, dict):
        raise invalid("each [[faults]] entry must be a table")
    try:
        device = DeviceKind(raw["device"])
    except (KeyError, ValueError) as exc:
        raise invalid(f"unknown device {raw.get('device')!r}") from exc
    what = raw.get("error") or raw.get("action", "")
    if what not in ERRORS and what not in ACTIONS:
        raise invalid(f"unknown error or action {what!r}")
    applies = ACTIONS.get(what) or ERROR_DEVICES.get(what)
    if applies and device not in applies:
        raise invalid(f"{what!r} does not apply to the {device}")
    given = {name: raw[name] for name in TRIGGERS if name in raw}
    if len(given) != 1:
        raise invalid(f"{device}: give exactly one of {', '.join(repr(t) for t in TRIGGERS)}")
    ((trigger, number),) = given.items()
    if not isinstance(number, int) or number < 1:
        raise invalid(f"{device}: {trigger!r} counts from 1")
    if trigger == "page" and (device is not DeviceKind.PRINTER or what != "paper_jam"):
        raise invalid("'page' applies to the printer only, for 'paper_jam'")
    needed = _OWN_TRIGGER.get(what, "operation" if trigger != "page" else "page")
    if trigger != needed:
        raise invalid(f"{what!r} is triggered by {needed!r}")
    lasting = raw.get("lasting", 1)
    if not isinstance(lasting, int) or lasting < 1:
        raise invalid("'lasting' counts operations, from 1")
    return Fault(
        device,
        what,
        **{trigger: number},
        lasting=lasting,
        answer_lost=bool(raw.get("answer_lost", False)),
    )


def arm(scenario: Scenario, devices: Devices) -> None:
    """Install the scenario's faults on the kit's simulators.

    ``wrong_can`` is the clerk's slip, not a device's: the visit reads it from
    :attr:`Scenario.mistyped_can_entries`.

    Raises:
        ValidationError: When a faulted device is not a simulator.
    """
    simulators: list[tuple[Fault, SimulatedDevice]] = []
    for fault in scenario.faults:
        device = getattr(devices, str(fault.device))
        if not isinstance(device, SimulatedDevice):
            raise ValidationError(
                "scenario", "error.scenario", detail=f"{fault.device} is not simulated"
            )
        simulators.append((fault, device))
    # Conditions end before new ones begin at the same operation: restores are scheduled first.
    for fault, device in simulators:
        conditioned = fault.what in _FINGER_CONDITIONS or fault.what == "no_finger"
        if isinstance(device, SimFingerprintSensor) and conditioned and fault.operation:
            device.schedule(fault.operation + fault.lasting, device.reset_conditions)
    for fault, device in simulators:
        if fault.page is not None and isinstance(device, SimPrinter):
            device.jam_on_page = fault.page
        elif fault.write is not None and isinstance(device, SimChangeTerminal):
            device.pull_during_write(fault.write, answer_lost=fault.answer_lost)
        elif fault.operation is not None:
            device.schedule(fault.operation, _action(device, fault))


def _action(  # noqa: PLR0911 - one branch per action
    device: SimulatedDevice, fault: Fault
) -> DeviceError | Callable[[], None]:
    what = fault.what
    if what in ERRORS:
        return ERRORS[what](str(fault.device))
    if what == "unplug":
        return device.unplug
    if what == "lose_answer":
        if not hasattr(device, "lose_answer"):
            raise ValidationError(
                "scenario", "error.scenario", detail=f"{fault.device} cannot lose answers"
            )

        def lose() -> None:
            device.lose_answer = True

        return lose
    if isinstance(device, SimPrinter):
        return lambda: device.switch_off(mid_job=what == "offline_mid_job")
    if isinstance(device, SimChangeTerminal):
        return {
            "card_absent": device.remove,
            "card_present": device.insert,
            "pin_blocked": device.block_pin,
        }[what]
    if isinstance(device, SimFingerprintSensor):
        if what == "no_finger":
            return device.set_no_finger
        if what == "partial":
            return lambda: device.set_partial(PARTIAL_OFF)
        return getattr(device, _FINGER_CONDITIONS[what])  # type: ignore[no-any-return]
    raise ValidationError(
        "scenario", "error.scenario", detail=f"{what!r} does not apply to the {fault.device}"
    )
