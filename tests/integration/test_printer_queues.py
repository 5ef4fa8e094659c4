"""The settings page's queue list comes from the real cupsd through the printer backend."""

from __future__ import annotations

from pathlib import Path

from koffer.devices.registry import printer_queues


def test_the_cups_queues_are_listed(cups_queue: tuple[str, Path]) -> None:
    queue, _out = cups_queue

    assert queue in printer_queues()
