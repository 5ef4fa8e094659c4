"""The camera simulator's knobs change what they should; the OpenCV backend over files."""

from __future__ import annotations

import math
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from koffer.devices.base import DeviceState
from koffer.devices.camera.opencv import OpenCvCamera
from koffer.devices.camera.render import Backdrop
from koffer.devices.camera.sim import SimCamera
from koffer.devices.errors import DeviceUnavailable

FACE_CASCADE = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_alt2.xml")


def render(**knobs: object) -> np.ndarray:
    camera = SimCamera()
    for name, value in knobs.items():
        setattr(camera.subject, name, value)
    return camera.render()


def pupils(image: np.ndarray) -> list[tuple[float, float]]:
    """Centres of the pupils: the only near-black blobs in the picture."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    count, _, stats, centroids = cv2.connectedComponentsWithStats((grey < 35).astype(np.uint8))
    return sorted(
        (float(centroids[i][0]), float(centroids[i][1]))
        for i in range(1, count)
        if stats[i, cv2.CC_STAT_AREA] > 20
    )


def face_box(image: np.ndarray) -> tuple[int, int, int, int]:
    grey = cv2.cvtColor(cv2.resize(image, (311, 400)), cv2.COLOR_BGR2GRAY)
    faces = FACE_CASCADE.detectMultiScale(grey, 1.1, 3, minSize=(60, 60))
    assert len(faces) >= 1
    x, y, w, h = max(faces, key=lambda f: f[2])
    return int(x * 4), int(y * 4), int(w * 4), int(h * 4)


def test_default_still_is_a_1244x1600_portrait_with_two_open_eyes_324_px_apart() -> None:
    image = render()
    assert image.shape == (1600, 1244, 3)
    left, right = pupils(image)
    assert abs(right[0] - left[0] - 324) < 4
    assert abs(left[1] - 0.42 * 1600) < 4


def test_distance_scales_the_head() -> None:
    near, far = face_box(render(distance_m=0.9))[2], face_box(render(distance_m=1.4))[2]
    assert near / far == pytest.approx(1.4 / 0.9, rel=0.15)


def test_offsets_move_the_head() -> None:
    base = pupils(render())
    moved = pupils(render(offset_x=0.1, offset_y=0.05))
    assert moved[0][0] - base[0][0] == pytest.approx(124.4, abs=3)
    assert moved[0][1] - base[0][1] == pytest.approx(80, abs=3)


def test_roll_rotates_the_eye_line() -> None:
    left, right = pupils(render(roll=10))
    assert math.degrees(math.atan2(right[1] - left[1], right[0] - left[0])) == pytest.approx(
        10, abs=1
    )


def test_yaw_and_pitch_move_the_features_inside_the_head() -> None:
    base = np.mean(pupils(render()), axis=0)
    turned = np.mean(pupils(render(yaw=10)), axis=0)
    nodded = np.mean(pupils(render(pitch=10)), axis=0)
    assert turned[0] - base[0] > 40  # features move towards the image's right
    assert abs(turned[1] - base[1]) < 3
    assert base[1] - nodded[1] > 60  # chin up: features move up
    assert abs(nodded[0] - base[0]) < 3


def test_closed_eyes_have_no_pupils_and_a_second_person_adds_two() -> None:
    assert pupils(render(eyes_open=False)) == []
    assert len(pupils(render(second_person=0.3))) == 4


def test_exposure_haze_and_blur() -> None:
    base = render()
    grey = cv2.cvtColor(base, cv2.COLOR_BGR2GRAY)
    dark = cv2.cvtColor(render(light=0.5), cv2.COLOR_BGR2GRAY)
    assert dark.mean() == pytest.approx(grey.mean() * 0.5, rel=0.05)
    hazy = cv2.cvtColor(render(haze=0.6), cv2.COLOR_BGR2GRAY)
    assert hazy.std() < grey.std() * 0.5
    blurred = cv2.cvtColor(render(blur=5), cv2.COLOR_BGR2GRAY)
    sharpness = cv2.Laplacian(grey, cv2.CV_64F).var()
    assert cv2.Laplacian(blurred, cv2.CV_64F).var() < sharpness * 0.5


def test_backdrops() -> None:
    corner = (slice(0, 100), slice(0, 150))
    uniform = cv2.cvtColor(render(), cv2.COLOR_BGR2GRAY)[corner]
    dark = cv2.cvtColor(render(backdrop=Backdrop.DARK), cv2.COLOR_BGR2GRAY)[corner]
    busy = cv2.cvtColor(render(backdrop=Backdrop.CLUTTERED), cv2.COLOR_BGR2GRAY)[corner]
    assert uniform.mean() > 200
    assert uniform.std() < 3
    assert dark.mean() < 70
    assert busy.std() > 20


def test_side_light_shades_half_the_face_and_throws_a_shadow() -> None:
    lit = cv2.cvtColor(render(side_light=0.8), cv2.COLOR_BGR2GRAY).astype(float)
    plain = cv2.cvtColor(render(side_light=0.8, shadow_on_background=False), cv2.COLOR_BGR2GRAY)
    cheeks_y = slice(800, 950)
    assert lit[cheeks_y, 380:500].mean() < 0.7 * lit[cheeks_y, 744:864].mean()
    beside_head = (slice(500, 900), slice(120, 200))
    assert lit[beside_head].mean() < plain[beside_head].mean() - 30


def test_preview_is_1280x720_and_fast() -> None:
    camera = SimCamera()
    camera.render_preview()
    started = time.perf_counter()
    for _ in range(5):
        frame = camera.render_preview()
    assert frame.shape == (720, 1280, 3)
    assert (time.perf_counter() - started) / 5 < 0.05


def test_disconnect_mid_stream_raises_device_unavailable() -> None:
    camera = SimCamera(fps=200)
    camera.open()
    camera.disconnect_after(3)
    stream = camera.frames()
    received = [next(stream) for _ in range(3)]
    with pytest.raises(DeviceUnavailable):
        next(stream)
    assert len(received) == 3
    assert camera.info().state is DeviceState.UNAVAILABLE


def test_unplugging_while_streaming_stops_the_stream() -> None:
    camera = SimCamera(fps=200)
    camera.open()
    stream = camera.frames()
    next(stream)
    camera.unplug()
    with pytest.raises(DeviceUnavailable):
        next(stream)


# The OpenCV backend cannot be tested against a camera here. An image sequence opened by
# cv2.VideoCapture runs the same code: open, negotiate (read back the real size), read,
# and a failed read at the end of the sequence is exactly what a pulled cable looks like.


@pytest.fixture
def sequence(tmp_path: Path) -> str:
    for index in range(4):
        image = np.full((240, 320, 3), 50 * index, np.uint8)
        cv2.rectangle(image, (10, 10), (60, 40), (0, 0, 255), -1)
        cv2.imwrite(str(tmp_path / f"img_{index:03d}.png"), image)
    return str(tmp_path / "img_%03d.png")


def test_opencv_camera_reports_the_size_it_really_got(sequence: str) -> None:
    camera = OpenCvCamera(sequence, width=1280, height=720)
    camera.open()
    assert camera.preview_size == (320, 240)
    info = camera.info()
    assert info.backend == "opencv"
    assert info.model == "img_%03d.png"
    assert info.state is DeviceState.READY
    assert "320x240" in info.detail
    camera.close()


def test_opencv_camera_streams_then_fails_like_a_pulled_cable(sequence: str) -> None:
    camera = OpenCvCamera(sequence)
    camera.open()
    stream = camera.frames()
    levels = [int(next(stream).image[200, 300, 0]) for _ in range(4)]
    with pytest.raises(DeviceUnavailable):
        next(stream)
    assert levels == [0, 50, 100, 150]
    assert camera.info().state is DeviceState.UNAVAILABLE


def test_opencv_camera_still_and_rotation(sequence: str) -> None:
    camera = OpenCvCamera(sequence, rotate=90, warmup_frames=1)
    camera.open()
    assert camera.preview_size == (240, 320)
    still = camera.capture()
    assert still.image.shape == (320, 240, 3)
    assert camera.still_size == (240, 320)
    assert still.image[15:55, 202:228, 2].min() > 200  # the red mark turned to the right
    camera.close()


def test_opencv_camera_that_does_not_exist_is_unavailable(tmp_path: Path) -> None:
    camera = OpenCvCamera(str(tmp_path / "missing_%03d.png"))
    with pytest.raises(DeviceUnavailable):
        camera.open()
    assert camera.info().state is DeviceState.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        camera.capture()


# --- one contract over both backends -----------------------------------------------------


@pytest.fixture(params=["sim", "opencv"])
def any_camera(request: pytest.FixtureRequest, sequence: str) -> SimCamera | OpenCvCamera:
    if request.param == "sim":
        return SimCamera(width=311, height=400, fps=200, preview_size=(320, 180))
    return OpenCvCamera(sequence, warmup_frames=0)


def test_camera_contract(any_camera: SimCamera | OpenCvCamera) -> None:
    any_camera.open()
    frame = next(iter(any_camera.frames()))
    assert frame.image.dtype == np.uint8
    assert frame.image.ndim == 3
    assert frame.image.shape[2] == 3
    assert frame.timestamp <= time.monotonic()
    still = any_camera.capture()
    assert still.height >= frame.height  # a still is never smaller than the preview
    info = any_camera.info()
    assert info.kind.value == "camera"
    assert info.state is DeviceState.READY
    any_camera.close()
