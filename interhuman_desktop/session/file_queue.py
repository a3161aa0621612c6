"""FileQueue: the batch queue of file analyses (the Analyze view is a thin view over it).

Each added file is checked at once (probe + verdict, on a worker thread). A file within the
limits waits for a slot and is analysed; one outside them waits at the *fit gate* until
``make_it_fit`` (or ``cancel``); a refused one stops there and says why. Uploads share
``concurrency`` slots (one by default). Any failure becomes the job's ``error`` and the
``FAILED`` state, never an exception out of the queue.

A 429 (the service's concurrency or rate limit) pauses every upload of the queue for its
``Retry-After`` (the retry loop of ``api.retry`` waits it out); a job whose retries all met a
429 goes back into its slot after the pause, up to ``RATE_LIMIT_ROUNDS`` times, so a batch over
a busy service slows down instead of failing.

Changes are reported through two plain callbacks, always on the loop's thread (a worker
hops with ``loop.call_soon_threadsafe``): ``on_change(job)`` on every state or progress
change (cheap: a view marks the job dirty and redraws on a timer) and ``on_finished(job)``
once a job reached a final state; :meth:`FileQueue.subscribe` adds more listeners (a batch
over the view's queue). The client comes from an async provider, so this module does not know
whether the local engine or the cloud answers.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from interhumanai import InterhumanClient

from interhuman_desktop.api.errors import AppError, RateLimitedError
from interhuman_desktop.session.file_analysis import (
    AnalysisRequest,
    FileJob,
    JobState,
    Listener,
    check,
    run,
)

log = logging.getLogger(__name__)
ClientProvider = Callable[[], Awaitable[InterhumanClient]]
FINAL = (JobState.DONE, JobState.FAILED, JobState.REFUSED, JobState.CANCELLED)
RATE_LIMIT_ROUNDS = 5  # a job whose upload retries all met a 429 is sent again this often


class FileQueue:
    """Files analysed with bounded concurrency; ``jobs`` maps each path to its newest job."""

    def __init__(self, client_provider: ClientProvider, *, concurrency: int = 1,
                 on_change: Listener | None = None,
                 on_finished: Listener | None = None) -> None:
        self.jobs: dict[Path, FileJob] = {}
        self._client_provider = client_provider
        self._slots = asyncio.Semaphore(concurrency)
        self._listeners: list[tuple[Listener | None, Listener | None]] = [
            (on_change, on_finished)]
        self._paused_until = 0.0  # monotonic time before which no upload starts (a 429)
        self.rate_limited = 0  # 429s met (retries included)
        self._gates: dict[str, asyncio.Event] = {}  # job id → "make it fit" pressed
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None

    # --- public API ------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """True while any job has not finished yet."""
        return bool(self._tasks)

    def subscribe(self, on_change: Listener | None = None,
                  on_finished: Listener | None = None) -> None:
        """Also call these listeners for every job (on the loop's thread)."""
        self._listeners.append((on_change, on_finished))

    def add(self, path: Path, request: AnalysisRequest | None = None) -> FileJob:
        """Queue a file and start its job (needs a running event loop)."""
        loop = asyncio.get_running_loop()
        self._loop, self._loop_thread = loop, threading.get_ident()
        job = FileJob(Path(path), request or AnalysisRequest())
        job.attempt = old.attempt + 1 if (old := self.jobs.get(job.path)) else 1
        self.jobs[job.path] = job
        self._gates[job.id] = asyncio.Event()
        task = loop.create_task(self._run(job), name=f"analyse-{job.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    def make_it_fit(self, path: Path) -> None:
        """Open the fit gate: the file is transcoded or split, then analysed."""
        job = self.jobs.get(Path(path))
        gate = self._gates.get(job.id) if job is not None else None
        if gate is not None:
            gate.set()

    def cancel(self, path: Path) -> None:
        """Cancel a job wherever it is (checking, at the fit gate, queued, uploading)."""
        job = self.jobs.get(Path(path))
        if job is not None:
            job.cancel()
            self.make_it_fit(path)  # wakes a job waiting at the fit gate

    async def wait(self) -> None:
        """Until every job finished (tests, a batch run)."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def aclose(self, grace: float = 5.0) -> None:
        """Cancel every job and give them ``grace`` seconds to end (app shutdown)."""
        for path in list(self.jobs):
            self.cancel(path)
        if not self._tasks:
            return
        _done, pending = await asyncio.wait(set(self._tasks), timeout=grace)
        for task in pending:
            log.warning("file job %s did not end in %.0f s; cancelling it", task.get_name(),
                        grace)
            task.cancel()

    # --- internals ----------------------------------------------------------------------
    async def _run(self, job: FileJob) -> None:
        try:
            await self._analyse(job)
        except Exception as exc:  # shown with the job; the queue keeps going
            log.exception("analysis of %s failed", job.path)
            job.state = JobState.FAILED
            job.error = exc if isinstance(exc, AppError) else AppError(str(exc))
        self._gates.pop(job.id, None)
        self._changed(job)
        for _change, finished in self._listeners:
            try:
                if finished is not None:
                    finished(job)
            except Exception:  # a listener's bug must not hide the job's end
                log.exception("on_finished listener failed for %s", job.path)

    async def _analyse(self, job: FileJob) -> None:
        await check(job, self._changed)
        if job.state == JobState.NEEDS_FIT:
            await self._gates[job.id].wait()
        if job.cancel_event.is_set():
            job.state = JobState.CANCELLED
            return
        if job.state == JobState.REFUSED:
            return
        async with self._slots:
            if job.cancel_event.is_set():
                job.state = JobState.CANCELLED
                return
            client = await self._client_provider()
            for round_ in range(1, RATE_LIMIT_ROUNDS + 1):
                await self._pause()
                await run(job, client, notify=self._changed, on_retry=self._retrying)
                if not isinstance(job.error, RateLimitedError):
                    return
                self._retrying(job.error, 0, job.error.retry_after or 1.0)  # its last 429
                if round_ == RATE_LIMIT_ROUNDS:
                    return  # rate-limited every time: FAILED, in the service's words
                log.info("%s: still rate-limited; sending it again after the pause",
                         job.path.name)
                job.error = None
                job.state = JobState.READY if job.verdict and job.verdict.ok else JobState.NEEDS_FIT

    def _retrying(self, error: AppError, attempt: int, delay: float) -> None:
        """An upload is retried: on a 429, no upload of this queue starts for ``delay``."""
        if isinstance(error, RateLimitedError):
            self.rate_limited += 1
            self._paused_until = max(self._paused_until, time.monotonic() + delay)
            log.info("429 from the service: uploads paused for %.1f s", delay)

    async def _pause(self) -> None:
        # a loop, not an Event: another 429 during the sleep moves the deadline on
        while (wait := self._paused_until - time.monotonic()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(wait)

    def _changed(self, job: FileJob) -> None:
        """Report a change on the loop's thread: the one hop for a caller on a worker."""
        if self._loop is not None and threading.get_ident() != self._loop_thread:
            self._loop.call_soon_threadsafe(self._notify, job)
        else:
            self._notify(job)

    def _notify(self, job: FileJob) -> None:
        for change, _finished in self._listeners:
            if change is not None:
                change(job)
