"""The SFinGe-style fingerprint simulator: fixed fingers, varying captures, fault knobs."""

import time

import numpy as np
import pytest

from koffer.biometrics.fingerprint_quality import find_minutiae
from koffer.devices.errors import DeviceTimeout, DeviceUnavailable, PaperJam
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.fingerprint.synthesis import PatternClass, choose_pattern, render_master


def _foreground_share(image: np.ndarray) -> float:
    blocks = image[:480, :384].reshape(15, 32, 12, 32).astype(float)
    return float((blocks.std(axis=(1, 3)) > 12).mean())


def test_the_same_finger_has_the_same_ridges_on_every_sensor() -> None:
    first = SimFingerprintSensor(seed=1).master(Finger.RIGHT_INDEX)
    second = SimFingerprintSensor(seed=2).master(Finger.RIGHT_INDEX)
    assert np.array_equal(first.ridges, second.ridges)
    other_person = SimFingerprintSensor(person=5).master(Finger.RIGHT_INDEX)
    assert not np.array_equal(first.ridges, other_person.ridges)


def test_each_capture_differs_by_placement_and_noise() -> None:
    sensor = SimFingerprintSensor()
    first = sensor.capture(Finger.LEFT_INDEX).image
    placement_1 = sensor.last_placement
    second = sensor.capture(Finger.LEFT_INDEX).image
    assert placement_1 is not None
    assert sensor.last_placement is not None
    assert placement_1 != sensor.last_placement
    assert abs(placement_1.angle_deg) <= 10
    assert abs(placement_1.dx) <= 18
    assert np.abs(first.astype(int) - second.astype(int)).mean() > 5


def test_pattern_classes_come_with_their_singular_points() -> None:
    seen = {}
    for seed in range(40):
        pattern = choose_pattern(seed, 480, 580)
        seen[pattern.pattern_class] = pattern
    assert {PatternClass.WHORL, PatternClass.LEFT_LOOP, PatternClass.RIGHT_LOOP} <= set(seen)
    cores = {c: sum(p.is_core for p in seen[c].singular_points) for c in seen}
    deltas = {c: sum(not p.is_core for p in seen[c].singular_points) for c in seen}
    assert (cores[PatternClass.WHORL], deltas[PatternClass.WHORL]) == (2, 2)
    assert (cores[PatternClass.LEFT_LOOP], deltas[PatternClass.LEFT_LOOP]) == (1, 1)


def test_grown_ridges_have_real_minutiae_and_a_plausible_period() -> None:
    image = SimFingerprintSensor().capture(Finger.RIGHT_THUMB).image
    foreground = np.zeros((15, 12), bool)
    foreground[3:12, 3:9] = True  # the centre of the finger
    minutiae = find_minutiae(image[:480, :384], foreground)
    kinds = {kind for _y, _x, kind in minutiae}
    assert len(minutiae) >= 15
    assert kinds == {"ending", "bifurcation"}
    # Ridge period from the spectrum of the centre: about 9 px at 500 dpi (0.45 mm).
    centre = image[186:314, 136:264].astype(float)
    spectrum = np.abs(np.fft.fftshift(np.fft.fft2(centre - centre.mean())))
    yy, xx = np.indices(spectrum.shape) - 64
    radius = np.hypot(yy, xx)
    ring = [spectrum[(radius >= r) & (radius < r + 1)].mean() for r in range(4, 40)]
    period = 128 / (4 + int(np.argmax(ring)))
    assert 7 <= period <= 12


def test_render_times() -> None:
    started = time.perf_counter()
    master = render_master(choose_pattern(12345, 480, 580))
    grown = time.perf_counter() - started
    assert master.ridges.shape == (580, 480)
    sensor = SimFingerprintSensor()
    sensor.capture(Finger.LEFT_RING)
    started = time.perf_counter()
    sensor.capture(Finger.LEFT_RING)
    placed = time.perf_counter() - started
    # About 0.1 s and 0.015 s on the kit notebook; generous bounds for a busy CI runner.
    assert grown < 0.6
    assert placed < 0.15


def test_wet_skin_darkens_and_dry_skin_fades() -> None:
    sensor = SimFingerprintSensor()
    normal = sensor.capture(Finger.RIGHT_INDEX).image[150:350, 120:280]
    sensor.set_wet(1.0)
    wet = sensor.capture(Finger.RIGHT_INDEX).image[150:350, 120:280]
    sensor.reset_conditions()
    sensor.set_dry(0.8)
    dry = sensor.capture(Finger.RIGHT_INDEX).image[150:350, 120:280]
    assert wet.mean() < normal.mean() - 20
    assert dry.std() < normal.std() * 0.6
    assert dry.mean() > normal.mean()


def test_partial_placement_puts_part_of_the_finger_off_the_sensor() -> None:
    sensor = SimFingerprintSensor()
    full = np.mean([_foreground_share(sensor.capture(Finger.LEFT_INDEX).image) for _ in range(3)])
    sensor.set_partial(0.6)
    part = np.mean([_foreground_share(sensor.capture(Finger.LEFT_INDEX).image) for _ in range(3)])
    assert part < full * 0.6


def test_no_finger_times_out() -> None:
    sensor = SimFingerprintSensor()
    sensor.set_no_finger()
    started = time.monotonic()
    with pytest.raises(DeviceTimeout) as caught:
        sensor.capture(Finger.RIGHT_INDEX, timeout_s=0.05)
    assert time.monotonic() - started >= 0.04
    assert caught.value.device == "fingerprint"
    sensor.set_no_finger(False)
    assert sensor.capture(Finger.RIGHT_INDEX).image.shape == (500, 400)


def test_unplugged_and_queued_faults() -> None:
    sensor = SimFingerprintSensor()
    sensor.queue_fault(PaperJam())  # any DeviceError; the sensor does not judge it
    with pytest.raises(PaperJam):
        sensor.capture(Finger.RIGHT_INDEX)
    sensor.unplug()
    with pytest.raises(DeviceUnavailable):
        sensor.capture(Finger.RIGHT_INDEX)
    sensor.plug_in()
    assert sensor.capture(Finger.RIGHT_INDEX).finger is Finger.RIGHT_INDEX


# --- the real libfprint stack (virtual_image driver) fed by the simulator ---------------


def _fprint_sensor(tmp_path, monkeypatch) -> object:  # type: ignore[no-untyped-def]
    from koffer.devices.errors import BackendNotAvailable
    from koffer.devices.fingerprint.fprint import VIRTUAL_IMAGE_ENV, FprintSensor
    from tests.conftest import require_real

    monkeypatch.setenv(VIRTUAL_IMAGE_ENV, str(tmp_path / "finger"))  # restored after the test
    sensor = FprintSensor("virtual_image", virtual_image_socket=str(tmp_path / "finger"))
    try:
        sensor.open()
    except (BackendNotAvailable, DeviceUnavailable):
        require_real("libfprint with PyGObject (virtual_image driver)")
    return sensor


def test_libfprint_virtual_image_returns_the_simulated_print(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from koffer.devices.fingerprint.fprint import feed_virtual_image

    sensor = _fprint_sensor(tmp_path, monkeypatch)
    simulated = SimFingerprintSensor(seed=8).capture(Finger.LEFT_INDEX).image
    # As patient as the capture: opening the device can take seconds on a busy machine.
    feeder = threading.Thread(
        target=feed_virtual_image, args=(str(tmp_path / "finger"), simulated, 10.0)
    )
    feeder.start()
    try:
        sample = sensor.capture(Finger.LEFT_INDEX, timeout_s=10)  # type: ignore[attr-defined]
    finally:
        feeder.join()
    assert sample.finger is Finger.LEFT_INDEX
    assert sample.dpi == 500
    assert np.array_equal(sample.image, simulated)
    assert sensor.info().model.endswith("(virtual_image)")  # type: ignore[attr-defined]
    with pytest.raises(DeviceTimeout):
        sensor.capture(Finger.LEFT_INDEX, timeout_s=0.3)  # type: ignore[attr-defined]
    sensor.close()  # type: ignore[attr-defined]
