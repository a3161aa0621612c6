"""One stream connection as the live session sees it: open, send, raw events, close info.

Built on the SDK's ``StreamClient``; the session needs three things it does not give directly:
the raw envelope of every event (so parsing stays liberal, see ``apply.py``), the HTTP status of
a refused upgrade (401/403 are fatal, anything else is worth a retry), and the session contract
read liberally from ``session.ready`` (decision #4).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from interhumanai import InterhumanClient, InterhumanError, StreamClient
from websockets.exceptions import InvalidStatus

from interhuman_desktop.api.errors import NetworkError, StreamHandshakeError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawEvent:
    """An envelope exactly as received; ``type`` and ``data`` are read liberally later."""

    payload: dict[str, Any]

    @property
    def type(self) -> str:
        return str(self.payload.get("type"))

    @property
    def data(self) -> dict[str, Any]:
        data = self.payload.get("data")
        return data if isinstance(data, dict) else {}


class _RawStreamClient(StreamClient):
    def _parse_event(self, payload: dict[str, Any]) -> Any:  # SDK hook: keep the raw envelope
        return RawEvent(payload)


@dataclass
class SessionContract:
    """The limits a server announced in ``session.ready``; defaults where a key is missing."""

    min_segment_seconds: float = 3.0
    max_segment_bytes: int = 33_554_432
    idle_timeout: float = 300.0
    max_duration: float = 3600.0
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_ready(cls, data: dict[str, Any]) -> SessionContract:
        def num(key: str, default: float) -> float:
            value = data.get(key)
            return float(value) if isinstance(value, int | float) else default

        return cls(
            min_segment_seconds=num("min_segment_duration_seconds", 3.0),
            max_segment_bytes=int(num("max_segment_size_bytes", 33_554_432)),
            idle_timeout=num("session_idle_timeout_seconds", 300.0),
            max_duration=num("session_max_duration_seconds", 3600.0),
            extra=dict(data),
        )


class StreamLink:
    """A single connection; create a new one for every reconnect."""

    def __init__(self, client: InterhumanClient) -> None:
        base = client.upload._base_url  # the SDK keeps the resolved base URL here
        self._ws = _RawStreamClient(token_provider=client._token_provider, base_url=base)
        self.contract = SessionContract()

    async def open(self, include: Sequence[str], goals: Sequence[str] | None,
                   ready_timeout: float = 15.0) -> SessionContract:
        """Connect, wait for ``session.ready``, send the config; raise an app error on failure."""
        try:
            await asyncio.wait_for(self._ws.connect(), ready_timeout)
            ready = await asyncio.wait_for(self._ws.wait_for_session_ready(), ready_timeout)
        except InterhumanError as exc:
            raise _handshake_error(exc) from exc
        except (TimeoutError, OSError) as exc:
            raise NetworkError(f"The stream did not open: {exc or 'timed out'}") from exc
        self.contract = SessionContract.from_ready(ready.data)
        await self._ws.update_config(include=list(include),
                                     goal_dimensions=list(goals) if goals else None)
        return self.contract

    async def send(self, data: bytes) -> None:
        await self._ws.send_video(data)

    async def events(self) -> AsyncIterator[RawEvent]:
        """Every event until the connection closes; malformed frames are logged and skipped."""
        while True:
            try:
                async for event in self._ws:
                    yield event
                return
            except InterhumanError as exc:
                log.warning("skipping a malformed frame from the server: %s", exc)

    async def request_close(self) -> None:
        await self._ws.request_close()

    async def close(self) -> None:
        try:
            await self._ws.close()
        except (InterhumanError, OSError):
            log.debug("closing an already broken stream", exc_info=True)

    @property
    def is_open(self) -> bool:
        return self._ws.is_open

    @property
    def close_code(self) -> int | None:
        info = self._ws.close_info
        return None if info is None else info.code


def _handshake_error(exc: InterhumanError) -> StreamHandshakeError:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, InvalidStatus):
            status = cause.response.status_code
            return StreamHandshakeError(f"The server refused the stream (HTTP {status})",
                                        status=status)
        cause = cause.__cause__
    return StreamHandshakeError(str(exc), status=0)
