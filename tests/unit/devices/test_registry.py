from koffer.devices.base import DeviceKind, DeviceState
from koffer.devices.printer.cups import CupsPrinter
from koffer.devices.printer.sim import SimPrinter
from koffer.devices.registry import build_devices
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
