"""AnalyzeController: the Analyze view over the queue (``session.file_queue``), which does the
work (check, fit gate, upload); this only adapts: view signals become queue calls, ``on_change``
marks a card dirty (a 5 Hz timer redraws it), ``on_finished`` is the ``analysed`` signal. Queue
callbacks come on the loop's thread (under qasync, the GUI thread); the client comes from a
provider. Folders: ``analyze_batches``; card texts: ``analyze_cards``; ``jobChanged(job)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from interhuman_desktop.api.errors import NetworkError
from interhuman_desktop.session.batch_service import BatchService
from interhuman_desktop.session.file_analysis import AnalysisRequest, FileJob, JobState
from interhuman_desktop.session.file_queue import ClientProvider, FileQueue
from interhuman_desktop.session.v2_upload import V2Target
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.tasks import running_loop
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_batches import folder_batches
from interhuman_desktop.ui.views.analyze_cards import describe, show_job
from interhuman_desktop.ui.views.library_controller import LibraryController

log = logging.getLogger(__name__)
__all__ = ["AnalyzeController", "ClientProvider", "describe"]
RETRYABLE = (JobState.FAILED, JobState.REFUSED, JobState.CANCELLED)


def _stamp(path: Path) -> tuple[int, int]:
    """(size, mtime) of a file: what "changed since" compares; (-1, -1) when it is gone."""
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


class AnalyzeController(QObject):
    """Connects an :class:`AnalyzeView` to file analysis; ``resultReady(path, timeline)`` when
    the user opens a result, ``analysed(job)`` once a job is done (the library keeps it).

    ``client_provider`` serves the Settings' backend (``backend_kind()``); ``providers`` may add
    a forced "local" / "cloud" one (Analyse locally, Re-analyse…), each with its own queue."""

    resultReady = Signal(object, object)
    analysed = Signal(object)  # FileJob
    jobChanged = Signal(object)  # FileJob: any state or progress change (the status bar)

    def __init__(self, view: AnalyzeView, client_provider: ClientProvider | None,
                 parent: QObject | None = None, *,
                 providers: dict[str, ClientProvider] | None = None,
                 backend_kind: Callable[[], str] | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.client_provider = client_provider
        self.providers = dict(providers or {})
        self.backend_kind = backend_kind or (lambda: "local")
        self._queues: dict[str, FileQueue] = {}  # "" = the Settings' backend
        self._where: dict[Path, str] = {}  # path → the queue its newest job is in
        self._stamps: dict[Path, tuple[int, int]] = {}  # path → (size, mtime) when queued
        self.queue = self._queue("")
        self._dirty: set[Path] = set()
        self.batches: BatchService | None = None
        # set by the main window: the V2 job targets for a backend kind ("local" / "cloud")
        self.v2_target: Callable[[str], V2Target | None] | None = None
        self.sound_target: Callable[[str], V2Target | None] | None = None  # sound only, on V1
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._flush)
        view.filesAdded.connect(self.analyse)
        view.cancelRequested.connect(self.cancel)
        view.openRequested.connect(self._on_open)
        view.fitRequested.connect(self.make_it_fit)
        view.foldersAdded.connect(self.analyse_folders)
        view.reopened.connect(self.reopen)
        view.retryRequested.connect(self.retry)
        view.localRequested.connect(lambda p: self.retry(p, "local"))

    @property
    def jobs(self) -> dict[Path, FileJob]:
        out: dict[Path, FileJob] = {}
        for path, key in self._where.items():
            job = self._queues[key].jobs.get(path) if key in self._queues else None
            if job is not None:
                out[path] = job
        return out

    def kind_of(self, path: Path) -> str:
        """"local" or "cloud": the backend the newest job of ``path`` went to."""
        key = self._where.get(Path(path), "")
        return key or self.backend_kind()

    def analyse(self, paths: list[Path], request: AnalysisRequest | None = None,
                kind: str = "") -> None:
        """Queue a job per file (needs a running asyncio loop and a client provider)."""
        key = "" if kind in ("", self.backend_kind()) else kind
        queue = self._queue(key)
        if queue is None or running_loop() is None:
            for path in paths:
                self.view.set_status(path, "Waiting — no analysis backend in this build", 0.0)
            return
        for path in map(Path, paths):
            self._where[path], self._stamps[path] = key, _stamp(path)
            # the job record follows the backend that runs it (a forced "local" retry is
            # not the cloud's result), whatever the request was made for
            queue.add(path, replace(request or self._request(), v2=self._v2(key),
                                    sound_only=self._v2(key, sound=True)))
            self._dirty.add(path)
        self._timer.start()

    def retry(self, path: Path, kind: str | None = None) -> None:
        """Analyse ``path`` again with its last request (``kind``: another backend)."""
        path = Path(path)
        job = self.jobs.get(path)
        self.analyse([path], job.request if job else None,
                     self.kind_of(path) if kind is None else kind)

    def reanalyse(self, path: Path, goals: tuple[str, ...], kind: str) -> None:
        """Library's "Re-analyse…": the recording again, other goals or another backend."""
        self.view.ensure_card(path)
        request = replace(self._request(), goal_dimensions=tuple(goals))
        self.analyse([path], request, kind)

    def reopen(self, paths: list[Path]) -> None:
        """Files added again: a failed or changed one is queued again; an unchanged done one
        says so; one still in progress carries on. (Like a new file: the Settings' backend.)"""
        for path in map(Path, paths):
            job = self.jobs.get(path)
            if job is None or job.state in RETRYABLE:
                self.retry(path, "")
            elif job.state == JobState.DONE and _stamp(path) != self._stamps.get(path):
                log.info("%s changed since its analysis: analysing it again", path.name)
                self.retry(path, "")
            elif job.state == JobState.DONE:
                self.view.set_status(path, "Already analysed, and the file has not changed "
                                     "since: open it in Review", 1.0, done=True)

    def enable_batches(self, library: AsyncLibrary | LibraryController,
                       backend: Callable[[], str] = lambda: "local") -> None:
        """Let dropped folders run as resumable batches saving into the library (through the
        Library's controller when given, so its view refreshes)."""
        service = None if self.queue is None else folder_batches(
            self.queue, library, backend, self.view.set_batch_progress)
        self.batches = service if service is not None else self.batches

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
                               v2=self._v2(""))

    def _v2(self, key: str, sound: bool = False) -> V2Target | None:
        """The V2 target of queue ``key`` ("": the Settings' backend); ``sound``: the one for a
        sound-only file (Inter-2 audio) when the Settings choose V1."""
        pick = self.sound_target if sound else self.v2_target
        return pick(key or self.backend_kind()) if pick else None

    async def resume_jobs(self) -> list[Path]:
        """Analyse again the files whose V2 job the last run left pending: the job is resumed
        (polled), not submitted again (session.v2_upload)."""
        target = self._v2("")
        paths = await target.pending_files() if target is not None else []
        if paths:
            log.info("resuming %d pending upload job(s)", len(paths))
            self.view.add_files(paths)  # cards, then filesAdded → analyse
        return paths

    def make_it_fit(self, path: Path) -> None:
        if (queue := self._queue_of(path)) is not None:
            queue.make_it_fit(path)

    def cancel(self, path: Path) -> None:
        if (queue := self._queue_of(path)) is not None:
            queue.cancel(path)

    async def wait(self) -> None:
        if self.batches is not None:
            await self.batches.wait()
        for queue in list(self._queues.values()):
            await queue.wait()
        self._flush()

    async def aclose(self) -> None:
        """Cancel running jobs (app shutdown)."""
        for queue in list(self._queues.values()):
            await queue.aclose()
        if self.batches is not None:
            await self.batches.aclose()
        self._timer.stop()

    def _queue(self, key: str) -> FileQueue | None:
        if key not in self._queues:
            provider = self.client_provider if key == "" else self.providers.get(key)
            if provider is None:
                return None
            self._queues[key] = FileQueue(provider, on_change=self._mark,
                                          on_finished=self._finished)
        return self._queues[key]

    def _queue_of(self, path: Path) -> FileQueue | None:
        return self._queues.get(self._where.get(Path(path), ""))

    def _offers_local(self, job: FileJob) -> bool:
        """A network failure on the cloud, with a local engine to fall back on."""
        return (isinstance(job.error, NetworkError) and self.kind_of(job.path) == "cloud"
                and (self.backend_kind() == "local" or "local" in self.providers))

    def _mark(self, job: FileJob) -> None:
        if self.batches and self.batches.owns(job):  # a batch runs on the Settings' queue
            self._where[job.path] = ""  # so ``jobs`` has it and its card updates
            if job.path not in self.view.cards:
                self.view.add_batch_files([job.path])
        self._dirty.add(job.path)
        self.jobChanged.emit(job)

    def _finished(self, job: FileJob) -> None:
        if job.state == JobState.DONE and not (self.batches and self.batches.owns(job)):
            self.analysed.emit(job)  # a batch saves its own results

    def _flush(self) -> None:
        jobs = self.jobs
        for path in list(self._dirty):
            job = jobs.get(path)
            if job is not None and path in self.view.cards:
                show_job(self.view, job, self._offers_local(job))
        self._dirty.clear()
        if not any(q.busy for q in self._queues.values()):
            self._timer.stop()

    def _on_open(self, path: Path) -> None:
        job = self.jobs.get(Path(path))
        if job is not None and job.timeline is not None:
            self.resultReady.emit(job.path, job.timeline)
