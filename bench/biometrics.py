"""Biometric checks against bare OpenCV, on the simulators' images, in one run.

- Live preview: ``LiveGuide.update`` over 120 pre-rendered 1280x720 simulator frames with
  the subject moving slightly (detection every few frames, tracking between): frames per
  second and p95 latency. Baseline: a bare Haar face detection on each frame scaled to the
  same working height. Targets (biometrics issue): >= 25 fps, p95 <= 40 ms.
- Full photo check of a 1244x1600 still (median of 10). Baseline: one bare Haar face
  detection on that still. Target <= 150 ms.
- Fingerprint quality of a 400x500 print at 500 ppi (median of 20). Baseline: the Sobel
  gradients and a box filter over the same image (the cheapest OpenCV pass a score needs).
  Target <= 50 ms.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import cv2
import numpy as np

from koffer.biometrics.fingerprint_quality import fingerprint_quality
from koffer.biometrics.photo.checks import check_photo
from koffer.biometrics.photo.guidance import LiveGuide
from koffer.devices.camera.sim import SimCamera
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor

Row = tuple[str, str, float, str, float, str]
FRAMES = 120
WORK_HEIGHT = 320


def _haar() -> cv2.CascadeClassifier:
    return cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_alt2.xml")


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _frames() -> list[np.ndarray]:
    camera = SimCamera()
    camera.open()
    frames = []
    for i in range(FRAMES):
        camera.subject.offset_x = 0.02 * np.sin(i / 9)
        frames.append(camera.render_preview())
    camera.close()
    return frames


def _preview(frames: list[np.ndarray]) -> tuple[Row, Row]:
    guide = LiveGuide()
    ours = [_timed(lambda f=f, i=i: guide.update(f, i / 15)) for i, f in enumerate(frames)]
    haar = _haar()

    def bare(frame: np.ndarray) -> None:
        scale = WORK_HEIGHT / frame.shape[0]
        small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        haar.detectMultiScale(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), 1.2, 4, minSize=(40, 40))

    base = [_timed(lambda f=f: bare(f)) for f in frames]
    p95 = float(np.percentile(ours, 95) * 1000)
    return (
        ("biometrics: live preview 1280x720", "LiveGuide fps", len(ours) / sum(ours),
         "bare Haar fps", len(base) / sum(base), "fps"),
        ("biometrics: preview p95 latency", "LiveGuide p95", p95,
         "bare Haar p95", float(np.percentile(base, 95) * 1000), "ms"),
    )  # fmt: skip


def _still() -> Row:
    camera = SimCamera()
    camera.open()
    still = camera.capture().image
    camera.close()
    haar = _haar()
    grey = cv2.cvtColor(still, cv2.COLOR_BGR2GRAY)
    ours = [_timed(lambda: check_photo(still)) for _ in range(10)]
    base = [
        _timed(lambda: haar.detectMultiScale(grey, 1.1, 4, minSize=(200, 200))) for _ in range(10)
    ]
    return ("biometrics: photo check 1244x1600", "check_photo", statistics.median(ours) * 1000,
            "bare Haar detection", statistics.median(base) * 1000, "ms")  # fmt: skip


def _fingerprint() -> Row:
    sensor = SimFingerprintSensor()
    sensor.open()
    image = sensor.capture(Finger.RIGHT_INDEX).image
    sensor.close()

    def bare() -> None:
        gx = cv2.Sobel(image, cv2.CV_32F, 1, 0)
        gy = cv2.Sobel(image, cv2.CV_32F, 0, 1)
        cv2.boxFilter(gx * gy, -1, (16, 16))

    ours = [_timed(lambda: fingerprint_quality(image)) for _ in range(20)]
    base = [_timed(bare) for _ in range(20)]
    median, base_median = statistics.median(ours) * 1000, statistics.median(base) * 1000
    return ("biometrics: fingerprint quality", "fingerprint_quality", median,
            "Sobel + box filter", base_median, "ms")  # fmt: skip


def run() -> list[Row]:
    fps, p95 = _preview(_frames())
    return [fps, p95, _still(), _fingerprint()]


if __name__ == "__main__":
    rows = run()
    for name, label, value, base_label, base, unit in rows:
        print(f"{name:<36} {label:<20} {value:>8.1f}{unit:<4} {base_label:<20} {base:>8.1f}{unit}")
    fps, p95, still, quality = (row[2] for row in rows)
    print(
        f"preview: {fps:.0f} fps, p95 {p95:.0f} ms -> target >=25 fps, p95 <=40 ms "
        + ("met" if fps >= 25 and p95 <= 40 else "NOT met")
    )
    print(
        f"photo check: {still:.0f} ms -> target <=150 ms " + ("met" if still <= 150 else "NOT met")
    )
    print(
        f"fingerprint quality: {quality:.0f} ms -> target <=50 ms "
        + ("met" if quality <= 50 else "NOT met")
    )
