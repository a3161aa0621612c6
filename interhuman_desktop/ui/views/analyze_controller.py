"""AnalyzeController: the Analyze view over the batch queue (``session.file_queue``).

The queue does the work: each file is checked at once (probe + verdict) and its card shows the
pre-flight; a file within the limits is analysed; one outside them waits at the fit gate for
"Make it fit"; a refused one says why; uploads run one at a time. This controller only adapts:
view signals become queue calls, the queue's ``on_change`` marks a card dirty (a 5 Hz timer
redraws it) and ``on_finished`` becomes the ``analysed`` signal. The queue calls back on the
loop's thread, which under qasync is the GUI thread. The backend client comes from an injected
async provider, so this module never imports the engine or the cloud. A dropped folder is a
resumable batch on the same queue (``session.batch_service``, once :meth:`enable_batches`
gave it the library): its files get cards as it queues them, it saves their results itself,
and the view shows its counts and ETA.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from interhuman_desktop.session.batch import SaveFn
from interhuman_desktop.session.batch_progress import BatchProgress
from interhuman_desktop.session.batch_service import BatchService
from interhuman_desktop.session.file_analysis import AnalysisRequest, FileJob, JobState
from interhuman_desktop.session.file_queue import ClientProvider, FileQueue
from interhuman_desktop.session.library_sync import cqi_of
from interhuman_desktop.session.timeline import band_name
from interhuman_desktop.session.v2_upload import V2Target
from interhuman_desktop.storage.batch_store import BatchFile
from interhuman_desktop.storage.library import AsyncLibrary, Entry
from interhuman_desktop.ui.tasks import running_loop
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_text import error_details
from interhuman_desktop.ui.views.library_controller import LibraryController

log = logging.getLogger(__name__)
__all__ = ["AnalyzeController", "ClientProvider", "describe"]


def describe(job: FileJob) -> str:
    """One line of status for a job, in the user's words."""
    state = job.state
    if state == JobState.UPLOADING:
        parts = f" (part {job.part_index + 1} of {len(job.parts)})" if len(job.parts) > 1 else ""
        request = job.request  # goals or a context send a V2-set upload through V1: say so
        v1 = request.v2 is not None and bool(request.goal_dimensions
                                             or request.conversation_context)
        return f"Uploading… {job.progress:.0%}{parts}" + (
            " (Inter-1 upload: only it gives feedback on goals)" if v1 else "")
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
        self.queue = (FileQueue(client_provider, on_change=self._mark,
                                on_finished=self._finished)
                      if client_provider is not None else None)
        self._dirty: set[Path] = set()
        self.batches: BatchService | None = None
        self.v2_target: Callable[[], V2Target | None] | None = None  # set by the main window
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._flush)
        view.filesAdded.connect(self.analyse)
        view.cancelRequested.connect(self.cancel)
        view.openRequested.connect(self._on_open)
        view.fitRequested.connect(self.make_it_fit)
        view.foldersAdded.connect(self.analyse_folders)

    @property
    def jobs(self) -> dict[Path, FileJob]:
        return self.queue.jobs if self.queue is not None else {}

    def analyse(self, paths: list[Path]) -> None:
        """Queue a job per file (needs a running asyncio loop and a client provider)."""
        if self.queue is None or running_loop() is None:
            for path in paths:
                self.view.set_status(path, "Waiting — no analysis backend in this build", 0.0)
            return
        for path in paths:
            self.queue.add(Path(path), self._request())
        self._timer.start()

    def enable_batches(self, library: AsyncLibrary | LibraryController,
                       backend: Callable[[], str] = lambda: "local") -> None:
        """Let dropped folders run as resumable batches saving into the library (through the
        Library's controller when given, so its view refreshes)."""
        ctl = library if isinstance(library, LibraryController) else None
        store = ctl.library if ctl is not None else library
        if self.queue is None or not isinstance(store, AsyncLibrary):
            return
        save: SaveFn | None = None
        if ctl is not None:
            async def save(job: FileJob, _row: BatchFile) -> Entry:
                duration = job.info.duration if job.info is not None else None
                assert job.timeline is not None
                task = ctl.save_file(job.path, job.timeline, job.raw_results, duration, backend())
                if task is None:
                    raise RuntimeError("the library is closed")
                entry: Entry = await task
                return entry
        self.batches = BatchService(self.queue, store, save, on_progress=self._batch_progress)

    def analyse_folders(self, folders: list[Path]) -> None:
        if self.batches is None or running_loop() is None:
            self.view.set_batch_progress("Folders need the library and an analysis backend")
            return
        for folder in folders:
            self.batches.start(Path(folder), self._request())
        self._timer.start()

    def resume_batches(self) -> None:
        """Start again the folder batches the app left unfinished (at start-up)."""
        if self.batches is not None and running_loop() is not None:
            self.batches.start_resume(self._request())

    def _request(self) -> AnalysisRequest:
        return AnalysisRequest(goal_dimensions=self.view.goals(),
                               conversation_context=self.view.context() or None,
                               v2=self.v2_target() if self.v2_target else None)

    def _batch_progress(self, progress: BatchProgress) -> None:
        self.view.set_batch_progress(f"Folder: {progress.text(time.monotonic())}")

    async def resume_jobs(self) -> list[Path]:
        """Analyse again the files whose V2 job the last run left pending: the job is resumed
        (polled), not submitted again (session.v2_upload)."""
        target = self.v2_target() if self.v2_target else None
        paths = await target.pending_files() if target is not None else []
        if paths:
            log.info("resuming %d pending upload job(s)", len(paths))
            self.view.add_files(paths)  # cards, then filesAdded → analyse
        return paths

    def make_it_fit(self, path: Path) -> None:
        if self.queue is not None:
            self.queue.make_it_fit(path)

    def cancel(self, path: Path) -> None:
        if self.queue is not None:
            self.queue.cancel(path)

    async def wait(self) -> None:
        if self.batches is not None:
            await self.batches.wait()
        if self.queue is not None:
            await self.queue.wait()
        self._flush()

    async def aclose(self) -> None:
        """Cancel running jobs (app shutdown)."""
        if self.queue is not None:
            await self.queue.aclose()
        if self.batches is not None:
            await self.batches.aclose()
        self._timer.stop()

    def _mark(self, job: FileJob) -> None:
        if job.path not in self.view.cards and self.batches and self.batches.owns(job):
            self.view.add_batch_files([job.path])
        self._dirty.add(job.path)

    def _finished(self, job: FileJob) -> None:
        if job.state == JobState.DONE and not (self.batches and self.batches.owns(job)):
            self.analysed.emit(job)  # a batch saves its own results

    def _flush(self) -> None:
        jobs = self.jobs
        for path in list(self._dirty):
            job = jobs.get(path)
            if job is not None and path in self.view.cards:
                self._show(job)
        self._dirty.clear()
        if self.queue is None or not self.queue.busy:
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
