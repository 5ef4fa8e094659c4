"""A small token-bucket rate limiter keyed by client address.

The buckets live in the memory of one process: with N town-hall processes behind a load
balancer a client gets up to N times the rate. That is the one piece of per-process state
the service keeps, and it is enough to make guessing a date of birth impractical.

The key is the client address as uvicorn reports it: behind a reverse proxy on the same host,
uvicorn takes it from ``X-Forwarded-For`` (it trusts that header from 127.0.0.1 only, by
default); behind a proxy elsewhere, set uvicorn's ``forwarded_allow_ips`` to that proxy, or
every citizen shares the proxy's bucket.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucket:
    """Allows ``capacity`` requests at once per key, refilled at ``per_second``.

    Args:
        capacity: Burst size per key.
        per_second: Tokens added per second per key.
        max_keys: Keys remembered at most; the least recently used are forgotten first
            (a forgotten key starts again with a full bucket).
        clock: Monotonic clock in seconds (injectable for tests).
    """

    def __init__(
        self,
        capacity: int,
        per_second: float,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1 or per_second <= 0:
            raise ValueError("capacity must be >= 1 and per_second > 0")
        self.capacity = capacity
        self.per_second = per_second
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take one token for ``key``.

        Returns:
            0.0 when the request may go ahead, else the seconds until a token is free.
        """
        now = self._clock()
        with self._lock:
            bucket = self._buckets.pop(key, None)
            if bucket is None:
                bucket = _Bucket(float(self.capacity), now)
            else:
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.per_second)
                bucket.updated = now
            self._buckets[key] = bucket
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.per_second
