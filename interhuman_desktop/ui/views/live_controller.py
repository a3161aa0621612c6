"""LiveController: starts/stops a live session through an injected factory and feeds LiveView.

The factory (built by the composition root from ``session.pipeline``) returns a handle with
``timeline``, ``latest_frame()``, ``health()``, ``elapsed``, ``notes``, ``add_marker(t)`` and
``async stop()``. Health, "now" and the lag refresh at 2 Hz; the view redraws lanes at 15 Hz
from the model on its own timer; frames are pulled by the preview at ~30 Hz.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.views.live import LiveView

log = logging.getLogger(__name__)


class LiveHandle(Protocol):
    timeline: SessionTimeline
    notes: list[str]

    @property
    def elapsed(self) -> float: ...

    def latest_frame(self) -> Any: ...

    def health(self) -> dict[str, Any]: ...

    def add_marker(self, t: float, note: str = "") -> None: ...

    async def stop(self) -> Any: ...


LiveFactory = Callable[[], Awaitable[LiveHandle]]


def analysis_lag(elapsed: float, timeline: SessionTimeline) -> float | None:
    """How far the newest analysed moment trails the recording (None before any result)."""
    if timeline.revision == 0:
        return None
    return max(0.0, elapsed - timeline.media_end)


class LiveController(QObject):
    """``start()`` / ``stop()`` a session; ``finished(recording, timeline)`` once saved."""

    finished = Signal(object, object)  # Path | None, SessionTimeline
    failed = Signal(str)

    def __init__(self, view: LiveView, factory: LiveFactory | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self.factory = view, factory
        self.handle: LiveHandle | None = None
        self._task: asyncio.Task | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        view.set_start_available(factory is not None)
        view.startRequested.connect(self.start)
        view.stopRequested.connect(self.stop)
        view.markerRequested.connect(self._on_marker)

    def start(self) -> None:
        if self.factory is None or self.handle is not None:
            return
        self.view.set_starting(True)
        self._task = asyncio.get_running_loop().create_task(self._start())

    def stop(self) -> None:
        if self.handle is not None:
            self._task = asyncio.get_running_loop().create_task(self._stop())

    async def aclose(self) -> None:
        if self.handle is not None:
            await self._stop()

    async def _start(self) -> None:
        assert self.factory is not None
        try:
            self.handle = await self.factory()
        except Exception as exc:  # camera busy, engine down …: say so, stay usable
            log.exception("live session did not start")
            self.view.set_starting(False, f"Could not start: {exc}")
            self.failed.emit(str(exc))
            return
        handle = self.handle
        self.view.attach(handle.timeline, lambda: _image(handle.latest_frame()))
        self.view.set_recording(True)
        self.view.set_notice(" · ".join(handle.notes))
        self._timer.start()

    async def _stop(self) -> None:
        handle, self.handle = self.handle, None
        self._timer.stop()
        if handle is None:
            return
        self.view.set_notice("Finishing: sending what is left and saving…")
        result = None
        try:
            result = await handle.stop()
        finally:
            self.view.detach()
            self.view.set_starting(False)
            self.finished.emit(getattr(result, "recording", None), handle.timeline)

    def _tick(self) -> None:
        if self.handle is None:
            return
        elapsed = self.handle.elapsed
        self.view.set_now(elapsed)
        self.view.set_health(self.handle.health())
        self.view.set_lag(analysis_lag(elapsed, self.handle.timeline))

    def _on_marker(self) -> None:
        if self.handle is not None:
            self.handle.add_marker(self.handle.elapsed)


def _image(frame: Any) -> Any:
    return getattr(frame, "image", frame)
