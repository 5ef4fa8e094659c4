"""Shared fixtures: isolated settings and a fresh encrypted store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from koffer import crypto
from koffer.domain.person import Address, Person
from koffer.settings import KofferSettings, SecuritySettings
from koffer.storage.store import KitStore

# Fast key derivation for tests; the real parameters are measured in bench/.
TEST_KDF = crypto.KdfParams(memory_kib=1024, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery"
CLERK = "clerk1"


def require_real(what: str) -> None:
    """Skip for lack of a daemon, or fail when KOFFER_REQUIRE_REAL=1 (as in CI)."""
    if os.environ.get("KOFFER_REQUIRE_REAL") == "1":
        pytest.fail(f"{what} is required (KOFFER_REQUIRE_REAL=1) but not available")
    pytest.skip(f"{what} not available")


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real config and data."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("KOFFER_CONFIG", str(tmp_path / "config" / "koffer.toml"))
    for name in list(os.environ):
        keep = ("KOFFER_TEST_", "KOFFER_REQUIRE_REAL", "KOFFER_CONFIG")
        if name.startswith("KOFFER_") and not name.startswith(keep):
            monkeypatch.delenv(name)


@pytest.fixture
def settings(tmp_path: Path) -> KofferSettings:
    """Settings for a kit whose data lives in ``tmp_path``, with fast key derivation."""
    return KofferSettings(
        data_dir=tmp_path / "kit",
        security=SecuritySettings(argon2_memory_kib=1024, argon2_iterations=1, argon2_lanes=1),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[KitStore]:
    """A fresh, unlocked kit store."""
    kit_store = KitStore(tmp_path / "store", TEST_KDF)
    kit_store.create(CLERK, PASSPHRASE)
    yield kit_store
    kit_store.close()


@pytest.fixture
def citizen() -> Person:
    """A citizen whose name needs more than Latin-1."""
    return Person(
        given_names="Zoë Łucja",
        surname="Ñúñez-Müller",
        birth_date=date(1941, 3, 2),
        address=Address("Lindenstraße", "12a", "45127", "Essen"),
    )
