"""The NFIQ 2-style quality score, validated on the fingerprint simulator."""

import numpy as np
import pytest

from koffer.biometrics.fingerprint_quality import (
    COULD_NOT_COMPUTE,
    FingerprintQuality,
    fingerprint_quality,
)
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor

FINGERS = (Finger.RIGHT_INDEX, Finger.LEFT_INDEX, Finger.RIGHT_THUMB, Finger.LEFT_MIDDLE)
LEVELS = (100, 75, 50, 25, 5)
INDEX_THRESHOLD = 30


@pytest.fixture(scope="module")
def sensor() -> SimFingerprintSensor:
    return SimFingerprintSensor(seed=11)


def _score(sensor: SimFingerprintSensor, finger: Finger) -> FingerprintQuality:
    return fingerprint_quality(sensor.capture(finger).image)


def _spearman(a: list[float], b: list[float]) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def test_score_is_monotone_in_the_simulators_quality(sensor: SimFingerprintSensor) -> None:
    sensor.reset_conditions()
    table = []
    for finger in FINGERS:
        row = []
        for level in LEVELS:
            sensor.set_quality(level)
            row.append(_score(sensor, finger).score)
        table.append(row)
        assert _spearman(list(LEVELS), [float(s) for s in row]) >= 0.85, (finger, row)
    means = np.mean(table, axis=0)
    assert list(means) == sorted(means, reverse=True), means
    assert means[0] >= 60
    assert means[-1] <= 15


def test_rule_4_good_prints_pass_and_bad_placements_fail_the_index_threshold(
    sensor: SimFingerprintSensor,
) -> None:
    for finger in FINGERS[:3]:
        sensor.reset_conditions()
        assert _score(sensor, finger).score >= INDEX_THRESHOLD
        for knob, level in (("set_wet", 1.0), ("set_dry", 0.9), ("set_partial", 0.6)):
            sensor.reset_conditions()
            getattr(sensor, knob)(level)
            result = _score(sensor, finger)
            assert result.computed
            assert result.score < INDEX_THRESHOLD, (finger, knob, result)
    sensor.reset_conditions()


def test_features_are_reported(sensor: SimFingerprintSensor) -> None:
    sensor.reset_conditions()
    result = _score(sensor, Finger.LEFT_INDEX)
    features = result.features
    assert set(features) >= {
        "foreground",
        "foreground_mean",
        "foreground_std",
        "orientation_certainty",
        "clarity",
        "frequency_plausible",
        "minutiae",
        "reliable_minutiae",
    }
    assert 0.4 <= features["foreground"] <= 0.9
    assert features["orientation_certainty"] > 0.7
    assert features["frequency_plausible"] > 0.7
    assert features["reliable_minutiae"] >= 20


def test_255_when_the_score_cannot_be_computed() -> None:
    image = np.full((500, 400), 200, np.uint8)
    assert fingerprint_quality(image, dpi=1000).score == COULD_NOT_COMPUTE
    assert fingerprint_quality(image.astype(np.float32)).score == COULD_NOT_COMPUTE  # type: ignore[arg-type]
    assert fingerprint_quality(image[:50]).score == COULD_NOT_COMPUTE
    result = fingerprint_quality(np.zeros((500, 400, 3), np.uint8))  # colour image
    assert not result.computed
    assert result.reason == "fingerprint.quality.unsupported"


def test_an_empty_sensor_scores_zero_with_a_reason() -> None:
    result = fingerprint_quality(np.full((500, 400), 238, np.uint8))
    assert result.score == 0
    assert result.computed
    assert result.reason == "fingerprint.quality.no_finger"
