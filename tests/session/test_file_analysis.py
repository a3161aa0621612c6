"""File jobs against the real local engine: check, upload with progress, timeline, refusal."""

from __future__ import annotations

import asyncio

import pytest
from interhumanai import InterhumanClient
from media_factory import make_clip

from interhuman_desktop.session.file_analysis import AnalysisRequest, FileJob, JobState, run


def _client(engine) -> InterhumanClient:
    return InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)


def test_a_good_file_is_analysed_with_progress_onto_a_timeline(engine, tmp_path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=10, face=True)
    seen: list[JobState] = []
    job = FileJob(clip, AnalysisRequest(goal_dimensions=("clarity",)))
    asyncio.run(run(job, _client(engine), notify=lambda j: seen.append(j.state)))
    assert job.state == JobState.DONE, job.error
    assert seen[:3] == [JobState.CHECKING, JobState.READY, JobState.UPLOADING]
    assert job.sent == job.total == clip.stat().st_size and job.progress == 1.0
    assert job.timeline is not None and job.timeline.quality_periods
    assert job.result is not None and job.result.feedback is not None
    assert job.timeline.media_end == pytest.approx(10.0, abs=0.2)


def test_a_too_short_file_is_refused_before_any_upload(engine, tmp_path) -> None:
    clip = make_clip(tmp_path / "short.mp4", seconds=1.5)
    job = asyncio.run(run(FileJob(clip), _client(engine)))
    assert job.state == JobState.REFUSED
    assert job.verdict is not None and "3" in " ".join(job.verdict.reasons)
    assert job.sent == 0


def test_cancel_before_upload_ends_cancelled(engine, tmp_path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=6)
    job = FileJob(clip)
    job.cancel()
    asyncio.run(run(job, _client(engine)))
    assert job.state == JobState.CANCELLED
