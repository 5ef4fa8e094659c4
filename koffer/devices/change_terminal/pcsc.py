"""Real change-terminal backend: a PC/SC reader through pyscard and pcscd.

Card presence comes from pcscd's reader state (``SCardGetStatusChange``), not from
connecting, so asking or waiting never powers the card and never ends its session; waiting
for a card or for its removal blocks inside pcscd until the reader's state changes.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from smartcard import scard
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
_GONE = scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE | scard.SCARD_STATE_IGNORE


def _code(result: int) -> int:
    return result & 0xFFFFFFFF  # pyscard hands PC/SC codes back signed or unsigned


def _release(connection: Any) -> None:
    """Disconnect a card connection and release its PC/SC context, here and now.

    Left to the garbage collector, pyscard's ``__del__`` does it in whatever thread the
    collector runs in. In a thread that pcscd is waiting for (a virtual card's, answering
    the very transmit pcscd holds the reader for), SCardDisconnect never returns.
    """
    for _attempt in range(2):  # a failed disconnect stops release() before the context
        with contextlib.suppress(CardConnectionException):
            connection.release()
            return


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
        """Whether a card is on the reader (its state in pcscd; the card is not powered)."""
        return self._watch(present=True, timeout_s=0.0, current=True)

    def wait_for_card(self, present: bool = True, timeout_s: float = 10.0) -> bool:
        """Block in pcscd until a card is on the reader (``present``) or none is.

        Raises:
            DeviceUnavailable: pcscd is not running or the reader went away.
        """
        return self._watch(present=present, timeout_s=timeout_s, current=False)

    def _watch(self, *, present: bool, timeout_s: float, current: bool) -> bool:
        """Follow the reader's state with SCardGetStatusChange.

        With ``current`` it only reports whether the state now is ``present``.
        """
        name = str(self._reader())
        deadline = time.monotonic() + timeout_s
        result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if result != scard.SCARD_S_SUCCESS:
            raise DeviceUnavailable(_DEVICE, f"PC/SC: {scard.SCardGetErrorMessage(result)}")
        try:
            known = scard.SCARD_STATE_UNAWARE  # first call: answer with the state at once
            while True:
                wait_ms = 0 if known == scard.SCARD_STATE_UNAWARE else _ms_until(deadline)
                result, states = scard.SCardGetStatusChange(context, wait_ms, [(name, known)])
                if _code(result) == _code(scard.SCARD_E_TIMEOUT):
                    return False
                if result != scard.SCARD_S_SUCCESS:
                    detail = scard.SCardGetErrorMessage(result)
                    raise DeviceUnavailable(_DEVICE, f"PC/SC reader {name}: {detail}")
                event = int(states[0][1])
                if event & _GONE:
                    raise DeviceUnavailable(_DEVICE, f"PC/SC reader {name} went away")
                is_present = bool(event & scard.SCARD_STATE_PRESENT)
                if current or is_present == present:
                    return is_present == present
                if _ms_until(deadline) == 0:
                    return False
                known = event & ~scard.SCARD_STATE_CHANGED
        finally:
            scard.SCardReleaseContext(context)

    def connect(self) -> bytes:
        """Power the card and return its ATR."""
        connection = self._reader().createConnection()
        try:
            connection.connect()
        except (NoCardException, CardConnectionException) as exc:
            _release(connection)
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
            self.disconnect()
            raise CardRemoved(_DEVICE, str(exc)) from exc
        return ApduResponse(bytes(data), (sw1 << 8) | sw2)

    def disconnect(self) -> None:
        """Power the card down."""
        if self._connection is not None:
            _release(self._connection)
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


def _ms_until(deadline: float) -> int:
    return max(0, round((deadline - time.monotonic()) * 1000))
