"""Failed authentication is throttled per client address (a token bucket of failures).

Each address may fail ``burst`` times at once, then once more every ``refill`` seconds. While
its bucket is empty, every credential from that address is refused with 429 ``ih3001`` and
``Retry-After`` *before* it is checked, so guessing gains nothing from speed; a good key from
the same address works again as soon as the bucket holds one failure again. Refusals while
throttled are not failures (they do not extend the wait), and successes cost nothing.

IPv6 clients are keyed by their /64 (one host usually owns a whole /64), IPv4 and IPv4-mapped
IPv6 by the address.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.errors import EngineError

MAX_CLIENTS = 4096  # addresses remembered at once (full buckets are forgotten first)


def client_key(scope: Mapping[str, Any]) -> str | None:
    """The throttling key of an ASGI scope's client, None when the server gave no address."""
    client = scope.get("client")
    if not client:
        return None
    return address_key(str(client[0]))


def address_key(host: str) -> str:
    """``10.0.0.1`` → itself; ``2001:db8::1`` → ``2001:db8::/64``; ``::ffff:1.2.3.4`` → IPv4."""
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host  # a Unix socket path or a name: keyed as given
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class FailureThrottle:
    """Thread-safe buckets of allowed failures, one per client key."""

    def __init__(self, burst: int, refill: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = max(1, burst)
        self.refill = max(refill, 1e-6)  # seconds for one failure to come back
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (failures left, at)
        self._lock = threading.Lock()

    def _left(self, key: str, now: float) -> float:
        left, at = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), left + (now - at) / self.refill)

    def retry_after(self, key: str | None) -> int | None:
        """Whole seconds until ``key`` may try again, None when it may try now."""
        if key is None:
            return None
        with self._lock:
            left = self._left(key, self._clock())
        if left >= 1.0:
            return None
        return max(1, math.ceil((1.0 - left) * self.refill))

    def check(self, key: str | None) -> None:
        """Raise 429 ``ih3001`` (with ``Retry-After``) while ``key`` has no failure left."""
        wait = self.retry_after(key)
        if wait is not None:
            raise EngineError(ErrorId.RATE_LIMITED,
                              "Too many failed authentication attempts from this "
                              f"address. Retry in {wait} s.", headers={"Retry-After": str(wait)})

    def failed(self, key: str | None) -> None:
        """Count one failed authentication of ``key``."""
        if key is None:
            return
        with self._lock:
            now = self._clock()
            self._buckets[key] = (max(0.0, self._left(key, now) - 1.0), now)
            if len(self._buckets) > MAX_CLIENTS:
                self._forget(now)

    def _forget(self, now: float) -> None:
        full = [k for k in self._buckets if self._left(k, now) >= self.burst]
        for k in full or list(self._buckets)[: len(self._buckets) - MAX_CLIENTS]:
            del self._buckets[k]
