"""Passport-photo checks on simulator stills, a real portrait, and hostile input."""

from __future__ import annotations

import io
import struct
import time
import zlib
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageCms

from koffer.biometrics.photo.checks import (
    PhotoChecker,
    PhotoCheckOptions,
    PhotoLimits,
    PhotoReport,
    overrule,
)
from koffer.biometrics.photo.export import crop_photo, production_jpeg2000, register_jpeg
from koffer.biometrics.photo.inputs import load_photo
from koffer.devices.camera.render import Backdrop
from koffer.devices.camera.sim import SimCamera
from koffer.domain.errors import ValidationError
from koffer.domain.messages import CATALOGUE
from tests.conftest import require_real

ALL_CHECKS = {
    "face_found", "single_face", "resolution", "roll", "yaw", "pitch", "face_height",
    "head_height", "head_width", "vertical_position", "horizontal_centre", "eye_distance",
    "exposure", "contrast", "sharpness", "face_shadow", "background_uniformity",
    "background_brightness", "eyes_open",
}  # fmt: skip


@pytest.fixture(scope="module")
def checker() -> PhotoChecker:
    return PhotoChecker()


def still(size: tuple[int, int] = (1244, 1600), **knobs: Any) -> np.ndarray:
    camera = SimCamera(width=size[0], height=size[1])
    for name, value in knobs.items():
        setattr(camera.subject, name, value)
    return camera.render()


def run(
    checker: PhotoChecker, options: PhotoCheckOptions | None = None, **knobs: Any
) -> PhotoReport:
    return checker.check(still(**knobs), options)


# Each check: a still where it passes (and nothing else fails) and one where it fails for
# that reason alone. head_height can only fail together with another check: its range
# (0.6-0.9) contains the adult face-height range, and a head that small is also too
# narrow-eyed; it is tested separately below.
CASES: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    ("roll", {"roll": 5}, {"roll": 10}, "photo.reason.tilt_right"),
    ("yaw", {"yaw": -4}, {"yaw": -8}, "photo.reason.turn_left"),
    ("pitch", {"pitch": 4}, {"pitch": 9}, "photo.reason.chin_down"),
    ("face_height", {"distance_m": 0.97}, {"distance_m": 0.93}, "photo.reason.move_back"),
    ("head_width", {"head_width": 1.1}, {"head_width": 1.2}, "photo.reason.head_wide"),
    ("vertical_position", {"offset_y": 0.05}, {"offset_y": 0.1}, "photo.reason.camera_lower"),
    ("horizontal_centre", {"offset_x": 0.03}, {"offset_x": -0.08}, "photo.reason.move_left"),
    ("eye_distance", {"eye_spacing": 0.95}, {"eye_spacing": 0.88}, "photo.reason.eyes_too_close"),
    ("resolution", {"size": (1555, 2000)}, {"size": (933, 1200)}, "photo.reason.upscaled"),
    ("exposure", {"light": 0.7}, {"light": 0.35}, "photo.reason.too_dark"),
    ("contrast", {"haze": 0.2}, {"haze": 0.6}, "photo.reason.low_contrast"),
    ("sharpness", {"blur": 1}, {"blur": 4}, "photo.reason.blurred"),
    (
        "face_shadow",
        {"side_light": 0.2, "shadow_on_background": False},
        {"side_light": 0.8, "shadow_on_background": False},
        "photo.reason.shadow_on_face",
    ),
    (
        "background_uniformity",
        {"background": 200},
        {"backdrop": Backdrop.CLUTTERED},
        "photo.reason.background_not_uniform",
    ),
    (
        "background_brightness",
        {"background": 180},
        {"backdrop": Backdrop.DARK},
        "photo.reason.background_too_dark",
    ),
    ("eyes_open", {}, {"eyes_open": False}, "photo.reason.eyes_closed"),
    (
        "single_face",
        {"size": (2900, 1600)},
        {"size": (2900, 1600), "second_person": 0.75},
        "photo.reason.several_faces",
    ),
]


@pytest.mark.parametrize(("name", "good", "bad", "reason"), CASES, ids=[c[0] for c in CASES])
def test_rule_5_each_check_passes_and_fails_for_its_own_reason(
    checker: PhotoChecker, name: str, good: dict[str, Any], bad: dict[str, Any], reason: str
) -> None:
    passed = run(checker, **good)
    assert passed.passed, passed.failed
    assert {c.name for c in passed.checks} == ALL_CHECKS
    failed = run(checker, **bad)
    assert failed.failed_names == {name}
    result = failed.check(name)
    assert result.reason == reason
    assert reason in CATALOGUE
    assert result.value is not None


def test_default_sitting_passes_every_check(checker: PhotoChecker) -> None:
    report = run(checker)
    assert report.passed
    assert report.check("face_height").value == pytest.approx(0.75, abs=0.02)
    assert report.check("eye_distance").value == pytest.approx(324, abs=4)


@pytest.mark.parametrize("angle", [-8, 3, 8])
def test_pose_estimates_are_within_a_degree_on_the_simulator(
    checker: PhotoChecker, angle: int
) -> None:
    for knob in ("roll", "yaw", "pitch"):
        value = run(checker, **{knob: angle}).check(knob).value
        assert value == pytest.approx(angle, abs=1.0), knob


@pytest.mark.parametrize("angle", [-25, 20, 35])
def test_a_strongly_tilted_head_is_found_and_told_to_straighten(
    checker: PhotoChecker, angle: int
) -> None:
    roll = run(checker, roll=angle).check("roll")  # beyond the frontal cascade's ~15°
    assert roll.value == pytest.approx(angle, abs=1.5)
    assert roll.reason == ("photo.reason.tilt_right" if angle > 0 else "photo.reason.tilt_left")


def test_hints_say_how_far_to_move_and_turn(checker: PhotoChecker) -> None:
    far = run(checker, distance_m=1.3).check("face_height")
    assert far.reason == "photo.reason.move_closer"
    assert far.params["cm"] == pytest.approx(30, abs=3)  # back to 1.0 m
    turned = run(checker, yaw=12).check("yaw")
    assert turned.reason == "photo.reason.turn_right"
    assert turned.params["degrees"] == pytest.approx(12, abs=1)
    assert run(checker, pitch=-9).check("pitch").reason == "photo.reason.chin_up"


def test_side_light_with_a_backdrop_close_behind_fails_face_and_background(
    checker: PhotoChecker,
) -> None:
    assert run(checker, side_light=0.8).failed_names == {"face_shadow", "background_uniformity"}


def test_second_person_in_the_picture_is_also_in_the_background(checker: PhotoChecker) -> None:
    report = run(checker, second_person=0.3)
    assert report.failed_names == {"single_face", "background_uniformity"}
    assert report.check("single_face").params["count"] == 2


def test_rule_5_children_under_10_may_have_a_smaller_face(checker: PhotoChecker) -> None:
    adult = run(checker, distance_m=1.2)
    child = run(checker, PhotoCheckOptions(child_under_10=True), distance_m=1.2)
    assert not adult.check("face_height").passed
    assert child.check("face_height").passed
    small = run(checker, PhotoCheckOptions(child_under_10=True), distance_m=1.3)
    assert not small.check("head_height").passed  # 0.57 < 0.6 even for children
    assert small.check("face_height").passed


def test_rule_5_table_5_3_limits() -> None:
    limits = PhotoLimits()
    assert (limits.yaw_deg, limits.pitch_deg, limits.roll_deg) == (5, 5, 8)
    assert limits.head_width == (0.5, 0.75)
    assert limits.head_height == (0.6, 0.9)
    assert limits.vertical_position == (0.3, 0.5)
    assert limits.horizontal_centre == (0.45, 0.55)
    assert limits.eye_distance_px == 300
    assert limits.face_height == (0.7, 0.8)
    assert limits.face_height_child == (0.5, 0.8)


def test_rule_5_export_is_1244x1600_and_never_upscaled(checker: PhotoChecker) -> None:
    image = still(size=(1555, 2000))
    report = checker.check(image)
    photo = crop_photo(image, report)
    assert photo.shape == (1600, 1244, 3)
    small = still(size=(933, 1200))
    small_report = checker.check(small)
    assert not small_report.check("resolution").passed
    with pytest.raises(ValidationError) as refused:
        crop_photo(small, small_report)
    assert refused.value.message_key == "photo.error.would_upscale"


def test_export_keeps_the_geometry_and_writes_srgb_jpeg_and_jpeg2000(checker: PhotoChecker) -> None:
    image = still(size=(1555, 2000), offset_x=0.05)
    report = checker.check(image)
    photo = crop_photo(image, report)
    jpeg = register_jpeg(photo)
    opened = Image.open(io.BytesIO(jpeg))
    assert (opened.format, opened.mode, opened.size) == ("JPEG", "RGB", (1244, 1600))
    profile = ImageCms.ImageCmsProfile(io.BytesIO(opened.info["icc_profile"]))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
    again = checker.check(load_photo(jpeg))
    assert again.passed
    for name in ("face_height", "vertical_position", "horizontal_centre"):
        assert again.check(name).value == pytest.approx(report.check(name).value, abs=0.02)
    production = Image.open(io.BytesIO(production_jpeg2000(photo)))
    assert (production.format, production.size) == ("JPEG2000", (622, 800))


def test_rule_5_overrule_lists_the_failed_checks(checker: PhotoChecker) -> None:
    report = run(checker, yaw=12, eyes_open=False)
    decision = overrule(report, "clerk.meier", "citizen cannot turn the head")
    assert decision.check_names == ("yaw", "eyes_open")
    assert decision.failed[0].value == report.check("yaw").value
    assert decision.operator == "clerk.meier"


def test_rule_5_overrule_is_refused_when_nothing_failed_or_for_upscaling(
    checker: PhotoChecker,
) -> None:
    with pytest.raises(ValidationError) as nothing:
        overrule(run(checker), "clerk.meier")
    assert nothing.value.message_key == "photo.error.nothing_to_overrule"
    with pytest.raises(ValidationError) as upscaled:
        overrule(run(checker, size=(933, 1200)), "clerk.meier")
    assert upscaled.value.message_key == "photo.error.cannot_overrule"
    with pytest.raises(ValidationError):
        overrule(run(checker, yaw=12), "")


# --- a real photograph -------------------------------------------------------------------


def test_real_portrait_astronaut(checker: PhotoChecker) -> None:
    """NASA portrait of Eileen Collins (public domain, shipped in scikit-image).

    A 512x512 half-length portrait in front of a flag and a shuttle model: face, eyes and pose
    are found and judged fine; the picture itself is no passport photo and fails for what
    it is: too small (would be enlarged), head too small and too high in the frame, busy
    background.
    """
    try:
        from skimage import data
    except ImportError:
        require_real("scikit-image (the test extra that ships the portrait)")
    image = np.ascontiguousarray(data.astronaut()[:, :, ::-1])
    report = checker.check(image)
    assert report.faces == 1
    for name in ("roll", "yaw", "exposure", "contrast", "face_shadow", "eyes_open"):
        assert report.check(name).passed, report.check(name)
    assert abs(report.check("roll").value or 0) < 5
    assert {"resolution", "face_height", "eye_distance", "background_uniformity"} <= (
        report.failed_names
    )
    assert report.check("resolution").reason == "photo.reason.upscaled"
    head = report.head
    assert head is not None
    assert head.eye_distance == pytest.approx(44, abs=5)  # about 44 px between her eyes


# --- hostile and odd input ---------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat = b"IDAT" + zlib.compress(b"\0" * 16)
    return (
        b"\x89PNG\r\n\x1a\n"
        + ihdr
        + struct.pack(">I", len(idat) - 4)
        + idat
        + struct.pack(">I", zlib.crc32(idat))
    )


def _jpeg(image: np.ndarray, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image[:, :, ::-1])).convert(mode).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"this is not a picture", "photo.error.not_an_image"),
        (b"", "photo.error.not_an_image"),
        (_png_header(1, 1), "photo.error.too_small"),
        (_png_header(20000, 20000), "photo.error.too_large"),
    ],
    ids=["text", "empty", "1x1", "20000x20000"],
)
def test_bad_files_are_refused_with_a_message_key(data: bytes, key: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        load_photo(data)
    assert refused.value.message_key == key
    assert key in CATALOGUE
    assert time.perf_counter() - started < 1.0  # refused from the header, nothing decoded


def test_truncated_jpeg_is_damaged() -> None:
    jpeg = _jpeg(still(size=(311, 400)))
    with pytest.raises(ValidationError) as refused:
        load_photo(jpeg[: len(jpeg) // 2])
    assert refused.value.message_key == "photo.error.damaged"


def test_greyscale_is_refused_and_cmyk_is_converted(checker: PhotoChecker) -> None:
    image = still()
    with pytest.raises(ValidationError) as grey_file:
        load_photo(_jpeg(image, "L"))
    assert grey_file.value.message_key == "photo.error.not_colour"
    with pytest.raises(ValidationError) as grey_array:
        checker.check(image[:, :, 0].copy())
    assert grey_array.value.message_key == "photo.error.not_colour"
    cmyk = load_photo(_jpeg(image, "CMYK"))
    assert cmyk.shape == (1600, 1244, 3)
    assert checker.check(cmyk).check("face_found").passed


@pytest.mark.parametrize(
    "array",
    [
        np.zeros((1, 1, 3), np.uint8),
        np.zeros((400, 300, 3), np.float32),
        np.zeros((400, 300, 4), np.uint8),
    ],
    ids=["1x1", "float", "rgba"],
)
def test_unusable_arrays_raise_validation_error(checker: PhotoChecker, array: np.ndarray) -> None:
    with pytest.raises(ValidationError):
        checker.check(array)


def test_no_face_is_a_clear_result(checker: PhotoChecker) -> None:
    for image in (
        np.full((1600, 1244, 3), 225, np.uint8),
        np.random.default_rng(1).integers(0, 256, (1600, 1244, 3), dtype=np.uint8),
    ):
        report = checker.check(image)
        assert not report.passed
        assert report.failed_names == {"face_found"}
        assert report.check("face_found").reason == "photo.reason.no_face"
        with pytest.raises(ValidationError):
            crop_photo(image, report)
