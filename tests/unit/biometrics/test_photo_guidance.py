"""Live guidance on the preview, the automatic shutter and the liveness challenge."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pytest

from koffer.biometrics.photo.guidance import CaptureTrigger, LiveGuide, TriggerState
from koffer.biometrics.photo.liveness import Gesture, LivenessChallenge, LivenessState
from koffer.devices.camera.sim import SimCamera
from koffer.domain.errors import ValidationError


@pytest.fixture(scope="module")
def guide() -> LiveGuide:
    return LiveGuide()


def preview(**knobs: Any) -> np.ndarray:
    camera = SimCamera()
    for name, value in knobs.items():
        setattr(camera.subject, name, value)
    return camera.render_preview()


def test_good_sitting_is_ready_and_the_face_box_is_in_frame_pixels(guide: LiveGuide) -> None:
    guide.reset()
    frame = preview()
    assert frame.shape == (720, 1280, 3)
    result = guide.update(frame, 0.0)
    assert result.ready, result.hints
    assert result.hints == ()
    assert result.face is not None
    assert result.face.centre[0] == pytest.approx(640, abs=40)


@pytest.mark.parametrize(
    ("knobs", "check", "reason", "params"),
    [
        ({"distance_m": 1.3}, "face_height", "photo.reason.move_closer", {"cm": 30}),
        ({"distance_m": 0.9}, "face_height", "photo.reason.move_back", {"cm": 10}),
        ({"yaw": 12}, "yaw", "photo.reason.turn_right", {"degrees": 12}),
        ({"roll": -12}, "roll", "photo.reason.tilt_left", {"degrees": 12}),
        ({"offset_x": 0.1}, "horizontal_centre", "photo.reason.move_right", {}),
        ({"eyes_open": False}, "eyes_open", "photo.reason.eyes_closed", {}),
        ({"light": 0.35}, "exposure", "photo.reason.too_dark", {}),
    ],
)
def test_hints_name_the_problem_and_the_correction(
    guide: LiveGuide, knobs: dict[str, Any], check: str, reason: str, params: dict[str, int]
) -> None:
    guide.reset()
    result = guide.update(preview(**knobs), 0.0)
    assert not result.ready
    hints = {h.name: h for h in result.hints}
    assert hints[check].reason == reason
    for key, value in params.items():
        assert hints[check].params[key] == pytest.approx(value, abs=3)


def test_no_face_gives_a_no_face_hint(guide: LiveGuide) -> None:
    guide.reset()
    result = guide.update(np.full((720, 1280, 3), 200, np.uint8), 0.0)
    assert result.face is None
    assert not result.ready
    assert [h.reason for h in result.hints] == ["photo.reason.no_face"]


def test_tracking_searches_the_whole_frame_only_every_few_frames() -> None:
    guide = LiveGuide(detect_every=5)
    camera = SimCamera()
    frames = [camera.render_preview() for _ in range(3)]
    guide.update(frames[0], 0.0)  # warm up the cascades
    guide.full_detections = 0
    started = time.perf_counter()
    for index in range(15):
        result = guide.update(frames[index % 3], index / 15)
        assert result.ready
    per_frame = (time.perf_counter() - started) / 15
    assert guide.full_detections == 3
    assert per_frame < 0.15  # about 25 ms on a 2-core notebook; generous for shared CI


def test_a_person_walking_in_is_noticed_at_the_next_full_search() -> None:
    guide = LiveGuide(detect_every=3)
    guide.update(preview(), 0.0)
    crowded = preview(second_person=0.3)
    results = [guide.update(crowded, t / 15) for t in range(1, 5)]
    assert any("single_face" in {h.name for h in r.hints} for r in results)


def test_preview_frame_must_be_a_colour_image(guide: LiveGuide) -> None:
    with pytest.raises(ValidationError):
        guide.update(np.zeros((720, 1280), np.uint8), 0.0)


# --- automatic shutter -------------------------------------------------------------------


def test_trigger_fires_once_after_the_checks_held() -> None:
    trigger = CaptureTrigger(hold_s=0.6)
    assert trigger.feed(0.0, False) is TriggerState.SEARCHING
    assert trigger.feed(0.1, True) is TriggerState.HOLDING
    assert trigger.feed(0.4, True) is TriggerState.HOLDING
    assert trigger.feed(0.5, False) is TriggerState.SEARCHING  # blinked: start over
    for t in (0.6, 0.8, 1.0):
        assert trigger.feed(t, True) is TriggerState.HOLDING
    assert trigger.feed(1.2, True) is TriggerState.FIRE
    assert trigger.feed(1.3, True) is TriggerState.DONE
    trigger.reset()
    assert trigger.feed(5.0, True) is TriggerState.HOLDING


def test_trigger_restarts_the_hold_after_a_frame_gap() -> None:
    trigger = CaptureTrigger(hold_s=0.6, max_gap_s=0.3)
    trigger.feed(0.0, True)
    trigger.feed(0.2, True)
    assert trigger.feed(0.7, True) is TriggerState.HOLDING  # 0.5 s without frames
    assert trigger.feed(0.9, True) is TriggerState.HOLDING
    assert trigger.feed(1.1, True) is TriggerState.HOLDING
    assert trigger.feed(1.3, True) is TriggerState.FIRE


def test_trigger_gives_up_after_30_seconds() -> None:
    trigger = CaptureTrigger()
    for step in range(305):
        state = trigger.feed(step / 10, step % 2 == 0)
    assert state is TriggerState.TIMED_OUT
    assert trigger.feed(31.0, True) is TriggerState.TIMED_OUT


def test_trigger_fed_from_simulated_preview(guide: LiveGuide) -> None:
    guide.reset()
    camera = SimCamera()
    trigger = CaptureTrigger(hold_s=0.5)
    camera.subject.yaw = 12
    states = [
        trigger.feed_guidance(guide.update(camera.render_preview(), t / 10)) for t in range(3)
    ]
    camera.subject.yaw = 0
    states += [
        trigger.feed_guidance(guide.update(camera.render_preview(), t / 10)) for t in range(3, 12)
    ]
    assert states[:3] == [TriggerState.SEARCHING] * 3
    assert TriggerState.FIRE in states
    assert states.index(TriggerState.FIRE) == 8  # 0.5 s after the head turned back at 0.3 s


# --- liveness ----------------------------------------------------------------------------


def test_blink_on_simulated_frames_passes(guide: LiveGuide) -> None:
    guide.reset()
    challenge = LivenessChallenge(Gesture.BLINK)
    camera = SimCamera()
    states = []
    for index, open_ in enumerate([True, True, False, False, True]):
        camera.subject.eyes_open = open_
        states.append(challenge.feed_guidance(guide.update(camera.render_preview(), index / 15)))
    assert states[-1] is LivenessState.PASSED
    assert challenge.message_key == "photo.liveness.passed"


def test_a_photo_held_up_never_blinks_and_fails_after_the_timeout() -> None:
    challenge = LivenessChallenge(Gesture.BLINK)
    for step in range(90):
        state = challenge.feed(step / 10, 0.12, 0.0)
    assert state is LivenessState.FAILED


def test_closing_the_eyes_for_long_is_no_blink_and_losing_the_face_restarts() -> None:
    challenge = LivenessChallenge(Gesture.BLINK)
    challenge.feed(0.0, 0.12, 0.0)
    challenge.feed(0.1, 0.02, 0.0)
    assert challenge.feed(1.5, 0.12, 0.0) is LivenessState.PENDING  # 1.4 s shut
    challenge.feed(1.6, 0.02, 0.0)
    challenge.feed(1.7, None, None)  # face gone: a swap could happen here
    assert challenge.feed(1.8, 0.12, 0.0) is LivenessState.PENDING


def test_head_turn_challenge_on_simulated_frames(guide: LiveGuide) -> None:
    guide.reset()
    challenge = LivenessChallenge(Gesture.TURN_RIGHT)
    camera = SimCamera()
    state = LivenessState.PENDING
    for index, yaw in enumerate([0, -8, -16, -16, -6, 0]):
        camera.subject.yaw = yaw
        state = challenge.feed_guidance(guide.update(camera.render_preview(), index / 15))
    assert state is LivenessState.PASSED
    wrong_way = LivenessChallenge(Gesture.TURN_LEFT)
    for index, yaw in enumerate([0.0, -16.0, 0.0]):
        state = wrong_way.feed(index / 10, 0.12, yaw)
    assert state is LivenessState.PENDING
