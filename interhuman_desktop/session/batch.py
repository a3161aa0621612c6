"""A folder batch over the one file queue (``session.file_queue``), resumable from SQLite.

:class:`BatchRun` plans the folder (``session.batch_plan``: what is new, what the library has
already, by content hash), adds every pending file to the queue, opens the fit gate of the
files outside the limits when ``fit`` is set (else leaves them as ``needs_fit``), and saves
each result into the library as it finishes, recording every outcome in the batch store at
once. Killed at any moment, the same batch started again analyses only what has no stored
result. Progress (counts + ETA) and each finished file go to plain callbacks on the loop.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from interhuman_desktop.core.errors import user_message
from interhuman_desktop.session.batch_plan import plan
from interhuman_desktop.session.batch_progress import OPEN, BatchProgress
from interhuman_desktop.session.file_analysis import AnalysisRequest, FileJob, JobState
from interhuman_desktop.session.file_queue import FileQueue
from interhuman_desktop.session.library_sync import save_file_analysis
from interhuman_desktop.storage.batch_store import AsyncBatchStore, BatchFile
from interhuman_desktop.storage.library import AsyncLibrary, Entry

log = logging.getLogger(__name__)

SaveFn = Callable[[FileJob, BatchFile], Awaitable[Entry]]
FileCallback = Callable[[BatchFile], None]
ProgressCallback = Callable[[BatchProgress], None]
NEEDS_FIT = "outside the upload limits: run it again with --fit to transcode or split it"


@dataclass
class BatchOptions:
    folder: Path
    recursive: bool = False
    fit: bool | None = False  # None: files outside the limits wait for the user's choice
    origin: str = "cli"  # who started it (the GUI resumes only its own)
    request: AnalysisRequest = field(default_factory=AnalysisRequest)
    backend: str = "local"


@dataclass
class BatchOutcome:
    batch_id: int
    resumed: bool
    files: list[BatchFile]
    progress: BatchProgress


class BatchRun:
    """One run of a folder batch; :meth:`run` returns when every file has an outcome."""

    def __init__(self, queue: FileQueue, store: AsyncBatchStore, library: AsyncLibrary,
                 options: BatchOptions, *, save: SaveFn | None = None,
                 on_file: FileCallback | None = None,
                 on_progress: ProgressCallback | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.queue, self.store, self.library, self.options = queue, store, library, options
        self._save = save or self._save_to_library
        self._on_file, self._on_progress, self._clock = on_file, on_progress, clock
        self.progress = BatchProgress(started=clock())
        self.batch_id = 0
        self._rows: dict[str, BatchFile] = {}  # job id → its row
        self._started: dict[str, float] = {}  # job id → when it entered a slot
        self._gated: set[str] = set()
        self._open = 0
        self._all_ended = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        queue.subscribe(self._changed, self._finished)

    async def run(self) -> BatchOutcome:
        folder = self.options.folder.resolve()
        self.batch_id, resumed = await self.store.call("open_batch", folder,
                                                       self.options.recursive,
                                                       self.options.origin)
        rows = await plan(self.store, self.library, self.batch_id, folder,
                          self.options.recursive)
        pending = [r for r in rows if r.state in OPEN]
        self.progress = BatchProgress(started=self._clock())
        for row in rows:
            self.progress.add(row.state, row.size)
        self._report()
        self._open = len(pending)
        for row in pending:
            job = self.queue.add(row.path, self.options.request)
            self._rows[job.id] = row
            await self.store.call("mark", self.batch_id, row.path, "queued")
        if self._open:
            await self._all_ended.wait()
        await self.store.call("finish", self.batch_id)
        files: list[BatchFile] = await self.store.call("files", self.batch_id)
        return BatchOutcome(self.batch_id, resumed, files, self.progress)

    def owns(self, job: FileJob) -> bool:
        """Whether this batch added ``job`` to the queue."""
        return job.id in self._rows

    # --- queue listeners (loop thread) ------------------------------------------------
    def _changed(self, job: FileJob) -> None:
        row = self._rows.get(job.id)
        if row is None:
            return
        if job.state == JobState.NEEDS_FIT and job.id not in self._gated:
            self._gated.add(job.id)
            if self.options.fit:
                self.queue.make_it_fit(job.path)
            elif self.options.fit is False:
                self.queue.cancel(job.path)
        if job.state in (JobState.FITTING, JobState.UPLOADING) and job.id not in self._started:
            self._started[job.id] = self._clock()
            self._spawn(self.store.call("mark", self.batch_id, row.path, "running"))

    def _finished(self, job: FileJob) -> None:
        if job.id in self._rows:
            self._spawn(self._record(job))

    def _spawn(self, coro: Awaitable[None]) -> None:
        async def guarded() -> None:
            try:
                await coro
            except Exception:  # a task boundary: logged, the batch goes on
                log.exception("batch %d: recording a file's state failed", self.batch_id)

        task = asyncio.get_running_loop().create_task(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _record(self, job: FileJob) -> None:
        row = self._rows[job.id]
        state, entry_id, detail = await self._outcome(job, row)
        start = self._started.get(job.id)
        seconds = self._clock() - start if start is not None else None
        try:
            await self.store.call("mark", self.batch_id, row.path, state, entry_id=entry_id,
                                  detail=detail, seconds=seconds)
            self.progress.ended(state, row.size, analysed=state in ("done", "failed"))
            if self._on_file is not None:
                self._on_file(BatchFile(row.path, row.size, row.mtime_ns, row.content_hash,
                                        state, entry_id, detail, seconds, row.attempts + 1))
            self._report()
        finally:
            self._open -= 1
            if self._open <= 0:
                self._all_ended.set()

    async def _outcome(self, job: FileJob, row: BatchFile) -> tuple[str, int | None, str]:
        if job.state == JobState.DONE:
            try:
                entry = await self._save(job, row)
            except Exception as exc:  # the result is lost, not the batch: shown, run again
                log.exception("could not save the analysis of %s", job.path)
                return "failed", None, f"analysed, but not saved into the library: {exc}"
            return "done", entry.id, f"{len(job.timeline.signals) if job.timeline else 0} signals"
        if job.state == JobState.REFUSED and job.verdict is not None:
            return "refused", None, " ".join(job.verdict.reasons)
        if job.state == JobState.CANCELLED and job.id in self._gated and self.options.fit is False:
            reasons = " ".join(job.verdict.reasons) if job.verdict else ""
            return "needs_fit", None, f"{reasons} ({NEEDS_FIT})".strip()
        if job.state == JobState.CANCELLED:
            return "cancelled", None, ""
        return "failed", None, _error_text(job)

    async def _save_to_library(self, job: FileJob, row: BatchFile) -> Entry:
        assert job.timeline is not None
        return await save_file_analysis(
            self.library, job.path, job.timeline, list(job.raw_results),
            duration=job.info.duration if job.info is not None else None,
            backend=self.options.backend, part_offsets=[p.offset for p in job.parts],
            content_hash=row.content_hash)

    def _report(self) -> None:
        if self._on_progress is not None:
            self._on_progress(self.progress)


def _error_text(job: FileJob) -> str:
    return " ".join(user_message(job.error).split()) if job.error is not None else "failed"
