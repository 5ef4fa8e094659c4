"""The kit-check page runs ``koffer doctor`` in its own process and lists what it found."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from koffer.ui.main_window import MainWindow
from tests.ui.helpers import first_start

CHECK_TIMEOUT_MS = 90_000  # a Python process importing the kit and opening every device


def test_the_kit_check_lists_every_device_the_store_and_the_disk(
    qtbot: QtBot, window: MainWindow
) -> None:
    first_start(qtbot, window)
    page = window.kit_check_page
    window.show_page(page)

    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.running
    qtbot.waitUntil(lambda: not page.running, timeout=CHECK_TIMEOUT_MS)

    assert not page.error_label.isVisible(), page.error_label.text()
    rows = [
        [page.results.topLevelItem(i).text(c) for c in range(3)]
        for i in range(page.results.topLevelItemCount())
    ]
    names = [name for _mark, name, _detail in rows]
    for expected in ("Kamera", "Drucker", "Kartenterminal", "Datenspeicher", "Speicherplatz"):
        assert expected in names
    marks = {name: mark for mark, name, _detail in rows}
    assert marks["Kamera"] == "✓ in Ordnung"
    assert marks["Datenspeicher"] == "✓ in Ordnung"  # the clerk enrolled: the store is set up
    assert page.verdict.text().startswith(("✓", "✗"))
    assert page.run_button.isEnabled()
