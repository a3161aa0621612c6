"""The V2 queue's bounds and the job lifetime as a client sees them over HTTP: 429 ih3002 and
503 ih1002 with Retry-After (the SDK's error carries the id), and 404 ih4021 once a job expired."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from engine_helpers import assert_error, http_client
from interhumanai import InterhumanAPIError, InterhumanClient
from interhumanai.types import UploadJob
from v2_helpers import JOBS, SUBMIT, auth
from waiting import until_sync


def _post(engine, path: Path):
    with http_client() as c, open(path, "rb") as fh:
        return c.post(engine.base_url + SUBMIT, headers=auth(engine.api_key),
                      files={"file": (path.name, fh, "video/mp4")}, data={"model": "inter-2"})


def _get(engine, job_id: str):
    with http_client() as c:
        return c.get(engine.base_url + JOBS + job_id, headers=auth(engine.api_key))


def _terminal(engine, job_id: str) -> bool:
    return _get(engine, job_id).json().get("status") in ("completed", "failed")


def test_over_the_bounds_429_then_503_with_retry_after(engine_factory, clips) -> None:
    eng = engine_factory("--v2-concurrency", "1", "--v2-queue", "0", "--v2-max-jobs", "2",
                         "--v2-job-delay", "5")
    first = _post(eng, clips["seg4"])
    assert first.status_code == 202, first.text
    busy = _post(eng, clips["seg4"])  # one running, no queue: the concurrency bound
    assert_error(busy, 429, "ih3002")
    assert busy.headers["Retry-After"].isdigit()
    until_sync(lambda: _terminal(eng, first.json()["job_id"]), 300, "the first job to finish")
    second = _post(eng, clips["seg4"])
    assert second.status_code == 202, second.text
    full = _post(eng, clips["seg4"])  # two unexpired jobs held: the instance bound
    assert_error(full, 503, "ih1002")
    assert full.headers["Retry-After"].isdigit()

    async def sdk_submit() -> None:
        client = InterhumanClient(access_token=eng.api_key, base_url=eng.base_url)
        await client.upload.submit(clips["seg4"], model="inter-2")

    with pytest.raises(InterhumanAPIError) as info:
        asyncio.run(sdk_submit())
    assert (info.value.status, info.value.error_id) == (503, "ih1002")


def test_a_job_is_readable_until_expires_at_then_404_ih4021(engine_factory, clips) -> None:
    eng = engine_factory("--v2-job-ttl", "8")
    r = _post(eng, clips["seg4"])
    assert r.status_code == 202, r.text
    job = UploadJob.model_validate(r.json())
    job_id = job.job_id
    assert (job.expires_at - job.created_at).total_seconds() == pytest.approx(8.0, abs=0.01)
    assert _get(eng, job_id).status_code == 200 or time.time() >= job.expires_at.timestamp()
    until_sync(lambda: _get(eng, job_id).status_code == 404, 120, "the job to expire")
    assert time.time() >= job.expires_at.timestamp()  # gone only after its expires_at
    assert_error(_get(eng, job_id), 404, "ih4021")
