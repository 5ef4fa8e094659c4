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

from koffer.devices.change_terminal.card import ATR, INS_UPDATE_BINARY, VirtualIdCard

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
    """A virtual card connected to a vpcd reader.

    ``insert`` and ``remove`` lay it on and lift it off; ``pull_during_write`` makes it leave
    the reader in the middle of an address write.
    """

    def __init__(self, card: VirtualIdCard, port: int, host: str = "127.0.0.1") -> None:
        self.card = card
        self.host = host
        self.port = port
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.apdus = 0
        self._pull_after_writes: int | None = None
        self._pull_loses_answer = False
        self._writes_seen = 0

    def pull_during_write(self, after_writes: int = 1, *, answer_lost: bool = False) -> None:
        """Leave the reader right after answering the ``after_writes``-th UPDATE BINARY.

        With ``answer_lost`` the card does that command but leaves before answering it.
        """
        if after_writes < 1:
            raise ValueError("after_writes counts from 1")
        self._pull_after_writes = after_writes
        self._pull_loses_answer = answer_lost
        self._writes_seen = 0

    def insert(self, timeout_s: float = 10.0) -> None:
        """Connect to the reader: pcscd sees a card being laid on it."""
        if self._thread is not None:  # the card left by itself (pull_during_write)
            self._thread.join(timeout=5)
            self._thread = None
        self._sock = socket.create_connection((self.host, self.port), timeout=timeout_s)
        self._sock.settimeout(None)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._thread = threading.Thread(target=self._serve, name="vpcd-card", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Disconnect: pcscd sees the card being taken away (and the card loses power)."""
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
            self._sock.close()
            self._sock = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self.card.power_cycle()

    def _serve(self) -> None:
        sock = self._sock
        if sock is None:
            return
        with contextlib.suppress(ConnectionError, OSError):
            while True:
                (length,) = struct.unpack(">H", _read_exact(sock, 2))
                message = _read_exact(sock, length)
                reply = self._answer(message)
                pull = self._pull_due(message)
                if reply is not None and not (pull and self._pull_loses_answer):
                    sock.sendall(struct.pack(">H", len(reply)) + reply)
                if pull:
                    self._leave(sock)
                    return

    def _pull_due(self, message: bytes) -> bool:
        if self._pull_after_writes is None or len(message) < 4:
            return False
        if message[1] != INS_UPDATE_BINARY:
            return False
        self._writes_seen += 1
        if self._writes_seen < self._pull_after_writes:
            return False
        self._pull_after_writes = None
        return True

    def _leave(self, sock: socket.socket) -> None:
        """The card lifted off from within the serving thread: power gone, link closed."""
        self.card.power_cycle()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        if self._sock is sock:
            self._sock = None

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
