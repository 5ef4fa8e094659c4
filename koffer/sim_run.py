"""``koffer sim run SCENARIO``: a headless visit on simulated devices with scripted faults.

The run plays the clerk: for each citizen it opens a case and goes through the visit's steps
(fee, documents, captures, the change terminal, the queue). When a step fails on a device
fault it checks that the case is intact (it reads back, in the state it had before the
step), does what a clerk would (plug the cable back in, refill paper, switch the printer on,
lay the card on again, type the CAN again, set a new PIN after the identity check, ask for
another card) and tries again, at most ``ATTEMPTS`` times. The report lists each step's
outcomes, what each device did (its journal) and whether the scenario's expectations held.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from koffer import crypto
from koffer.devices import scenario as scenarios
from koffer.devices.change_terminal.address import encode_dg17, encode_dg18
from koffer.devices.change_terminal.card import EF_DG17, EF_DG18, VirtualIdCard
from koffer.devices.change_terminal.eid import EidSession
from koffer.devices.change_terminal.pace import PasswordKind
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.change_terminal.terminal_auth import TerminalCredential
from koffer.devices.errors import (
    AddressWriteInterrupted,
    CardRemoved,
    CoverOpen,
    DeviceError,
    DeviceUnavailable,
    NoCard,
    PaperJam,
    PaperOut,
    PinBlocked,
    PrinterOffline,
    WrongCan,
)
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.interface import PrintJob
from koffer.devices.printer.sim import SimPrinter
from koffer.devices.registry import Devices, build_devices
from koffer.devices.scanner.interface import ScanSource
from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.devices.simulation import SimulatedDevice
from koffer.documents import life_confirmation
from koffer.domain.case import ServiceKind
from koffer.domain.errors import KofferError
from koffer.domain.messages import describe
from koffer.domain.person import Address, Person
from koffer.settings import DeviceSettings, MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows import capture
from koffer.workflows.engine import Attachment, CaseFlow
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.services import all_services, eid, id_card

ATTEMPTS = 3
MIXED_ADDRESS = "MIXED (half old, half new)"
STEPS = (
    "open", "identity", "card", "sticker", "pin", "scan", "photo", "fingerprints", "signature",
    "pay", "render", "print", "queue",
)  # fmt: skip
SCAN_DPI = 150
DEVICES = ("printer", "payment", "scanner", "camera", "fingerprint", "signature_pad",
           "change_terminal")  # fmt: skip
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
            visit = _Visit(store, devices, report, language, scenario.mistyped_can_entries)
            for index in range(scenario.citizens):
                if scenario.visit == "id_card":
                    visit.id_card(index)
                elif scenario.visit == "eid_address_change":
                    visit.eid_address_change(index)
                elif scenario.visit == "life_certificate":
                    visit.life_certificate(index)
                else:
                    visit.citizen(index)
        finally:
            store.close()
    report.devices = {
        kind: [op.line() for op in device.journal]
        for kind in DEVICES
        if isinstance(device := getattr(devices, kind), SimulatedDevice) and device.journal
    }
    if isinstance(devices.payment, SimPaymentTerminal):
        report.charges = devices.payment.charges
    report.failures.extend(_unmet(scenario, report))
    return report


def _fast(devices: Devices) -> None:
    """No waiting for paper to come out, or for a finger that never comes, in a scenario run."""
    if isinstance(devices.printer, SimPrinter):
        devices.printer.seconds_per_page = 0.0
    if isinstance(devices.fingerprint, SimFingerprintSensor):
        devices.fingerprint.time_scale = 0.0


class _Visit:
    def __init__(
        self,
        store: KitStore,
        devices: Devices,
        report: ScenarioReport,
        language: str,
        mistyped_can_entries: frozenset[int] = frozenset(),
    ) -> None:
        self.store = store
        self.devices = devices
        self.report = report
        self.language = language
        self.service = RegistrationCertificateService(store, MunicipalSettings())
        self.mistyped_can_entries = mistyped_can_entries
        self.can_entries = 0
        self.citizen_card: VirtualIdCard | None = None
        self.citizen_pin = ""
        self.addresses: dict[str, tuple[bytes, bytes]] = {}  # "old"/"new" -> (DG17, DG18)

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

    def eid_address_change(self, index: int) -> None:
        """The new address onto the citizen's ID card: identity, card, sticker, PIN, queue."""
        given, surname = RESIDENTS[index % len(RESIDENTS)]
        person = Person(given, surname, date(1938, 1 + index % 12, 3), _ADDRESS)
        flow = CaseFlow(self.store, all_services())
        details = {
            "operation": "address_change",
            "new_address": _NEW_HOME.to_dict(),
            "municipality_key": _NEW_HOME_KEY,
        }
        case_id = flow.open(ServiceKind.EID, person, details).id
        self.report.outcomes.append(StepOutcome(index + 1, "open", "ok"))
        terminal = self.devices.change_terminal
        card = VirtualIdCard(can=f"{271828 + 1111 * index:06d}", pin=f"{482910 + index:06d}")
        self.citizen_card, self.citizen_pin = card, card.pin
        self.addresses = {
            "old": (card.files[EF_DG17], card.files[EF_DG18]),
            "new": (encode_dg17(eid.new_residence(details)), encode_dg18(_NEW_HOME_KEY)),
        }
        if isinstance(terminal, SimChangeTerminal):
            terminal.insert(card)  # the citizen lays the card on the terminal
        steps: list[tuple[str, Callable[[], object]]] = [
            ("identity", lambda: eid.check_identity(flow, case_id, "id_card")),
            ("card", lambda: eid.run_card_step(flow, case_id, terminal, _TERMINAL, self._can())),
            ("sticker", lambda: self._sticker(flow, case_id)),
            ("pin", self._try_pin),
            ("queue", lambda: flow.queue(case_id)),
        ]
        for name, action in steps:
            if not self._attempts(index + 1, case_id, name, action):
                break
        if isinstance(terminal, SimChangeTerminal) and terminal.card_present():
            terminal.remove()  # the citizen takes the card back
        with self.store.unit_of_work() as uow:
            self.report.final_states.append(str(uow.case(case_id).state))

    def life_certificate(self, index: int) -> None:
        """A pension provider's form: scanned, confirmation stamped on it and printed, queued."""
        given, surname = RESIDENTS[index % len(RESIDENTS)]
        person = Person(given, surname, date(1938, 1 + index % 12, 3), _ADDRESS)
        flow = CaseFlow(self.store, all_services())
        details = {"provider": "Deutsche Rentenversicherung", "identity_document": "id_card"}
        case = flow.open(ServiceKind.LIFE_CERTIFICATE, person, details)
        self.report.outcomes.append(StepOutcome(index + 1, "open", "ok"))
        scans: list[bytes] = []

        def scan() -> None:
            pages = self.devices.scanner.scan(ScanSource.FLATBED, dpi=SCAN_DPI)
            scans[:] = [_jpeg(page.image) for page in pages]
            attachments = [Attachment("form_scan", "image/jpeg", jpeg) for jpeg in scans]
            flow.record(case.id, "form_scan", {"pages": len(scans)}, attachments)

        def confirm() -> None:
            municipality = MunicipalSettings()
            stamp = life_confirmation.LifeConfirmation(
                person.full_name, person.birth_date, "id_card", details["provider"],
                municipality.name, flow.today(), municipality.office, case.reference,
            )  # fmt: skip
            pdf = life_confirmation.render(stamp, scans)
            flow.issue(case.id, "confirmation", pdf, "Lebensbescheinigung", self.devices.printer)

        steps: list[tuple[str, Callable[[], object]]] = [
            ("scan", scan),
            ("print", confirm),
            ("queue", lambda: flow.queue(case.id)),
        ]
        for name, action in steps:
            if not self._attempts(index + 1, case.id, name, action):
                break
        with self.store.unit_of_work() as uow:
            self.report.final_states.append(str(uow.case(case.id).state))

    def _can(self) -> str:
        """The card access number as the clerk types it off the card (sometimes mistyped)."""
        assert self.citizen_card is not None  # noqa: S101 - set by the visit
        self.can_entries += 1
        can = self.citizen_card.can
        if self.can_entries in self.mistyped_can_entries:
            return can[:-2] + can[-1] + can[-2] if can[-1] != can[-2] else can[::-1]
        return can

    def _sticker(self, flow: CaseFlow, case_id: str) -> None:
        flow.issue(case_id, "sticker", eid.sticker_pdf(flow, case_id), "Adressaufkleber",
                   self.devices.printer)  # fmt: skip

    def _try_pin(self) -> None:
        """The citizen tries the eID PIN on the terminal before leaving."""
        with EidSession(self.devices.change_terminal) as session:
            session.pace(PasswordKind.PIN, self.citizen_pin)

    def _new_pin(self) -> str:
        """A blocked PIN: after the identity check the terminal sets the citizen's new one."""
        assert self.citizen_card is not None  # noqa: S101 - set by the visit
        new_pin = f"{(int(self.citizen_pin) + 135791) % 1_000_000:06d}"
        with EidSession(self.devices.change_terminal) as session:
            session.pace(PasswordKind.CAN, self.citizen_card.can)
            session.authenticate_terminal(_TERMINAL)
            session.change_pin(new_pin)
        self.citizen_pin = new_pin
        return "new PIN set after the identity check"

    def _address_on_card(self) -> str:
        """Which address the card holds after an interrupted write: "old", "new" or a mix.

        This looks into the simulated chip, which only a scenario run can do.
        """
        assert self.citizen_card is not None  # noqa: S101 - set by the visit
        files = self.citizen_card.files
        held = (files[EF_DG17], files[EF_DG18])
        for name, pair in self.addresses.items():
            if held == pair:
                return name
        return MIXED_ADDRESS

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

    def _remedy(self, error: DeviceError) -> str:  # noqa: PLR0911 - one remedy per fault
        """Do what the clerk does after this fault, and say what it was."""
        device = getattr(self.devices, error.device, None)
        if isinstance(error, DeviceUnavailable) and isinstance(device, SimulatedDevice):
            device.plug_in()
            return "cable plugged back in"
        if isinstance(error, PaperOut) and isinstance(device, SimPrinter):
            device.load_paper(100)
            return "paper refilled"
        if isinstance(error, PrinterOffline) and isinstance(device, SimPrinter):
            device.switch_on()
            return "printer switched on"
        if isinstance(error, (NoCard, CardRemoved)) and isinstance(device, SimChangeTerminal):
            if not device.card_present():
                device.insert()
            if isinstance(error, AddressWriteInterrupted):
                return f"card laid on again; it holds the {self._address_on_card()} address"
            return "card laid on again"
        if isinstance(error, WrongCan):
            return "CAN typed again"
        if isinstance(error, PinBlocked) and isinstance(device, SimChangeTerminal):
            return self._new_pin()
        if isinstance(device, SimDocumentScanner):
            if isinstance(error, CoverOpen):
                return "scanner cover closed"
            if isinstance(error, PaperJam):
                return "jammed sheet taken out"
        return "tried again"


_ADDRESS = Address("Lindenstraße", "12a", "45127", "Essen")


def _jpeg(image: NDArray[np.uint8]) -> bytes:
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        raise ValueError("the scan could not be encoded")
    return bytes(encoded.tobytes())


_NEW_HOME = Address("Rüttenscheider Straße", "199", "45131", "Essen")
_NEW_HOME_KEY = "05113000"  # Essen
_TERMINAL = TerminalCredential.training()


def _unmet(scenario: scenarios.Scenario, report: ScenarioReport) -> list[str]:
    failures = [
        f"citizen {o.citizen}, {o.step}: the case changed although the step failed"
        for o in report.outcomes
        if not o.case_intact
    ]
    failures.extend(
        f"citizen {o.citizen}, {o.step}: the card holds a half-written address"
        for o in report.outcomes
        if MIXED_ADDRESS in o.remedy
    )
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
    for device, lines in dict(expect.get("journal", {})).items():
        missing = _missing_in_order([str(line) for line in lines], report.devices.get(device, []))
        if missing:
            failures.append(f"{device} journal lacks {missing!r} (in order)")
    return failures


def _missing_in_order(expected: list[str], journal: list[str]) -> str:
    """The first expected line not found after the previous one ("" when all are there).

    A line matches with or without its ``#N`` operation number.
    """
    position = 0
    for line in expected:
        while position < len(journal):
            entry = journal[position]
            position += 1
            if line in (entry, entry.partition(" ")[2]):
                break
        else:
            return line
    return ""


def shipped_scenarios() -> list[Path]:
    """The scenario files that come with Koffer (resources/scenarios)."""
    from importlib import resources

    folder = resources.files("koffer.resources") / "scenarios"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".toml"))
