"""``WS /v1/stream/analyze``: one connection = one session, with its own clock and analysis.

The receive loop reads frames and enforces the idle / max-duration timers; one worker task
per session takes segments and config changes from a bounded queue **in order** and runs
decode + ``StreamAnalysis.feed`` on the shared worker pool (never on the loop). Sends from
both are serialised by a lock (:class:`~.stream_socket.StreamSocket`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from starlette.websockets import WebSocket

from interhuman_desktop.engine.analysis.base import Event, SessionOptions
from interhuman_desktop.engine.errors import ErrorId, ws_error_data
from interhuman_desktop.engine.pooled_analysis import PooledAnalysis
from interhuman_desktop.engine.settings import SCOPE_STREAM
from interhuman_desktop.engine.state import EngineState
from interhuman_desktop.engine.stream_accept import accept_authenticated
from interhuman_desktop.engine.stream_protocol import (
    CLOSE,
    ConfigError,
    SessionConfig,
    parse_text_frame,
)
from interhuman_desktop.engine.stream_socket import StreamSocket

log = logging.getLogger(__name__)

CLOSE_TOO_BIG = 1009
CLOSE_POLICY = 1008  # idle timeout and maximum duration
_STOP = ("stop",)


async def stream_endpoint(websocket: WebSocket) -> None:
    """Authenticate the upgrade (401 before accept), then run the session."""
    accepted = await accept_authenticated(websocket)
    if accepted is None:
        return
    state, cid, principal = accepted
    session = StreamSession(websocket, state, cid)
    if SCOPE_STREAM not in principal.scopes:
        await session.send("error", ws_error_data(ErrorId.INSUFFICIENT_SCOPE))
        await session.close(4003)
        return
    await session.run()


class StreamSession(StreamSocket):
    """The session on one accepted socket: the receive loop, the ordered worker, the ending."""

    def __init__(self, websocket: WebSocket, state: EngineState, cid: str) -> None:
        super().__init__(websocket, cid)
        self.state = state
        self.settings = state.settings
        self.queue: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue(
            self.settings.max_queued_segments
        )
        self.options = SessionOptions()
        self.clock = 0.0  # session-cumulative media seconds
        self.frames = 0  # binary frames received (segment numbers are 1-based)
        self.accepted = 0
        self.closing = False
        self.first_event_sent = False
        self.pooled = PooledAnalysis(state, cid)
        self.worker: asyncio.Task[None] | None = None
        self._started = self.loop.time()
        self._last_frame = self._started

    # ---- main loop -----------------------------------------------------------------------
    async def run(self) -> None:
        log.info("stream %s: session opened", self.cid)
        await self.send("session.ready", self.settings.ready_data())
        self.worker = asyncio.create_task(self._work(), name=f"stream-worker-{self.cid}")
        try:
            await self._receive_loop()
        finally:
            await self._stop_worker()
            self.pooled.release()
            log.info("stream %s: session ended after %d segment(s), %.2f s",
                     self.cid, self.accepted, self.clock)

    async def _receive_loop(self) -> None:
        while not self.closed:
            wait = self._deadline() - self.loop.time()
            try:
                if wait <= 0:
                    raise TimeoutError
                message = await asyncio.wait_for(self.ws.receive(), wait)
            except TimeoutError:
                await self._expire()
                return
            if message["type"] == "websocket.disconnect":
                self.closed = True
                return
            self._last_frame = self.loop.time()
            if message.get("bytes") is not None:
                await self._on_binary(message["bytes"])
            elif message.get("text") is not None:
                await self._on_text(message["text"])

    def _deadline(self) -> float:
        idle = self._last_frame + self.settings.idle_timeout
        return min(idle, self._started + self.settings.max_duration)

    async def _expire(self) -> None:
        over = self.loop.time() >= self._started + self.settings.max_duration
        await self.fatal(ErrorId.SESSION_MAX_DURATION if over else ErrorId.SESSION_IDLE_TIMEOUT,
                         CLOSE_POLICY)

    async def fatal(self, code: str, close_code: int, segment: int | None = None) -> None:
        log.info("stream %s: %s, closing %d", self.cid, code, close_code)
        await self.send_error(code, segment)
        await self.close(close_code)

    async def _on_binary(self, data: bytes) -> None:
        self.frames += 1
        if self.closing:
            log.debug("stream %s: frame %d after session.close ignored", self.cid, self.frames)
            return
        if len(data) > self.settings.max_segment_bytes:
            await self.fatal(ErrorId.MESSAGE_TOO_LARGE, CLOSE_TOO_BIG, segment=self.frames)
            return
        await self._enqueue(("segment", self.frames, data))

    async def _enqueue(self, item: tuple[Any, ...]) -> None:
        """Queue for the worker; gives up if the worker has ended (a full queue would hang)."""
        if self.worker is None or self.worker.done():
            return
        put = asyncio.ensure_future(self.queue.put(item))
        await asyncio.wait({put, self.worker}, return_when=asyncio.FIRST_COMPLETED)
        if not put.done():
            put.cancel()

    async def _on_text(self, text: str) -> None:
        try:
            parsed = parse_text_frame(text)
        except ConfigError as exc:
            await self.send_error(ErrorId.INVALID_SESSION_CONFIG,
                                  message=f"Invalid session config frame: {exc}")
            return
        if parsed == CLOSE:
            await self._graceful_close()
            return
        assert isinstance(parsed, SessionConfig)
        self.options = SessionOptions(parsed.include, parsed.goal_dimensions)
        await self.send("session.updated", parsed.updated_data())
        await self._enqueue(("config", self.options))

    # ---- graceful close -------------------------------------------------------------------
    async def _graceful_close(self) -> None:
        self.closing = True
        drain = self.settings.max_drain_seconds
        await self.send("session.closing", {"max_drain_seconds": drain})
        reason = "client_shutdown"
        try:
            assert self.worker is not None
            if not self.worker.done():
                await asyncio.wait_for(self.queue.put(_STOP), drain)
            await asyncio.wait_for(asyncio.shield(self.worker), drain)
            if self.pooled.analysis is not None:
                await self._send_events(await self.pooled.run(self.pooled.analysis.finish))
        except TimeoutError:
            log.warning("stream %s: drain exceeded %d s", self.cid, drain)
            reason = "drain_timeout"
        await self.send("session.ended", {"reason": reason})
        await self.close(1000)

    # ---- worker ---------------------------------------------------------------------------
    async def _work(self) -> None:
        try:
            while True:
                item = await self.queue.get()
                if item is _STOP or self.closed:
                    return
                if self.pooled.analysis is None:
                    await self.pooled.open(self.options)
                if item[0] == "config":
                    await self.pooled.run(self.pooled.analysis.configure, item[1])
                else:
                    await self._process(item[1], item[2])
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("stream %s: analysis failed", self.cid)
            await self.send_error(ErrorId.INTERNAL,
                                  message="Internal error while analysing the stream.")
            await self.close(1011)

    async def _process(self, segment: int, data: bytes) -> None:
        from interhuman_desktop.engine.media import MediaError

        try:
            pooled = self.pooled
            prefetch = getattr(pooled.analysis, "prefetch", None)  # faces found while decoding
            media = await pooled.run(pooled.decoder.decode, data, self.clock, prefetch)
        except MediaError as exc:
            log.info("stream %s: segment %d refused: %s", self.cid, segment, exc.code)
            await self.send_error(exc.code, segment, exc.message)
            return
        self.clock = media.start + media.duration
        self.accepted += 1
        events = await self.pooled.run(self.pooled.analysis.feed, media)
        await self._send_events(events)
        await self._after_segment()

    async def _send_events(self, events: list[Event]) -> None:
        delay = self.settings.faults.first_event_delay
        if events and not self.first_event_sent and delay > 0:
            await asyncio.sleep(delay)
        for type_, data in events:
            self.first_event_sent = True
            if not await self.send(type_, data):
                return

    async def _after_segment(self) -> None:
        faults = self.settings.faults
        every = faults.disconnect_after_segments
        if every and self.accepted % every == 0:
            log.info("stream %s: fault: dropping the connection", self.cid)
            self.abort()
        elif faults.close_1011_after_segments and self.accepted >= faults.close_1011_after_segments:
            log.info("stream %s: fault: closing 1011", self.cid)
            await self.close(1011)
        elif self.clock > self.settings.max_duration:
            await self.fatal(ErrorId.SESSION_MAX_DURATION, CLOSE_POLICY)

    async def _stop_worker(self) -> None:
        if self.worker is None or self.worker.done():
            return
        self.worker.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self.worker
