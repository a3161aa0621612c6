"""One connection's work: send pending segments in order, apply events, drain on close.

The sender and the receiver run side by side; whichever ends first ends the connection. The
outcome tells the session what to do next (see ``live.py``). The pump works only through the
small interfaces of :mod:`interhuman_desktop.session.pump_ports` (outbox, event sink, link).
"""

from __future__ import annotations

import asyncio
import enum
import functools
import logging
import wave
from collections.abc import Callable
from typing import Any

import av
from interhumanai import InterhumanError

from interhuman_desktop.api.errors import AppError, AuthError, QuotaError, StreamClosedError
from interhuman_desktop.api.stream import RawEnvelope, SessionContract
from interhuman_desktop.core.clock import now
from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.encode.fmp4_stream import Fmp4Stream
from interhuman_desktop.session.offsets import ConnectionClock
from interhuman_desktop.session.pcm_writer import read_pcm
from interhuman_desktop.session.pump_ports import EventSink, Link, PumpLimits, PumpOutbox
from interhuman_desktop.session.segments import Segment

log = logging.getLogger(__name__)

SEGMENT_ERRORS: set[str] = {ErrorId.NO_VIDEO_STREAM, ErrorId.MALFORMED_SEGMENT,
                             ErrorId.SEGMENT_TOO_SHORT, ErrorId.MESSAGE_TOO_LARGE}
EXPIRY_ERRORS: set[str] = {ErrorId.SESSION_IDLE_TIMEOUT, ErrorId.SESSION_MAX_DURATION}
FATAL_ERRORS: dict[str, type[AuthError | QuotaError]] = {
    ErrorId.INSUFFICIENT_SCOPE: AuthError, ErrorId.QUOTA_EXHAUSTED: QuotaError,
    ErrorId.TOKEN_BUDGET_EXHAUSTED: QuotaError}


class Outcome(enum.Enum):
    ENDED = "ended"              # session.ended after a drain (or a drain that timed out)
    EXPIRED = "expired"          # idle timeout / max duration: open a new server session now
    DROPPED = "dropped"          # the connection broke: back off and reconnect
    FAILED_TO_OPEN = "failed_to_open"
    FATAL = "fatal"              # never retry (bad key, missing scope, quota)


class ConnectionPump:
    def __init__(self, outbox: PumpOutbox, events: EventSink, link: Link,
                 clock: ConnectionClock, contract: SessionContract, limits: PumpLimits) -> None:
        self.outbox = outbox
        self.events = events
        self.limits = limits
        self.link = link
        self.clock = clock
        self.contract = contract
        self.problem: AppError | None = None
        self._expired = False
        self._fatal = False
        self._ended = False
        self._close_requested = False
        self._drain_deadline: float | None = None
        self._sent_here: set[int] = set()
        # V2 audio-only (inter-2-audio): the segments' raw PCM, as the session declared it
        self.pcm = getattr(limits, "audio_format", None) is not None
        # V2: the segments go as one continuous fMP4 stream, a fresh one per connection
        v2_video = getattr(limits, "api", "v1") == "v2" and not self.pcm
        self.fmp4 = Fmp4Stream() if v2_video else None

    async def run(self) -> Outcome:
        sender = asyncio.create_task(self._send_loop(), name="live-send")
        receiver = asyncio.create_task(self._receive_loop(), name="live-receive")
        try:
            await asyncio.wait({sender, receiver}, return_when=asyncio.FIRST_COMPLETED)
            if sender.done() and not receiver.done() and self._close_requested:
                await self._drain(receiver)
        finally:
            for task in (sender, receiver):
                task.cancel()
            await asyncio.gather(sender, receiver, return_exceptions=True)
        return self._outcome()

    def _outcome(self) -> Outcome:
        if self._fatal:
            return Outcome.FATAL
        if self._ended:
            return Outcome.ENDED
        if self._expired:
            return Outcome.EXPIRED
        code = self.link.close_code
        self.problem = self.problem or StreamClosedError(
            f"The stream closed unexpectedly (code {code})", code=code or 1006)
        return Outcome.DROPPED

    # --- sending -----------------------------------------------------------------------
    async def _send_loop(self) -> None:
        while True:
            segment = next((s for s in self.outbox.pending() if s.index not in self._sent_here),
                           None)
            if segment is None:
                if self.outbox.finishing and self.outbox.input_done:
                    tail = self.fmp4.close() if self.fmp4 is not None else b""
                    if tail:  # V2: the stream's last fragment
                        await self.link.client.send_video(tail)
                    await self.link.client.request_close()
                    self._close_requested = True
                    return
                await self.outbox.wait_for_input()
                continue
            if not await self._send(segment):
                return

    async def _send(self, segment: Segment) -> bool:
        self._sent_here.add(segment.index)
        if segment.sent_count >= self.limits.max_sends:
            segment.failed = "no_answer"
            log.warning("segment %d was sent %d times without an answer; keeping it on disk only",
                        segment.index, segment.sent_count)
            return True
        try:
            data = await asyncio.to_thread(self._reader(segment))
        except (OSError, av.FFmpegError, wave.Error) as exc:
            segment.failed = "unreadable"
            log.error("segment %d cannot be read back from disk: %s", segment.index, exc)
            return True
        if len(data) > self.contract.max_segment_size_bytes:
            segment.failed = "too_large"
            log.error("segment %d is %d bytes, over the server's limit", segment.index, len(data))
            return True
        try:
            if data and self.pcm:
                await self.link.client.send_audio(data)
            elif data:  # V2: the segment as bare fMP4 fragments (the first with the init)
                await self.link.client.send_video(data)
        except (InterhumanError, OSError) as exc:
            log.warning("sending segment %d failed: %s", segment.index, exc)
            return False
        self.clock.add(segment.index, segment.recording_start, segment.duration)
        self.outbox.placed(self.clock.connection, segment)
        return True

    def _reader(self, segment: Segment) -> Callable[[], bytes]:
        if self.pcm:
            return functools.partial(read_pcm, segment.path)
        if self.fmp4 is not None:
            return functools.partial(self.fmp4.chunk, segment.path)
        return segment.path.read_bytes

    # --- receiving ---------------------------------------------------------------------
    async def _receive_loop(self) -> None:
        async for event in self.link.envelopes():
            self._on_event(event)
            if self._ended or self._fatal:
                return

    def _on_event(self, event: RawEnvelope) -> None:
        self.events.received(self.clock.connection, event.raw)
        raw_data = event.raw.get("data")
        data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
        if event.type == "error":
            self._on_error(data)
        elif event.type == "session.closing":
            drain = data.get("max_drain_seconds")
            limit = float(drain) if isinstance(drain, int | float) else self.limits.drain_limit
            self._drain_deadline = now() + min(limit, self.limits.drain_limit)
        elif event.type == "session.ended":
            self._ended = True
            # only what this connection actually sent (not segments it skipped as given up)
            segments = self.outbox.segments
            self.outbox.ack([p.index for p in self.clock.placed if p.index in segments])
        times = self.events.apply(event.raw, self.clock.to_recording)
        if times:
            self._on_times(max(times))

    def _on_times(self, server_t: float) -> None:
        self.outbox.ack(self.clock.covered_until(server_t))
        recording_t = self.clock.to_recording(server_t)
        for segment in self.outbox.segments.values():
            inside = segment.recording_start <= recording_t <= segment.recording_end
            if inside and segment.latency is None and segment.last_frame_t is not None:
                segment.latency = max(0.0, now() - segment.last_frame_t)

    def _on_error(self, data: dict[str, Any]) -> None:
        code = str(data.get("code"))
        message = str(data.get("message") or code)
        nth = data.get("segment")
        if code in SEGMENT_ERRORS and isinstance(nth, int):
            index = self.clock.reject(nth)
            if index is not None:
                self.outbox.rejected(self.clock.connection, nth, index, code)
            log.warning("the server rejected segment %s: %s %s", index, code, message)
        elif code in EXPIRY_ERRORS:
            self._expired = True
        elif code in FATAL_ERRORS:
            self._fatal = True
            self.problem = FATAL_ERRORS[code](message, status=0, error_id=code,
                                              link=data.get("link"))
        else:
            log.warning("server error on the stream: %s %s", code, message)

    def _give_up_on_sent(self) -> None:
        """The server went quiet: what it never answered for stays on disk, marked unanswered."""
        for index in self._sent_here:
            segment = self.outbox.segments.get(index)
            if segment is not None and segment.pending:
                segment.failed = "no_answer"

    async def _drain(self, receiver: asyncio.Task[None]) -> None:
        """After session.close: wait for session.ended, bounded by the drain limit or quiet."""
        while not receiver.done():
            last = self.events.last_event_at or now()
            deadline = last + self.limits.quiet_period
            if self._drain_deadline is not None:
                deadline = min(deadline, self._drain_deadline)
            remaining = deadline - now()
            if remaining <= 0:
                log.warning("the server did not finish draining in time; ending the session")
                self._give_up_on_sent()
                self._ended = True
                return
            await asyncio.wait({receiver}, timeout=remaining)
