"""What to retry, how long to wait, and a loop that applies it (decisions.md #13).

* :func:`retry_decision` is the ONE classifier: a pure function of the error, the attempt
  number and an injected random fraction (so tests pin the jitter).
* :class:`Backoff` is exponential backoff with full jitter (base 1 s, cap 30 s), reused by the
  live-session reconnect: call :meth:`Backoff.next_delay` after each failure and
  :meth:`Backoff.reset` after a healthy connection.
* :func:`call_with_retries` runs an SDK call with the classifier; each attempt runs inside
  :func:`~interhuman_desktop.api.capture.capture_responses` so ``Retry-After`` and raw bodies
  reach the error (see :mod:`interhuman_desktop.api.capture`).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from interhuman_desktop.api.capture import capture_responses
from interhuman_desktop.api.errors import (
    TRANSIENT_IDS,
    AppError,
    AuthError,
    NetworkError,
    QuotaError,
    RateLimitedError,
    RequestRejectedError,
    ServerError,
    ServiceError,
    StreamClosedError,
    StreamHandshakeError,
    UploadCancelled,
    from_sdk,
)

log = logging.getLogger(__name__)

BASE_DELAY = 1.0
MAX_DELAY = 30.0
MAX_RETRY_AFTER = 300.0
RETRYABLE_CLOSE_CODES = frozenset({1001, 1006, 1011, 1012, 1013, 1014})
T = TypeVar("T")


@dataclass(frozen=True)
class RetryDecision:
    retry: bool
    delay: float = 0.0


NO_RETRY = RetryDecision(retry=False, delay=0.0)


def backoff_delay(
    attempt: int, fraction: float, *, base: float = BASE_DELAY, cap: float = MAX_DELAY
) -> float:
    """Full jitter: ``fraction`` (0..1) of ``min(cap, base * 2**(attempt-1))``."""
    exponent = min(max(attempt, 1) - 1, 30)
    ceiling = min(cap, base * (2.0**exponent))
    return max(0.0, min(1.0, fraction)) * ceiling


def is_retryable(error: AppError) -> bool:
    """Whether ``error`` may succeed if the same request is sent again."""
    if isinstance(error, (UploadCancelled, QuotaError, AuthError, RequestRejectedError)):
        return False
    if isinstance(error, (ServerError, RateLimitedError, NetworkError)):
        return True
    if isinstance(error, StreamHandshakeError):
        return error.status == 0 or error.status == 429 or error.status >= 500
    if isinstance(error, StreamClosedError):
        return error.code in RETRYABLE_CLOSE_CODES
    if isinstance(error, ServiceError):
        return error.error_id in TRANSIENT_IDS
    return False


def retry_decision(error: BaseException, attempt: int, *, fraction: float = 1.0) -> RetryDecision:
    """Retry or not after ``attempt`` (1-based) failed with ``error``, and how long to wait.

    ``fraction`` is the jitter draw in [0, 1] (callers pass ``random.random()``); a server's
    ``Retry-After`` wins over the backoff (capped at 5 minutes).
    """
    app_error = from_sdk(error)
    if not is_retryable(app_error):
        return NO_RETRY
    retry_after = getattr(app_error, "retry_after", None)
    if retry_after is not None:
        return RetryDecision(retry=True, delay=min(float(retry_after), MAX_RETRY_AFTER))
    return RetryDecision(retry=True, delay=backoff_delay(attempt, fraction))


class Backoff:
    """Exponential backoff with full jitter; :meth:`reset` after a success."""

    def __init__(
        self,
        *,
        base: float = BASE_DELAY,
        cap: float = MAX_DELAY,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.base = base
        self.cap = cap
        self._rng = rng
        self.attempt = 0

    def next_delay(self) -> float:
        """Count one more failure and return how long to wait before the next try."""
        self.attempt += 1
        return backoff_delay(self.attempt, self._rng(), base=self.base, cap=self.cap)

    def reset(self) -> None:
        self.attempt = 0


async def call_with_retries(
    fn: Callable[[], Awaitable[T]],
    *,
    max_attempts: int,
    sleep: Callable[[float], Awaitable[object]] | None = None,
    on_retry: Callable[[AppError, int, float], object] | None = None,
    rng: Callable[[], float] = random.random,
) -> T:
    """Await ``fn()`` up to ``max_attempts`` times; raise the last error as an :class:`AppError`.

    ``on_retry(error, attempt, delay)`` is called before each wait; ``sleep`` defaults to
    ``asyncio.sleep`` (looked up at call time).
    """
    attempt = 0
    while True:
        attempt += 1
        with capture_responses() as capture:
            try:
                return await fn()
            except Exception as exc:  # noqa: BLE001 - mapped (bugs logged at ERROR) and raised
                error = from_sdk(exc, capture.last)
                if error is not exc:
                    error.__cause__ = exc
        decision = retry_decision(error, attempt, fraction=rng())
        if not decision.retry or attempt >= max_attempts:
            raise error
        log.info("attempt %d failed (%s); retrying in %.1f s", attempt, error, decision.delay)
        if on_retry is not None:
            on_retry(error, attempt, decision.delay)
        await (sleep or asyncio.sleep)(decision.delay)
