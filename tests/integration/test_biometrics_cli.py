"""``koffer photo check`` and ``koffer fingerprint quality`` as testers run them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import cv2
import pytest
from PIL import Image

from koffer.devices.camera.sim import SimCamera
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from tests.integration.conftest import run_koffer


def _photo(tmp_path: Path, name: str = "photo.jpg", distance_m: float = 1.0) -> Path:
    camera = SimCamera()
    camera.subject.distance_m = distance_m
    camera.open()
    path = tmp_path / name
    cv2.imwrite(str(path), camera.capture().image)
    return path


def test_a_good_photo_passes_with_every_check_and_the_face_box(tmp_path: Path) -> None:
    result = run_koffer("photo", "check", str(_photo(tmp_path)), "--json")

    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["passed"] is True
    names = {c["name"] for c in report["checks"]}
    assert {"roll", "yaw", "pitch", "eye_distance", "face_height", "background_uniformity",
            "sharpness", "eyes_open"} <= names  # fmt: skip
    box = report["face_box"]
    assert 0 < box["x"] < report["size"]["width"] / 2 < box["x"] + box["width"]


def test_a_citizen_sitting_too_far_away_is_told_to_come_closer(tmp_path: Path) -> None:
    result = run_koffer("photo", "check", str(_photo(tmp_path, distance_m=1.6)), "--json")

    assert result.returncode == 1
    report = json.loads(result.stdout)
    failed = {c["name"]: c for c in report["checks"] if not c["passed"]}
    assert "face_height" in failed or "eye_distance" in failed or "resolution" in failed
    assert all(c["reason"] and c["reason"] != c["reason_key"] for c in failed.values())


def _encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"not an image at all",
        "truncated",
        _encoded(Image.new("RGB", (1, 1)), "PNG"),
        _encoded(Image.new("L", (1244, 1600), 200), "JPEG"),
        "huge",
    ],
    ids=["text", "truncated-jpeg", "1x1", "greyscale", "20000x20000"],
)
def test_bad_input_gives_a_clear_message_never_a_traceback(
    tmp_path: Path, content: bytes | str
) -> None:
    path = tmp_path / "bad.jpg"
    if content == "truncated":
        content = _photo(tmp_path).read_bytes()[:5000]
    if content == "huge":  # a PNG header claiming 20000x20000 pixels; refused before decoding
        content = _encoded(Image.new("RGB", (20000, 20000)), "PNG")
    path.write_bytes(content)  # type: ignore[arg-type]

    result = run_koffer("photo", "check", str(path), timeout=60)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() or "NOT passed" in result.stdout


def test_fingerprint_quality_scores_a_simulated_print(tmp_path: Path) -> None:
    sensor = SimFingerprintSensor()
    sensor.open()
    path = tmp_path / "print.png"
    cv2.imwrite(str(path), sensor.capture(Finger.LEFT_INDEX).image)

    result = run_koffer("fingerprint", "quality", str(path), "--json")

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["computed"] is True
    assert 30 <= report["score"] <= 100
    assert "minutiae" in " ".join(report["features"])
