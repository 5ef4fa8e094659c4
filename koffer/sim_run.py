"""``koffer sim run SCENARIO``: a headless visit on simulated devices with scripted faults.

The run plays the clerk: for each citizen it opens a case, takes the fee, renders, prints and
queues the document. When a step fails on a device fault it checks that the case is intact
(it reads back, in the state it had before the step), does what a clerk would (plug the cable
back in, refill paper, clear the jam, ask for another card) and tries again, at most
``ATTEMPTS`` times. The report lists each step's outcomes, what each device did (its journal)
and whether the scenario's expectations held.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from koffer import crypto
from koffer.devices import scenario as scenarios
from koffer.devices.errors import DeviceError, DeviceUnavailable, PaperOut
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.interface import PrintJob
from koffer.devices.printer.sim import SimPrinter
from koffer.devices.registry import Devices, build_devices
from koffer.devices.simulation import SimulatedDevice
from koffer.domain.case import ServiceKind
from koffer.domain.errors import KofferError
from koffer.domain.messages import describe
from koffer.domain.person import Address, Person
from koffer.settings import DeviceSettings, MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows import capture
from koffer.workflows.engine import CaseFlow
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.services import all_services, id_card

ATTEMPTS = 3
STEPS = ("open", "photo", "fingerprints", "signature", "pay", "render", "print", "queue")
RESIDENTS = (
    ("Anna", "Weber"), ("Jürgen", "Łukasik"), ("Zoë", "Ñúñez-Müller"), ("Ömer", "Yılmaz"),
    ("Ida", "Nguyễn"), ("Sören", "Đorđević"), ("Marie", "Schäfer"), ("Mehmet", "Öztürk"),
)  # fmt: skip
KDF = crypto.KdfParams(8 * 1024, 1, 1)  # a throw-away training store
TRAINING_PASSPHRASE = "scenario run"  # noqa: S105 - throw-away store


@dataclass
class StepOutcome:
    """What one attempt of a step did."""

    citizen: int
    step: str
    outcome: str  # "ok" or the error's message key without "device."
    message: str = ""
    case_intact: bool = True
    remedy: str = ""


@dataclass
class ScenarioReport:
    """The result of a scenario run."""

    scenario: str
    outcomes: list[StepOutcome] = field(default_factory=list)
    devices: dict[str, list[str]] = field(default_factory=dict)
    final_states: list[str] = field(default_factory=list)
    charges: int = 0
    failures: list[str] = field(default_factory=list)  # unmet expectations

    @property
    def passed(self) -> bool:
        """Whether every expectation held and every failed step left its case intact."""
        return not self.failures

    def step(self, name: str) -> list[str]:
        """The outcomes of one step over the whole visit, in order."""
        return [o.outcome for o in self.outcomes if o.step == name]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "scenario": self.scenario,
            "passed": self.passed,
            "failures": self.failures,
            "steps": {name: self.step(name) for name in STEPS},
            "outcomes": [o.__dict__ for o in self.outcomes],
            "devices": self.devices,
            "final_states": self.final_states,
            "charges": self.charges,
        }


def run(path: Path, language: str = "de") -> ScenarioReport:
    """Run the scenario file at ``path`` on a throw-away kit."""
    scenario = scenarios.load(path)
    devices = build_devices(DeviceSettings())
    _fast(devices)
    scenarios.arm(scenario, devices)
    report = ScenarioReport(scenario.name)
    with tempfile.TemporaryDirectory(prefix="koffer-scenario-") as tmp:
        store = KitStore(Path(tmp) / "kit", KDF)
        store.create("schulung", TRAINING_PASSPHRASE)
        try:
            visit = _Visit(store, devices, report, language)
            for index in range(scenario.citizens):
                if scenario.visit == "id_card":
                    visit.id_card(index)
                else:
                    visit.citizen(index)
        finally:
            store.close()
    report.devices = {
        str(kind): [
            f"#{op.number} {op.name}" + (f" -> {op.fault}" if op.fault else "")
            for op in device.journal
        ]
        for kind in ("printer", "payment", "scanner", "camera", "fingerprint", "signature_pad")
        if isinstance(device := getattr(devices, kind), SimulatedDevice) and device.journal
    }
    if isinstance(devices.payment, SimPaymentTerminal):
        report.charges = devices.payment.charges
    report.failures.extend(_unmet(scenario, report))
    return report


def _fast(devices: Devices) -> None:
    """No waiting for paper to come out in a scenario run."""
    if isinstance(devices.printer, SimPrinter):
        devices.printer.seconds_per_page = 0.0


class _Visit:
    def __init__(
        self, store: KitStore, devices: Devices, report: ScenarioReport, language: str
    ) -> None:
        self.store = store
        self.devices = devices
        self.report = report
        self.language = language
        self.service = RegistrationCertificateService(store, MunicipalSettings())

    def citizen(self, index: int) -> None:
        given, surname = RESIDENTS[index % len(RESIDENTS)]
        person = Person(given, surname, date(1938, 1 + index % 12, 3), _ADDRESS)
        opened = self.service.open_case(person)
        self.report.outcomes.append(StepOutcome(index + 1, "open", "ok"))
        case_id = opened.case_id
        steps: list[tuple[str, Callable[[], object]]] = [
            ("pay", lambda: self.service.collect_fee(case_id, self.devices.payment)),
            ("render", lambda: self.service.render(case_id)),
            ("print", lambda: self.service.print_certificate(case_id, self.devices.printer)),
            ("queue", lambda: self.service.queue(case_id)),
        ]
        for name, action in steps:
            if not self._attempts(index + 1, case_id, name, action):
                break
        with self.store.unit_of_work() as uow:
            self.report.final_states.append(str(uow.case(case_id).state))

    def id_card(self, index: int) -> None:
        """An ID-card application: photo, prints, signature, fee, summary, queue."""
        given, surname = RESIDENTS[index % len(RESIDENTS)]
        person = Person(given, surname, date(1938, 1 + index % 12, 3), _ADDRESS)
        flow = CaseFlow(self.store, all_services())
        case_id = flow.open(ServiceKind.ID_CARD, person, {}).id
        self.report.outcomes.append(StepOutcome(index + 1, "open", "ok"))
        municipality = MunicipalSettings()
        devices = self.devices
        devices.camera.open()
        steps: list[tuple[str, Callable[[], object]]] = [
            ("photo", lambda: capture.take_photo(flow, case_id, devices.camera)),
            ("fingerprints", lambda: self._fingerprints(flow, case_id)),
            ("signature", lambda: capture.take_signature(flow, case_id, devices.signature_pad)),
            ("pay", lambda: flow.pay(case_id, devices.payment)),
            ("print", lambda: self._print_summary(flow, case_id, municipality)),
            ("queue", lambda: flow.queue(case_id)),
        ]
        for name, action in steps:
            if not self._attempts(index + 1, case_id, name, action):
                break
        with self.store.unit_of_work() as uow:
            self.report.final_states.append(str(uow.case(case_id).state))

    def _fingerprints(self, flow: CaseFlow, case_id: str) -> None:
        sensor = self.devices.fingerprint
        sensor.open()
        try:
            capture.take_fingerprints(flow, case_id, sensor)
        finally:
            sensor.close()

    def _print_summary(self, flow: CaseFlow, case_id: str, municipality: MunicipalSettings) -> None:
        pdf = id_card.summary_pdf(flow, case_id, municipality)
        printed = self.devices.printer.print(PrintJob(pdf, "Antrag"))
        flow.record(case_id, "summary", {"job_id": printed.job_id})

    def _attempts(
        self, citizen: int, case_id: str, name: str, action: Callable[[], object]
    ) -> bool:
        for _ in range(ATTEMPTS):
            before = self._state(case_id)
            try:
                action()
            except KofferError as error:  # a device fault, or a capture the checks refused
                outcome = StepOutcome(
                    citizen,
                    name,
                    error.message_key.removeprefix("device.").removeprefix("error."),
                    describe(error, self.language),
                    case_intact=self._state(case_id) == before,
                    remedy=self._remedy(error) if isinstance(error, DeviceError) else "",
                )
                self.report.outcomes.append(outcome)
                continue
            self.report.outcomes.append(StepOutcome(citizen, name, "ok"))
            return True
        return False

    def _state(self, case_id: str) -> str:
        with self.store.unit_of_work() as uow:
            return str(uow.case(case_id).state)

    def _remedy(self, error: DeviceError) -> str:
        """Do what the clerk does after this fault, and say what it was."""
        device = getattr(self.devices, error.device, None)
        if isinstance(error, DeviceUnavailable) and isinstance(device, SimulatedDevice):
            device.plug_in()
            return "cable plugged back in"
        if isinstance(error, PaperOut) and isinstance(device, SimPrinter):
            device.load_paper(100)
            return "paper refilled"
        return "tried again"


_ADDRESS = Address("Lindenstraße", "12a", "45127", "Essen")


def _unmet(scenario: scenarios.Scenario, report: ScenarioReport) -> list[str]:
    failures = [
        f"citizen {o.citizen}, {o.step}: the case changed although the step failed"
        for o in report.outcomes
        if not o.case_intact
    ]
    expect = scenario.expect
    for step in STEPS:
        if step in expect and report.step(step) != list(expect[step]):
            failures.append(f"{step}: expected {list(expect[step])}, got {report.step(step)}")
    if "final_state" in expect:
        wrong = [s for s in report.final_states if s != expect["final_state"]]
        if wrong:
            failures.append(f"final states {report.final_states}, expected {expect['final_state']}")
    if "charges" in expect and report.charges != expect["charges"]:
        failures.append(f"{report.charges} card charges, expected {expect['charges']}")
    return failures


def shipped_scenarios() -> list[Path]:
    """The scenario files that come with Koffer (resources/scenarios)."""
    from importlib import resources

    folder = resources.files("koffer.resources") / "scenarios"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".toml"))
