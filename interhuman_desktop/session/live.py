"""A live session: segments in, analysis events out, across as many connections as it takes.

States: idle → connecting → streaming → draining → ended | failed (``preflight`` is run by the
pipeline before ``start``). Rules, from the issue and decisions #8, #11, #13:

- every segment is on disk (and journaled) before it is sent; nothing is dropped from the
  outbox: a segment stays pending until an event shows the server analysed past it;
- a dropped connection reconnects with exponential backoff + jitter (1 s → 30 s), reset after a
  healthy connection; never on HTTP 401/403; gives up after ``give_up_after`` seconds of failing
  and says why; pending segments are resent;
- each connection's clock restarts at 0: the offset table maps its times onto the recording;
- the idle timeout and the 60-minute cap (ih6003/ih6004) just open a new server session;
- ``finish`` sends ``session.close`` and drains, bounded by ``max_drain_seconds`` or a quiet period;
  it wakes a reconnect backoff at once; when the server cannot be reached, it gives up after
  ``stop_retry_for`` (the unanswered segments stay on disk). All methods run on the asyncio
  loop except :meth:`segment_ready`, which the encoder thread calls.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from interhumanai import InterhumanClient

from interhuman_desktop.api.errors import AppError, AuthError, QuotaError, StreamHandshakeError
from interhuman_desktop.api.retry import Backoff
from interhuman_desktop.api.stream import SessionContract, StreamConnection, open_stream
from interhuman_desktop.core.clock import now
from interhuman_desktop.session.backfill import backfill, stretches
from interhuman_desktop.session.event_log import EventLog
from interhuman_desktop.session.journal import Journal
from interhuman_desktop.session.live_config import stream_config
from interhuman_desktop.session.live_options import CQ_INCLUDE, LiveOptions, LiveState
from interhuman_desktop.session.offsets import OffsetTable
from interhuman_desktop.session.outbox import Outbox
from interhuman_desktop.session.pump import ConnectionPump, Outcome
from interhuman_desktop.session.segments import Segment, SegmentLike
from interhuman_desktop.session.timeline import SessionTimeline

log = logging.getLogger(__name__)

__all__ = ["CQ_INCLUDE", "LiveOptions", "LiveSession", "LiveState"]


class LiveSession:
    """Owns the outbox, the connections, the offset table and the timeline of one session."""

    def __init__(self, client: InterhumanClient, base_url: str, folder: Path,
                 options: LiveOptions | None = None) -> None:
        self.client = client
        self.base_url = base_url
        self.folder = folder
        self.options = options or LiveOptions()
        self.state = LiveState.IDLE
        self.error: AppError | None = None
        self.timeline = SessionTimeline()
        self.offsets = OffsetTable()
        self.journal = Journal(folder)
        self.outbox = Outbox(self.journal)
        self.events = EventLog(self.journal, self.timeline)
        self.reconnects = 0
        self.socket_state = "closed"
        self.backfill_status: str | None = None  # what the backfill is doing, for the live view
        self.unreachable = False  # the last connection attempt could not open
        self._stop = asyncio.Event()  # finish() wakes a reconnect backoff
        self._stopped_at: float | None = None
        self._runner: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- the outbox (``events`` is the event log) ------------------------------------------
    @property
    def segments(self) -> dict[int, Segment]:
        return self.outbox.segments

    def pending(self) -> list[Segment]:
        return self.outbox.pending()

    # --- inputs -------------------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.journal.record("start", durable=True, include=list(self.options.include),
                            goals=list(self.options.goal_dimensions or []))
        self._runner = asyncio.create_task(self._run(), name="live-session")

    def segment_ready(self, info: SegmentLike) -> None:
        """Called from the encoder thread once a segment file is complete on disk."""
        assert self._loop is not None, "start() first"
        self._loop.call_soon_threadsafe(self.outbox.add, info)

    def input_finished(self) -> None:
        """No more segments will come (capture stopped and the encoder flushed)."""
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self.outbox.mark_input_done)

    def add_marker(self, t: float, note: str = "") -> None:
        self.timeline.add_marker(t, note)
        self.journal.record("marker", t=t, note=note)

    async def finish(self, give_up_after: float | None = None) -> None:
        """Drain and end: wait until every segment was analysed or given up on (at the latest
        after ``give_up_after`` seconds, then cancel the rest and still close the timeline)."""
        self._stopped_at = now()
        self.outbox.finish()
        self._stop.set()
        if self._runner is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._runner), give_up_after)
            except TimeoutError:
                log.warning("finish timed out; stopping with segments still pending")
                self._runner.cancel()
        await self._backfill()
        self.timeline.close_open_signals(self.timeline.media_end)
        if self.state != LiveState.FAILED:
            self._set_state(LiveState.ENDED)

    async def _backfill(self) -> None:
        if not self.options.backfill or _is_fatal(self.error):
            return
        if self.unreachable:  # an upload would fail the same way; recover analyses it later
            log.info("no analysis after the session: the server could not be reached")
            return
        if not stretches(list(self.segments.values())):
            return
        if self.state != LiveState.FAILED:
            self._set_state(LiveState.BACKFILLING)
        try:
            await backfill(self)
        except Exception:  # the segments stay on disk for a later analysis
            log.exception("the analysis after the session failed")
        finally:
            self.backfill_status = None

    async def abort(self) -> None:
        """Stop at once; pending segments stay on disk for a later analysis."""
        if self._runner is not None:
            self._runner.cancel()
        self._set_state(LiveState.ENDED)

    def close_journal(self) -> None:
        self.journal.record("end", durable=True, state=self.state.value)
        self.journal.close()

    # --- the connection loop ------------------------------------------------------------
    async def _run(self) -> None:
        backoff = Backoff(base=self.options.backoff_base, cap=self.options.backoff_cap)
        failing_since: float | None = None
        outbox = self.outbox
        while not (outbox.finishing and outbox.input_done and not outbox.pending()):
            self._set_state(LiveState.DRAINING if outbox.finishing else LiveState.CONNECTING)
            opened_at = now()
            outcome, problem = await self._one_connection()
            if outcome is Outcome.FATAL:
                self._fail(problem)
                return
            self.unreachable = outcome is Outcome.FAILED_TO_OPEN  # the backfill needs the server
            lasted = now() - opened_at >= self.options.healthy_after
            if lasted or outcome in (Outcome.ENDED, Outcome.EXPIRED):
                backoff.reset()
                failing_since = None
            if outcome in (Outcome.ENDED, Outcome.EXPIRED):
                continue
            failing_since = failing_since or now()
            if outcome is Outcome.FAILED_TO_OPEN and (self._retry_left() or 0.0) < 0:
                log.warning("stopped while unreachable: %d segments kept on disk unanalysed",
                            len(self.pending()))
                return
            if now() - failing_since > self.options.give_up_after:
                self._fail(AppError(
                    f"Gave up reconnecting after {self.options.give_up_after:.0f} s: {problem}. "
                    "The recording is kept on disk and can be analysed later"))
                return
            await self._sleep_or_wake(backoff.next_delay())

    async def _one_connection(self) -> tuple[Outcome, AppError | None]:
        try:
            link, contract = await self._open()
        except StreamHandshakeError as exc:
            fatal = exc.status in (401, 403)
            return (Outcome.FATAL if fatal else Outcome.FAILED_TO_OPEN), exc
        except AppError as exc:
            return Outcome.FAILED_TO_OPEN, exc
        if len(self.offsets.connections) > 0:
            self.reconnects += 1
        clock = self.offsets.new_connection()
        self.socket_state = "open"
        self._set_state(LiveState.DRAINING if self.outbox.finishing else LiveState.STREAMING)
        pump = ConnectionPump(self.outbox, self.events, link, clock, contract, self.options)
        try:
            outcome = await pump.run()
        finally:
            self.socket_state = "closed"
            await _quietly_close(link)
        return outcome, pump.problem

    async def _open(self) -> tuple[StreamConnection, SessionContract]:
        link = await asyncio.wait_for(open_stream(
            self.client, self.base_url, api_version="v2" if self.options.api == "v2" else "v1",
            model=self.options.model), 20.0)
        try:
            async with asyncio.timeout(15.0):  # for session.ready
                contract = await link.wait_ready()
            await link.client.update_config(**stream_config(self.options))
        except BaseException:
            await _quietly_close(link)
            raise
        return link, contract

    async def _sleep_or_wake(self, delay: float) -> None:
        left = self._retry_left()
        if left is not None:  # stopping: never wait past the stop's retry window
            delay = min(delay, max(0.0, left))
        self.socket_state = f"retrying in {delay:.1f} s"
        try:
            await asyncio.wait_for(self._stop.wait(), delay)
            self._stop.clear()  # the stop wakes one backoff; later ones sleep (bounded above)
        except TimeoutError:
            pass

    def _retry_left(self) -> float | None:
        """Seconds of reconnecting left once ``finish`` was called (None before it)."""
        if self._stopped_at is None:
            return None
        return self._stopped_at + self.options.stop_retry_for - now()

    def _set_state(self, state: LiveState) -> None:
        if state != self.state:
            log.info("live session: %s → %s", self.state.value, state.value)
            self.state = state
            self.journal.record("state", state=state.value)

    def _fail(self, error: AppError | None) -> None:
        self.error = error or AppError("The live session failed")
        log.error("live session failed: %s", self.error)
        self._set_state(LiveState.FAILED)


def _is_fatal(error: AppError | None) -> bool:
    """A bad key or missing quota: an upload would be refused the same way."""
    return isinstance(error, AuthError | QuotaError) or (
        isinstance(error, StreamHandshakeError) and error.status in (401, 403))


async def _quietly_close(link: StreamConnection) -> None:
    try:
        await link.close()
    except Exception:  # closing a broken socket must not mask why it broke
        log.debug("closing a broken stream", exc_info=True)
