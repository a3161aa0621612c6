"""Map each server connection's clock back onto the one recording timeline.

A stream server counts time from 0 on every connection, advancing by the media duration of each
segment it accepted (decision #11). A live session may use many connections (drops, the
60-minute cap, idle timeouts), resend segments, and have a segment rejected. So each connection
keeps the list of segments it accepted, in order, with their recording start: server time ``t``
falls inside exactly one of them, which gives its recording time.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Placed:
    index: int
    server_start: float
    recording_start: float
    duration: float


@dataclass
class ConnectionClock:
    """The segments one connection accepted, placed on its server clock."""

    connection: int
    placed: list[_Placed] = field(default_factory=list)

    @property
    def server_end(self) -> float:
        return self.placed[-1].server_start + self.placed[-1].duration if self.placed else 0.0

    def add(self, index: int, recording_start: float, duration: float) -> None:
        self.placed.append(_Placed(index, self.server_end, recording_start, duration))

    def reject(self, nth_on_connection: int) -> int | None:
        """The server rejected the n-th (1-based) frame sent on this connection: unplace it.

        Returns the segment index that was rejected, or None if ``nth`` is out of range.
        """
        if not 1 <= nth_on_connection <= len(self.placed):
            return None
        removed = self.placed.pop(nth_on_connection - 1)
        start = removed.server_start
        for p in self.placed[nth_on_connection - 1 :]:
            p.server_start = start
            start += p.duration
        return removed.index

    def to_recording(self, server_t: float) -> float:
        """Recording time of server time ``server_t`` (extrapolated past the ends)."""
        if not self.placed:
            return server_t
        starts = [p.server_start for p in self.placed]
        i = max(0, bisect_right(starts, server_t) - 1)
        p = self.placed[i]
        return p.recording_start + (server_t - p.server_start)

    def covered_until(self, server_t: float) -> list[int]:
        """Indexes of segments that end at or before ``server_t`` (the server has seen them)."""
        return [p.index for p in self.placed if p.server_start + p.duration <= server_t + 1e-6]


class OffsetTable:
    """All connections of one live session, newest last."""

    def __init__(self) -> None:
        self.connections: list[ConnectionClock] = []

    def new_connection(self) -> ConnectionClock:
        clock = ConnectionClock(len(self.connections) + 1)
        self.connections.append(clock)
        return clock

    @property
    def current(self) -> ConnectionClock | None:
        return self.connections[-1] if self.connections else None

    def to_dict(self) -> list[dict[str, Any]]:
        return [{"connection": c.connection,
                 "segments": [[p.index, p.server_start, p.recording_start, p.duration]
                              for p in c.placed]} for c in self.connections]
