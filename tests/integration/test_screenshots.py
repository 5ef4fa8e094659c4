"""The real window on the private Xvfb: `koffer screenshots` runs one visit and grabs it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import require_real
from tests.integration.conftest import run_koffer


def test_screenshots_of_a_visit_on_xvfb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    display = os.environ.get("KOFFER_TEST_DISPLAY")
    if not display:
        require_real("Xvfb")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    result = run_koffer(
        "screenshots",
        str(tmp_path),
        env={"DISPLAY": str(display), "QT_QPA_PLATFORM": "xcb"},
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    from PySide6.QtGui import QImage

    for name in (
        "unlock",
        "dashboard",
        "certificate",
        "cases",
        "sync",
        "settings",
        "kit-check",
        "citizen-review",
        "citizen-review-ar",
    ):
        image = QImage(str(tmp_path / f"{name}.png"))
        assert not image.isNull(), name
        assert image.width() >= 500
        # Not a blank grab: many distinct colours (text, frames, selection).
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 20, name
