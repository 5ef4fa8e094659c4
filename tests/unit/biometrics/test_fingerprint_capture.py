"""The two-finger capture sequence (DOMAIN.md rules 3 and 4), WSQ encoding for transmission."""

from collections.abc import Callable, Mapping

import numpy as np
import pytest

from koffer.biometrics.fingerprint_capture import (
    FingerUnavailable,
    Hand,
    capture_fingerprints,
)
from koffer.biometrics.fingerprint_encoding import (
    MAX_TRANSMISSION_BYTES,
    PNG_MEDIA_TYPE,
    WSQ_MEDIA_TYPE,
    decode_transmitted,
    encode_for_transmission,
    wsq_available,
)
from koffer.biometrics.fingerprint_quality import FingerprintQuality
from koffer.devices.errors import DeviceTimeout
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor


class ScriptedFingers:
    """Capture callable whose prints score as scripted: finger -> scores per attempt."""

    def __init__(self, scores: Mapping[str, list[int]], default: int = 90) -> None:
        self.scores = {finger: list(values) for finger, values in scores.items()}
        self.default = default
        self.calls: list[str] = []

    def __call__(self, finger: str) -> np.ndarray:
        self.calls.append(finger)
        queue = self.scores.get(finger)
        score = queue.pop(0) if queue else self.default
        if score < 0:
            raise DeviceTimeout("fingerprint", "no finger")
        # The score rides in the image; the salt keeps the two hands' prints apart.
        image = np.random.default_rng(len(self.calls)).integers(0, 255, (64, 64), np.uint8)
        image[0, 0] = score
        return image


def scripted_quality(image: np.ndarray) -> FingerprintQuality:
    return FingerprintQuality(int(image[0, 0]))


def run(scores: Mapping[str, list[int]], age: int = 30, **kwargs: object) -> tuple:
    fingers = ScriptedFingers(scores)
    result = capture_fingerprints(fingers, age, quality=scripted_quality, **kwargs)  # type: ignore[arg-type]
    return result, fingers.calls


def test_rule_3_no_prints_under_6() -> None:
    result, calls = run({}, age=5)
    assert result.no_prints
    assert result.complete
    assert result.reasons == ("fingerprint.under_age",)
    assert calls == []
    result, calls = run({}, age=6)
    assert not result.no_prints
    assert calls == ["right_index", "left_index"]


def test_rule_4_stops_at_the_threshold_and_keeps_the_best_of_three() -> None:
    result, calls = run({"right_index": [12, 41], "left_index": [25, 29, 27]})
    right, left = result.hands
    assert right.finger == "right_index"
    assert right.score == 41
    assert right.attempts == 2
    # Left index never reaches 30 in three attempts; the thumb is tried next.
    assert calls.count("left_index") == 3
    assert left.finger == "left_thumb"
    assert left.fingers[0].best is not None
    assert left.fingers[0].best.score == 29
    assert "fingerprint.replaced" in left.reasons


def test_rule_4_thresholds_per_finger() -> None:
    below = [29, 29, 29]
    result, _ = run(
        {
            "right_index": below,
            "right_thumb": below,
            "right_middle": [20],
            "left_index": below,
            "left_thumb": below,
            "left_middle": [19, 19, 19],
            "left_ring": [10],
        }
    )
    right, left = result.hands
    assert (right.finger, right.score) == ("right_middle", 20)
    assert (left.finger, left.score) == ("left_ring", 10)
    assert [f.threshold for f in left.fingers] == [30, 30, 20, 10]


def test_rule_4_replacement_order_index_thumb_middle_ring() -> None:
    low = [1, 1, 1]
    scripted = {
        f"{hand}_{d}": low for hand in ("right", "left") for d in ("index", "thumb", "middle")
    }
    result, calls = run(scripted)
    order = list(dict.fromkeys(calls))
    assert order == [
        "right_index", "right_thumb", "right_middle", "right_ring",
        "left_index", "left_thumb", "left_middle", "left_ring",
    ]  # fmt: skip
    assert all(hand.finger is not None and hand.finger.endswith("ring") for hand in result.hands)
    assert "little" not in " ".join(calls)


def test_rule_4_missing_or_injured_fingers_are_skipped() -> None:
    result, calls = run(
        {},
        unavailable={
            "right_index": FingerUnavailable.MISSING,
            "right_thumb": FingerUnavailable.INJURED,
        },
    )
    right = result.hands[0]
    assert right.finger == "right_middle"
    assert [f.skipped for f in right.fingers[:2]] == ["fingerprint.missing", "fingerprint.injured"]
    assert "right_index" not in calls
    assert "right_thumb" not in calls


def test_rule_4_best_print_kept_when_no_finger_reaches_its_threshold() -> None:
    scripted = {
        "right_index": [8, 25, 9],
        "right_thumb": [5, 5, 5],
        "right_middle": [3, 3, 3],
        "right_ring": [2, 2, 2],
    }
    result, _ = run(scripted)
    right = result.hands[0]
    assert (right.finger, right.score) == ("right_index", 25)
    assert right.reasons == ("fingerprint.below_threshold",)
    assert "fingerprint.below_threshold" in result.warnings


def test_rule_4_no_prints_only_with_a_permanent_medical_flag() -> None:
    nothing = {
        f"{h}_{d}": [-1, -1, -1]
        for h in ("right", "left")
        for d in ("index", "thumb", "middle", "ring")
    }
    result, _ = run(nothing)
    assert not result.no_prints
    assert not result.complete
    assert "fingerprint.incomplete" in result.reasons
    attempt = result.hands[0].fingers[0].attempts[0]
    assert attempt.error == "device.timeout"
    assert attempt.image is None
    assert result.hands[0].reasons == ("fingerprint.no_usable_finger",)
    result, calls = run(nothing, permanent_medical_exemption=True)
    assert result.no_prints
    assert result.complete
    assert result.reasons == ("fingerprint.medical_exemption",)
    assert calls == []


def _sensor_capture(
    sensor: SimFingerprintSensor, same_finger: bool = False
) -> Callable[[str], np.ndarray]:
    def capture(finger: str) -> np.ndarray:
        if same_finger:
            finger = "right_index"  # the citizen puts the same finger down twice
        return sensor.capture(Finger(finger)).image

    return capture


def test_rule_4_simulated_citizen_gives_both_index_fingers() -> None:
    result = capture_fingerprints(_sensor_capture(SimFingerprintSensor(seed=4)), age=40)
    assert result.accepted
    assert [h.finger for h in result.hands] == ["right_index", "left_index"]
    assert all(h.score is not None and h.score >= 30 for h in result.hands)
    assert not result.duplicate_suspected
    assert result.duplicate_score is not None
    assert result.duplicate_score < 20


def test_rule_4_same_finger_twice_is_warned_and_can_be_overruled() -> None:
    result = capture_fingerprints(_sensor_capture(SimFingerprintSensor(seed=5), True), age=40)
    assert result.duplicate_suspected
    assert "fingerprint.duplicate_suspected" in result.warnings
    assert result.complete
    assert not result.accepted
    overruled = result.overrule_duplicate()
    assert overruled.accepted
    assert "fingerprint.duplicate_overruled" in overruled.warnings


def test_hand_enum_names_match_the_finger_codes() -> None:
    assert {str(h) for h in Hand} == {"right", "left"}
    assert Finger("left_ring") == "left_ring"


def test_wsq_at_0_75_bpp_fits_in_18_kb() -> None:
    assert wsq_available()  # wsq is a dependency: its absence is a broken install, not a skip
    sensor = SimFingerprintSensor(seed=6)
    for finger in (Finger.RIGHT_INDEX, Finger.LEFT_THUMB):
        image = sensor.capture(finger).image
        media_type, data = encode_for_transmission(image)
        assert media_type == WSQ_MEDIA_TYPE
        assert len(data) <= MAX_TRANSMISSION_BYTES
        back = decode_transmitted(media_type, data)
        assert back.shape == image.shape
        assert np.corrcoef(back.ravel(), image.ravel())[0, 1] > 0.9


def test_png_fallback_is_lossless(monkeypatch: pytest.MonkeyPatch) -> None:
    import koffer.biometrics.fingerprint_encoding as encoding

    monkeypatch.setattr(encoding, "wsq_available", lambda: False)
    image = SimFingerprintSensor(seed=7).capture(Finger.LEFT_INDEX).image
    media_type, data = encoding.encode_for_transmission(image)
    assert media_type == PNG_MEDIA_TYPE
    assert np.array_equal(encoding.decode_transmitted(media_type, data), image)
