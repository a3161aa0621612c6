"""The retry classifier (decisions #13), Retry-After parsing, backoff, the retry loop."""

from __future__ import annotations

import asyncio
from email.utils import formatdate

import pytest
from interhumanai import InterhumanAPIError

from interhuman_desktop.api.capture import parse_retry_after
from interhuman_desktop.api.errors import (
    AuthError,
    NetworkError,
    QuotaError,
    RateLimitedError,
    RequestRejectedError,
    ServerError,
    StreamClosedError,
    StreamHandshakeError,
    UploadCancelled,
)
from interhuman_desktop.api.retry import (
    MAX_DELAY,
    Backoff,
    backoff_delay,
    call_with_retries,
    retry_decision,
)


def svc(cls: type, status: int, error_id: str | None = None, retry_after: float | None = None):
    return cls("x", status=status, error_id=error_id, retry_after=retry_after)


CASES = [
    (svc(ServerError, 500, "ih1001"), True),
    (svc(ServerError, 503, "ih1002"), True),
    (svc(ServerError, 503, "ih1003"), True),
    (svc(ServerError, 502), True),
    (svc(RateLimitedError, 429, "ih3001"), True),
    (svc(RateLimitedError, 429, "ih3002"), True),
    (svc(QuotaError, 429, "ih3003"), False),
    (svc(QuotaError, 429, "ih3006"), False),
    (svc(AuthError, 401, "ih2001"), False),
    (svc(AuthError, 403, "ih2003"), False),
    (svc(RequestRejectedError, 400, "ih4007"), False),
    (svc(RequestRejectedError, 413, "ih4003"), False),
    (svc(RequestRejectedError, 422, "ih5002"), False),
    (NetworkError("down"), True),
    (UploadCancelled(), False),
    (StreamHandshakeError("no", status=401), False),
    (StreamHandshakeError("no", status=403), False),
    (StreamHandshakeError("busy", status=503), True),
    (StreamClosedError("gone", code=1006), True),
    (StreamClosedError("later", code=1013), True),
    (StreamClosedError("scope", code=4003), False),
    (StreamClosedError("policy", code=1008), False),
    (InterhumanAPIError("sdk 500", status=500, error_id="ih1001"), True),
    (InterhumanAPIError("sdk 429 quota", status=429, error_id="ih3003"), False),
    (InterhumanAPIError("sdk net", status=0), True),
    (ValueError("a bug"), False),
]


@pytest.mark.parametrize(("error", "retry"), CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_classifier_table(error: BaseException, retry: bool) -> None:
    decision = retry_decision(error, 1, fraction=0.5)
    assert decision.retry is retry
    if not retry:
        assert decision.delay == 0


def test_retry_after_wins_over_backoff() -> None:
    err = svc(RateLimitedError, 429, "ih3001", retry_after=12)
    assert retry_decision(err, 1, fraction=0.0).delay == 12
    assert retry_decision(svc(ServerError, 503, retry_after=2.5), 5, fraction=1).delay == 2.5
    assert retry_decision(svc(ServerError, 503, retry_after=10_000), 1).delay == 300


def test_backoff_delay_without_retry_after() -> None:
    err = svc(ServerError, 500)
    assert retry_decision(err, 1, fraction=1.0).delay == 1.0
    assert retry_decision(err, 3, fraction=1.0).delay == 4.0
    assert retry_decision(err, 3, fraction=0.5).delay == 2.0
    assert retry_decision(err, 20, fraction=1.0).delay == MAX_DELAY


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5.0), (" 0 ", 0.0), ("1.5", 1.5), ("-3", 0.0), ("soon", None), ("", None), (None, None)],
)
def test_parse_retry_after_seconds(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date() -> None:
    now = 1_800_000_000.0
    assert parse_retry_after(formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30)
    assert parse_retry_after(formatdate(now - 30, usegmt=True), now=now) == 0.0


def test_backoff_bounds_and_reset() -> None:
    for attempt in range(1, 12):
        for fraction in (0.0, 0.3, 1.0):
            delay = backoff_delay(attempt, fraction)
            assert 0 <= delay <= min(MAX_DELAY, 2 ** (attempt - 1))
    backoff = Backoff(rng=lambda: 1.0)
    assert [backoff.next_delay() for _ in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    backoff.reset()
    assert backoff.next_delay() == 1
    jittered = Backoff()
    assert all(0 <= jittered.next_delay() <= MAX_DELAY for _ in range(50))


def test_call_with_retries_retries_then_succeeds() -> None:
    calls, sleeps, retried = [], [], []

    async def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise InterhumanAPIError("x", status=503, error_id="ih1003")
        return "ok"

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    result = asyncio.run(
        call_with_retries(
            flaky,
            max_attempts=3,
            sleep=fake_sleep,
            on_retry=lambda e, n, d: retried.append((type(e), n)),
            rng=lambda: 1.0,
        )
    )
    assert result == "ok" and len(calls) == 3
    assert sleeps == [1.0, 2.0]
    assert retried == [(ServerError, 1), (ServerError, 2)]


def test_call_with_retries_stops_on_fatal_and_on_budget() -> None:
    async def fatal() -> None:
        raise InterhumanAPIError("x", status=401, error_id="ih2001")

    async def no_sleep(delay: float) -> None:
        raise AssertionError("must not sleep")

    with pytest.raises(AuthError):
        asyncio.run(call_with_retries(fatal, max_attempts=5, sleep=no_sleep))

    count = []

    async def always_500() -> None:
        count.append(1)
        raise InterhumanAPIError("x", status=500)

    async def quick(delay: float) -> None:
        return None

    with pytest.raises(ServerError):
        asyncio.run(call_with_retries(always_500, max_attempts=3, sleep=quick))
    assert len(count) == 3


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=599),
    st.one_of(st.none(), st.text(max_size=8), st.sampled_from(["ih1001", "ih3003", "ih2001"])),
    st.one_of(st.none(), st.floats(min_value=0, max_value=1e6)),
    st.integers(min_value=1, max_value=100),
    st.floats(min_value=0, max_value=1),
)
def test_decision_is_total_and_bounded(
    status: int, error_id: str | None, retry_after: float | None, attempt: int, fraction: float
) -> None:
    err = InterhumanAPIError("x", status=status, error_id=error_id)
    decision = retry_decision(err, attempt, fraction=fraction)
    assert 0 <= decision.delay <= 300
    if status in (400, 401, 403, 413, 422) or error_id == "ih3003":
        assert not decision.retry


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_retry_after_never_raises(value: str) -> None:
    parsed = parse_retry_after(value)
    assert parsed is None or parsed >= 0
