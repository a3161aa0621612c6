"""The V2 job queue: its bounds (ih3002 / ih1002), failures, and the store in SQLite."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from waiting import until

from interhuman_desktop.engine.errors import EngineError
from interhuman_desktop.engine.v2.queue import JobQueue
from interhuman_desktop.engine.v2.result import tiles
from interhuman_desktop.engine.v2.store import Job
from interhuman_desktop.engine.v2_settings import V2Settings

RESULT = {"duration_seconds": 4.0, "window_seconds": 8.0, "windows": []}


def _files(d: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        (d / f"upload{i}").write_bytes(b"x" * 100)
        out.append(d / f"upload{i}")
    return out


def test_bounds_running_queued_refused_then_store_full(tmp_path: Path) -> None:
    gate = threading.Event()

    def work(job: Job) -> dict:
        assert Path(job.file or "").is_file()
        if not gate.wait(60):
            raise AssertionError("the gate never opened")
        return RESULT

    async def go() -> None:
        q = JobQueue(V2Settings(concurrency=1, queue=1, max_jobs=3, state_dir=tmp_path), work)
        assert q.start() == 0
        files = _files(tmp_path, 5)
        a = q.submit("inter-2", [], files[0], "cid-a")
        await until(lambda: q.get(a.job_id).status == "running", what="a running")
        b = q.submit("inter-2", ["signals"], files[1], "cid-b")
        assert q.get(b.job_id).status == "queued"
        with pytest.raises(EngineError) as busy:
            q.submit("inter-2", [], files[2], "cid-c")
        assert busy.value.error_id == "ih3002" and busy.value.status == 429
        gate.set()
        await q.wait(a.job_id, 60)
        await q.wait(b.job_id, 60)
        assert [q.get(j).status for j in (a.job_id, b.job_id)] == ["completed", "completed"]
        assert q.get(b.job_id).include == ["signals"]
        assert not files[0].exists() and not files[1].exists()  # the jobs' files are gone
        q.submit("inter-2", [], files[3], "cid-d")
        with pytest.raises(EngineError) as full:  # three unexpired jobs: the store is full
            q.submit("inter-2", [], files[4], "cid-e")
        assert full.value.error_id == "ih1002" and full.value.status == 503
        await q.close()

    asyncio.run(go())


def test_a_failing_job_is_a_failed_envelope(tmp_path: Path) -> None:
    def work(job: Job) -> dict:
        raise EngineError("ih5002", "Broken on purpose.")

    async def go() -> Job:
        q = JobQueue(V2Settings(concurrency=1, queue=0), work)
        job = q.submit("inter-2-audio", [], _files(tmp_path, 1)[0], "cid-x")
        await q.wait(job.job_id, 60)
        out = q.get(job.job_id)
        await q.close()
        assert out is not None
        return out

    job = asyncio.run(go())
    env = job.envelope()
    assert env["status"] == "failed" and "result" not in env
    assert env["error"]["error_id"] == "ih5002" and env["error"]["correlation_id"] == "cid-x"
    assert env["error"]["message"] == "Broken on purpose."


def test_expired_jobs_are_gone(tmp_path: Path) -> None:
    async def go() -> None:
        q = JobQueue(V2Settings(job_ttl=0.0), lambda job: RESULT)
        job = q.submit("inter-2", [], _files(tmp_path, 1)[0], "cid")
        await q.wait(job.job_id, 60)
        assert q.get(job.job_id) is None  # expires_at = created_at: already past
        await q.close()

    asyncio.run(go())


def test_windows_tile_the_file() -> None:
    assert tiles(9.003) == [(0.0, 8.0), (8.0, 9.003)]
    assert tiles(8.5) == [(0.0, 8.5)]  # a tail under 1 s joins the window before it
    assert tiles(16.0) == [(0.0, 8.0), (8.0, 16.0)]
    assert tiles(4.0) == [(0.0, 4.0)]
