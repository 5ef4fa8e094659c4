"""Fixtures for the town-hall tests: a running town hall with an admin token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from koffer.sync.townhall.server import EmbeddedTownhall
from tests.unit.sync.townhall_support import ADMIN_TOKEN, TOKEN, provide_key


@pytest.fixture
def admin_townhall(tmp_path: Path) -> Iterator[EmbeddedTownhall]:
    """A town hall on 127.0.0.1 with SQLite, an enrolment and an admin token."""
    provide_key(tmp_path / "townhall")
    with EmbeddedTownhall(tmp_path / "townhall", TOKEN, admin_token=ADMIN_TOKEN) as running:
        yield running


@pytest.fixture
def admin_http(admin_townhall: EmbeddedTownhall) -> Iterator[httpx.Client]:
    """An HTTP client of :func:`admin_townhall`."""
    with httpx.Client(base_url=admin_townhall.url, timeout=10) as client:
        yield client
