"""The PC/SC change terminal lets go of a card connection at once, never in the collector.

pyscard releases a connection dropped without release in ``__del__``, in whatever thread
the garbage collector happens to run. A virtual card answers pcscd from a thread of its own:
a collection there, while pcscd waits for that very answer, blocked in SCardDisconnect for
good (seen once in CI). So every way out of a connection releases it explicitly.
"""

from __future__ import annotations

import pytest
from smartcard.Exceptions import CardConnectionException, NoCardException

from koffer.devices.change_terminal.pcsc import PcscChangeTerminal
from koffer.devices.errors import CardRemoved, NoCard


class FakeConnection:
    """Records release(); fails where it is told to."""

    def __init__(self, *, connect_fails: bool = False, disconnect_fails: int = 0) -> None:
        self.connect_fails = connect_fails
        self.disconnect_fails = disconnect_fails
        self.releases = 0
        self.released = False

    def connect(self) -> None:
        if self.connect_fails:
            raise NoCardException("no card", 0)

    def getATR(self) -> list[int]:  # noqa: N802 - pyscard's name
        return [0x3B, 0x00]

    def transmit(self, _apdu: list[int]) -> tuple[list[int], int, int]:
        raise CardConnectionException("card removed")

    def release(self) -> None:
        self.releases += 1
        if self.disconnect_fails:
            self.disconnect_fails -= 1
            raise CardConnectionException("failed to disconnect")
        self.released = True


class FakeReader:
    def __init__(self, connection: FakeConnection) -> None:
        self.connection = connection

    def createConnection(self) -> FakeConnection:  # noqa: N802 - pyscard's name
        return self.connection


def _terminal(connection: FakeConnection, monkeypatch: pytest.MonkeyPatch) -> PcscChangeTerminal:
    terminal = PcscChangeTerminal()
    monkeypatch.setattr(terminal, "_reader", lambda: FakeReader(connection))
    return terminal


def test_a_card_removed_mid_transmit_releases_the_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connection = FakeConnection()
    terminal = _terminal(connection, monkeypatch)
    terminal.connect()
    with pytest.raises(CardRemoved):
        terminal.transmit(bytes([0x00, 0xA4, 0x04, 0x00]))
    assert connection.released
    with pytest.raises(NoCard):  # and the terminal knows it holds no card
        terminal.transmit(bytes([0x00, 0xA4, 0x04, 0x00]))


def test_a_failed_connect_releases_its_context(monkeypatch: pytest.MonkeyPatch) -> None:
    connection = FakeConnection(connect_fails=True)
    with pytest.raises(NoCard):
        _terminal(connection, monkeypatch).connect()
    assert connection.released


def test_a_failed_disconnect_still_releases_the_context(monkeypatch: pytest.MonkeyPatch) -> None:
    connection = FakeConnection(disconnect_fails=1)
    terminal = _terminal(connection, monkeypatch)
    terminal.connect()
    terminal.disconnect()
    assert (connection.releases, connection.released) == (2, True)
