"""Real change-terminal backend: a PC/SC reader through pyscard and pcscd."""

from __future__ import annotations

import contextlib
from typing import Any

from smartcard.Exceptions import (
    CardConnectionException,
    NoCardException,
    SmartcardException,
)
from smartcard.System import readers

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.change_terminal.interface import ApduResponse
from koffer.devices.errors import CardRemoved, DeviceUnavailable, NoCard

_DEVICE = str(DeviceKind.CHANGE_TERMINAL)


class PcscChangeTerminal:
    """The first PC/SC reader whose name contains ``reader`` (any reader when empty)."""

    def __init__(self, reader: str = "") -> None:
        self.reader_filter = reader
        self._connection: Any = None

    def _reader(self) -> Any:
        try:
            available = readers()
        except SmartcardException as exc:
            raise DeviceUnavailable(_DEVICE, f"PC/SC: {exc}") from exc
        for reader in available:
            if self.reader_filter in str(reader):
                return reader
        raise DeviceUnavailable(_DEVICE, f"no PC/SC reader matching '{self.reader_filter}'")

    def card_present(self) -> bool:
        """Whether a card is on the reader."""
        connection = self._reader().createConnection()
        try:
            connection.connect()
        except (NoCardException, CardConnectionException):
            return False
        connection.disconnect()
        return True

    def connect(self) -> bytes:
        """Power the card and return its ATR."""
        connection = self._reader().createConnection()
        try:
            connection.connect()
        except (NoCardException, CardConnectionException) as exc:
            raise NoCard(_DEVICE, str(exc)) from exc
        self._connection = connection
        return bytes(connection.getATR())

    def transmit(self, apdu: bytes) -> ApduResponse:
        """Send a command APDU; a card taken away mid-operation raises CardRemoved."""
        if self._connection is None:
            raise NoCard(_DEVICE, "card not connected")
        try:
            data, sw1, sw2 = self._connection.transmit(list(apdu))
        except (NoCardException, CardConnectionException) as exc:
            self._connection = None
            raise CardRemoved(_DEVICE, str(exc)) from exc
        return ApduResponse(bytes(data), (sw1 << 8) | sw2)

    def disconnect(self) -> None:
        """Power the card down."""
        if self._connection is not None:
            with contextlib.suppress(CardConnectionException):
                self._connection.disconnect()
            self._connection = None

    def info(self) -> DeviceInfo:
        """Report the reader and whether it is reachable."""
        try:
            reader = self._reader()
        except DeviceUnavailable as exc:
            return DeviceInfo(
                DeviceKind.CHANGE_TERMINAL,
                "pcsc",
                self.reader_filter or "?",
                DeviceState.UNAVAILABLE,
                exc.detail,
            )
        return DeviceInfo(DeviceKind.CHANGE_TERMINAL, "pcsc", str(reader), DeviceState.READY)
