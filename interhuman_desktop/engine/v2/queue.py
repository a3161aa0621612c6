"""The bounded job queue: ``concurrency`` jobs analysed at once on their own worker threads,
at most ``queue`` more waiting; every job is an asyncio task of the engine, not of the request
that submitted it, so a client that goes away (or stops waiting) does not stop its job.

Admission: more than ``max_jobs`` unexpired jobs in the store → 503 ``ih1002``; more than
``concurrency + queue`` queued or running → 429 ``ih3002``. ``start`` fails what a previous
process left queued or running as ``ih1004``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.errors import EngineError, error_body
from interhuman_desktop.engine.v2_settings import V2Settings

from . import errors as _v2_errors  # noqa: F401 - adds the V2 ids
from .store import Job, JobStore

log = logging.getLogger(__name__)

Work = Callable[[Job], dict[str, Any]]
"""Analyse one job on a worker thread: its ``result``, or EngineError."""

RETRY_AFTER = "2"


class JobQueue:
    def __init__(self, settings: V2Settings, work: Work) -> None:
        self.settings = settings
        self._work = work
        path = settings.state_dir / "jobs.sqlite" if settings.state_dir else None
        self.store = JobStore(path)
        self._executor = ThreadPoolExecutor(settings.concurrency, thread_name_prefix="v2-job")
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._done: dict[str, asyncio.Event] = {}
        self.stopping = threading.Event()  # tells running analyses to give up (see close)

    def start(self) -> int:
        """Fail the jobs a previous process left unfinished (ih1004); how many there were."""
        jobs = self.store.unfinished()
        for job in jobs:
            _remove(job.file)
            job.file, job.status = None, "failed"
            job.error = error_body(ErrorId.JOB_INTERRUPTED, job.correlation_id)
            self.store.save(job)
        if jobs:
            log.info("%d job(s) interrupted by the restart failed as ih1004", len(jobs))
        return len(jobs)

    async def close(self) -> None:
        """Stop: running analyses end at their next frame; their jobs stay ``running`` in the
        store, so the next start fails them as ih1004."""
        self.stopping.set()
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.store.close()

    def submit(self, model: str, include: list[str], file: Path, cid: str) -> Job:
        """Admit a job (or raise ih1002 / ih3002) and start it; the job owns ``file`` now."""
        now = time.time()
        for path in self.store.purge(now):
            _remove(path)
        total, live = self.store.count(now)
        if total >= self.settings.max_jobs:
            raise EngineError(ErrorId.TOO_MANY_JOBS)
        if live >= self.settings.concurrency + self.settings.queue:
            raise EngineError(ErrorId.CONCURRENCY_LIMIT)
        job = Job(uuid.uuid4().hex, "queued", model, now, now + self.settings.job_ttl,
                  include, cid, str(file))
        self.store.insert(job)
        self._done[job.job_id] = asyncio.Event()
        self._tasks[job.job_id] = asyncio.create_task(self._run(job), name=f"job-{job.job_id}")
        log.info("job %s accepted (%s, %d live)", job.job_id, model, live + 1)
        return job

    def get(self, job_id: str) -> Job | None:
        return self.store.get(job_id)

    async def wait(self, job_id: str, seconds: float) -> None:
        """Until the job is terminal or ``seconds`` passed (the job goes on either way)."""
        done = self._done.get(job_id)
        if done is not None and seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(done.wait()), seconds)

    async def _run(self, job: Job) -> None:
        try:
            async with self._slots:
                job.status = "running"
                self.store.save(job)
                if self.settings.job_delay:
                    await asyncio.sleep(self.settings.job_delay)
                await self._analyse(job)
        finally:
            _remove(job.file)
            self._tasks.pop(job.job_id, None)
            done = self._done.pop(job.job_id, None)
            if done is not None:
                done.set()

    async def _analyse(self, job: Job) -> None:
        loop = asyncio.get_running_loop()
        try:
            job.result = await loop.run_in_executor(self._executor, self._work, job)
            job.status = "completed"
        except EngineError as exc:
            job.status, job.error = "failed", error_body(exc.error_id, job.correlation_id,
                                                         exc.message)
        except Exception:  # the job fails; the engine goes on
            log.exception("job %s crashed", job.job_id)
            job.status, job.error = "failed", error_body(ErrorId.INTERNAL, job.correlation_id)
        _remove(job.file)
        job.file = None
        self.store.save(job)
        log.info("job %s %s", job.job_id, job.status)


def _remove(path: str | None) -> None:
    if path:
        Path(path).unlink(missing_ok=True)
