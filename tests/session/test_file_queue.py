"""The batch queue against the real local engine: fit gate, cancel, progress, concurrency."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

import pytest
from interhumanai import InterhumanClient
from media_factory import make_clip
from waiting import until

from interhuman_desktop.api.errors import AppError, UploadCancelled
from interhuman_desktop.session.file_analysis import FileJob, JobState
from interhuman_desktop.session.file_queue import FINAL, FileQueue

ACTIVE = (JobState.FITTING, JobState.UPLOADING, JobState.ANALYSING)


class Provider:
    """The app's async client provider, counting calls; ``hold`` waits for ``n`` callers."""

    def __init__(self, engine, hold: int = 0) -> None:
        self.engine, self.hold, self.calls = engine, hold, 0

    async def __call__(self) -> InterhumanClient:
        self.calls += 1
        if self.hold:
            await until(lambda: self.calls >= self.hold, 120, f"{self.hold} jobs in slots")
        return InterhumanClient(access_token=self.engine.api_key, base_url=self.engine.base_url)


class Recorder:
    """on_change / on_finished listeners: states per file, threads, jobs active at once."""

    def __init__(self) -> None:
        self.states: dict[str, list[JobState]] = {}
        self.threads: set[int] = set()
        self.finished: list[tuple[str, JobState]] = []
        self.most_active = 0
        self.queue: FileQueue | None = None

    def change(self, job: FileJob) -> None:
        self.threads.add(threading.get_ident())
        self.states.setdefault(job.path.name, []).append(job.state)
        if self.queue is not None:
            active = sum(j.state in ACTIVE for j in self.queue.jobs.values())
            self.most_active = max(self.most_active, active)

    def finish(self, job: FileJob) -> None:
        self.finished.append((job.path.name, job.state))


def _queue(provider, concurrency: int = 1) -> tuple[FileQueue, Recorder]:
    rec = Recorder()
    rec.queue = FileQueue(provider, concurrency=concurrency, on_change=rec.change,
                          on_finished=rec.finish)
    return rec.queue, rec


def test_files_are_checked_gated_and_analysed_on_the_loop_thread(engine, tmp_path) -> None:
    good = make_clip(tmp_path / "good.mp4", seconds=4, face=True)
    odd = make_clip(tmp_path / "odd.flv", seconds=4)  # a container the service refuses
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all" * 1000)
    provider = Provider(engine)
    queue, rec = _queue(provider)

    async def scenario() -> None:
        jobs = {p.name: queue.add(p) for p in (good, odd, broken)}
        await until(lambda: jobs["good.mp4"].state in FINAL
                    and jobs["odd.flv"].state == JobState.NEEDS_FIT
                    and jobs["broken.mp4"].state == JobState.REFUSED, 300, "the verdicts")
        assert jobs["good.mp4"].state == JobState.DONE, jobs["good.mp4"].error
        assert provider.calls == 1 and queue.busy  # the odd file waits at the fit gate
        queue.make_it_fit(odd)
        await queue.wait()
        assert not queue.busy

    asyncio.run(scenario())
    assert sorted(rec.finished) == [("broken.mp4", JobState.REFUSED), ("good.mp4", JobState.DONE),
                                    ("odd.flv", JobState.DONE)]
    assert rec.threads == {threading.main_thread().ident}
    assert JobState.FITTING in rec.states["odd.flv"]
    assert JobState.UPLOADING not in rec.states["broken.mp4"]
    job = queue.jobs[good]
    assert job.progress == 1.0 and job.sent == job.total == good.stat().st_size
    assert job.timeline is not None and queue.jobs[odd].timeline is not None
    assert rec.most_active == 1


def test_one_slot_uploads_one_file_at_a_time_and_two_slots_run_two(engine, tmp_path) -> None:
    clips = [make_clip(tmp_path / f"talk{i}.mp4", seconds=4) for i in range(3)]
    one, rec_one = _queue(Provider(engine))
    two, rec_two = _queue(Provider(engine, hold=2), concurrency=2)  # both must be in slots

    async def scenario() -> None:
        for queue in (one, two):
            for clip in clips:
                queue.add(clip)
            await queue.wait()

    asyncio.run(scenario())
    for queue in (one, two):
        assert [j.state for j in queue.jobs.values()] == [JobState.DONE] * 3
    assert rec_one.most_active == 1 and len(rec_one.finished) == 3
    assert len(rec_two.finished) == 3  # with one slot, the held provider would time out


def test_cancel_at_the_fit_gate_and_during_the_upload(engine, tmp_path) -> None:
    odd = make_clip(tmp_path / "odd.flv", seconds=4)
    talk = make_clip(tmp_path / "talk.mp4", seconds=8)
    provider = Provider(engine)
    rec = Recorder()

    def cancel_on_upload(job: FileJob) -> None:
        rec.change(job)
        if job.state == JobState.UPLOADING:
            queue.cancel(job.path)

    queue = FileQueue(provider, on_change=cancel_on_upload, on_finished=rec.finish)

    async def scenario() -> None:
        gated = queue.add(odd)
        await until(lambda: gated.state == JobState.NEEDS_FIT, 120, "the fit verdict")
        queue.cancel(odd)
        queue.add(talk)
        await queue.wait()

    asyncio.run(scenario())
    assert queue.jobs[odd].state == JobState.CANCELLED and provider.calls == 1
    uploading = queue.jobs[talk]
    assert uploading.state == JobState.CANCELLED and uploading.result is None
    assert isinstance(uploading.error, UploadCancelled)
    assert sorted(rec.finished) == [("odd.flv", JobState.CANCELLED),
                                    ("talk.mp4", JobState.CANCELLED)]


def test_a_failing_backend_fails_each_job_in_words_and_is_logged(tmp_path, caplog) -> None:
    clips = [make_clip(tmp_path / f"talk{i}.mp4", seconds=4) for i in range(2)]

    async def broken_backend() -> InterhumanClient:
        raise RuntimeError("the backend exploded")

    queue, rec = _queue(broken_backend)

    async def scenario() -> None:
        for clip in clips:
            queue.add(clip)
        await queue.wait()

    with caplog.at_level(logging.ERROR, logger="interhuman_desktop.session.file_queue"):
        asyncio.run(scenario())
    for job in queue.jobs.values():
        assert job.state == JobState.FAILED and isinstance(job.error, AppError)
        assert "the backend exploded" in str(job.error)
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 2 and all(r.exc_info for r in failures)
    assert [state for _name, state in rec.finished] == [JobState.FAILED] * 2


def test_aclose_cancels_waiting_jobs(tmp_path) -> None:
    odd = make_clip(tmp_path / "odd.flv", seconds=4)

    async def no_backend() -> InterhumanClient:
        raise AssertionError("a cancelled job never asks for a client")

    queue, rec = _queue(no_backend)

    async def scenario() -> None:
        job = queue.add(odd)
        await until(lambda: job.state == JobState.NEEDS_FIT, 120, "the fit verdict")
        await queue.aclose()
        assert not queue.busy

    asyncio.run(scenario())
    assert rec.finished == [("odd.flv", JobState.CANCELLED)]


@pytest.mark.parametrize("on_worker", [False, True])
def test_a_change_reported_from_a_worker_reaches_the_loop_thread(tmp_path, on_worker) -> None:
    seen: list[int] = []

    async def no_backend() -> InterhumanClient:
        raise AppError("no backend here")

    queue = FileQueue(no_backend, on_change=lambda job: seen.append(threading.get_ident()))

    async def scenario() -> None:
        job = queue.add(Path(tmp_path / "missing.mp4"))
        await queue.wait()
        seen.clear()
        if on_worker:
            await asyncio.to_thread(queue._changed, job)
        else:
            queue._changed(job)
        await until(lambda: seen, 30, "the change")

    asyncio.run(scenario())
    assert seen == [threading.main_thread().ident]
