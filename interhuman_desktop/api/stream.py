"""Thin helpers around the SDK's ``StreamClient`` for the live-session layer.

* :func:`open_stream` connects and turns a refused upgrade into
  :class:`~interhuman_desktop.api.errors.StreamHandshakeError` carrying the HTTP status, dug out
  of the ``websockets.exceptions.InvalidStatus`` in the SDK exception's chain (401/403 → fatal).
* :class:`LiberalStreamClient` is the SDK client with its documented ``_parse_event`` hook
  overridden: every envelope is delivered as a :class:`RawEnvelope` (the SDK's typed model when
  it validates, plus the raw dict), so an envelope the SDK's strict models reject still reaches
  :func:`~interhuman_desktop.api.events.normalize_event` instead of ending ``async for``.
* :class:`SessionContract` reads ``session.ready`` liberally (decisions #4).
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal

from interhumanai import (
    InterhumanClient,
    InterhumanError,
    StaticTokenProvider,
    StreamClient,
    parse_stream_event,
)
from pydantic import BaseModel, ValidationError
from websockets.exceptions import InvalidStatus

from interhuman_desktop.api.errors import (
    AppError,
    NetworkError,
    StreamClosedError,
    StreamHandshakeError,
    from_sdk,
)
from interhuman_desktop.api.event_types import TimelineEvent
from interhuman_desktop.api.events import normalize_event

log = logging.getLogger(__name__)

DEFAULT_MIN_SEGMENT_SECONDS = 3.0
DEFAULT_MAX_SEGMENT_BYTES = 33_554_432
DEFAULT_IDLE_TIMEOUT = 300.0
DEFAULT_MAX_DURATION = 3600.0
_CONTRACT_KEYS = {
    "min_segment_duration_seconds",
    "max_segment_duration_seconds",
    "min_segment_size_bytes",
    "max_segment_size_bytes",
    "session_idle_timeout_seconds",
    "session_max_duration_seconds",
    "supported_session_config_options",
}


@dataclass(frozen=True)
class RawEnvelope:
    """One server envelope: its type, the raw JSON dict, and the SDK model when it validated."""

    type: str
    raw: dict[str, Any]
    typed: BaseModel | None = None

    def normalized(self) -> list[TimelineEvent]:
        return normalize_event(self.raw)


class LiberalStreamClient(StreamClient):
    """The SDK ``StreamClient`` delivering :class:`RawEnvelope` objects, never parse failures."""

    def _parse_event(self, payload: dict[str, Any]) -> Any:
        try:
            typed: BaseModel | None = parse_stream_event(payload)
        except (ValidationError, ValueError, TypeError):
            typed = None
        return RawEnvelope(type=str(payload.get("type")), raw=payload, typed=typed)


@dataclass(frozen=True)
class SessionContract:
    """The limits a ``session.ready`` announced, with the documented defaults where missing."""

    min_segment_duration_seconds: float = DEFAULT_MIN_SEGMENT_SECONDS
    max_segment_duration_seconds: float | None = None
    min_segment_size_bytes: int = 1
    max_segment_size_bytes: int = DEFAULT_MAX_SEGMENT_BYTES
    idle_timeout_seconds: float = DEFAULT_IDLE_TIMEOUT
    max_duration_seconds: float = DEFAULT_MAX_DURATION
    supported_options: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_ready(cls, data: Any) -> SessionContract:
        """Read a ``session.ready`` ``data`` object (or a whole envelope); never raises."""
        if isinstance(data, dict) and isinstance(data.get("data"), dict):
            data = data["data"]
        if not isinstance(data, dict):
            return cls()
        options = data.get("supported_session_config_options")
        return cls(
            min_segment_duration_seconds=_num(data.get("min_segment_duration_seconds"),
                                              DEFAULT_MIN_SEGMENT_SECONDS),
            max_segment_duration_seconds=_num(data.get("max_segment_duration_seconds"), None),
            min_segment_size_bytes=_whole_bytes(data.get("min_segment_size_bytes"), 1),
            max_segment_size_bytes=_whole_bytes(data.get("max_segment_size_bytes"),
                                                DEFAULT_MAX_SEGMENT_BYTES),
            idle_timeout_seconds=_num(data.get("session_idle_timeout_seconds"),
                                      DEFAULT_IDLE_TIMEOUT),
            max_duration_seconds=_num(data.get("session_max_duration_seconds"),
                                      DEFAULT_MAX_DURATION),
            supported_options=dict(options) if isinstance(options, dict) else {},
            extra={k: v for k, v in data.items() if k not in _CONTRACT_KEYS},
        )


def _whole_bytes(value: Any, default: int) -> int:
    """A byte count ≥ 1, else ``default`` (0.5 bytes, truncated, would refuse every segment)."""
    return int(n) if (n := _num(value, default)) >= 1 else default


def _num(value: Any, default: Any, *, positive: bool = False) -> Any:
    """A finite number ≥ 0 (> 0 when ``positive``), else ``default``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    try:
        number = float(value)
    except OverflowError:
        return default
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        return default
    return number


class StreamConnection:
    """One connected stream: send segments, iterate events, learn how it ended."""

    def __init__(self, client: LiberalStreamClient) -> None:
        self.client = client
        self.contract: SessionContract | None = None

    async def wait_ready(self) -> SessionContract:
        """Wait for ``session.ready``; a close before it becomes :class:`StreamClosedError`.

        Unbounded: the caller bounds it (``async with asyncio.timeout(...)``).
        """
        try:
            ready = await self.client.wait_for_session_ready()
        except InterhumanError as exc:
            info = self.client.close_info
            raise StreamClosedError(
                str(exc),
                code=info.code if info else 1006,
                reason=info.reason if info else "",
            ) from exc
        raw = ready.raw if isinstance(ready, RawEnvelope) else {}
        self.contract = SessionContract.from_ready(raw.get("data"))
        return self.contract

    async def envelopes(self) -> AsyncIterator[RawEnvelope]:
        """Every envelope until the connection closes (SDK framing errors are logged, skipped)."""
        while True:
            try:
                item = await self.client.__anext__()
            except StopAsyncIteration:
                return
            except InterhumanError as exc:  # malformed frame; the socket stays open
                log.warning("skipping an unreadable frame: %s", exc)
                continue
            if isinstance(item, RawEnvelope):
                yield item

    @property
    def close_code(self) -> int | None:
        info = self.client.close_info
        return info.code if info else None

    @property
    def close_reason(self) -> str | None:
        info = self.client.close_info
        return info.reason if info else None

    def close_error(self) -> StreamClosedError | None:
        """How the connection ended, as an error to classify, or None after a normal 1000 close."""
        info = self.client.close_info
        if info is None or info.code == 1000:
            return None
        detail = f", {info.reason}" if info.reason else ""
        return StreamClosedError(
            f"The live connection closed (code {info.code}{detail})",
            code=info.code,
            reason=info.reason,
        )

    async def close(self) -> None:
        await self.client.close()


async def open_stream(
    client: InterhumanClient,
    base_url: str,
    *,
    api_version: Literal["v1", "v2"] = "v1",
    model: str | None = None,
) -> StreamConnection:
    """Connect a stream session to ``base_url`` (http(s); ws(s) is derived) with the client's
    current token (``get_token()`` mints/refreshes a key-pair token), mapping handshake failures.
    """
    try:
        token = await client.get_token()
    except InterhumanError as exc:
        raise from_sdk(exc) from exc
    liberal = LiberalStreamClient(
        token_provider=StaticTokenProvider(token),
        base_url=base_url,
        api_version=api_version,
        model=model,
    )
    try:
        await liberal.connect()
    except InterhumanError as exc:
        raise handshake_error(exc) from exc
    return StreamConnection(liberal)


def handshake_status(exc: BaseException) -> int | None:
    """The HTTP status of a refused upgrade found anywhere in ``exc``'s cause/context chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, InvalidStatus):
            return int(current.response.status_code)
        current = current.__cause__ or current.__context__
    return None


def handshake_error(exc: BaseException) -> AppError:
    """Map a failed ``connect()`` into StreamHandshakeError(status) or NetworkError."""
    status = handshake_status(exc)
    if status is not None:
        return StreamHandshakeError(
            f"The live service refused the connection (HTTP {status})", status=status
        )
    cause = exc.__cause__
    if isinstance(cause, OSError):
        return NetworkError(f"Could not connect to the live service ({type(cause).__name__})")
    return StreamHandshakeError(f"The live connection could not be opened: {exc}", status=0)
