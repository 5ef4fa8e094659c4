"""Each simulator returns realistic data and fails the way its device does."""

import time

import cv2
import numpy as np
import pytest

from koffer.devices.base import DeviceState
from koffer.devices.camera.sim import SimCamera
from koffer.devices.change_terminal.card import EID_AID, VirtualIdCard
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.errors import (
    CardRemoved,
    DeviceTimeout,
    DeviceUnavailable,
    NoCard,
    PaperJam,
    PaperOut,
    PaymentDeclined,
)
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.payment.interface import PaymentRequest
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.printer.interface import PrintJob
from koffer.devices.printer.sim import SimPrinter
from koffer.devices.scanner.interface import ScanSource
from koffer.devices.scanner.sim import SimDocumentScanner
from koffer.devices.signature_pad.sim import SimSignaturePad

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF"


def test_camera_frame_shows_a_face_that_opencv_finds() -> None:
    frame = SimCamera().capture()
    assert (frame.width, frame.height) == (1244, 1600)
    grey = cv2.cvtColor(frame.image, cv2.COLOR_BGR2GRAY)
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    faces = cascade.detectMultiScale(cv2.resize(grey, (311, 400)), 1.1, 3, minSize=(60, 60))
    assert len(faces) >= 1


def test_camera_stream_keeps_its_frame_rate() -> None:
    camera = SimCamera(width=124, height=160, fps=50)
    camera.open()
    started = time.monotonic()
    stamps = []
    for frame in camera.frames():
        stamps.append(frame.timestamp)
        if len(stamps) == 6:
            camera.close()
    assert time.monotonic() - started >= 5 / 50 * 0.9
    assert len(stamps) == 6


def test_unplugged_camera_is_unavailable_and_says_so_in_info() -> None:
    camera = SimCamera()
    camera.unplug()
    assert camera.info().state is DeviceState.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        camera.capture()
    camera.plug_in()
    camera.capture()


def test_fingerprint_has_ridges_at_a_plausible_frequency() -> None:
    sample = SimFingerprintSensor().capture(Finger.RIGHT_INDEX)
    assert sample.image.shape == (500, 400)
    assert sample.dpi == 500
    row = sample.image[250, 100:300].astype(float)
    crossings = np.count_nonzero(np.diff(np.sign(row - row.mean())))
    # 200 px at 500 dpi are 10 mm; fingers have about 2 ridges per mm.
    assert 20 <= crossings <= 70


def test_fingerprint_quality_knob_changes_contrast() -> None:
    sensor = SimFingerprintSensor()
    sensor.set_quality(95)
    good = sensor.capture(Finger.LEFT_INDEX).image[200:300, 150:250].std()
    sensor.set_quality(10)
    poor = sensor.capture(Finger.LEFT_INDEX).image[200:300, 150:250].std()
    assert good > poor


def test_different_fingers_give_different_patterns() -> None:
    sensor = SimFingerprintSensor()
    a = sensor.capture(Finger.LEFT_INDEX).image.astype(int)
    b = sensor.capture(Finger.RIGHT_INDEX).image.astype(int)
    assert np.abs(a - b).mean() > 20


def test_scanner_gives_an_a4_page_and_empties_the_feeder() -> None:
    scanner = SimDocumentScanner()
    (page,) = scanner.scan(ScanSource.FLATBED, dpi=150)
    assert page.image.shape[:2] == (1754, 1240)  # A4 at 150 dpi
    pages = scanner.scan(ScanSource.FEEDER, dpi=100)
    assert [p.number for p in pages] == [1, 2]
    with pytest.raises(PaperOut):
        scanner.scan(ScanSource.FEEDER, dpi=100)


def test_printer_uses_paper_and_keeps_the_output() -> None:
    printer = SimPrinter(seconds_per_page=0)
    printer.load_paper(2)
    result = printer.print(PrintJob(MINIMAL_PDF, "t", copies=2))
    assert result.job_id == "sim-1"
    assert printer.printed == [("t", MINIMAL_PDF)]
    with pytest.raises(PaperOut):
        printer.print(PrintJob(MINIMAL_PDF, "t"))


def test_printer_fault_knob_fails_once_then_prints() -> None:
    printer = SimPrinter(seconds_per_page=0)
    printer.queue_fault(PaperJam())
    with pytest.raises(PaperJam) as caught:
        printer.print(PrintJob(MINIMAL_PDF, "t"))
    assert caught.value.device == "printer"
    printer.print(PrintJob(MINIMAL_PDF, "t"))


def test_printer_writes_files_only_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    SimPrinter(seconds_per_page=0).print(PrintJob(MINIMAL_PDF, "t"))
    assert list(tmp_path.iterdir()) == []
    SimPrinter(tmp_path, seconds_per_page=0).print(PrintJob(MINIMAL_PDF, "t"))
    assert (tmp_path / "sim-1.pdf").read_bytes() == MINIMAL_PDF


def test_print_job_must_be_a_pdf() -> None:
    with pytest.raises(ValueError, match="PDF"):
        PrintJob(b"hello", "t")


def test_change_terminal_selects_the_eid_application() -> None:
    terminal = SimChangeTerminal()
    atr = terminal.connect()
    assert atr.startswith(b"\x3b")
    response = terminal.transmit(bytes([0x00, 0xA4, 0x04, 0x0C, len(EID_AID)]) + EID_AID)
    assert response.ok
    card_access = terminal.transmit(bytes.fromhex("00B09C0000"))  # READ BINARY via SFI 1C
    assert card_access.ok
    assert card_access.data.startswith(b"\x31")
    assert terminal.transmit(bytes.fromhex("00FF000000")).sw == 0x6D00


def test_change_terminal_without_card() -> None:
    terminal = SimChangeTerminal()
    terminal.remove()
    with pytest.raises(NoCard):
        terminal.connect()
    terminal.insert(VirtualIdCard())
    terminal.connect()
    terminal.remove()
    with pytest.raises(CardRemoved):
        terminal.transmit(bytes.fromhex("00A4040C00"))


def test_signature_pad_gives_pen_strokes() -> None:
    signature = SimSignaturePad().capture()
    assert len(signature.strokes) == 3
    points = [p for stroke in signature.strokes for p in stroke]
    assert all(0 <= p.x <= signature.width and 0 <= p.y <= signature.height for p in points)
    times = [p.t_ms for p in points]
    assert times == sorted(times)


def test_signature_pad_times_out_when_the_citizen_does_not_sign() -> None:
    pad = SimSignaturePad()
    pad.refuse = True
    with pytest.raises(DeviceTimeout):
        pad.capture(timeout_s=1)


def test_payment_terminal_approves_or_declines() -> None:
    terminal = SimPaymentTerminal()
    approval = terminal.pay(PaymentRequest(900, "K-2026-AAAA-AAAA"))
    assert approval.amount_cents == 900
    assert len(approval.authorisation_code) == 6
    terminal.decline_reason = "Karte gesperrt"
    with pytest.raises(PaymentDeclined) as caught:
        terminal.pay(PaymentRequest(900, "K"))
    assert caught.value.params["reason"] == "Karte gesperrt"
    with pytest.raises(ValueError, match="positive"):
        PaymentRequest(0, "K")


def test_printer_info_tells_paper_and_last_error_for_the_kit_check() -> None:
    printer = SimPrinter(seconds_per_page=0)
    printer.load_paper(3)
    assert printer.info().detail == "paper: 3 sheets"
    printer.queue_fault(PaperJam("printer", "page 1"))
    with pytest.raises(PaperJam):
        printer.print(PrintJob(MINIMAL_PDF, "t"))
    info = printer.info()
    assert (info.state, info.detail) == ("ready", "paper: 3 sheets; last error: PaperJam (page 1)")
    printer.load_paper(0)
    assert printer.info().state == "fault"  # an empty tray keeps the kit from leaving
    printer.load_paper(5)
    printer.switch_off()
    assert printer.info().state == "fault"
    assert printer.info().detail.startswith("paused; paper: 5 sheets")
