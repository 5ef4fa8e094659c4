"""Scenario files and the simulators' scheduled faults and journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from koffer.devices import scenario
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.errors import NoCard, PaperJam, PaymentDeclined, PrinterOffline
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.payment.interface import PaymentRequest
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.interface import PrintJob
from koffer.devices.printer.sim import SimPrinter
from koffer.devices.registry import build_devices
from koffer.domain.errors import ValidationError
from koffer.settings import DeviceSettings

ONE_PAGE = b"%PDF-1.4 /Type /Page "


def test_a_scheduled_fault_hits_exactly_that_operation_and_is_journaled() -> None:
    terminal = SimPaymentTerminal()
    terminal.schedule(2, PaymentDeclined("payment", "limit"))

    terminal.pay(PaymentRequest(100, "K-1"))
    with pytest.raises(PaymentDeclined):
        terminal.pay(PaymentRequest(100, "K-2"))
    terminal.pay(PaymentRequest(100, "K-3"))

    assert [(op.number, op.name, op.fault) for op in terminal.journal] == [
        (1, "pay", ""), (2, "pay", "PaymentDeclined"), (3, "pay", ""),
    ]  # fmt: skip


def test_the_printer_jams_on_its_nth_page_across_jobs() -> None:
    printer = SimPrinter(seconds_per_page=0)
    printer.jam_on_page = 3
    two_pages = PrintJob(ONE_PAGE * 2, "a")

    printer.print(two_pages)  # pages 1-2
    with pytest.raises(PaperJam) as jam:
        printer.print(two_pages)  # page 3 jams: nothing of this job came out
    printer.print(two_pages)

    assert jam.value.detail == "page 1 of the job"
    assert printer.pages_printed == 4
    assert printer.sheets == 100 - 5  # the jammed sheet is lost
    assert len(printer.printed) == 2


def _parse(text: str) -> scenario.Scenario:
    import tomllib

    return scenario.parse(tomllib.loads(text))


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[[faults]]\ndevice = "toaster"\noperation = 1\nerror = "paper_jam"', "unknown device"),
        ('[[faults]]\ndevice = "printer"\noperation = 1\nerror = "fire"', "unknown error"),
        ('[[faults]]\ndevice = "printer"\nerror = "paper_jam"', "exactly one"),
        ('[[faults]]\ndevice = "payment"\npage = 2\nerror = "declined"', "printer only"),
        ('visit = "moon_landing"', "unknown visit"),
        ("citizens = 500", "1-20"),
        ('citizens = "3"', "1-20"),
        ("faults = [1]", "must be a table"),
        ('[[faults]]\ndevice = "printer"\noperation = 1\naction = "wet"', "does not apply"),
        ('[[faults]]\ndevice = "fingerprint"\noperation = 1\nerror = "paper_jam"', "not apply"),
        ('[[faults]]\ndevice = "printer"\npage = 1\nerror = "paper_out"', "for 'paper_jam'"),
        (
            '[[faults]]\ndevice = "change_terminal"\noperation = 1\naction = "pull_during_write"',
            "triggered by 'write'",
        ),
        (
            '[[faults]]\ndevice = "change_terminal"\nwrite = 1\naction = "card_absent"',
            "'operation'",
        ),
        (
            '[[faults]]\ndevice = "change_terminal"\noperation = 1\naction = "wrong_can"',
            "can_entry",
        ),
        ('[[faults]]\ndevice = "fingerprint"\noperation = 0\naction = "wet"', "counts from 1"),
        (
            '[[faults]]\ndevice = "fingerprint"\noperation = 1\naction = "dry"\nlasting = 0',
            "lasting",
        ),
        ("[expect]\njournal = 3", "must be tables"),
    ],
)
def test_a_bad_scenario_is_refused_with_what_is_wrong(text: str, complaint: str) -> None:
    with pytest.raises(ValidationError) as error:
        _parse(text)
    assert complaint in error.value.detail


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("name = ", "utf-8")
    with pytest.raises(ValidationError) as error:
        scenario.load(path)
    assert error.value.detail.startswith("broken.toml")


def test_arming_schedules_faults_on_the_kits_simulators() -> None:
    devices = build_devices(DeviceSettings())
    armed = _parse(
        '[[faults]]\ndevice = "printer"\npage = 1\nerror = "paper_jam"\n'
        '[[faults]]\ndevice = "payment"\noperation = 1\naction = "unplug"\n'
    )
    scenario.arm(armed, devices)

    assert isinstance(devices.printer, SimPrinter)
    assert devices.printer.jam_on_page == 1
    assert isinstance(devices.payment, SimPaymentTerminal)
    assert devices.payment.info().state == "ready"  # unplugged only at its 1st operation


def test_finger_conditions_last_their_operations_and_end_before_the_next_begins() -> None:
    devices = build_devices(DeviceSettings())
    armed = _parse(
        '[[faults]]\ndevice = "fingerprint"\noperation = 3\naction = "dry"\n'
        '[[faults]]\ndevice = "fingerprint"\noperation = 1\naction = "wet"\nlasting = 2\n'
    )
    scenario.arm(armed, devices)
    sensor = devices.fingerprint
    assert isinstance(sensor, SimFingerprintSensor)
    sensor.time_scale = 0.0

    sensor.open()
    sensor.capture(Finger.RIGHT_INDEX)
    sensor.capture(Finger.RIGHT_INDEX)
    sensor.capture(Finger.RIGHT_INDEX)

    assert [op.line() for op in sensor.journal] == [
        "#1 open [wet]", "#2 capture [wet]", "#3 capture [dry]", "#4 capture",
    ]  # fmt: skip


def test_eid_events_act_on_the_card_and_the_clerks_typing() -> None:
    devices = build_devices(DeviceSettings())
    armed = _parse(
        '[[faults]]\ndevice = "change_terminal"\noperation = 1\naction = "pin_blocked"\n'
        '[[faults]]\ndevice = "change_terminal"\noperation = 1\naction = "card_absent"\n'
        '[[faults]]\ndevice = "change_terminal"\noperation = 2\naction = "card_present"\n'
        '[[faults]]\ndevice = "change_terminal"\ncan_entry = 2\naction = "wrong_can"\n'
        '[[faults]]\ndevice = "change_terminal"\nwrite = 3\naction = "pull_during_write"\n'
    )
    scenario.arm(armed, devices)
    terminal = devices.change_terminal
    assert isinstance(terminal, SimChangeTerminal)
    card = terminal.card
    assert card is not None

    with pytest.raises(NoCard):
        terminal.connect()
    terminal.connect()  # laid on again before operation 2

    assert card.pin_retries == 0
    assert [op.line() for op in terminal.journal] == ["#1 connect [no card]", "#2 connect"]
    assert armed.mistyped_can_entries == {2}


def test_printer_offline_events() -> None:
    devices = build_devices(DeviceSettings())
    armed = _parse(
        '[[faults]]\ndevice = "printer"\noperation = 1\naction = "offline_mid_job"\n'
        '[[faults]]\ndevice = "printer"\noperation = 3\naction = "offline"\n'
    )
    scenario.arm(armed, devices)
    printer = devices.printer
    assert isinstance(printer, SimPrinter)
    printer.seconds_per_page = 0

    with pytest.raises(PrinterOffline) as offline:
        printer.print(PrintJob(ONE_PAGE, "a"))
    assert offline.value.params["job_state"] == "cancelled"
    printer.switch_on()
    printer.print(PrintJob(ONE_PAGE, "b"))
    with pytest.raises(PrinterOffline):
        printer.print(PrintJob(ONE_PAGE, "c"))
    assert printer.info().state == "fault"
    assert [title for title, _pdf in printer.printed] == ["b"]
    assert [op.line() for op in printer.journal] == [
        "#1 print [goes offline mid-job]", "#2 print", "#3 print [offline]",
    ]  # fmt: skip
