"""One file through a V2 job on the real engine, recorded in a real library: submitted once,
reused when finished, resumed when an earlier run stopped mid-job, resubmitted when the job is
gone, and 429 retried by the app's classifier."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from interhumanai import AnalysisResult
from media_factory import make_clip
from waiting import until

from interhuman_desktop.api.backend import Backend, make_client
from interhuman_desktop.api.capture import record_response
from interhuman_desktop.api.errors import AppError, UploadCancelled
from interhuman_desktop.session.v2_upload import LibraryLedger, V2Hooks, V2Upload
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.storage.v2_jobs import file_hash

SUBMIT_PATH = "/v2/upload/analyze"


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("v2up") / "talk.mp4", seconds=5, face=True)


class Run:
    """A V2Upload with its own HTTP client that counts the submits it really sends."""

    def __init__(self, engine: Any, library: AsyncLibrary, path: Path, **kw: Any) -> None:
        self.engine, self.library, self.path, self.kw = engine, library, path, kw
        self.posts = 0
        self.notes: list[str] = []
        self.retries: list[AppError] = []
        self.upload: V2Upload | None = None

    async def _count(self, request: httpx.Request) -> None:
        self.posts += request.method == "POST" and request.url.path == SUBMIT_PATH

    async def __call__(self, cancel: asyncio.Event | None = None) -> Any:
        hooks = V2Hooks(note=self.notes.append,
                        on_retry=lambda error, attempt, delay: self.retries.append(error))
        async with httpx.AsyncClient(timeout=300, event_hooks={
                "request": [self._count], "response": [record_response]}) as http:
            client = make_client(Backend.local(self.engine.base_url, self.engine.api_key), http)
            self.upload = V2Upload(client, LibraryLedger(self.library), "local", self.path,
                                   hooks=hooks, cancel=cancel, **self.kw)
            return await self.upload.run()


def _library(tmp_path: Path) -> AsyncLibrary:
    return AsyncLibrary(tmp_path / "library")


def test_submitted_once_then_the_stored_result_is_used(engine, clip, tmp_path) -> None:
    library = _library(tmp_path)
    first, second = Run(engine, library, clip), Run(engine, library, clip)
    outcome = asyncio.run(first())
    again = asyncio.run(second())
    jobs = asyncio.run(library.call("jobs_for_file", file_hash(clip), "inter-2", "local"))
    library.close()
    assert (first.posts, second.posts) == (1, 0)
    assert isinstance(outcome.result, AnalysisResult) and outcome.result.engagement_state
    assert outcome.raw is not None and outcome.raw["status"] == "completed"
    assert again.raw == outcome.raw and "already analysed" in second.notes[0]
    (job,) = jobs
    assert job.status == "completed" and job.result == outcome.raw
    assert job.job_id == outcome.raw["job_id"]


def test_a_run_stopped_mid_job_is_resumed_not_resubmitted(engine_factory, clip,
                                                           tmp_path) -> None:
    slow = engine_factory(extra_args=["--v2-job-delay", "4"])
    library = _library(tmp_path)
    first, second = Run(slow, library, clip), Run(slow, library, clip)

    async def stop_once_recorded() -> None:
        cancel = asyncio.Event()
        task = asyncio.create_task(first(cancel))
        await until(lambda: _pending(tmp_path), 120, "the job to be recorded")
        cancel.set()
        with pytest.raises(UploadCancelled):
            await task

    asyncio.run(stop_once_recorded())
    (pending,) = asyncio.run(library.call("pending_jobs"))
    outcome = asyncio.run(second())
    library.close()
    assert (first.posts, second.posts) == (1, 0)
    assert f"resuming job {pending.job_id}" in second.notes[0]
    assert outcome.raw is not None and outcome.raw["job_id"] == pending.job_id


def _pending(tmp_path: Path) -> bool:
    """A job recorded and not finished, read straight from the library file (read-only)."""
    db = sqlite3.connect(f"file:{tmp_path / 'library' / 'library.sqlite3'}?mode=ro", uri=True)
    try:
        return bool(db.execute("SELECT count(*) FROM v2_jobs WHERE status IN"
                               " ('queued', 'running')").fetchone()[0])
    finally:
        db.close()


def test_a_job_the_service_no_longer_has_is_submitted_again(engine, clip, tmp_path) -> None:
    library = _library(tmp_path)
    now = datetime.now(UTC)
    asyncio.run(library.call(
        "record_job", job_id="0" * 32, base_url="local", file_hash=file_hash(clip),
        file_path=str(clip), model="inter-2", include=["signals"], created_at=now.isoformat(),
        expires_at=(now + timedelta(hours=1)).isoformat(), status="running"))
    run = Run(engine, library, clip)
    outcome = asyncio.run(run())
    jobs = asyncio.run(library.call("jobs_for_file", file_hash(clip), "inter-2", "local"))
    library.close()
    assert run.posts == 1 and outcome.raw is not None
    assert {(j.job_id == "0" * 32, j.status, j.error_id) for j in jobs} == {
        (True, "expired", "ih4021"), (False, "completed", None)}


def test_429_is_retried_by_the_classifier(engine_factory, clip, tmp_path) -> None:
    busy = engine_factory(extra_args=["--v2-concurrency", "1", "--v2-queue", "0",
                                      "--v2-job-delay", "3"])
    library = _library(tmp_path)
    other = make_clip(tmp_path / "other.mp4", seconds=4)
    blocker, run = Run(busy, library, other), Run(busy, library, clip)

    async def both() -> Any:
        first = asyncio.create_task(blocker())
        await until(lambda: _pending(tmp_path), 120, "the first job to be accepted")
        outcome = await run()
        await first
        return outcome

    outcome = asyncio.run(both())
    library.close()
    assert [e.error_id for e in run.retries][:1] == ["ih3002"]  # one running, no queue
    assert run.posts == len(run.retries) + 1
    assert outcome.raw is not None and outcome.raw["status"] == "completed"


def test_file_analysis_uses_the_v2_target_unless_goals_ask_for_v1(engine, clip,
                                                                 tmp_path) -> None:
    from interhuman_desktop.session.file_analysis import (
        AnalysisRequest,
        FileJob,
        JobState,
        run,
    )
    from interhuman_desktop.session.v2_upload import V2Target

    library = _library(tmp_path)
    target = V2Target("inter-2", LibraryLedger(library), "local")

    async def analyse(request: AnalysisRequest) -> FileJob:
        async with httpx.AsyncClient(timeout=300, event_hooks={
                "response": [record_response]}) as http:
            client = make_client(Backend.local(engine.base_url, engine.api_key), http)
            return await run(FileJob(clip, request), client, workdir=tmp_path)

    v2 = asyncio.run(analyse(AnalysisRequest(v2=target)))
    v1 = asyncio.run(analyse(AnalysisRequest(goal_dimensions=("clarity",), v2=target)))
    library.close()
    assert v2.state == JobState.DONE and v1.state == JobState.DONE, (v2.error, v1.error)
    (v2_raw,), (v1_raw,) = v2.raw_results, v1.raw_results
    assert v2_raw is not None and v2_raw["model"] == "inter-2" and "windows" in v2_raw["result"]
    assert v2.timeline is not None and v2.timeline.signals is not None
    assert v1_raw is not None and "feedback" in v1_raw and "job_id" not in v1_raw
