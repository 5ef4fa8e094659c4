"""The fingerprint page follows the TR-03121 sequence on the simulated sensor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from koffer.biometrics.fingerprint_capture import capture_fingerprints
from koffer.devices.errors import DeviceTimeout
from koffer.devices.fingerprint.interface import Finger
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.ui.capture.fingerprint_page import FingerprintPage
from koffer.ui.capture.fingerprint_progress import AttemptState, FingerEvent, ObservedSensor
from koffer.ui.capture.hand_diagram import SYMBOLS, FingerMark, HandDiagram
from koffer.ui.workers import Failure


@pytest.fixture
def page(qtbot: QtBot) -> FingerprintPage:
    page = FingerprintPage("de")
    qtbot.addWidget(page)
    page.resize(900, 420)
    page.show()
    return page


def _run(page: FingerprintPage, sensor: SimFingerprintSensor) -> list[FingerEvent]:
    events: list[FingerEvent] = []

    def report(event: FingerEvent) -> None:
        events.append(event)
        page.on_event(event)

    observed = ObservedSensor(sensor, report, "de")
    result = capture_fingerprints(lambda code: observed.capture(Finger(code)).image, 70)
    data = {
        "fingers": {str(h.hand): h.finger for h in result.hands},
        "scores": {str(h.hand): h.score for h in result.hands},
        "warnings": list(result.warnings),
    }
    page.show_recorded(data)
    return events


def test_the_index_fingers_are_taken_first_and_shown_with_their_quality(
    qtbot: QtBot, page: FingerprintPage
) -> None:
    with qtbot.waitSignal(page.start_requested) as started:
        qtbot.keyClick(page.start_button, Qt.Key.Key_Space)
    assert started.args == [False]
    assert not page.start_button.isEnabled()

    events = _run(page, SimFingerprintSensor())

    assert next(e.finger for e in events if e.state is AttemptState.PLACING) == "right_index"
    scored = [e for e in events if e.state is AttemptState.SCORED]
    assert all(e.enough for e in scored[-1:])
    assert page.diagram.mark("right_index") is FingerMark.CAPTURED
    assert page.diagram.mark("left_index") is FingerMark.CAPTURED
    assert page.diagram.score("left_index") == page.quality_bar.value()
    assert page.diagram.mark("right_thumb") is FingerMark.IDLE
    assert "rechter Zeigefinger" in page.finger_label.text()
    assert "Zeigefinger" in page.diagram.accessibleDescription()
    assert "erfasst" in page.diagram.accessibleDescription()
    assert not page.replacement_label.isVisible()


def test_three_failed_attempts_move_on_to_the_replacement_finger(
    qtbot: QtBot, page: FingerprintPage
) -> None:
    sensor = SimFingerprintSensor()
    for _ in range(3):
        sensor.queue_fault(DeviceTimeout("fingerprint", "no finger"))
    page.start()

    events = _run(page, sensor)

    right = [e for e in events if e.hand == "right" and e.state is AttemptState.PLACING]
    assert [(e.digit, e.attempt) for e in right[:4]] == [
        ("index", 1), ("index", 2), ("index", 3), ("thumb", 1)
    ]  # fmt: skip
    failed = [e for e in events if e.state is AttemptState.FAILED]
    assert len(failed) == 3
    assert failed[0].message
    assert page.diagram.mark("right_index") is FingerMark.REPLACED
    assert SYMBOLS[FingerMark.REPLACED] == "✗"  # a symbol, not only a colour
    assert page.diagram.mark("right_thumb") is FingerMark.CAPTURED
    assert page.replacement_label.isVisible()
    assert "rechter Daumen" in page.replacement_label.text()
    assert "rechter Zeigefinger" in page.replacement_label.text()
    assert any("Versuch 3" in line for line in page.log())


def test_attempts_and_quality_are_shown_while_a_finger_is_captured(page: FingerprintPage) -> None:
    page.start()
    page.on_event(FingerEvent("left_middle", 2, AttemptState.PLACING, 20))
    assert page.attempt_label.text() == "Versuch 2 von 3"
    assert page.diagram.mark("left_middle") is FingerMark.CURRENT
    page.on_event(FingerEvent("left_middle", 2, AttemptState.SCORED, 20, 14))
    assert page.quality_bar.value() == 14
    assert page.quality_bar.text() == "Qualität 14 von 100"
    assert "zu gering" in page.quality_label.text()
    assert "20" in page.quality_label.text()


def test_a_suspected_duplicate_needs_the_clerks_check_before_capturing_again(
    qtbot: QtBot, page: FingerprintPage
) -> None:
    page.start()
    page.show_failure(
        Failure("Beide Abdrücke scheinen vom selben Finger zu stammen.",
                "error.fingerprints_duplicate", step="fingerprints")
    )  # fmt: skip
    assert page.duplicate_label.isVisible()
    assert page.duplicate_box.isVisible()
    assert page.duplicate_box.hasFocus()
    qtbot.keyClick(page.duplicate_box, Qt.Key.Key_Space)
    with qtbot.waitSignal(page.start_requested) as started:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert started.args == [True]


def test_a_medical_exemption_marks_every_finger(page: FingerprintPage) -> None:
    page.show_exempt("Keine Fingerabdrücke: ärztlich bescheinigt.")
    assert all(page.diagram.mark(f"{h}_{d}") is FingerMark.SKIPPED
               for h in ("left", "right") for d in ("thumb", "index", "little"))  # fmt: skip
    assert page.exemption_label.isVisible()
    assert not page.start_button.isEnabled()
    assert "übersprungen" in page.diagram.accessibleDescription()


def test_the_diagram_paints_at_any_size(qtbot: QtBot) -> None:
    diagram = HandDiagram()
    qtbot.addWidget(diagram)
    diagram.set_mark("right_index", FingerMark.CURRENT)
    diagram.set_mark("left_index", FingerMark.CAPTURED, 77)
    diagram.set_mark("right_index", FingerMark.CURRENT)
    diagram.set_mark("left_ring", FingerMark.CURRENT)
    assert diagram.mark("right_index") is FingerMark.IDLE  # one current finger at a time
    for size in ((200, 90), (520, 240), (1400, 500)):
        diagram.resize(*size)
        assert not diagram.grab().isNull()
