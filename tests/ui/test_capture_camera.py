"""The photo page on the simulated camera: preview, guidance, shutter, checks and overrule."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from koffer.biometrics.photo.guidance import CaptureTrigger
from koffer.devices.camera.sim import SimCamera
from koffer.ui.capture.camera_page import CameraPage, PhotoDecision
from koffer.ui.capture.camera_worker import CameraWorker, PhotoResult
from koffer.ui.threads import WorkerThread

TIMEOUT_MS = 30_000


class SlowCamera(SimCamera):
    """A camera whose every preview frame takes ``delay_s`` of work on its thread."""

    def __init__(self, delay_s: float) -> None:
        super().__init__(fps=30.0)
        self.delay_s = delay_s

    def render_preview(self):  # type: ignore[no-untyped-def]
        end = time.perf_counter() + self.delay_s
        while time.perf_counter() < end:  # busy, like a slow driver holding the CPU
            pass
        return super().render_preview()


def _page(qtbot: QtBot, camera: SimCamera, **kwargs: object) -> Iterator[CameraPage]:
    worker = CameraWorker(camera, "de", **kwargs)  # type: ignore[arg-type]
    thread = WorkerThread("koffer-camera", worker)
    page = CameraPage(worker, "de")
    qtbot.addWidget(page)
    page.resize(900, 560)
    page.show()
    try:
        yield page
    finally:
        page.stop()
        thread.stop()


@pytest.fixture
def camera() -> SimCamera:
    return SimCamera()


@pytest.fixture
def page(qtbot: QtBot, camera: SimCamera) -> Iterator[CameraPage]:
    yield from _page(qtbot, camera)


def test_the_shutter_fires_by_itself_when_every_check_holds(qtbot: QtBot, page: CameraPage) -> None:
    with qtbot.waitSignal(page._worker.photo_taken, timeout=TIMEOUT_MS) as taken:
        page.start()
    result: PhotoResult = taken.args[0]

    assert result.automatic
    assert result.passed
    assert page.showing_result
    assert page.preview.frames_shown > 0
    assert page.table.rowCount() == len(result.rows) >= 15
    names = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
    assert "Gesichtshöhe" in names
    row = names.index("Gesichtshöhe")
    assert page.table.item(row, 2).text() == "70 % – 80 %"
    assert page.table.item(row, 3).text() == "✓ bestanden"  # the verdict in words, not colour
    assert "bestanden" in page.verdict_label.text()
    assert not page.overrule_box.isVisible()
    assert page.accept_button.isEnabled()

    with qtbot.waitSignal(page.accepted, timeout=TIMEOUT_MS) as accepted:
        qtbot.keyClick(page.accept_button, Qt.Key.Key_Space)
    decision: PhotoDecision = accepted.args[0]
    assert decision.result is result
    assert decision.overruled == ()


def test_hints_guide_the_citizen_and_a_failed_photo_needs_a_confirmed_overrule(
    qtbot: QtBot, page: CameraPage, camera: SimCamera
) -> None:
    camera.subject.distance_m = 1.45  # too far: the face is too small
    page.start()
    qtbot.waitUntil(lambda: any("näher" in hint for hint in page.hints()), timeout=TIMEOUT_MS)
    assert page.live
    assert "Hinweise" in page.state_label.text()

    with qtbot.waitSignal(page._worker.photo_taken, timeout=TIMEOUT_MS) as taken:
        qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    result: PhotoResult = taken.args[0]
    assert not result.automatic
    assert not result.passed
    assert result.overrulable
    failed = {row.name for row in result.failed}
    assert "face_height" in failed
    assert not page.accept_button.isEnabled()
    assert page.overrule_box.isEnabled()

    # Refusing the confirmation unticks the box again.
    page.overrule_box.setChecked(True)
    box = page.confirmation
    assert box is not None
    assert "Gesichtshöhe" in box.text()
    box.done(QMessageBox.StandardButton.No)
    assert not page.overrule_box.isChecked()
    assert not page.accept_button.isEnabled()

    page.overrule_box.setChecked(True)
    box = page.confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert page.accept_button.isEnabled()
    with qtbot.waitSignal(page.accepted, timeout=TIMEOUT_MS) as accepted:
        qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    decision: PhotoDecision = accepted.args[0]
    assert set(decision.overruled) == failed


def test_a_photo_without_a_face_cannot_be_overruled(
    qtbot: QtBot, page: CameraPage, camera: SimCamera
) -> None:
    camera.subject.offset_x = 0.9  # out of the picture
    page.start()
    qtbot.waitUntil(lambda: "Kein Gesicht" in page.state_label.text(), timeout=TIMEOUT_MS)
    with qtbot.waitSignal(page._worker.photo_taken, timeout=TIMEOUT_MS) as taken:
        page.capture_now()
    result: PhotoResult = taken.args[0]
    assert not result.overrulable
    assert not page.overrule_box.isEnabled()
    assert not page.accept_button.isEnabled()
    assert "nicht übernommen" in page.verdict_label.text()

    with qtbot.waitSignal(page._worker.photo_taken, timeout=TIMEOUT_MS):
        camera.subject.offset_x = 0.0
        qtbot.mouseClick(page.retake_button, Qt.MouseButton.LeftButton)


def test_a_camera_pulled_mid_stream_is_reported_and_can_be_restarted(
    qtbot: QtBot, page: CameraPage, camera: SimCamera
) -> None:
    camera.disconnect_after(3)
    with qtbot.waitSignal(page._worker.failed, timeout=TIMEOUT_MS):
        page.start()
    qtbot.waitUntil(lambda: not page.live, timeout=TIMEOUT_MS)
    assert "Kamera" in page.state_label.text()
    assert page.restart_button.isVisible()
    assert page.restart_button.hasFocus()

    camera.plug_in()
    with qtbot.waitSignal(page._worker.photo_taken, timeout=TIMEOUT_MS):
        qtbot.keyClick(page.restart_button, Qt.Key.Key_Space)


def test_stopping_ends_the_preview_without_a_photo(qtbot: QtBot, page: CameraPage) -> None:
    page._worker._trigger = lambda: CaptureTrigger(hold_s=3600)
    page.start()
    qtbot.waitUntil(lambda: page.preview.frames_shown >= 3, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(page._worker.stopped, timeout=TIMEOUT_MS):
        page.stop()
    assert not page.live
    assert page.result is None


def test_a_slow_camera_keeps_the_event_loop_responsive(qtbot: QtBot) -> None:
    camera = SlowCamera(delay_s=0.4)
    pages = _page(qtbot, camera, trigger=lambda: CaptureTrigger(hold_s=3600))
    page = next(pages)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    page.start()
    qtbot.waitUntil(lambda: page.preview.frames_shown >= 3, timeout=TIMEOUT_MS)
    timer.stop()
    pages.close()  # stops the preview and joins the camera thread

    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    # Frames take 400 ms each on the camera thread; the GUI keeps its 20 ms beat.
    assert len(ticks) > 40
    assert max(gaps) < 0.25


def test_a_gui_that_falls_behind_gets_the_newest_frame_not_a_queue(
    qtbot: QtBot, page: CameraPage
) -> None:
    page._worker._trigger = lambda: CaptureTrigger(hold_s=3600)
    page.start()
    qtbot.waitUntil(lambda: page.preview.frames_shown >= 1, timeout=TIMEOUT_MS)
    mailbox = page._worker.mailbox
    dropped_before = mailbox.dropped
    time.sleep(1.0)  # the GUI thread is blocked; the camera keeps streaming at 15 fps
    shown_before = page.preview.frames_shown
    QApplication.processEvents()
    QApplication.processEvents()
    # At most one frame waited for the GUI; the others were dropped, not queued.
    assert page.preview.frames_shown - shown_before <= 1
    assert mailbox.dropped - dropped_before >= 5
