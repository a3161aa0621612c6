"""HTTP side of the engine: health, key exchange, upload (through the SDK and raw httpx)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest
from engine_helpers import KEY_PAIR, assert_error, http_client
from interhumanai import AnalysisResult, InterhumanAPIError, InterhumanClient

UPLOAD = "/v1/upload/analyze"


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _upload(engine, path, key=None, data=None, filename="clip.mp4"):
    with http_client() as c, open(path, "rb") as fh:
        return c.post(engine.base_url + UPLOAD, headers=_auth(key or engine.api_key),
                      files={"file": (filename, fh, "video/mp4")}, data=data or {})


def _mint(engine, scopes, path="/v1/auth", **override):
    body = {"key_id": KEY_PAIR[0], "key_secret": KEY_PAIR[1], "scopes": scopes, **override}
    with http_client() as c:
        return c.post(engine.base_url + path, json={k: v for k, v in body.items() if v is not None})


def test_healthz_is_open_and_correlated(engine) -> None:
    with http_client() as c:
        r = c.get(engine.base_url + "/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    uuid.UUID(r.headers["x-correlation-id"])


@pytest.mark.parametrize("path", ["/v1/auth", "/v0/auth"])
def test_key_exchange_grants_the_requested_scopes(engine, path) -> None:
    r = _mint(engine, ["interhumanai.upload", "interhumanai.stream"], path=path)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    assert body["scope"].split() == ["interhumanai.upload", "interhumanai.stream"]
    uuid.UUID(r.headers["x-correlation-id"])


def test_key_exchange_errors(engine) -> None:
    assert_error(_mint(engine, ["interhumanai.upload"], key_id=""), 400, "ih2004")
    body = assert_error(_mint(engine, ["interhumanai.upload"], key_secret=""), 400, "ih2005")
    assert body["link"].endswith("#ih2005-missing-key-secret")
    assert_error(_mint(engine, ["interhumanai.upload"], key_secret="wrong"), 401, "ih2001")
    assert_error(_mint(engine, ["interhumanai.upload"], key_id="nobody"), 401, "ih2001")


def test_sdk_upload_with_include_goals_and_context(engine, clips) -> None:
    async def go() -> AnalysisResult:
        client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
        return await client.upload.analyze(
            clips["face6"],
            include=["conversation_quality_overall", "conversation_quality_timeline", "bogus"],
            goal_dimensions=["clarity", "rapport"],
            conversation_context="A job interview rehearsal.",
        )

    result = asyncio.run(go())
    assert result.feedback is not None
    assert result.conversation_quality is not None
    cq = result.conversation_quality.overall
    dims = [cq.clarity, cq.authority, cq.energy, cq.rapport, cq.learning]
    assert cq.quality_index == pytest.approx(sum(dims) / 5, abs=0.01)
    assert result.engagement_state, "engagement_state is always present"
    assert max(e.end for e in result.engagement_state) == pytest.approx(6.0, abs=0.2)


def test_sdk_upload_with_a_key_pair_token(engine, clips) -> None:
    async def go() -> AnalysisResult:
        client = InterhumanClient(key_id=KEY_PAIR[0], key_secret=KEY_PAIR[1],
                                  base_url=engine.base_url)
        return await client.upload.analyze(clips["seg4"])

    result = asyncio.run(go())
    assert result.feedback is None and result.conversation_quality is None


def test_upload_auth_errors(engine, clips) -> None:
    with http_client() as c, open(clips["seg4"], "rb") as fh:
        r = c.post(engine.base_url + UPLOAD, files={"file": ("a.mp4", fh)})
    assert_error(r, 401, "ih2002")
    assert_error(_upload(engine, clips["seg4"], key="not-a-key"), 401, "ih2001")
    token = _mint(engine, ["interhumanai.stream"]).json()["access_token"]
    assert_error(_upload(engine, clips["seg4"], key=token), 403, "ih2003")


def test_upload_validation_errors(engine, clips) -> None:
    with http_client() as c:
        r = c.post(engine.base_url + UPLOAD, headers=_auth(engine.api_key),
                   files={"other": ("x.txt", b"hello")})
    assert_error(r, 400, "ih4001")
    tiny = clips["short1"].read_bytes()[:5000]
    with http_client() as c:
        r = c.post(engine.base_url + UPLOAD, headers=_auth(engine.api_key),
                   files={"file": ("tiny.mp4", tiny)})
    assert_error(r, 400, "ih4007")
    assert_error(_upload(engine, clips["short2"]), 400, "ih4007")
    assert_error(_upload(engine, clips["garbage"]), 400, "ih4002")
    assert_error(_upload(engine, clips["truncated"]), 422, "ih5002")
    assert_error(_upload(engine, clips["audio_only"]), 422, "ih5001")


def test_sdk_surfaces_the_error_fields(engine, clips) -> None:
    async def go() -> None:
        client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
        await client.upload.analyze(clips["short2"])

    with pytest.raises(InterhumanAPIError) as info:
        asyncio.run(go())
    assert info.value.status == 400 and info.value.error_id == "ih4007"
    assert info.value.correlation_id and info.value.link


def _body(total: int, sent: list[int]):
    yield (b'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\n'
           b"Content-Type: video/mp4\r\n\r\n")
    chunk = b"\0" * (1 << 16)
    while sent[0] < total:
        sent[0] += len(chunk)
        yield chunk
    yield b"\r\n--BOUNDARY--\r\n"


@pytest.mark.parametrize("declare_length", [True, False])
def test_oversized_upload_is_refused_while_streaming(engine, declare_length) -> None:
    total, sent = 40 * 1024 * 1024, [0]
    headers = {**_auth(engine.api_key), "Content-Type": "multipart/form-data; boundary=BOUNDARY"}
    if declare_length:
        headers["Content-Length"] = str(total + 200)
    with http_client() as c:
        r = c.post(engine.base_url + UPLOAD, headers=headers, content=_body(total, sent))
    assert_error(r, 413, "ih4003")
    assert sent[0] < total, "the engine answered before the body was sent"
    if declare_length:
        assert sent[0] < 4 * 1024 * 1024  # refused on Content-Length alone


def test_rss_does_not_grow_with_a_refused_upload(engine) -> None:
    status = f"/proc/{engine.pid}/status"
    try:
        before = _rss_kb(status)
    except OSError:
        pytest.skip("no /proc")
    headers = {**_auth(engine.api_key), "Content-Type": "multipart/form-data; boundary=BOUNDARY"}
    with http_client() as c:
        r = c.post(engine.base_url + UPLOAD, headers=headers, content=_body(40 << 20, [0]))
    assert r.status_code == 413
    assert _rss_kb(status) - before < 20 * 1024  # far below the 32+ MB a buffer would take


def _rss_kb(path: str) -> int:
    with open(path) as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise OSError("no VmRSS")


def test_analysis_runs_off_the_event_loop(engine, clips) -> None:
    """While uploads are analysed, /healthz stays quick (compared with the upload time)."""
    done = threading.Event()
    upload_times: list[float] = []

    def uploader() -> None:
        t = time.monotonic()
        r = _upload(engine, clips["face6"])
        upload_times.append(time.monotonic() - t)
        assert r.status_code == 200
        done.set()

    threads = [threading.Thread(target=uploader) for _ in range(3)]
    for th in threads:
        th.start()
    latencies = []
    with http_client() as c:
        while not done.is_set():
            t = time.monotonic()
            assert c.get(engine.base_url + "/healthz").status_code == 200
            latencies.append(time.monotonic() - t)
            time.sleep(0.02)
    for th in threads:
        th.join(60)
    assert latencies
    print(f"healthz max {max(latencies):.3f}s over {len(latencies)}; uploads {upload_times}")
    assert max(latencies) < max(0.5, min(upload_times) / 2), (latencies, upload_times)
