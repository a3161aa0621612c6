"""AnalyzeController: runs dropped files through ``session.file_analysis`` and shows progress.

Each file is checked at once (probe + verdict, on a worker thread) and its card shows the
pre-flight. A file within the limits is analysed; one outside them waits for "Make it fit";
a refused one says why. Uploads run one at a time as asyncio tasks on the app's (qasync) loop.
``notify`` from the job only marks it dirty; a 5 Hz timer updates the cards. The backend client
comes from an injected async provider, so this module never imports the engine or the cloud.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from interhuman_desktop.api.errors import AppError
from interhuman_desktop.session.file_analysis import AnalysisRequest, FileJob, JobState, check, run
from interhuman_desktop.session.library_sync import cqi_of
from interhuman_desktop.session.timeline import band_name
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_text import error_details

log = logging.getLogger(__name__)
ClientProvider = Callable[[], Awaitable[Any]]  # -> interhumanai.InterhumanClient
FINAL = (JobState.DONE, JobState.FAILED, JobState.REFUSED, JobState.CANCELLED)


def describe(job: FileJob) -> str:
    """One line of status for a job, in the user's words."""
    state = job.state
    if state == JobState.UPLOADING:
        parts = f" (part {job.part_index + 1} of {len(job.parts)})" if len(job.parts) > 1 else ""
        return f"Uploading… {job.progress:.0%}{parts}"
    if state == JobState.REFUSED:
        return "Refused: this file cannot be analysed (see above)"
    if state == JobState.FAILED:
        return "Failed: " + error_details(job.error)[0]
    if state == JobState.DONE and job.timeline is not None:
        return _done_text(job)
    return {JobState.QUEUED: "Queued", JobState.CHECKING: "Checking the file…",
            JobState.READY: "Waiting for the file ahead",
            JobState.NEEDS_FIT: "Outside the limits: press “Make it fit” to transcode or split it",
            JobState.FITTING: "Making it fit (transcoding / splitting)…",
            JobState.ANALYSING: "Uploaded; analysing…", JobState.CANCELLED: "Cancelled"}.get(
        state, state.value)


def _done_text(job: FileJob) -> str:
    tl = job.timeline
    assert tl is not None
    text = f"Analysed: {len(tl.signals)} signals"
    qi = cqi_of(tl)
    if qi is not None:
        text += f", quality index {qi:.0f} ({band_name(qi)})"
    n = len(tl.feedback)
    return text + (f", {n} feedback note{'s' if n != 1 else ''}" if n else "")


class AnalyzeController(QObject):
    """Connects an :class:`AnalyzeView` to file analysis; ``resultReady(path, timeline)`` when
    the user opens a result, ``analysed(job)`` once a job is done (the library keeps it)."""

    resultReady = Signal(object, object)
    analysed = Signal(object)  # FileJob

    def __init__(self, view: AnalyzeView, client_provider: ClientProvider | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.client_provider = client_provider
        self.jobs: dict[Path, FileJob] = {}
        self._fit: dict[Path, asyncio.Event] = {}
        self._dirty: set[Path] = set()
        self._tasks: set[asyncio.Task] = set()
        self._slots: asyncio.Semaphore | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._flush)
        view.filesAdded.connect(self.analyse)
        view.cancelRequested.connect(self.cancel)
        view.openRequested.connect(self._on_open)
        view.fitRequested.connect(self.make_it_fit)

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
            request = AnalysisRequest(goal_dimensions=self.view.goals(),
                                      conversation_context=self.view.context() or None)
            job = self.jobs[Path(path)] = FileJob(Path(path), request)
            self._fit[job.path] = asyncio.Event()
            task = loop.create_task(self._run(job), name=f"analyse-{job.id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self._timer.start()

    def make_it_fit(self, path: Path) -> None:
        event = self._fit.get(Path(path))
        if event is not None:
            event.set()

    def cancel(self, path: Path) -> None:
        job = self.jobs.get(Path(path))
        if job is not None:
            job.cancel()
            self.make_it_fit(path)  # wakes a job waiting for "Make it fit"

    async def wait(self) -> None:
        while self._tasks:
            await asyncio.wait(set(self._tasks))
        self._flush()

    async def aclose(self) -> None:
        """Cancel running jobs (app shutdown)."""
        for job in self.jobs.values():
            job.cancel()
            self.make_it_fit(job.path)
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=5)
        self._timer.stop()

    async def _run(self, job: FileJob) -> None:
        try:
            await self._analyse(job)
        except Exception as exc:  # shown on the card; the app keeps going
            log.exception("analysis of %s failed", job.path)
            job.state = JobState.FAILED
            job.error = exc if isinstance(exc, AppError) else AppError(str(exc))
        self._dirty.add(job.path)
        if job.state == JobState.DONE:
            self.analysed.emit(job)

    async def _analyse(self, job: FileJob) -> None:
        assert self.client_provider is not None and self._slots is not None
        notify = self._mark
        await check(job, notify)
        if job.state == JobState.NEEDS_FIT:
            await self._fit[job.path].wait()
        if job.cancel_event.is_set():
            job.state = JobState.CANCELLED
            return
        if job.state == JobState.REFUSED:
            return
        async with self._slots:
            if job.cancel_event.is_set():
                job.state = JobState.CANCELLED
                return
            client = await self.client_provider()
            await run(job, client, notify=notify)

    def _mark(self, job: FileJob) -> None:
        self._dirty.add(job.path)

    def _flush(self) -> None:
        for path in list(self._dirty):
            job = self.jobs.get(path)
            if job is not None and path in self.view.cards:
                self._show(job)
        self._dirty.clear()
        if not self._tasks:
            self._timer.stop()

    def _show(self, job: FileJob) -> None:
        view, state = self.view, job.state
        if job.info is not None:
            view.set_check(job.path, job.info, job.verdict)
        failed = state in (JobState.FAILED, JobState.REFUSED, JobState.CANCELLED)
        if state == JobState.FAILED:
            view.set_error(job.path, error_details(job.error)[1])
        progress = None if state in (JobState.CHECKING, JobState.FITTING,
                                     JobState.ANALYSING) else job.progress
        view.set_status(job.path, describe(job), progress, done=state == JobState.DONE,
                        error=failed, fit=state == JobState.NEEDS_FIT)

    def _on_open(self, path: Path) -> None:
        job = self.jobs.get(Path(path))
        if job is not None and job.timeline is not None:
            self.resultReady.emit(job.path, job.timeline)
