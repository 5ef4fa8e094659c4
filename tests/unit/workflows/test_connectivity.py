"""The connectivity watch: probes with backoff and jitter while offline, syncs when back."""

from __future__ import annotations

import random
import threading
from datetime import date
from pathlib import Path

import pytest

from koffer.devices.printer.sim import SimPrinter
from koffer.domain.case import CaseState
from koffer.domain.errors import SyncError
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.sync.client import TownhallClient
from koffer.sync.townhall.server import EmbeddedTownhall
from koffer.workflows.connectivity import ConnectivityWatch, probe_delay, townhall_probe
from koffer.workflows.registration_certificate import RegistrationCertificateService
from koffer.workflows.synchronise import Synchroniser, SyncReport

DEAD_URL = "http://127.0.0.1:9"  # the discard port: nothing listens on loopback
TOKEN = "enrol-me"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Network:
    """A probe whose answer the test decides; it counts the probes."""

    def __init__(self) -> None:
        self.up = False
        self.probes = 0

    def __call__(self) -> bool:
        self.probes += 1
        return self.up


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _watch(
    clock: FakeClock, network: Network, backs: list[float], seed: int = 7
) -> ConnectivityWatch:
    return ConnectivityWatch(
        network,
        lambda: backs.append(clock.now),
        clock=clock,
        rng=random.Random(seed),
        base_s=5,
        cap_s=300,
    )


def _run_until_back(watch: ConnectivityWatch, clock: FakeClock, limit: int = 100) -> list[float]:
    """Advance the fake clock from probe to probe; return the waits between them."""
    waits = []
    for _ in range(limit):
        wait = watch.next_probe_in()
        if wait is None:
            break
        waits.append(wait)
        clock.advance(wait)
        watch.tick()
    return waits


def test_online_means_no_probing(clock: FakeClock) -> None:
    network, backs = Network(), []
    watch = _watch(clock, network, backs)
    watch.report(reached=True)
    clock.advance(3600)
    assert watch.next_probe_in() is None
    assert not watch.tick()
    assert network.probes == 0


def test_probes_back_off_exponentially_with_jitter_up_to_the_cap(clock: FakeClock) -> None:
    network, backs = Network(), []
    watch = _watch(clock, network, backs)
    watch.report(reached=False)
    waits = []
    for _ in range(12):
        wait = watch.next_probe_in()
        assert wait is not None
        waits.append(wait)
        assert not watch.tick()  # not due yet: nothing probed
        clock.advance(wait)
        assert not watch.tick()  # due: probed, still offline
    assert network.probes == 12
    for attempt, wait in enumerate(waits):
        ceiling = min(300, 5 * 2**attempt)
        assert ceiling / 2 <= wait <= ceiling, (attempt, wait)
    assert max(waits) <= 300
    assert waits[-1] >= 150  # capped, still jittered
    assert backs == []


def test_the_jitter_spreads_kits_that_went_offline_together(clock: FakeClock) -> None:
    firsts = set()
    for seed in range(20):
        watch = _watch(clock, Network(), [], seed=seed)
        watch.report(reached=False)
        for _ in range(4):  # the 5th probe: ceiling 80 s
            wait = watch.next_probe_in()
            assert wait is not None
            clock.advance(wait)
            watch.tick()
        fifth = watch.next_probe_in()
        assert fifth is not None
        firsts.add(round(fifth, 3))
    assert len(firsts) == 20


def test_the_first_answer_triggers_one_sync_and_probing_stops(clock: FakeClock) -> None:
    network, backs = Network(), []
    watch = _watch(clock, network, backs)
    watch.report(reached=False)
    _run_until_back(watch, clock, limit=3)
    assert backs == []
    network.up = True
    started = clock.now
    _run_until_back(watch, clock)
    assert len(backs) == 1
    assert backs[0] - started <= 5 * 2**3  # within the fourth probe's ceiling
    assert watch.online
    assert watch.next_probe_in() is None
    probes = network.probes
    clock.advance(3600)
    watch.tick()
    assert network.probes == probes


def test_going_offline_again_starts_from_the_short_wait(clock: FakeClock) -> None:
    network, backs = Network(), []
    watch = _watch(clock, network, backs)
    watch.report(reached=False)
    _run_until_back(watch, clock, limit=8)  # backed off to minutes
    network.up = True
    _run_until_back(watch, clock)
    network.up = False
    watch.report(reached=False)
    wait = watch.next_probe_in()
    assert wait is not None
    assert wait <= 5


def test_a_repeated_offline_report_does_not_reset_the_backoff(clock: FakeClock) -> None:
    network, backs = Network(), []
    watch = _watch(clock, network, backs)
    watch.report(reached=False)
    _run_until_back(watch, clock, limit=6)
    before = watch.attempts
    watch.report(reached=False)  # the five-minute sync failed too
    assert watch.attempts == before


def test_a_sync_that_reaches_the_town_hall_ends_probing(clock: FakeClock) -> None:
    network, backs = Network(), []
    watch = _watch(clock, network, backs)
    watch.report(reached=False)
    watch.report(reached=True)  # the clerk pressed F5 and it worked
    clock.advance(600)
    assert not watch.tick()
    assert network.probes == 0
    assert backs == []


def test_observe_tells_connection_loss_from_refusal(clock: FakeClock) -> None:
    watch = _watch(clock, Network(), [])

    def unreachable() -> SyncReport:
        raise SyncError("down", reason="sync.unreachable")

    def refused() -> SyncReport:
        raise SyncError("no", reason="sync.refused")

    with pytest.raises(SyncError):
        watch.observe(unreachable)
    assert not watch.online
    with pytest.raises(SyncError):
        watch.observe(refused)  # the town hall answered: no point probing
    assert watch.online
    dropped = SyncReport(failed=[("K-1", "sync.unreachable")])
    assert watch.observe(lambda: dropped) is dropped
    assert not watch.online
    watch.observe(SyncReport)
    assert watch.online


def test_probe_delay_is_capped_for_huge_attempt_numbers() -> None:
    assert probe_delay(10_000, random.Random(1), 5, 300) <= 300


def test_the_background_thread_triggers_a_real_sync_when_the_town_hall_appears(
    tmp_path: Path, store: KitStore, citizen: Person
) -> None:
    service = RegistrationCertificateService(store, MunicipalSettings())
    opened = service.open_case(citizen, date(2026, 11, 21))
    service.render(opened.case_id)
    service.print_certificate(opened.case_id, SimPrinter(seconds_per_page=0))
    service.queue(opened.case_id)

    address = [DEAD_URL]  # where the kit finds the town hall: nowhere, at first
    synced = threading.Event()
    reports: list[SyncReport] = []

    def synchronise() -> SyncReport:
        with TownhallClient(address[0], timeout_s=5) as client:
            return Synchroniser(store, client, "kit-a", TOKEN).run()

    def back() -> None:
        reports.append(watch.observe(synchronise))
        synced.set()

    watch = ConnectivityWatch(
        townhall_probe(lambda: address[0], timeout_s=2),
        back,
        base_s=0.05,
        cap_s=0.2,
        background=True,
    )
    try:
        with pytest.raises(SyncError):
            watch.observe(synchronise)
        assert not watch.online
        with EmbeddedTownhall(tmp_path / "townhall", TOKEN) as townhall:
            address[0] = townhall.url  # the network is back
            assert synced.wait(timeout=20)
    finally:
        watch.stop()
    assert len(reports) == 1
    assert len(reports[0].sent) == 1
    assert watch.online
    with store.unit_of_work() as uow:
        assert uow.case(opened.case_id).state is CaseState.ACKNOWLEDGED
