"""AnalyzeController: runs dropped files through ``session.file_analysis`` and shows progress.

Jobs run as asyncio tasks on the app's (qasync) loop, one at a time. ``notify`` from the job
only marks it dirty; a 5 Hz timer updates the rows (no per-chunk widget updates). The backend
client comes from an injected async provider, so the composition root decides local engine or
cloud and this module never imports them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from interhuman_desktop.session.file_analysis import AnalysisRequest, FileJob, JobState, run
from interhuman_desktop.session.timeline import band_name
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.widgets.lane_data import quality_index

log = logging.getLogger(__name__)
ClientProvider = Callable[[], Awaitable[Any]]  # -> interhumanai.InterhumanClient
ACTIVE = (JobState.UPLOADING, JobState.ANALYSING, JobState.FITTING, JobState.CHECKING)


def describe(job: FileJob) -> str:
    """One line of status for a job, in the user's words."""
    state = job.state
    if state == JobState.UPLOADING:
        parts = f" (part {job.part_index + 1} of {len(job.parts)})" if len(job.parts) > 1 else ""
        return f"Uploading… {job.progress:.0%}{parts}"
    if state == JobState.REFUSED and job.verdict is not None:
        return "Refused: " + "; ".join(job.verdict.reasons)
    if state == JobState.FAILED:
        return f"Failed: {job.error}"
    if state == JobState.DONE and job.timeline is not None:
        return _done_text(job)
    return {JobState.QUEUED: "Queued", JobState.CHECKING: "Checking the file…",
            JobState.READY: "Ready to upload", JobState.NEEDS_FIT: "Needs splitting or transcoding",
            JobState.FITTING: "Making it fit (transcoding / splitting)…",
            JobState.ANALYSING: "Analysing…", JobState.CANCELLED: "Cancelled"}.get(
        state, state.value)


def _done_text(job: FileJob) -> str:
    tl = job.timeline
    assert tl is not None
    text = f"Analysed: {len(tl.signals)} signals"
    qi = quality_index(tl.quality_overall or {})
    if qi is not None:
        text += f", quality index {qi:.0f} ({band_name(qi)})"
    return text


class AnalyzeController(QObject):
    """Connects an :class:`AnalyzeView` to file analysis; ``resultReady(path, timeline)``."""

    resultReady = Signal(object, object)

    def __init__(self, view: AnalyzeView, client_provider: ClientProvider | None,
                 goals: Callable[[], tuple[str, ...]] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.goals = goals or (lambda: ())
        self.client_provider = client_provider
        self.jobs: dict[Path, FileJob] = {}
        self._dirty: set[Path] = set()
        self._tasks: set[asyncio.Task] = set()
        self._slots: asyncio.Semaphore | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._flush)
        view.filesAdded.connect(self.analyse)
        view.cancelRequested.connect(self.cancel)
        view.openRequested.connect(self._on_open)

    def analyse(self, paths: list[Path]) -> None:
        """Start a job per file (needs a running asyncio loop and a client provider)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if self.client_provider is None or loop is None:
            for path in paths:
                self.view.set_status(path, "Waiting — no analysis backend in this build", 0.0)
            return
        self._slots = self._slots or asyncio.Semaphore(1)
        for path in paths:
            request = AnalysisRequest(goal_dimensions=tuple(self.goals()))
            job = self.jobs[Path(path)] = FileJob(Path(path), request)
            task = loop.create_task(self._run(job), name=f"analyse-{job.id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self._timer.start()

    def cancel(self, path: Path) -> None:
        job = self.jobs.get(Path(path))
        if job is not None:
            job.cancel()

    async def aclose(self) -> None:
        """Cancel running jobs (app shutdown)."""
        for job in self.jobs.values():
            job.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=5)
        self._timer.stop()

    async def _run(self, job: FileJob) -> None:
        assert self._slots is not None and self.client_provider is not None
        async with self._slots:
            try:
                client = await self.client_provider()
                await run(job, client, notify=lambda j: self._dirty.add(j.path))
            except Exception as exc:  # shown on the row; the app keeps going
                log.exception("analysis of %s failed", job.path)
                job.state, job.error = JobState.FAILED, exc
        self._dirty.add(job.path)

    def _flush(self) -> None:
        for path in list(self._dirty):
            job = self.jobs[path]
            failed = job.state in (JobState.FAILED, JobState.REFUSED, JobState.CANCELLED)
            progress = None if job.state in (JobState.CHECKING, JobState.FITTING,
                                             JobState.ANALYSING) else job.progress
            self.view.set_status(path, describe(job), progress,
                                 done=job.state == JobState.DONE, error=failed)
        self._dirty.clear()
        if not self._tasks:
            self._timer.stop()

    def _on_open(self, path: Path) -> None:
        job = self.jobs.get(Path(path))
        if job is not None and job.timeline is not None:
            self.resultReady.emit(job.path, job.timeline)
