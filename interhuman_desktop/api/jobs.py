"""V2 upload jobs through the SDK (``upload.submit`` / ``upload.get_job``), with what the SDK
lacks (inter-2.md §1.5): upload progress and cancel (the file streams through
:class:`~interhuman_desktop.api.upload.ProgressReader`), retries of 429 / 503 (``ih3002``,
``ih1002``, ``ih1003``) by the app's one classifier (:mod:`.retry`), and polling that survives
transient errors. Persistence is the caller's (``session.v2_upload``).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from interhumanai import InterhumanClient
from interhumanai.types import UploadJob

from interhuman_desktop.api.capture import current_capture
from interhuman_desktop.api.errors import AppError, ServiceError, UploadCancelled
from interhuman_desktop.api.upload import ProgressFn, ProgressReader, _until_cancelled, with_remint
from interhuman_desktop.api.upload import content_type_for as _video_type

log = logging.getLogger(__name__)

MODELS = ("inter-2", "inter-2-audio", "inter-2-deep")
DEFAULT_MODEL = "inter-2"
POLL_INTERVAL = 2.0  # the SDK's and the skill's
POLL_TIMEOUT = 600.0  # ~10 min, then the job is left pending (resumed on the next run)
AUDIO_TYPES = {".wav": "audio/wav", ".flac": "audio/flac", ".mp3": "audio/mpeg",
               ".m4a": "audio/mp4", ".ogg": "audio/ogg"}
RetryFn = Callable[[AppError, int, float], object]


class JobStillRunning(AppError):
    """Polling gave up while the job was still queued or running; it is not lost: it stays
    recorded, and the next run resumes it."""

    def __init__(self, job: UploadJob) -> None:
        super().__init__(f"Job {job.job_id} is still {job.status.value}; run again to resume it")
        self.job = job


class JobFailed(ServiceError):
    """The job ended ``failed`` (its envelope's ``error``); not an HTTP error (status 0)."""

    def __init__(self, job: UploadJob) -> None:
        error = job.error
        super().__init__((error.message if error and error.message else
                          "The analysis job failed"), status=0,
                         error_id=error.error_id if error else None,
                         correlation_id=error.correlation_id if error else None,
                         link=error.link if error else None)
        self.job = job

    def user_message(self) -> str:
        head = f"{self.error_id}: " if self.error_id else ""
        parts = [f"{head}{self.message.rstrip('.')} (job {self.job.job_id}).", self.what_to_do]
        if self.correlation_id:
            parts.append(f"Correlation id: {self.correlation_id}.")
        return " ".join(parts)


@dataclass(frozen=True)
class JobReply:
    job: UploadJob
    raw: dict[str, Any] | None  # the envelope exactly as received


def job_include(include: Sequence[str]) -> list[str]:
    """V2 ``include[]`` for the app's include flags: always the merged ``signals``; the
    timeline brings ``overall`` along (the app's result model needs it, see v2_result)."""
    flags = ["signals", *include]
    if "conversation_quality_timeline" in flags:
        flags.append("conversation_quality_overall")
    return list(dict.fromkeys(flags))


def content_type_for(path: str | os.PathLike[str]) -> str:
    return AUDIO_TYPES.get(Path(path).suffix.lower()) or _video_type(path)


async def submit_job(
    client: InterhumanClient, path: str | os.PathLike[str], *, model: str,
    include: Sequence[str] = (), on_progress: ProgressFn | None = None,
    cancel: asyncio.Event | None = None, max_attempts: int = 5, on_retry: RetryFn | None = None,
) -> JobReply:
    """``POST /v2/upload/analyze`` (the file streamed from disk); the accepted envelope."""
    path = Path(path)
    raw = await asyncio.to_thread(path.open, "rb")
    with raw:
        size = (await asyncio.to_thread(path.stat)).st_size
        reader = ProgressReader(raw, size, on_progress=on_progress, cancel=cancel,
                                name=path.name)

        async def attempt() -> JobReply:
            reader.seek(0)
            job = await client.upload.submit(
                cast(BinaryIO, reader), model=model, include=job_include(include) or None,
                filename=path.name, content_type=content_type_for(path))
            return JobReply(job, _captured_json())

        return await with_remint(client, lambda: _until_cancelled(attempt(), cancel),
                                  max_attempts, on_retry)


async def read_job(client: InterhumanClient, job_id: str, *, max_attempts: int = 5,
                   on_retry: RetryFn | None = None) -> JobReply:
    """``GET /v2/upload/jobs/{id}`` with retries; 404 ``ih4021`` raises (expired or unknown)."""

    async def attempt() -> JobReply:
        job = await client.upload.get_job(job_id)
        return JobReply(job, _captured_json())

    return await with_remint(client, attempt, max_attempts, on_retry)


async def poll_job(
    client: InterhumanClient, job_id: str, *, interval: float = POLL_INTERVAL,
    give_up_after: float = POLL_TIMEOUT, cancel: asyncio.Event | None = None,
    on_status: Callable[[UploadJob], object] | None = None, on_retry: RetryFn | None = None,
) -> JobReply:
    """Read the job every ``interval`` s until it is terminal (failed jobs are returned, not
    raised); :class:`JobStillRunning` after ``give_up_after`` s, UploadCancelled on ``cancel``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + give_up_after
    while True:
        reply = await read_job(client, job_id, on_retry=on_retry)
        if on_status is not None:
            on_status(reply.job)
        if reply.job.is_terminal:
            return reply
        if loop.time() >= deadline:
            raise JobStillRunning(reply.job)
        await _pause(interval, cancel)


async def _pause(seconds: float, cancel: asyncio.Event | None) -> None:
    if cancel is None:
        await asyncio.sleep(seconds)
        return
    try:
        await asyncio.wait_for(cancel.wait(), seconds)
    except TimeoutError:
        return
    raise UploadCancelled("Stopped waiting for the job (it goes on; run again to resume it)")


def _captured_json() -> dict[str, Any] | None:
    capture = current_capture()
    body = capture.last_json() if capture is not None else None
    return body if isinstance(body, dict) else None
