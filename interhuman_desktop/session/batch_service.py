"""Folder batches of the app (no Qt): dropped folders become resumable batches on the view's
one :class:`~interhuman_desktop.session.file_queue.FileQueue`.

The batch store sits beside the library (``batch.sqlite3``); the batches the app started and
did not finish (it was killed or quit mid-batch) are started again by :meth:`resume`. Files
outside the upload limits wait at the fit gate for the user, as single files do. Results are
saved through the injected ``save`` (the app's library controller, so the Library refreshes).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from interhuman_desktop.session.batch import (
    BatchOptions,
    BatchOutcome,
    BatchRun,
    FileCallback,
    ProgressCallback,
    SaveFn,
)
from interhuman_desktop.session.file_analysis import AnalysisRequest, FileJob
from interhuman_desktop.session.file_queue import FileQueue
from interhuman_desktop.storage.batch_store import DB_NAME, AsyncBatchStore
from interhuman_desktop.storage.library import AsyncLibrary

log = logging.getLogger(__name__)
ORIGIN = "gui"


class BatchService:
    """Starts and resumes folder batches; ``runs`` are the ones under way."""

    def __init__(self, queue: FileQueue, library: AsyncLibrary, save: SaveFn | None = None, *,
                 on_progress: ProgressCallback | None = None,
                 on_file: FileCallback | None = None) -> None:
        self.queue, self.library, self._save = queue, library, save
        self._on_progress, self._on_file = on_progress, on_file
        self._store: AsyncBatchStore | None = None
        self.runs: list[BatchRun] = []
        self._tasks: set[asyncio.Task[Any]] = set()

    def owns(self, job: FileJob) -> bool:
        return any(run.owns(job) for run in self.runs)

    def start(self, folder: Path, request: AnalysisRequest | None = None,
              recursive: bool = False) -> asyncio.Task[BatchOutcome | None]:
        """Analyse ``folder`` as a batch (resumed if one of it is unfinished)."""
        options = BatchOptions(Path(folder), recursive=recursive, fit=None,
                               request=request or AnalysisRequest(), origin=ORIGIN)
        task = asyncio.get_running_loop().create_task(self._run(options),
                                                      name=f"batch-{Path(folder).name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def start_resume(self, request: AnalysisRequest | None = None) -> None:
        """:meth:`resume` as a task (from a synchronous caller at start-up)."""
        task = asyncio.get_running_loop().create_task(self._resume_logged(request))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _resume_logged(self, request: AnalysisRequest | None) -> None:
        try:
            await self.resume(request)
        except Exception:  # a task boundary: logged, the app goes on
            log.exception("could not resume the unfinished folder batches")

    async def resume(self, request: AnalysisRequest | None = None) -> list[Path]:
        """Start again every batch the app left unfinished; returns their folders."""
        store = await self._opened()
        found: list[tuple[Path, bool]] = await store.call("unfinished", ORIGIN)
        for folder, recursive in found:
            if folder.is_dir():
                log.info("resuming the batch of %s", folder)
                self.start(folder, request, recursive)
        return [folder for folder, _ in found if folder.is_dir()]

    async def wait(self) -> None:
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def aclose(self) -> None:
        """Stop waiting for the batches (their jobs are the queue's to cancel); close the store."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._store is not None:
            store, self._store = self._store, None
            await asyncio.to_thread(store.close)

    async def _opened(self) -> AsyncBatchStore:
        if self._store is None:
            self._store = await asyncio.to_thread(AsyncBatchStore, self.library.root / DB_NAME)
        return self._store

    async def _run(self, options: BatchOptions) -> BatchOutcome | None:
        run = BatchRun(self.queue, await self._opened(), self.library, options, save=self._save,
                       on_file=self._on_file, on_progress=self._on_progress)
        self.runs.append(run)
        try:
            return await run.run()
        except Exception:  # a task boundary: logged, the app goes on
            log.exception("the batch of %s failed", options.folder)
            return None
        finally:
            self.runs.remove(run)
