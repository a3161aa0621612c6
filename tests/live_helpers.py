"""A recording handle for Live tests whose clock the test advances (no camera, no service)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from interhuman_desktop.session.timeline import SessionTimeline


class ClockHandle:
    """Implements the ``LiveHandle`` protocol; ``elapsed`` is set by the test."""

    def __init__(self) -> None:
        self.timeline, self.notes, self.elapsed = SessionTimeline(), [], 0.0
        self.markers: list[tuple[float, str]] = []
        self.health_figures: dict[str, Any] = {"state": "streaming", "socket": "open",
                                               "fps_in": 30.0}
        self.stopped = False

    def latest_frame(self) -> Any:
        return None

    def health(self) -> dict[str, Any]:
        return dict(self.health_figures, elapsed=self.elapsed)

    def add_marker(self, t: float, note: str = "") -> None:
        self.markers.append((t, note))
        self.timeline.add_marker(t, note)

    async def stop(self) -> Any:
        self.stopped = True
        return SimpleNamespace(recording=None)
