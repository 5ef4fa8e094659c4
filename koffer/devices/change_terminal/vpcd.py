"""Serves a virtual ID card to the vsmartcard ``vpcd`` reader driver of a real pcscd.

The vpcd driver listens on a TCP port; a card connects to it. Each message is a 2-byte
big-endian length and a payload: one byte for control (0 power off, 1 power on, 2 reset,
4 send the ATR), anything longer is a command APDU answered with a response APDU. So the
real PC/SC stack (pcscd, libpcsclite, pyscard) talks to :class:`VirtualIdCard` exactly as it
would to a card on a reader: the tests of the PC/SC backend and trainers' kits use this.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

from koffer.devices.change_terminal.card import ATR, VirtualIdCard

POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4


def _read_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        # Without quick ACKs, delayed ACK and Nagle make every APDU wait ~40 ms.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("vpcd closed the connection")
        data += chunk
    return data


class VpcdCard:
    """A virtual card connected to a vpcd reader; ``insert``/``remove`` model the card."""

    def __init__(self, card: VirtualIdCard, port: int, host: str = "127.0.0.1") -> None:
        self.card = card
        self.host = host
        self.port = port
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.apdus = 0

    def insert(self, timeout_s: float = 10.0) -> None:
        """Connect to the reader: pcscd sees a card being laid on it."""
        self._sock = socket.create_connection((self.host, self.port), timeout=timeout_s)
        self._sock.settimeout(None)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._thread = threading.Thread(target=self._serve, name="vpcd-card", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Disconnect: pcscd sees the card being taken away."""
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
            self._sock.close()
            self._sock = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _serve(self) -> None:
        sock = self._sock
        if sock is None:
            return
        with contextlib.suppress(ConnectionError, OSError):
            while True:
                (length,) = struct.unpack(">H", _read_exact(sock, 2))
                message = _read_exact(sock, length)
                reply = self._answer(message)
                if reply is not None:
                    sock.sendall(struct.pack(">H", len(reply)) + reply)

    def _answer(self, message: bytes) -> bytes | None:
        if len(message) == 1:
            if message[0] == GET_ATR:
                return ATR
            if message[0] in (POWER_OFF, POWER_ON, RESET):
                self.card.power_cycle()
            return None
        self.apdus += 1
        return self.card.process(message).to_bytes()

    def __enter__(self) -> VpcdCard:
        self.insert()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.remove()
