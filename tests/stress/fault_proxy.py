"""A TCP proxy on 127.0.0.1 that breaks connections on purpose (seeded, with counters).

It sits between the kit and the town hall and pipes bytes; it does not terminate TLS, so it
works the same for plain HTTP and for HTTPS. Faults are drawn per exchange: an exchange starts
when the client sends after the server has answered (or on a new connection) and its answer
is what the server sends next, which for HTTP/1.1 without pipelining is one request and its
response. For each exchange the proxy picks one action:

- ``pass``: forward both ways.
- ``drop_before``: close the client connection without forwarding the request.
- ``drop_after``: forward the request, then close the client connection when the answer
  starts, so the server has done the work and the client never hears of it.
- ``reset``: like ``drop_before`` or ``drop_after`` (half each), but with a TCP RST
  (``SO_LINGER`` 0) instead of an orderly close.
- ``delay``: hold the answer for a random time, then forward it.
- ``truncate``: forward the answer's head and only part of its body, then close. Over
  plain HTTP the cut lies inside the body; over TLS the answer is opaque and the cut lies at a
  random byte of its first burst.
- ``http_502`` / ``http_503``: answer with that status itself (``Connection: close``)
  without contacting the server. Over TLS the client cannot read it, which then amounts to a
  dropped connection.

Over TLS the handshake is an exchange of its own: set ``spare_exchanges=1`` so that the first
exchange of each connection always passes and the faults hit the requests.

Usage as a program: ``python -m tests.stress.fault_proxy --upstream 127.0.0.1:8470``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import socket
import struct
import sys
import threading
from collections import Counter
from dataclasses import dataclass, fields

ACTIONS = (
    "pass",
    "drop_before",
    "drop_after",
    "reset",
    "delay",
    "truncate",
    "http_502",
    "http_503",
)
CHUNK = 65536
HEAD_END = b"\r\n\r\n"
_CANNED = {
    "http_502": b"502 Bad Gateway",
    "http_503": b"503 Service Unavailable",
}


@dataclass
class FaultRates:
    """Probability of each fault per exchange; what is left over passes.

    Args:
        drop_before: Close before forwarding the request.
        drop_after: Close once the server answers, forwarding nothing of the answer.
        reset: Reset the connection (RST) before or after forwarding.
        delay: Hold the answer for ``delay_min_s`` .. ``delay_max_s``.
        truncate: Forward only part of the answer's body.
        http_502: Answer 502 without asking the server.
        http_503: Answer 503 without asking the server.
    """

    drop_before: float = 0.05
    drop_after: float = 0.1
    reset: float = 0.05
    delay: float = 0.1
    truncate: float = 0.1
    http_502: float = 0.05
    http_503: float = 0.05
    delay_min_s: float = 0.05
    delay_max_s: float = 0.5

    def __post_init__(self) -> None:
        if self.total() > 1.0 or min(self.weights().values()) < 0:
            raise ValueError("fault probabilities must be >= 0 and sum to at most 1")
        if not 0 <= self.delay_min_s <= self.delay_max_s:
            raise ValueError("need 0 <= delay_min_s <= delay_max_s")

    def weights(self) -> dict[str, float]:
        """The fault probabilities by action name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in ACTIONS}

    def total(self) -> float:
        """The probability that an exchange is broken or delayed."""
        return sum(self.weights().values())

    @classmethod
    def none(cls) -> FaultRates:
        """Rates under which everything passes."""
        return cls(**dict.fromkeys(ACTIONS[1:], 0.0))

    @classmethod
    def scaled(cls, total: float) -> FaultRates:
        """The default mix of faults, scaled so that ``total`` of all exchanges are hit."""
        default = cls()
        factor = total / default.total()
        return cls(**{name: p * factor for name, p in default.weights().items()})


class FaultProxy:
    """Forwards 127.0.0.1:``port`` to ``upstream``, breaking exchanges at the given rates.

    Runs its own event loop in a background thread (:meth:`start` / :meth:`stop`), so that
    blocking code (a test, a harness that starts processes) can use it.

    Args:
        upstream_host: Where the server listens.
        upstream_port: Its port.
        rates: How often each fault happens.
        seed: Seed of the random choices (the same seed gives the same sequence of choices).
        port: Port to listen on; 0 picks a free one.
        spare_exchanges: Exchanges at the start of each connection that always pass (1 for
            TLS, whose handshake is the first exchange).
    """

    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        rates: FaultRates | None = None,
        *,
        seed: int = 0,
        port: int = 0,
        spare_exchanges: int = 0,
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.rates = rates or FaultRates()
        self.spare_exchanges = spare_exchanges
        self._rng = random.Random(seed)
        self._requested_port = port
        self.port = 0
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[asyncio.Task[None]] = set()

    # --- control (any thread) -------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` of the proxy."""
        return f"http://127.0.0.1:{self.port}"

    def counters(self) -> dict[str, int]:
        """What the proxy did so far: ``connections``, ``exchanges`` and one count per action."""
        with self._lock:
            return dict(self._counts)

    def set_rates(self, rates: FaultRates) -> None:
        """Change the fault rates from now on."""
        self.rates = rates

    def start(self) -> FaultProxy:
        """Start listening; return once the port is bound."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._listen())
            except BaseException as exc:  # noqa: BLE001 - handed to the starting thread
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self._shutdown())
                loop.close()

        self._thread = threading.Thread(target=run, name="fault-proxy", daemon=True)
        self._thread.start()
        ready.wait(timeout=10)
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        """Close the listening socket and every open connection."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop = None
        self._thread = None

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def summary(self) -> str:
        """The counters as one line, e.g. ``412 exchanges: 301 pass, 40 drop_after, ...``."""
        counts = self.counters()
        actions = ", ".join(f"{counts[a]} {a}" for a in ACTIONS if counts.get(a))
        return f"{counts.get('exchanges', 0)} exchanges: {actions or 'none'}"

    # --- the event loop's side --------------------------------------------------------

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._accepted, "127.0.0.1", self._requested_port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.gather(*self._connections, return_exceptions=True)

    def _count(self, what: str) -> None:
        with self._lock:
            self._counts[what] += 1

    def _draw(self) -> str:
        roll = self._rng.random()
        for action, probability in self.rates.weights().items():
            if roll < probability:
                return action
            roll -= probability
        return "pass"

    async def _accepted(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self._count("connections")
        try:
            await _Connection(self, reader, writer).run()
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass  # one side went away (that is what this proxy is about), or the proxy stops
        finally:
            self._connections.discard(task)
            _close(writer)


class _Connection:
    """One client connection and its upstream connection."""

    def __init__(
        self, proxy: FaultProxy, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.proxy = proxy
        self.client_reader = reader
        self.client_writer = writer
        self.upstream_reader: asyncio.StreamReader | None = None
        self.upstream_writer: asyncio.StreamWriter | None = None
        self.upstream_ready = asyncio.Event()
        self.closed = asyncio.Event()
        self.exchanges = 0
        self.answering = False  # the server has started answering the current exchange
        # The current exchange's action and its parameters.
        self.action = "pass"
        self.reset_early = False
        self.delay_s = 0.0
        self.keep_share = 0.0

    async def run(self) -> None:
        """Pipe both ways until either side or a fault ends the connection."""
        tasks = [
            asyncio.create_task(self._client_to_upstream()),
            asyncio.create_task(self._upstream_to_client()),
            asyncio.create_task(self.closed.wait()),
        ]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self.upstream_writer is not None:
                _close(self.upstream_writer)

    async def _connect(self) -> None:
        if self.upstream_writer is None:
            host, port = self.proxy.upstream
            self.upstream_reader, self.upstream_writer = await asyncio.open_connection(host, port)
            self.upstream_ready.set()

    async def _client_to_upstream(self) -> None:
        while True:
            data = await self.client_reader.read(CHUNK)
            if not data:
                return
            if self.answering or self.exchanges == 0:
                self._new_exchange()
                if self.action == "drop_before" or (self.action == "reset" and self.reset_early):
                    self._hang_up(reset=self.action == "reset")
                    return
                if self.action in _CANNED:
                    await self._answer_canned(data)
                    return
            await self._connect()
            assert self.upstream_writer is not None
            self.upstream_writer.write(data)
            await self.upstream_writer.drain()

    def _new_exchange(self) -> None:
        """Draw the action of the exchange the client has just started."""
        self.exchanges += 1
        self.answering = False
        proxy = self.proxy
        proxy._count("exchanges")
        self.action = "pass" if self.exchanges <= proxy.spare_exchanges else proxy._draw()
        self.reset_early = self.action == "reset" and proxy._rng.random() < 0.5
        if self.action == "delay":
            self.delay_s = proxy._rng.uniform(proxy.rates.delay_min_s, proxy.rates.delay_max_s)
        if self.action == "truncate":
            self.keep_share = proxy._rng.random()
        proxy._count(self.action)

    async def _answer_canned(self, first: bytes) -> None:
        """Answer 502/503 once the request has (probably) arrived in full."""
        await _drain_request(self.client_reader, first)
        status = _CANNED[self.action]
        body = status + b"\n"
        self.client_writer.write(
            b"HTTP/1.1 " + status + b"\r\nContent-Type: text/plain\r\nConnection: close\r\n"
            b"Content-Length: " + str(len(body)).encode() + HEAD_END + body
        )
        with contextlib.suppress(ConnectionError, OSError):
            await self.client_writer.drain()
        self._hang_up(reset=False)

    async def _upstream_to_client(self) -> None:
        await self.upstream_ready.wait()
        assert self.upstream_reader is not None
        pending = b""  # the start of an answer to truncate, until the cut is known
        while True:
            data = await self.upstream_reader.read(CHUNK)
            if not data:
                return
            first_of_answer = not self.answering
            self.answering = True
            action = self.action
            if first_of_answer and (
                action == "drop_after" or (action == "reset" and not self.reset_early)
            ):
                self._hang_up(reset=action == "reset")
                return
            if action == "delay" and first_of_answer:
                await asyncio.sleep(self.delay_s)
            if action == "truncate":
                pending += data
                cut = _truncation_point(pending, self.keep_share)
                if cut is None or cut > len(pending):
                    continue  # wait for the head, or for the bytes up to the cut
                self.client_writer.write(pending[:cut])
                with contextlib.suppress(ConnectionError, OSError):
                    await self.client_writer.drain()
                self._hang_up(reset=False)
                return
            self.client_writer.write(data)
            await self.client_writer.drain()

    def _hang_up(self, *, reset: bool) -> None:
        if reset:
            sock = self.client_writer.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.client_writer.transport.abort()
        else:
            _close(self.client_writer)
        if self.upstream_writer is not None:
            _close(self.upstream_writer)
        self.closed.set()


def _truncation_point(answer: bytes, keep_share: float) -> int | None:
    """Where to cut an answer: inside the body when there is a plain HTTP head, else anywhere.

    Returns None while a plain HTTP head is still incomplete (wait for more bytes).
    """
    if answer.startswith(b"HTTP/"):
        end = answer.find(HEAD_END)
        if end < 0:
            return None
        body_start = end + len(HEAD_END)
        length = _content_length(answer[:end])
        body = length if length is not None else len(answer) - body_start
        if body <= 0:
            return int(keep_share * body_start)  # nothing to cut in the body: cut the head
        return body_start + min(int(keep_share * body), body - 1)
    return int(keep_share * len(answer))


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            with contextlib.suppress(ValueError):
                return int(value.strip())
    return None


async def _drain_request(reader: asyncio.StreamReader, first: bytes, idle_s: float = 0.2) -> None:
    """Read the rest of a plain HTTP request (by Content-Length), else until the client idles.

    Answering before the request has arrived would make the kernel reset the connection
    (unread data), and the client would see a reset instead of the status.
    """
    received = first
    while True:
        end = received.find(HEAD_END)
        if end >= 0:
            length = _content_length(received[:end]) or 0
            if len(received) >= end + len(HEAD_END) + length:
                return
        try:
            data = await asyncio.wait_for(reader.read(CHUNK), idle_s)
        except TimeoutError:
            return
        if not data:
            return
        received += data


def _close(writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(Exception):
        writer.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="HOST:PORT of the server")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fault-rate", type=float, default=0.5, help="share of broken exchanges")
    parser.add_argument("--spare-exchanges", type=int, default=0, help="1 for TLS")
    args = parser.parse_args(argv)
    host, _, port = args.upstream.rpartition(":")
    proxy = FaultProxy(
        host or "127.0.0.1",
        int(port),
        FaultRates.scaled(args.fault_rate),
        seed=args.seed,
        port=args.port,
        spare_exchanges=args.spare_exchanges,
    )
    with proxy:
        print(f"listening on {proxy.url}, forwarding to {args.upstream}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
        print(proxy.summary(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
