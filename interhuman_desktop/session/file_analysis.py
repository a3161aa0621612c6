"""File analysis as a job the GUI (or a batch) can drive: check → (make it fit) → upload → result.

States: queued → checking → ready | needs_fit | refused → fitting → uploading → analysing →
done | failed | cancelled. Probing and transcoding run on worker threads; the upload streams
from disk with progress and can be cancelled. A file split into parts is uploaded part by part
and the results land on one timeline at their offsets.
The batch queue over these jobs (fit gate, slots, cancel) is ``session.file_queue``.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interhumanai import AnalysisResult, InterhumanClient

from interhuman_desktop.api.errors import AppError, UploadCancelled
from interhuman_desktop.api.upload import analyze_file_raw
from interhuman_desktop.encode.fit import FitError, Part, make_it_fit, stitch
from interhuman_desktop.encode.preflight import AUDIO_MODEL, Verdict, preflight
from interhuman_desktop.encode.probe import MediaInfo, probe
from interhuman_desktop.session.from_result import add_basis, add_result
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.session.v2_upload import V2Target

log = logging.getLogger(__name__)


class JobState(enum.StrEnum):
    QUEUED = "queued"
    CHECKING = "checking"
    READY = "ready"
    NEEDS_FIT = "needs fit"
    REFUSED = "refused"
    FITTING = "fitting"
    UPLOADING = "uploading"
    ANALYSING = "analysing"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass
class AnalysisRequest:
    include: tuple[str, ...] = ("conversation_quality_overall", "conversation_quality_timeline")
    goal_dimensions: tuple[str, ...] = ()
    conversation_context: str | None = None
    v2: V2Target | None = None  # V2 upload jobs (session.v2_upload); None: the V1 upload
    sound_only: V2Target | None = None  # where a file without picture goes (inter-2-audio)

    @property
    def model(self) -> str:
        """The upload model chosen: the V2 target's, else ``"v1"``."""
        return self.v2.model if self.v2 is not None else "v1"

    def audio_target(self) -> V2Target | None:
        """The Inter-2 audio target for a sound-only file (None: no job records to use)."""
        if self.v2 is not None:
            return self.v2.with_model(AUDIO_MODEL)
        return self.sound_only.with_model(AUDIO_MODEL) if self.sound_only else None


@dataclass
class FileJob:
    path: Path
    request: AnalysisRequest = field(default_factory=AnalysisRequest)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    state: JobState = JobState.QUEUED
    info: MediaInfo | None = None
    verdict: Verdict | None = None
    parts: list[Part] = field(default_factory=list)
    part_index: int = 0
    sent: int = 0
    total: int = 0
    error: AppError | None = None
    result: AnalysisResult | None = None
    raw_results: list[dict[str, Any] | None] = field(default_factory=list)
    timeline: SessionTimeline | None = None
    cancel_event: asyncio.Event = field(default_factory=asyncio.Event)
    attempt: int = 1  # the how-manieth job of this path in its queue (a Retry, a Re-analyse)

    @property
    def progress(self) -> float:
        """0..1 over all parts (bytes sent of the current part)."""
        count = max(1, len(self.parts))
        within = self.sent / self.total if self.total else 0.0
        return min(1.0, (self.part_index + within) / count)

    def cancel(self) -> None:
        self.cancel_event.set()


Listener = Callable[[FileJob], None]
RetryHook = Callable[[AppError, int, float], object]


async def check(job: FileJob, notify: Listener | None = None) -> FileJob:
    """Probe the file and give the preflight verdict (on a worker thread)."""
    _set(job, JobState.CHECKING, notify)
    job.info = await asyncio.to_thread(probe, job.path)
    job.verdict = preflight(job.info, model=job.request.model)
    if job.verdict.model == AUDIO_MODEL and job.request.audio_target() is None:
        job.verdict = Verdict("refuse", [
            "This file has no picture; sound-only files are analysed with Inter-2 audio, which "
            "keeps its jobs in the library, and there is none here. Fix: open the app with "
            "its library."], AUDIO_MODEL)
    state = {"ok": JobState.READY, "refuse": JobState.REFUSED}.get(job.verdict.action,
                                                                  JobState.NEEDS_FIT)
    _set(job, state, notify)
    return job


async def run(job: FileJob, client: InterhumanClient, *, workdir: Path | None = None,
              notify: Listener | None = None, on_retry: RetryHook | None = None) -> FileJob:
    """Analyse a checked job: make it fit when needed, upload each part, build the timeline.

    ``on_retry(error, attempt, delay)`` hears of each upload retry (a batch pauses on a 429)."""
    if job.state in (JobState.QUEUED, JobState.CHECKING):
        await check(job, notify)
    if job.state == JobState.REFUSED:
        return job
    with tempfile.TemporaryDirectory(prefix="ih-fit-", dir=workdir) as tmp:
        try:
            await _prepare_parts(job, Path(tmp), notify)
            await _upload_parts(job, client, notify, on_retry)
        except UploadCancelled as exc:
            job.error = exc
            _set(job, JobState.CANCELLED, notify)
            return job
        except FitError as exc:
            job.error = AppError(f"{job.path.name} cannot be made to fit: {exc}")
        except AppError as exc:
            job.error = exc
        if job.error is not None:
            _set(job, JobState.FAILED, notify)
            return job
    _finish(job)
    _set(job, JobState.DONE, notify)
    return job


async def _prepare_parts(job: FileJob, tmp: Path, notify: Listener | None) -> None:
    assert job.info is not None
    if job.state == JobState.READY:
        job.parts = [Part(job.path, 0.0, job.info.duration)]
        return
    _set(job, JobState.FITTING, notify)
    job.parts = await asyncio.to_thread(make_it_fit, job.path, tmp, info=job.info)


async def _upload_parts(job: FileJob, client: InterhumanClient, notify: Listener | None,
                        on_retry: RetryHook | None = None) -> None:
    def on_progress(sent: int, total: int) -> None:
        job.sent, job.total = sent, total
        if sent >= total and job.state == JobState.UPLOADING:
            job.state = JobState.ANALYSING
        if notify:
            notify(job)

    job.raw_results = []
    results: list[tuple[float, AnalysisResult]] = []
    for index, part in enumerate(job.parts):
        job.part_index, job.sent, job.total = index, 0, part.path.stat().st_size
        _set(job, JobState.UPLOADING, notify)
        v2, info = job.request.v2, job.info
        if job.verdict is not None and job.verdict.model == AUDIO_MODEL:
            v2 = job.request.audio_target()  # sound only: Inter-2 audio whatever was chosen
        if v2 is not None and (v2.model == AUDIO_MODEL or v2.applies(
                job.request.goal_dimensions, job.request.conversation_context,
                info is None or info.has_audio)):
            outcome = await v2.upload(client, part.path, job.request.include, on_progress,
                                      job.cancel_event)
        else:
            outcome = await analyze_file_raw(
                client, part.path, include=job.request.include,
                goal_dimensions=job.request.goal_dimensions,
                conversation_context=job.request.conversation_context,
                on_progress=on_progress, cancel=job.cancel_event, on_retry=on_retry)
        results.append((part.offset, outcome.result))
        job.raw_results.append(outcome.raw)
    job.result = results[0][1] if len(results) == 1 else stitch(results)
    job.timeline = SessionTimeline()
    for offset, result in results:
        add_result(job.timeline, result, offset)
    for raw in job.raw_results:
        add_basis(job.timeline, raw)


def _finish(job: FileJob) -> None:
    if job.timeline is not None and job.info is not None and job.info.duration:
        job.timeline.media_end = max(job.timeline.media_end, job.info.duration)


def _set(job: FileJob, state: JobState, notify: Listener | None) -> None:
    job.state = state
    log.debug("file job %s (%s): %s", job.id, job.path.name, state.value)
    if notify is not None:
        notify(job)

