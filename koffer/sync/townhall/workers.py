"""Several town-hall processes on one port: ``koffer townhall serve --workers N``.

The service is stateless (see :mod:`.app`), so the cores of one machine are used by running
it several times. The parent binds the port, then forks the workers; each builds its own
server, with its own database pool, on the shared socket, and the kernel hands every new
connection to one of them. The parent only waits: SIGTERM or SIGINT is passed on to every
worker. Should a worker end by itself, the others are stopped too and the exit status says
so, so that a service manager restarts the whole.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
from collections.abc import Callable
from types import FrameType

import uvicorn

FAILED = 1
# A stopped worker ends with 0, or by SIGTERM itself: uvicorn raises the signal it caught
# again once it has shut down, so that the default action ends the process.
_STOPPED = (0, -signal.SIGTERM, -signal.SIGINT)


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind ``host:port`` for the workers to share (they listen on it themselves)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY only on sockets that say TCP.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _worker(build: Callable[[], uvicorn.Server], sock: socket.socket) -> int:
    for number in (signal.SIGTERM, signal.SIGINT):  # uvicorn installs its own handlers
        signal.signal(number, signal.SIG_DFL)
    try:
        build().run(sockets=[sock])
    except BaseException:  # noqa: BLE001 - the status tells the parent; uvicorn logged it
        return FAILED
    return 0


def run(build: Callable[[], uvicorn.Server], sock: socket.socket, workers: int) -> int:
    """Serve ``sock`` with ``workers`` processes, each running ``build()``; return the status.

    ``build`` runs in each worker after the fork, so nothing with threads or connections
    is shared between the processes.
    """
    children: set[int] = set()
    stopping = False

    def stop(_number: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            _terminate(pid)

    previous = {n: signal.signal(n, stop) for n in (signal.SIGTERM, signal.SIGINT)}
    status = 0
    try:
        for _ in range(workers):
            pid = os.fork()
            if pid == 0:  # the worker: never returns into the parent's code
                os._exit(_worker(build, sock))
            children.add(pid)
        sock.close()  # the workers hold it now
        while children:
            pid, code = os.wait()
            children.discard(pid)
            if not stopping:  # a worker ended by itself: end the rest, report a failure
                status = FAILED
                stop(signal.SIGTERM, None)
            elif os.waitstatus_to_exitcode(code) not in _STOPPED:
                status = FAILED
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return status


def _terminate(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # ended meanwhile
        os.kill(pid, signal.SIGTERM)
