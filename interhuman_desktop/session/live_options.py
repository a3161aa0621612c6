"""A live session's states and options (``session.live`` re-exports both)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

CQ_INCLUDE = ("conversation_quality_overall", "conversation_quality_timeline")


class LiveState(enum.StrEnum):
    IDLE = "idle"
    PREFLIGHT = "preflight"
    CONNECTING = "connecting"
    STREAMING = "streaming"
    DRAINING = "draining"
    BACKFILLING = "analysing after the session"
    ENDED = "ended"
    FAILED = "failed"


@dataclass
class LiveOptions:
    include: tuple[str, ...] = CQ_INCLUDE
    goal_dimensions: tuple[str, ...] | None = None
    give_up_after: float = 120.0
    quiet_period: float = 20.0
    drain_limit: float = 60.0
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    healthy_after: float = 10.0
    stop_retry_for: float = 10.0  # after finish(): how long failing reconnects go on
    max_sends: int = 3  # a segment no connection ever answered for is given up on after this
    backfill: bool = True  # at the end, analyse what the stream never answered by upload
    api: str = "v1"  # "v2": /v2/stream/analyze, one continuous fMP4 stream per connection
    model: str | None = None  # the V2 stream model (None: the server's default, inter-2)


def stream_label(options: LiveOptions, segment_seconds: float | None = None) -> str:
    """What the live view says the session runs on: "V2 stream · inter-2", or "V1 stream ·
    5-s segments" with the length the recorder actually cuts (Settings → Live segment)."""
    if options.api == "v2":
        return f"V2 stream · {options.model or 'inter-2'}"
    if segment_seconds:
        return f"V1 stream · {segment_seconds:g}-s segments"
    return "V1 stream"
