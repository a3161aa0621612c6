"""``WS /v1/stream/analyze``: one connection = one session, with its own clock and analysis.

The receive loop reads frames and enforces the idle / max-duration timers; one worker task
per session takes segments and config changes from a bounded queue **in order** and runs
decode + ``StreamAnalysis.feed`` on the shared worker pool (never on the loop). Sends from
both are serialised by a lock.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.websockets import WebSocket, WebSocketDisconnect

from interhuman_desktop.engine.analysis.base import Event, SessionOptions
from interhuman_desktop.engine.errors import EngineError, ErrorId, error_response, ws_error_data
from interhuman_desktop.engine.settings import SCOPE_STREAM
from interhuman_desktop.engine.state import EngineState, correlation_id, engine_state
from interhuman_desktop.engine.stream_protocol import (
    CLOSE,
    ConfigError,
    SessionConfig,
    envelope,
    handshake_credential,
    parse_text_frame,
)
from interhuman_desktop.engine.throttle import client_key

log = logging.getLogger(__name__)

CLOSE_TOO_BIG = 1009
CLOSE_POLICY = 1008  # idle timeout and maximum duration
_STOP = ("stop",)
# What a send or close raises once the peer is gone: starlette's disconnect (it wraps uvicorn's
# ClientDisconnected, an OSError), its RuntimeError after a close, or a raw OSError.
PEER_GONE = (WebSocketDisconnect, RuntimeError, OSError)
T = TypeVar("T")


async def stream_endpoint(websocket: WebSocket) -> None:
    """Authenticate the upgrade (401 before accept), then run the session."""
    state = engine_state(websocket)
    cid = correlation_id(websocket)
    credential, echo = handshake_credential(
        websocket.headers.get("authorization"), list(websocket.scope.get("subprotocols", []))
    )
    try:
        principal = state.auth.authenticate(credential, client_key(websocket.scope))
    except EngineError as exc:
        log.info("stream %s: handshake refused (%s)", cid, exc.error_id)
        refusal = error_response(exc.error_id, cid, exc.message, headers=exc.headers)
        await websocket.send_denial_response(refusal)
        return
    await websocket.accept(subprotocol=echo)
    session = StreamSession(websocket, state, cid)
    if SCOPE_STREAM not in principal.scopes:
        await session.send("error", ws_error_data(ErrorId.INSUFFICIENT_SCOPE))
        await session.close(4003)
        return
    await session.run()


class StreamSession:
    def __init__(self, websocket: WebSocket, state: EngineState, cid: str) -> None:
        self.ws = websocket
        self.state = state
        self.settings = state.settings
        self.cid = cid
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue(
            self.settings.max_queued_segments
        )
        self.options = SessionOptions()
        self.clock = 0.0  # session-cumulative media seconds
        self.frames = 0  # binary frames received (segment numbers are 1-based)
        self.accepted = 0
        self.closed = False
        self.closing = False
        self.first_event_sent = False
        self.analysis: Any = None
        self.decoder: Any = None
        self.worker: asyncio.Task[None] | None = None
        self._job: concurrent.futures.Future[Any] | None = None  # the last call on the pool
        self._release_lock = threading.Lock()
        self._send_lock = asyncio.Lock()
        self._started = self.loop.time()
        self._last_frame = self._started

    # ---- sending -------------------------------------------------------------------------
    async def send(self, type_: str, data: dict[str, Any]) -> bool:
        if self.closed:
            return False
        text = envelope(self.cid, type_, data)
        async with self._send_lock:
            try:
                await self.ws.send_text(text)
                return True
            except PEER_GONE as exc:  # the peer went away mid-send
                log.debug("stream %s: send failed: %r", self.cid, exc)
                self.closed = True
                return False

    async def send_error(self, code: str, segment: int | None = None,
                         message: str | None = None) -> bool:
        return await self.send("error", ws_error_data(code, segment=segment, message=message))

    async def close(self, code: int = 1000) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            await self.ws.close(code)
        except PEER_GONE as exc:
            log.debug("stream %s: close failed: %r", self.cid, exc)

    def abort(self) -> None:
        """Drop the TCP connection with no close frame (fault injection).

        ASGI has no such message, so this reaches the server protocol through the bound
        ``receive`` (uvicorn's ``WebSocketsSansIOProtocol.receive``) and aborts its transport.
        """
        self.closed = True
        proto = getattr(self.ws._receive, "__self__", None)
        transport = getattr(proto, "transport", None)
        if transport is not None:
            transport.abort()
        else:  # another server: the closest thing we can do
            self.loop.create_task(self.ws.close(1011))

    # ---- main loop -----------------------------------------------------------------------
    async def run(self) -> None:
        log.info("stream %s: session opened", self.cid)
        await self.send("session.ready", self.settings.ready_data())
        self.worker = asyncio.create_task(self._work(), name=f"stream-worker-{self.cid}")
        try:
            await self._receive_loop()
        finally:
            await self._stop_worker()
            self._release()
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
            if self.analysis is not None:
                await self._send_events(await self._run(self.analysis.finish))
        except TimeoutError:
            log.warning("stream %s: drain exceeded %d s", self.cid, drain)
            reason = "drain_timeout"
        await self.send("session.ended", {"reason": reason})
        await self.close(1000)

    # ---- worker ---------------------------------------------------------------------------
    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        self._job = self.state.executor.submit(fn, *args)
        return await asyncio.wrap_future(self._job)

    async def _work(self) -> None:
        try:
            while True:
                item = await self.queue.get()
                if item is _STOP or self.closed:
                    return
                if self.analysis is None:
                    await self._run(self._open_analysis)
                if item[0] == "config":
                    await self._run(self.analysis.configure, item[1])
                else:
                    await self._process(item[1], item[2])
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("stream %s: analysis failed", self.cid)
            await self.send_error(ErrorId.INTERNAL,
                                  message="Internal error while analysing the stream.")
            await self.close(1011)

    def _open_analysis(self) -> None:
        """Worker thread: the per-session decoder and analysis state (set here, so a session
        that ends while this runs still finds the state to close)."""
        from interhuman_desktop.engine.media import StreamDecoder

        assert self.state.analyzer is not None
        self.decoder = StreamDecoder(
            analysis_fps=self.settings.analysis_fps, max_width=self.settings.max_width
        )
        self.analysis = self.state.analyzer.open_stream(self.options)

    # ---- release -------------------------------------------------------------------------
    def _release(self) -> None:
        """Close the analysis state on every ending: ``session.close`` or not (1011, drops,
        idle / duration timeouts, ih6002, analysis errors). A pool call still running (a
        cancelled ``feed`` goes on in its thread) closes it when it ends."""
        job = self._job
        if job is not None and not job.done():
            job.add_done_callback(lambda _job: self._close_analysis())
        else:
            self._close_analysis()

    def _close_analysis(self) -> None:
        with self._release_lock:
            analysis, self.analysis = self.analysis, None
            self.decoder = None
        if analysis is None:
            return
        try:
            analysis.close()
        except Exception:
            log.exception("stream %s: closing the analysis failed", self.cid)

    async def _process(self, segment: int, data: bytes) -> None:
        from interhuman_desktop.engine.media import MediaError

        try:
            prefetch = getattr(self.analysis, "prefetch", None)  # faces found while decoding
            media = await self._run(self.decoder.decode, data, self.clock, prefetch)
        except MediaError as exc:
            log.info("stream %s: segment %d refused: %s", self.cid, segment, exc.code)
            await self.send_error(exc.code, segment, exc.message)
            return
        self.clock = media.start + media.duration
        self.accepted += 1
        events = await self._run(self.analysis.feed, media)
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
