"""Builds the kit's devices from settings; the only place besides app.py naming backends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.camera.interface import Camera
from koffer.devices.camera.sim import SimCamera
from koffer.devices.change_terminal.interface import ChangeTerminal
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.errors import BackendNotAvailable, DeviceError, DeviceUnavailable
from koffer.devices.fingerprint.interface import FingerprintSensor
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.payment.interface import PaymentTerminal
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.interface import Printer
from koffer.devices.printer.sim import SimPrinter
from koffer.devices.scanner.interface import DocumentScanner
from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.devices.signature_pad.interface import FieldSignaturePad, SignaturePad
from koffer.devices.signature_pad.sim import SimSignaturePad
from koffer.devices.signature_pad.ui_events import UiEventSignaturePad
from koffer.settings import DeviceSettings


@dataclass
class Devices:
    """The seven devices of a kit."""

    camera: Camera
    fingerprint: FingerprintSensor
    scanner: DocumentScanner
    printer: Printer
    change_terminal: ChangeTerminal
    signature_pad: SignaturePad
    payment: PaymentTerminal

    def check(self) -> list[DeviceInfo]:
        """Ask every device how it is (the kit check before a visit)."""
        result = []
        for kind in DeviceKind:
            device = getattr(self, str(kind))
            try:
                result.append(device.info())
            except DeviceError as exc:
                result.append(DeviceInfo(kind, "?", "?", DeviceState.FAULT, exc.detail))
        return result


def build_printer(settings: DeviceSettings) -> Printer:
    """Return the printer backend the settings name."""
    if settings.printer == "cups":
        from koffer.devices.printer.cups import CupsPrinter  # needs libcups only when chosen

        return CupsPrinter(settings.printer_queue, settings.print_timeout_s)
    return SimPrinter(settings.printer_out_dir)


def printer_queues() -> list[str]:
    """Return the CUPS queues a ``cups`` printer could use (whatever backend runs now).

    Raises:
        DeviceUnavailable: When CUPS is not installed or cupsd cannot be reached.
    """
    try:
        from koffer.devices.printer import cups as cups_backend
    except ImportError as exc:
        raise DeviceUnavailable(str(DeviceKind.PRINTER), f"pycups: {exc}") from exc
    return cups_backend.queues()


def build_scanner(settings: DeviceSettings) -> DocumentScanner:
    """Return the scanner backend the settings name."""
    if settings.scanner == "sane":
        from koffer.devices.scanner.sane import SaneScanner  # needs libsane only when chosen

        return SaneScanner(settings.scanner_device)
    return SimDocumentScanner()


def build_camera(settings: DeviceSettings) -> Camera:
    """Return the camera backend the settings name."""
    if settings.camera == "opencv":
        from koffer.devices.camera.opencv import OpenCvCamera  # V4L2 through OpenCV

        source = settings.camera_source
        width, height = settings.camera_preview
        return OpenCvCamera(
            int(source) if source.isdigit() else source,
            width=width,
            height=height,
            fps=settings.camera_fps,
            rotate=settings.camera_rotate,
        )
    return SimCamera()


def build_fingerprint(settings: DeviceSettings) -> FingerprintSensor:
    """Return the fingerprint backend the settings name."""
    if settings.fingerprint == "fprint":
        from koffer.devices.fingerprint.fprint import FprintSensor  # needs libfprint + PyGObject

        return FprintSensor(settings.fingerprint_driver or None)
    return SimFingerprintSensor()


def build_payment(settings: DeviceSettings, data_dir: Path | None = None) -> PaymentTerminal:
    """Return the card-terminal backend the settings name.

    The ZVT backend notes its attempts under ``data_dir`` so that a payment whose answer was
    lost is found again after a restart instead of being charged twice.
    """
    if settings.payment == "zvt":
        from koffer.devices.payment.zvt import ZvtPaymentTerminal

        if not settings.zvt_host:
            raise BackendNotAvailable(str(DeviceKind.PAYMENT), "zvt_host is not set")
        attempts = None if data_dir is None else data_dir / "payment" / "zvt-attempts.json"
        return ZvtPaymentTerminal(
            settings.zvt_host,
            settings.zvt_port,
            settings.zvt_password,
            payment_timeout_s=settings.zvt_payment_timeout_s,
            attempts_file=attempts,
        )
    return SimPaymentTerminal()


def build_change_terminal(settings: DeviceSettings) -> ChangeTerminal:
    """Return the change-terminal backend the settings name."""
    if settings.change_terminal == "pcsc":
        from koffer.devices.change_terminal.pcsc import PcscChangeTerminal  # needs libpcsclite

        return PcscChangeTerminal(settings.change_terminal_reader)
    return SimChangeTerminal()


def build_signature_pad(settings: DeviceSettings) -> SignaturePad:
    """Return the signature-pad backend the settings name.

    ``ui``: the pen tablet (or touch screen) whose events the UI's signing field delivers.
    """
    if settings.signature_pad == "ui":
        return UiEventSignaturePad()
    return SimSignaturePad()


def signing_field(pad: SignaturePad) -> FieldSignaturePad:
    """Return the pad the UI's signing field feeds with pen events.

    With the ``ui`` backend that is the kit's pad itself. Otherwise (the simulator) the
    field on the screen is a pad of its own, fed by mouse and touch screen, next to the
    kit's pad the clerk may take the signature from instead.
    """
    if isinstance(pad, UiEventSignaturePad):
        return pad
    return UiEventSignaturePad(model="signing field on the screen (mouse, touch)")


def build_devices(settings: DeviceSettings, data_dir: Path | None = None) -> Devices:
    """Return every device as the settings configure it."""
    return Devices(
        camera=build_camera(settings),
        fingerprint=build_fingerprint(settings),
        scanner=build_scanner(settings),
        printer=build_printer(settings),
        change_terminal=build_change_terminal(settings),
        signature_pad=build_signature_pad(settings),
        payment=build_payment(settings, data_dir),
    )
