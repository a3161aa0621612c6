"""V2 jobs across engine processes: persisted in the state dir, interrupted ones failed as ih1004
after a restart, and a job outliving the client that submitted it and hung up."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from engine_helpers import KEY_PAIR, READY_TIMEOUT, assert_error, http_client
from interhumanai import InterhumanClient
from interhumanai.types import UploadJob
from v2_helpers import JOBS, SUBMIT, auth, stored_jobs
from waiting import until_sync

from interhuman_desktop.engine.analysis.vad import VAD_ENV
from interhuman_desktop.engine.child import EngineProcess, start_engine


@contextlib.contextmanager
def _engine(*args: str) -> Iterator[EngineProcess]:
    """An engine child; stopped at the end, and then it must have exited cleanly (0, no
    traceback) unless the test killed it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(VAD_ENV, "webrtcvad")
        proc = start_engine(key_pairs=[":".join(KEY_PAIR)], extra_args=args,
                            ready_timeout=READY_TIMEOUT)
    try:
        yield proc
    finally:
        killed = not proc.alive()
        log = proc.stderr_tail(1_000_000)
        code = proc.stop(timeout=60)
        if not killed:
            assert "Traceback" not in log and " ERROR " not in log, log[-5000:]
            assert code == 0, log[-5000:]


def _sdk(engine: EngineProcess, call):
    async def go():
        client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
        return await call(client.upload)

    return asyncio.run(go())


def _status(engine: EngineProcess, job_id: str) -> str:
    with http_client() as c:
        return c.get(engine.base_url + JOBS + job_id, headers=auth(engine.api_key)).json()["status"]


def test_restart_keeps_finished_jobs_and_fails_interrupted_ones(tmp_path, clips) -> None:
    state = tmp_path / "state"
    with _engine("--state-dir", str(state)) as first:
        done = _sdk(first, lambda up: up.submit(clips["seg4"], model="inter-2", wait_seconds=120))
        assert done.status.value == "completed"
    held = ("--state-dir", str(state), "--v2-concurrency", "1", "--v2-queue", "1",
            "--v2-job-delay", "600")
    with _engine(*held) as second:
        again = _sdk(second, lambda up: up.get_job(done.job_id))
        assert again.status.value == "completed" and again.result == done.result
        running = _sdk(second, lambda up: up.submit(clips["seg4"], model="inter-2"))
        until_sync(lambda: _status(second, running.job_id) == "running", 60, "a running job")
        queued = _sdk(second, lambda up: up.submit(clips["seg3"], model="inter-2"))
        assert _status(second, queued.job_id) == "queued"
        with http_client() as c, open(clips["seg4"], "rb") as fh:
            r = c.post(second.base_url + SUBMIT, headers=auth(second.api_key),
                       files={"file": ("a.mp4", fh, "video/mp4")}, data={"model": "inter-2"})
        assert_error(r, 429, "ih3002")
        assert r.headers["retry-after"] == "2"
        assert len(list((state / "uploads").iterdir())) == 2  # the live jobs' files
        second.kill()  # the engine dies with a job running and one queued
    with _engine("--state-dir", str(state)) as third:
        for job in (running, queued):
            failed = _sdk(third, lambda up, j=job: up.get_job(j.job_id))
            assert failed.status.value == "failed" and failed.error is not None
            assert failed.error.error_id == "ih1004"
            assert failed.error.correlation_id  # the submit's id
        kept = _sdk(third, lambda up: up.get_job(done.job_id))
        assert kept.status.value == "completed"
        assert list((state / "uploads").iterdir()) == []  # the dead jobs' files went too


def test_a_job_outlives_a_client_that_hangs_up(tmp_path, clips) -> None:
    state = tmp_path / "state"
    with _engine("--state-dir", str(state), "--v2-job-delay", "10") as engine:
        request = httpx.Request(
            "POST", engine.base_url + SUBMIT, headers=auth(engine.api_key),
            files={"file": ("a.mp4", clips["seg4"].read_bytes(), "video/mp4")},
            data={"model": "inter-2", "wait_seconds": "120"},
        )
        body = request.read()
        head = f"POST {SUBMIT} HTTP/1.1\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in request.headers.items()
        ) + "\r\n"
        with socket.create_connection(("127.0.0.1", engine.port), timeout=60) as sock:
            sock.sendall(head.encode() + body)  # then hang up while the engine holds it
            until_sync(lambda: stored_jobs(state), 60, "the job in the store")
            (job_id, status), = stored_jobs(state).items()
            assert status in ("queued", "running")
        until_sync(lambda: _status(engine, job_id) in ("completed", "failed"), 300, "the job")
        with http_client() as c:
            final = UploadJob.model_validate(
                c.get(engine.base_url + JOBS + job_id, headers=auth(engine.api_key)).json()
            )
        assert final.status.value == "completed", final.error
        assert not Path(state / "uploads").exists() or not list((state / "uploads").iterdir())


def test_stopping_the_engine_ends_a_running_analysis(tmp_path) -> None:
    from media_factory import make_clip

    clip = make_clip(tmp_path / "long.mp4", seconds=90.0, face=True, width=320, height=240)
    state = tmp_path / "state"
    with _engine("--state-dir", str(state)) as engine:
        job = _sdk(engine, lambda up: up.submit(clip, model="inter-2"))
        until_sync(lambda: _status(engine, job.job_id) == "running", 60, "the job running")
        # leaving the block stops the engine (SIGTERM): it must exit 0 although a 90-s
        # analysis is under way on a worker thread, and must not hang until it ends
    with _engine("--state-dir", str(state)) as again:
        failed = _sdk(again, lambda up: up.get_job(job.job_id))
        assert failed.status.value == "failed" and failed.error is not None
        assert failed.error.error_id == "ih1004"


def test_one_engine_per_state_dir(tmp_path) -> None:
    from interhuman_desktop.engine.child import EngineStartError

    state = tmp_path / "state"
    with _engine("--state-dir", str(state)) as first:
        with pytest.raises(EngineStartError) as info:
            start_engine(key_pairs=[":".join(KEY_PAIR)], extra_args=["--state-dir", str(state)],
                         ready_timeout=READY_TIMEOUT)
        assert "FolderBusy" in str(info.value) or "in use" in str(info.value), info.value
        assert _status_code(first) == 200  # the first engine is unaffected


def _status_code(engine: EngineProcess) -> int:
    with http_client() as c:
        return c.get(engine.base_url + "/healthz").status_code
