"""USB presence through pyusb, against a fake backend that lists devices like libusb does."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import usb.backend
import usb.core

from koffer.devices.usb import Presence, UsbId, presence
from koffer.domain.errors import ValidationError

SENSOR = UsbId(0x1C7A, 0x0570)  # an EgisTec fingerprint sensor
PRINTER = UsbId(0x04F9, 0x0042)


class FakeBackend(usb.backend.IBackend):  # type: ignore[misc]
    """Enumerates fixed device descriptors; nothing can be opened."""

    def __init__(self, plugged: list[UsbId], fail: bool = False) -> None:
        self.plugged = plugged
        self.fail = fail
        self.opened = False

    def enumerate_devices(self) -> Any:
        if self.fail:
            raise usb.core.USBError("access denied")
        yield from range(len(self.plugged))

    def get_device_descriptor(self, dev: int) -> SimpleNamespace:
        usb_id = self.plugged[dev]
        return SimpleNamespace(
            bLength=18, bDescriptorType=1, bcdUSB=0x0200, bDeviceClass=0,
            bDeviceSubClass=0, bDeviceProtocol=0, bMaxPacketSize0=64,
            idVendor=usb_id.vendor, idProduct=usb_id.product, bcdDevice=0x0100,
            iManufacturer=0, iProduct=0, iSerialNumber=0, bNumConfigurations=1,
            address=dev + 2, bus=1, port_number=dev + 1, port_numbers=(dev + 1,), speed=3,
        )  # fmt: skip

    def open_device(self, dev: int) -> None:  # noqa: ARG002 - the IBackend signature
        self.opened = True
        raise AssertionError("a presence check must not open the device")


def test_a_plugged_in_sensor_is_present_and_not_opened() -> None:
    backend = FakeBackend([PRINTER, SENSOR])

    found = presence(SENSOR, backend)

    assert found == Presence(SENSOR, "present", "bus 1 address 3")
    assert not backend.opened


def test_an_unplugged_sensor_is_absent() -> None:
    assert presence(SENSOR, FakeBackend([PRINTER])).state == "absent"


def test_a_bus_error_is_unknown_not_absent() -> None:
    found = presence(SENSOR, FakeBackend([SENSOR], fail=True))
    assert (found.state, found.detail) == ("unknown", "access denied")


@pytest.mark.parametrize("text", ["1c7a:0570", "1C7A:0570", " 1c7a:0570 "])
def test_ids_read_as_lsusb_prints_them(text: str) -> None:
    assert UsbId.parse(text) == SENSOR
    assert str(UsbId.parse(text)) == "1c7a:0570"


@pytest.mark.parametrize("text", ["1c7a", "1c7a:57", "zzzz:0570", ""])
def test_a_malformed_id_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        UsbId.parse(text)
