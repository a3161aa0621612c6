"""The live session's view of recorded segments: where they sit on the recording timeline and
what happened to each (sent, acknowledged, failed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class SegmentLike(Protocol):
    """What the encoder reports about a finished segment (see ``encode.segment_writer``)."""

    @property
    def index(self) -> int: ...

    @property
    def path(self) -> Path: ...

    @property
    def media_duration(self) -> float: ...


@dataclass
class Segment:
    index: int
    path: Path
    recording_start: float
    duration: float
    size: int
    last_frame_t: float | None = None  # capture clock; for feedback latency
    sent_count: int = 0
    acked: bool = False
    failed: str | None = None  # the server's error code when it rejected the segment
    latency: float | None = None
    backfilled: bool = False  # answered by the upload analysis after the session

    @property
    def recording_end(self) -> float:
        return self.recording_start + self.duration

    @property
    def pending(self) -> bool:
        """Still to be analysed: neither acknowledged nor rejected."""
        return not self.acked and self.failed is None
