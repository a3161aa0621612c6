"""The live session's outbox: every recorded segment, and what happened to it.

A segment comes in from the encoder once its file is complete on disk, is journaled (durably)
before anything sends it, and stays pending until an event shows the server analysed past it
(acknowledged) or it failed (rejected by the server, unreadable, or given up on). Nothing is
ever dropped from it. Runs on the asyncio loop.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from interhuman_desktop.session.journal import Journal
from interhuman_desktop.session.segments import Segment, SegmentLike


class Outbox:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.segments: dict[int, Segment] = {}
        self._recorded_until = 0.0
        self._wake = asyncio.Event()
        self._input_done = False
        self._finishing = False

    # --- recording -------------------------------------------------------------------------
    def add(self, info: SegmentLike) -> None:
        """A segment file is complete on disk (a repeated index replaces a merged tail)."""
        path = Path(info.path)
        start = getattr(info, "start_t", None)
        start = self._recorded_until if start is None else float(start)
        segment = Segment(info.index, path, start, float(info.media_duration),
                          path.stat().st_size if path.exists() else 0,
                          getattr(info, "last_frame_t", None))
        previous = self.segments.get(segment.index)
        if previous is not None:  # the encoder merged a short tail into this segment
            segment.sent_count = previous.sent_count
        self._recorded_until = max(self._recorded_until, segment.recording_end)
        self.segments[segment.index] = segment
        self.journal.record("segment", durable=True, index=segment.index, file=path.name,
                            recording_start=segment.recording_start, duration=segment.duration)
        self._wake.set()

    def mark_input_done(self) -> None:
        """No more segments will come."""
        self._input_done = True
        self._wake.set()

    def finish(self) -> None:
        """The session is stopping: send what is left, then close."""
        self._finishing = True
        self._wake.set()

    @property
    def input_done(self) -> bool:
        return self._input_done

    @property
    def finishing(self) -> bool:
        return self._finishing

    def pending(self) -> list[Segment]:
        return [s for s in sorted(self.segments.values(), key=lambda s: s.index) if s.pending]

    async def wait_for_input(self) -> None:
        await self._wake.wait()
        self._wake.clear()

    # --- what the connections did ------------------------------------------------------------
    def placed(self, connection: int, segment: Segment) -> None:
        """``segment`` went out on ``connection``."""
        segment.sent_count += 1
        self.journal.record("placed", connection=connection, index=segment.index,
                            recording_start=segment.recording_start, duration=segment.duration)

    def ack(self, indexes: list[int]) -> None:
        """The server analysed these segments (journaled once per segment)."""
        fresh = [i for i in indexes if not self.segments[i].acked]
        for i in fresh:
            self.segments[i].acked = True
        if fresh:
            self.journal.record("acked", indexes=fresh)

    def rejected(self, connection: int, nth: int, index: int, code: str) -> None:
        """The server refused the ``nth`` segment sent on ``connection`` with ``code``."""
        self.segments[index].failed = code
        self.journal.record("rejected", connection=connection, nth=nth, index=index, code=code)
