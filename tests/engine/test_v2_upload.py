"""V2 upload jobs on the engine: through the SDK (submit / get_job / wait_for_job) and raw httpx."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from engine_helpers import KEY_PAIR, assert_error, http_client
from interhumanai import InterhumanAPIError, InterhumanClient
from interhumanai.types import UploadJob
from media_factory import make_clip
from v2_helpers import ENVELOPE_KEYS, JOBS, SUBMIT, auth
from waiting import until_sync

ALL_INCLUDE = ["signals", "conversation_quality_overall", "conversation_quality_timeline"]


@pytest.fixture(scope="module")
def video_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("v2") / "mute.mp4", seconds=4.0, audio=False)


def _post(engine, path: Path, data: dict, key: str | None = None):
    with http_client() as c, open(path, "rb") as fh:
        return c.post(engine.base_url + SUBMIT, headers=auth(key or engine.api_key),
                      files={"file": (path.name, fh, "application/octet-stream")}, data=data)


def _get(engine, job_id: str):
    with http_client() as c:
        return c.get(engine.base_url + JOBS + job_id, headers=auth(engine.api_key))


def test_sdk_submit_and_wait_for_job(engine, clips) -> None:
    async def go() -> tuple[UploadJob, UploadJob]:
        client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
        submitted = await client.upload.submit(clips["webm12"], model="inter-2",
                                               include=ALL_INCLUDE)
        done = await client.upload.wait_for_job(submitted, timeout=300, poll_interval=0.2)
        return submitted, done

    submitted, job = asyncio.run(go())
    assert submitted.status.value in ("queued", "running") and submitted.result is None
    assert job.job_id == submitted.job_id and len(job.job_id) == 32
    assert job.status.value == "completed", job.error
    assert job.expires_at - job.created_at == timedelta(hours=1)
    assert job.status_url == f"/v2/upload/jobs/{job.job_id}"
    result = job.result
    assert result is not None and result.window_seconds == 8.0
    assert result.duration_seconds == pytest.approx(12.0, abs=0.1)
    spans = [(w.start_seconds, w.end_seconds) for w in result.windows]
    assert spans[0][0] == 0.0 and spans[-1][1] == result.duration_seconds
    assert all(a[1] == b[0] for a, b in pairwise(spans)), spans
    assert [w.index for w in result.windows] == list(range(len(spans)))
    for w in result.windows:
        assert all((s.start, s.end) == (w.start_seconds, w.end_seconds) for s in w.signals)
    assert result.signals is not None  # asked for: a list, maybe empty
    cq = result.conversation_quality
    assert cq is not None and cq.overall is not None and cq.timeline is not None
    assert len(cq.timeline) == len(result.windows)


def test_raw_202_envelope_then_poll(engine, clips) -> None:
    r = _post(engine, clips["face6"], {"model": "inter-2", "include[]": ["signals"]})
    assert r.status_code == 202, r.text
    body = r.json()
    assert set(body) == ENVELOPE_KEYS  # nothing that does not apply, no nulls
    assert body["created_at"].endswith("Z") and body["model"] == "inter-2"
    job_id = body["job_id"]
    seen: list[dict] = []
    until_sync(lambda: seen.append(_get(engine, job_id).json()) or seen[-1]["status"]
               in ("completed", "failed"), 300, "the job to finish")
    final = seen[-1]
    UploadJob.model_validate(final)
    assert final["status"] == "completed" and "error" not in final
    assert set(final) == ENVELOPE_KEYS | {"result"}
    merged = final["result"]["signals"]
    assert all("modality" not in s for s in merged)
    assert all("modality" not in s for w in final["result"]["windows"] for s in w["signals"])
    assert "conversation_quality" not in final["result"]  # not asked for
    # a face toward the camera the whole clip: the window sees it
    assert final["result"]["windows"][0]["engagement_status"] in ("engaged", "neutral")
    types = {s["type"] for s in merged}
    assert "disengagement" not in types


def test_wait_seconds_answers_200_with_the_terminal_job(engine, clips) -> None:
    r = _post(engine, clips["seg4"], {"model": "inter-2", "wait_seconds": "120",
                                      "include[]": ["conversation_quality_timeline"]})
    assert r.status_code == 200, r.text
    job = UploadJob.model_validate(r.json())
    assert job.status.value == "completed"
    assert job.result is not None and job.result.conversation_quality is not None
    assert job.result.conversation_quality.overall is None  # only the section asked for
    assert job.result.signals is None


@pytest.mark.parametrize(("data", "error_id"), [
    ({}, "ih4005"),
    ({"model": "inter-3"}, "ih4005"),
    ({"model": "inter-2", "wait_seconds": "121"}, "ih4005"),
    ({"model": "inter-2", "wait_seconds": "soon"}, "ih4005"),
    ({"model": "inter-2-deep"}, "ih4020"),
])
def test_bad_parameters_fail_the_request(engine, clips, data, error_id) -> None:
    assert_error(_post(engine, clips["seg4"], data), 400, error_id)


def test_input_rules_fail_the_request(engine, clips, video_only) -> None:
    assert_error(_post(engine, video_only, {"model": "inter-2"}), 422, "ih5008")
    assert_error(_post(engine, clips["audio_only"], {"model": "inter-2"}), 422, "ih5001")
    assert_error(_post(engine, clips["garbage"], {"model": "inter-2"}), 400, "ih4002")
    assert_error(_post(engine, clips["short2"], {"model": "inter-2"}), 400, "ih4007")
    assert_error(_post(engine, clips["seg4"], {"model": "inter-2"}, key="wrong"), 401, "ih2001")


def test_unknown_job_is_404_ih4021_through_the_sdk_too(engine) -> None:
    assert_error(_get(engine, "0" * 32), 404, "ih4021")

    async def go() -> None:
        client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
        await client.upload.get_job("f" * 32)

    with pytest.raises(InterhumanAPIError) as info:
        asyncio.run(go())
    assert info.value.status == 404 and info.value.error_id == "ih4021"


def test_over_the_maximum_duration_is_ih4004(engine_factory, clips) -> None:
    short_max = engine_factory("--v2-max-duration", "5")
    assert_error(_post(short_max, clips["webm9"], {"model": "inter-2"}), 400, "ih4004")
    assert _post(short_max, clips["seg4"], {"model": "inter-2"}).status_code == 202


def _token(engine, scopes: list[str]) -> str:
    with http_client() as c:
        r = c.post(engine.base_url + "/v1/auth",
                   json={"key_id": KEY_PAIR[0], "key_secret": KEY_PAIR[1], "scopes": scopes})
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def test_scopes_upload_token_works_stream_token_is_ih2003(engine, clips) -> None:
    upload = _token(engine, ["interhumanai.upload"])
    r = _post(engine, clips["seg4"], {"model": "inter-2-audio"}, key=upload)
    assert r.status_code == 202, r.text
    with http_client() as c:
        got = c.get(engine.base_url + JOBS + r.json()["job_id"], headers=auth(upload))
    assert got.status_code == 200 and got.json()["job_id"] == r.json()["job_id"]
    stream = _token(engine, ["interhumanai.stream"])
    assert_error(_post(engine, clips["seg4"], {"model": "inter-2"}, key=stream), 403, "ih2003")


def test_inter_2_deep_when_served_needs_the_program_scope(engine_factory, clips) -> None:
    deep = engine_factory("--v2-deep")
    r = _post(deep, clips["seg4"], {"model": "inter-2-deep", "wait_seconds": "120"})
    assert r.status_code == 200, r.text
    job = UploadJob.model_validate(r.json())
    assert job.model.value == "inter-2-deep" and job.status.value == "completed", job.error
    token = _token(deep, ["interhumanai.upload"])  # without interhumanai.upload.inter-2-deep
    assert_error(_post(deep, clips["seg4"], {"model": "inter-2-deep"}, key=token), 403, "ih2003")
