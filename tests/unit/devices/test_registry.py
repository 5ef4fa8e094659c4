from koffer.devices.base import DeviceKind, DeviceState
from koffer.devices.printer.cups import CupsPrinter
from koffer.devices.printer.sim import SimPrinter
from koffer.devices.registry import build_devices, signing_field
from koffer.devices.signature_pad.sim import SimSignaturePad
from koffer.devices.signature_pad.ui_events import UiEventSignaturePad
from koffer.settings import DeviceSettings


def test_registry_builds_simulators_by_default() -> None:
    devices = build_devices(DeviceSettings())
    assert isinstance(devices.printer, SimPrinter)
    report = devices.check()
    assert [info.kind for info in report] == list(DeviceKind)
    assert all(info.state is DeviceState.READY for info in report)


def test_registry_builds_the_cups_printer_with_its_queue() -> None:
    devices = build_devices(DeviceSettings(printer="cups", printer_queue="Buero"))
    assert isinstance(devices.printer, CupsPrinter)
    assert devices.printer.queue == "Buero"


def test_kit_check_reports_an_unplugged_device() -> None:
    devices = build_devices(DeviceSettings())
    devices.payment.unplug()  # type: ignore[attr-defined]
    states = {info.kind: info.state for info in devices.check()}
    assert states[DeviceKind.PAYMENT] is DeviceState.UNAVAILABLE


def test_registry_builds_the_signature_pad_the_ui_feeds() -> None:
    tablet = build_devices(DeviceSettings(signature_pad="ui")).signature_pad
    assert isinstance(tablet, UiEventSignaturePad)
    assert signing_field(tablet) is tablet
    assert tablet.info().backend == "ui"

    simulated = build_devices(DeviceSettings()).signature_pad
    assert isinstance(simulated, SimSignaturePad)
    screen = signing_field(simulated)
    assert isinstance(screen, UiEventSignaturePad)
    assert screen is not simulated
