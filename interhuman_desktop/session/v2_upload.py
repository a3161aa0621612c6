"""One file through a V2 upload job, resumable (decisions #19).

Before submitting, the library's job records for this file (by content hash), model and
service decide: a completed job whose stored result has the sections asked for is used as is
(never submitted twice); a job still pending and within its hour is polled again (an app
killed mid-analysis resumes here); otherwise the file is submitted and the job is recorded the
moment it is accepted. A job gone after its hour (404 ``ih4021``) or failed as interrupted
(``ih1004``) or by an overloaded instance is submitted once more.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from interhumanai import InterhumanClient
from interhumanai.types import UploadJob

from interhuman_desktop.api.backend import CLOUD_BASE_URL
from interhuman_desktop.api.errors import AppError, ServiceError
from interhuman_desktop.api.jobs import (
    MODELS,
    POLL_TIMEOUT,
    JobFailed,
    JobReply,
    RetryFn,
    job_include,
    poll_job,
    submit_job,
)
from interhuman_desktop.api.upload import ProgressFn, UploadOutcome
from interhuman_desktop.api.v2_result import analysis_from_job
from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.storage.v2_jobs import StoredJob, file_hash

log = logging.getLogger(__name__)

RESUBMIT_IDS = frozenset({ErrorId.JOB_INTERRUPTED, ErrorId.TOO_MANY_JOBS,
                          ErrorId.BACKEND_UNAVAILABLE, ErrorId.JOB_UNKNOWN})


class JobLedger(Protocol):
    """Where accepted jobs are kept (the library: :class:`LibraryLedger`)."""

    async def record(self, **fields: Any) -> StoredJob: ...

    async def update(self, base_url: str, job_id: str, **fields: Any) -> None: ...

    async def for_file(self, digest: str, model: str, base_url: str) -> list[StoredJob]: ...

    async def pending(self) -> list[StoredJob]: ...


class LibraryLedger:
    """The job records of an :class:`~interhuman_desktop.storage.library.AsyncLibrary`."""

    def __init__(self, library: Any) -> None:
        self.library = library

    async def record(self, **fields: Any) -> StoredJob:
        job: StoredJob = await self.library.call("record_job", **fields)
        return job

    async def update(self, base_url: str, job_id: str, **fields: Any) -> None:
        await self.library.call("update_job", base_url, job_id, **fields)

    async def for_file(self, digest: str, model: str, base_url: str) -> list[StoredJob]:
        jobs: list[StoredJob] = await self.library.call("jobs_for_file", digest, model, base_url)
        return jobs

    async def pending(self) -> list[StoredJob]:
        jobs: list[StoredJob] = await self.library.call("pending_jobs")
        return jobs


@dataclass
class V2Hooks:
    on_progress: ProgressFn | None = None
    on_retry: RetryFn | None = None
    on_status: Callable[[UploadJob], object] | None = None
    note: Callable[[str], object] = log.info


@dataclass
class V2Upload:
    """One file's V2 analysis: ``run()`` returns the outcome (V1-shaped result, raw envelope)."""

    client: InterhumanClient
    ledger: JobLedger
    base_url: str
    path: Path
    model: str = "inter-2"
    include: tuple[str, ...] = ()
    hooks: V2Hooks | None = None
    cancel: asyncio.Event | None = None
    poll_timeout: float = POLL_TIMEOUT
    submitted: int = 0  # jobs this run submitted (0 when it reused or resumed one)

    async def run(self) -> UploadOutcome:
        hooks = self.hooks or V2Hooks()
        digest = await asyncio.to_thread(file_hash, self.path)
        wanted = set(job_include(self.include))
        for stored in await self.ledger.for_file(digest, self.model, self.base_url):
            if stored.status == "completed" and stored.result and wanted <= set(stored.include):
                hooks.note(f"{self.path.name}: already analysed (job {stored.job_id}); "
                           "using the stored result")
                return _outcome(stored.result)
            if stored.pending and not stored.expired_at():
                hooks.note(f"{self.path.name}: resuming job {stored.job_id}")
                try:
                    return await self._follow(stored.job_id, None, hooks)
                except ServiceError as exc:
                    if exc.error_id not in RESUBMIT_IDS:
                        raise
                    hooks.note(f"{self.path.name}: {exc.error_id}; submitting again")
                break
        return await self._submit_and_follow(digest, hooks, retry=True)

    async def _submit_and_follow(self, digest: str, hooks: V2Hooks, *, retry: bool
                                 ) -> UploadOutcome:
        reply = await submit_job(self.client, self.path, model=self.model, include=self.include,
                                 on_progress=hooks.on_progress, cancel=self.cancel,
                                 on_retry=hooks.on_retry)
        self.submitted += 1
        job = reply.job
        await self.ledger.record(
            job_id=job.job_id, base_url=self.base_url, file_hash=digest,
            file_path=str(self.path), model=self.model, include=job_include(self.include),
            created_at=job.created_at.isoformat(), expires_at=job.expires_at.isoformat(),
            status=job.status.value)
        log.info("job %s accepted for %s", job.job_id, self.path.name)
        try:
            return await self._follow(job.job_id, reply, hooks)
        except ServiceError as exc:
            if not retry or exc.error_id not in RESUBMIT_IDS:
                raise
            hooks.note(f"{self.path.name}: {exc.error_id}; submitting again")
            return await self._submit_and_follow(digest, hooks, retry=False)

    async def _follow(self, job_id: str, reply: JobReply | None, hooks: V2Hooks
                      ) -> UploadOutcome:
        if reply is None or not reply.job.is_terminal:
            try:
                reply = await poll_job(self.client, job_id, give_up_after=self.poll_timeout,
                                       cancel=self.cancel, on_status=hooks.on_status,
                                       on_retry=hooks.on_retry)
            except ServiceError as exc:
                if exc.error_id == ErrorId.JOB_UNKNOWN:
                    await self.ledger.update(self.base_url, job_id, status="expired",
                                             error_id=exc.error_id)
                raise
        job = reply.job
        if job.status.value == "failed":
            failure = JobFailed(job)
            await self.ledger.update(self.base_url, job_id, status="failed",
                                     error_id=failure.error_id)
            raise failure
        raw = reply.raw or job.model_dump(mode="json", exclude_none=True)
        await self.ledger.update(self.base_url, job_id, status="completed", result=raw)
        return _outcome(raw)


def _outcome(envelope: dict[str, Any]) -> UploadOutcome:
    job = UploadJob.model_validate(envelope)
    if job.result is None:
        raise AppError(f"Job {job.job_id} completed without a result")
    return UploadOutcome(analysis_from_job(job.result), envelope)


@dataclass(frozen=True)
class V2Target:
    """Where a file analysis sends V2 jobs: the model, the job records, the service's key
    (``"local"`` for the engine child, whose port changes each run; else the base URL)."""

    model: str
    ledger: JobLedger
    service: str

    def with_model(self, model: str) -> V2Target:
        """The same job records and service, another model."""
        return self if model == self.model else V2Target(model, self.ledger, self.service)

    def applies(self, goals: Sequence[str], context: str | None, has_audio: bool) -> bool:
        """V2 unless goals or a context ask for V1's feedback, or inter-2 gets no sound."""
        return not goals and not context and (has_audio or self.model != "inter-2")

    async def upload(self, client: InterhumanClient, path: Path, include: Sequence[str],
                     on_progress: ProgressFn | None, cancel: asyncio.Event | None
                     ) -> UploadOutcome:
        job = V2Upload(client, self.ledger, self.service, path, self.model, tuple(include),
                       V2Hooks(on_progress=on_progress), cancel)
        return await job.run()

    async def pending_files(self) -> list[Path]:
        """Files whose job on this service and model a previous run left pending and within
        its hour (analysing them again resumes the job), oldest first; missing files skipped."""
        jobs = [j for j in await self.ledger.pending()
                if j.base_url == self.service and j.model == self.model and not j.expired_at()]
        paths = [Path(j.file_path) for j in jobs]
        return list(dict.fromkeys(p for p in paths if p.is_file()))


def v2_target_for(settings: Any, library: Any, backend: str | None = None,
                  model: str | None = None) -> V2Target | None:
    """The GUI's target from its settings (``upload_model``, or ``model``; ``"v1"`` or no
    library: None), for ``backend`` ("local" / "cloud"; default: the settings' own): job
    records are per backend."""
    model = model or getattr(settings, "upload_model", "inter-2")
    if model not in MODELS or library is None:
        return None
    local = (backend or getattr(settings, "effective_backend", "local")) == "local"
    return V2Target(model, LibraryLedger(library), "local" if local else CLOUD_BASE_URL)
