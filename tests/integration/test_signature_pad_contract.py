"""One contract for every signature-pad backend: the simulator, and the real pad whose pen
events the UI delivers (fed here from another thread, as the GUI thread feeds them while the
workflow's worker waits in ``capture``)."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from koffer.biometrics import signature as rendering
from koffer.devices.errors import DeviceTimeout, DeviceUnavailable, SignatureCancelled
from koffer.devices.signature_pad.interface import SignaturePad
from koffer.devices.signature_pad.sim import SimSignaturePad
from koffer.devices.signature_pad.ui_events import UiEventSignaturePad
from koffer.domain.errors import ValidationError
from koffer.domain.messages import describe


@dataclass
class Backend:
    """A pad and a citizen: ``sign`` makes the next capture get a signature, ``walk_away``
    makes it get none, ``cancel`` breaks it off, ``unplug`` pulls the tablet."""

    pad: SignaturePad
    sign: Callable[[], None]
    walk_away: Callable[[], None]
    cancel: Callable[[], None]
    unplug: Callable[[], None]


def _sim() -> Iterator[Backend]:
    pad = SimSignaturePad(seed=3)

    def walk_away() -> None:
        pad.refuse = True

    yield Backend(
        pad,
        lambda: None,
        walk_away,
        lambda: pad.queue_fault(SignatureCancelled()),
        pad.unplug,
    )


def _pen(pad: UiEventSignaturePad, *, confirm: bool = True) -> None:
    """What the UI's widget does with the tablet's events: two strokes, then "done"."""
    t = 0
    for x0, x1 in ((80, 500), (540, 900)):
        for i in range(50):
            u = i / 49
            x, y = x0 + (x1 - x0) * u, 150 - 70 * math.sin(u * 9)
            if i == 0:
                pad.pen_down(x, y, 0.5, t)
            else:
                pad.pen_move(x, y, 0.3 + 0.5 * u, t)
            t += 8
        pad.pen_up()
        t += 120
    pad.pen_move(10, 10, 0.0, t)  # hovering after the last stroke: no ink
    if confirm:
        pad.confirm()


def _ui() -> Iterator[Backend]:
    pad = UiEventSignaturePad()
    threads: list[threading.Thread] = []

    def later(action: Callable[[], None]) -> Callable[[], None]:
        def start() -> None:
            thread = threading.Timer(0.1, action)
            threads.append(thread)
            thread.start()

        return start

    yield Backend(
        pad,
        later(lambda: _pen(pad)),
        later(lambda: _pen(pad, confirm=False)),
        later(pad.cancel),
        lambda: pad.set_present(False),
    )
    for thread in threads:
        thread.join()


@pytest.fixture(params=["sim", "ui"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    yield from {"sim": _sim, "ui": _ui}[request.param]()


def test_a_signature_comes_back_as_strokes_on_the_pad(backend: Backend) -> None:
    assert backend.pad.info().state == "ready"
    backend.sign()
    signed = backend.pad.capture(timeout_s=5)

    assert len(signed.strokes) >= 2
    for stroke in signed.strokes:
        assert len(stroke) > 1
        times = [p.t_ms for p in stroke]
        assert times == sorted(times)
        for point in stroke:
            assert 0 <= point.x <= signed.width
            assert 0 <= point.y <= signed.height
            assert 0 <= point.pressure <= 1
    strokes = [[(p.x, p.y, p.pressure) for p in s] for s in signed.strokes]
    jpeg = rendering.from_strokes(strokes, signed.width, signed.height)
    assert jpeg.startswith(b"\xff\xd8")  # the 900x132 image for the document


def test_no_signature_times_out(backend: Backend) -> None:
    backend.walk_away()
    with pytest.raises(DeviceTimeout) as late:
        backend.pad.capture(timeout_s=0.5)
    assert "signature_pad" in late.value.params["device"]
    assert describe(late.value, "de").startswith("Keine Antwort in der erwarteten Zeit")


def test_cancelled_signing_is_reported_and_the_next_one_works(backend: Backend) -> None:
    backend.cancel()
    with pytest.raises(SignatureCancelled) as cancelled:
        backend.pad.capture(timeout_s=5)
    assert (
        describe(cancelled.value, "en") == "The signature was cancelled. Please ask for it again."
    )
    backend.sign()
    assert backend.pad.capture(timeout_s=5).strokes


def test_unplugged_pad_is_unavailable(backend: Backend) -> None:
    backend.unplug()
    assert backend.pad.info().state == "unavailable"
    with pytest.raises(DeviceUnavailable):
        backend.pad.capture(timeout_s=1)


def test_ui_pad_keeps_strokes_until_confirmed_and_drops_cancelled_touches() -> None:
    pad = UiEventSignaturePad()
    pad.pen_move(5, 5, 0.5)  # hover: nothing
    pad.pen_down(10, 10, 0.5, 1000)
    pad.pen_move(2000, -50, 7.0, 1010)  # off the field: clamped; pressure capped
    pad.pen_move(float("nan"), 3, 0.5, 1020)  # a glitch: ignored
    pad.pen_up()
    pad.pen_down(100, 100, 0.5, 1100)
    pad.pen_move(120, 100, 0.5, 1110)
    pad.drop_stroke()  # the system cancelled that touch
    pad.confirm()  # before the worker asks: kept

    signed = pad.capture(timeout_s=1)
    (stroke,) = signed.strokes
    assert [(p.x, p.y, p.t_ms, p.pressure) for p in stroke] == [
        (10, 10, 0, 0.5),
        (1000, 0, 10, 1.0),
    ]
    with pytest.raises(DeviceTimeout):  # consumed: the next capture waits for a new one
        pad.capture(timeout_s=0.05)
    pad.pen_down(0, 0, 0.5)
    pad.pen_up()
    pad.confirm()
    dot = pad.capture(timeout_s=1)
    assert dot.strokes == ()
    with pytest.raises(ValidationError) as empty:  # a dot is no signature: the clerk is told
        rendering.from_strokes(
            [[(p.x, p.y, p.pressure) for p in s] for s in dot.strokes], dot.width, dot.height
        )
    assert empty.value.message_key == "error.signature_empty"


def test_ui_pad_clear_withdraws_a_confirmation_no_capture_has_taken() -> None:
    pad = UiEventSignaturePad()
    _pen(pad)  # signed and confirmed, but the worker has not asked yet
    pad.clear()  # then cleared: what is signed next needs its own "done"
    with pytest.raises(DeviceTimeout):
        pad.capture(timeout_s=0.05)
    _pen(pad)
    assert len(pad.capture(timeout_s=1).strokes) == 2
