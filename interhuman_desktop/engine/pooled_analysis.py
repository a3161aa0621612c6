"""A stream session's decoder and analysis state, worked on the engine's shared thread pool.

Opened in a pool thread on the session's first item (so a session that ends while it opens
still finds the state to close) and closed exactly once on every ending: ``session.close`` or
not (1011, drops, idle / duration timeouts, ih6002, analysis errors). A pool call still running
when the session ends (a cancelled ``feed`` goes on in its thread) closes it when it ends.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from interhuman_desktop.engine.analysis.base import SessionOptions
from interhuman_desktop.engine.state import EngineState

log = logging.getLogger(__name__)

T = TypeVar("T")


class PooledAnalysis:
    """``analysis`` and ``decoder`` are None until :meth:`open` and after :meth:`release`."""

    def __init__(self, state: EngineState, cid: str) -> None:
        self.state, self.cid = state, cid
        self.analysis: Any = None
        self.decoder: Any = None
        self._job: concurrent.futures.Future[Any] | None = None  # the last call on the pool
        self._release_lock = threading.Lock()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on the pool; the loop only waits."""
        self._job = self.state.executor.submit(fn, *args)
        return await asyncio.wrap_future(self._job)

    async def open(self, options: SessionOptions) -> None:
        await self.run(self._open, options)

    def _open(self, options: SessionOptions) -> None:
        """Pool thread: the per-session decoder and analysis state."""
        from interhuman_desktop.engine.media import StreamDecoder

        assert self.state.analyzer is not None
        settings = self.state.settings
        self.decoder = StreamDecoder(analysis_fps=settings.analysis_fps,
                                     max_width=settings.max_width)
        self.analysis = self.state.analyzer.open_stream(options)

    def release(self) -> None:
        """Close the state now, or when the pool call still running ends."""
        job = self._job
        if job is not None and not job.done():
            job.add_done_callback(lambda _job: self._close())
        else:
            self._close()

    def _close(self) -> None:
        with self._release_lock:
            analysis, self.analysis = self.analysis, None
            self.decoder = None
        if analysis is None:
            return
        try:
            analysis.close()
        except Exception:
            log.exception("stream %s: closing the analysis failed", self.cid)
