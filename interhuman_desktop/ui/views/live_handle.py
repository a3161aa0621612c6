"""What the Live controller drives: the request (picked devices, goals), the recording handle
a factory returns, and the analysis lag (no Qt)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from interhuman_desktop.session.timeline import SessionTimeline


@dataclass(frozen=True)
class LiveRequest:
    """What the user picked: ``video`` is ``camera:ID``, ``synthetic`` or ``file:PATH``."""

    video: str = "synthetic"
    microphone: str = ""  # "" default, "none", or a device id
    goals: tuple[str, ...] = ()
    api: str = "v1"  # the stream: "v1" or "v2" (Settings "Live stream")
    model: str | None = None  # the V2 stream's model (None: the server's default)


class LiveHandle(Protocol):
    timeline: SessionTimeline
    notes: list[str]

    @property
    def elapsed(self) -> float: ...

    def latest_frame(self) -> Any: ...

    def health(self) -> dict[str, Any]: ...

    def add_marker(self, t: float, note: str = "") -> None: ...

    async def stop(self) -> Any: ...


@runtime_checkable
class SavedSession(Protocol):
    """A handle recording into a session folder the library can keep (the app's
    ``session.live_service.LiveHandle``; test handles may have none)."""

    folder: Path | None
    source: str


@runtime_checkable
class Recorded(Protocol):
    """What ``LiveHandle.stop()`` returns when a recording was made (``PipelineResult``)."""

    recording: Path | None


LiveFactory = Callable[[LiveRequest], Awaitable[LiveHandle]]


def analysis_lag(elapsed: float, timeline: SessionTimeline) -> float | None:
    """How far the newest analysed moment trails the recording (None before any result)."""
    if timeline.revision == 0:
        return None
    return max(0.0, elapsed - timeline.media_end)
