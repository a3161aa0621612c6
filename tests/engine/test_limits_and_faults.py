"""Session limits (ih6002, ih6003, ih6004) and every switchable fault, on their own engines."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

import pytest
from engine_helpers import assert_error, http_client, recv_event, recv_until, ws_connect
from websockets.exceptions import ConnectionClosed

SMALL_LIMIT = 50_000


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 90))


@pytest.fixture(scope="module")
def limited(engine_factory):
    """Idle 1.5 s, maximum 5 s, segments ≤ 50 KB: for the tests about these limits."""
    return engine_factory("--idle-timeout", "1.5", "--max-duration", "5",
                          "--max-segment-bytes", str(SMALL_LIMIT))


@pytest.fixture(scope="module")
def size_limited(engine_factory):
    """Segments ≤ 50 KB with the default idle timeout and duration, so a loaded machine's slow
    client never meets ih6003/ih6004 before the frame under test is sent."""
    return engine_factory("--max-segment-bytes", str(SMALL_LIMIT))


@pytest.fixture(scope="module")
def capped(engine_factory):
    """Maximum 5 s with the default idle timeout: a client slowed by load never idles out."""
    return engine_factory("--max-duration", "5")


async def _until_closed(ws) -> list[dict]:
    seen = []
    try:
        while True:
            seen.append(await recv_event(ws))
    except ConnectionClosed:
        return seen


def test_ready_reports_the_configured_limits(limited) -> None:
    async def go():
        ws = await ws_connect(limited.base_url, limited.api_key)
        ready = await recv_event(ws)
        await ws.close()
        return ready["data"]

    data = run(go())
    assert data["session_idle_timeout_seconds"] == 2  # 1.5 s, rounded up
    assert data["session_max_duration_seconds"] == 5
    assert data["max_segment_size_bytes"] == SMALL_LIMIT


def test_oversized_segment_gets_ih6002_then_close(size_limited, clips) -> None:
    payload = clips["seg4"].read_bytes()
    assert len(payload) > SMALL_LIMIT

    async def go():
        ws = await ws_connect(size_limited.base_url, size_limited.api_key)
        await recv_until(ws, "session.ready")
        await ws.send(b"\x00" * 10)  # segment 1: a decode error, the session stays
        await recv_until(ws, "error")
        await ws.send(payload)  # segment 2: too large
        seen = await _until_closed(ws)
        return seen, ws.close_code

    seen, code = run(go())
    errors = [(e["data"]["code"], e["data"]["segment"]) for e in seen if e["type"] == "error"]
    assert errors == [("ih6002", 2)]
    assert code == 1009


def test_idle_timeout_sends_ih6003_then_closes(limited) -> None:
    async def go():
        t = time.monotonic()  # before the handshake: the engine's idle clock starts after it
        ws = await ws_connect(limited.base_url, limited.api_key)
        seen = await _until_closed(ws)
        return seen, time.monotonic() - t

    seen, elapsed = run(go())
    assert [e["type"] for e in seen] == ["session.ready", "error"]
    assert seen[-1]["data"]["code"] == "ih6003" and seen[-1]["data"]["segment"] is None
    assert 1.2 < elapsed < 60  # the upper bound only catches "never"; a loaded machine is slow


def test_max_duration_sends_ih6004_even_when_active(capped) -> None:
    async def go():
        t = time.monotonic()  # before the handshake: the engine's clock starts after it
        ws = await ws_connect(capped.base_url, capped.api_key)
        await recv_until(ws, "session.ready")
        reader = asyncio.create_task(_until_closed(ws))
        with contextlib.suppress(ConnectionClosed):
            while not reader.done():  # config frames keep the session from idling out
                await ws.send(json.dumps({"include": []}))
                await asyncio.sleep(0.4)
        return await reader, time.monotonic() - t

    seen, elapsed = run(go())
    last = [e for e in seen if e["type"] == "error"]
    assert last and last[-1]["data"]["code"] == "ih6004"
    assert 4 < elapsed < 60  # the upper bound only catches "never"; a loaded machine is slow


@pytest.fixture(scope="module")
def upload_faults(engine_factory):
    return engine_factory(faults=("upload-429-every=2", "upload-500-every=3"))


def test_upload_faults_429_and_500(upload_faults, clips) -> None:
    results = []
    with http_client() as c:
        for _ in range(3):
            with open(clips["seg4"], "rb") as fh:
                results.append(c.post(
                    upload_faults.base_url + "/v1/upload/analyze",
                    headers={"Authorization": f"Bearer {upload_faults.api_key}"},
                    files={"file": ("a.mp4", fh, "video/mp4")}))
    assert results[0].status_code == 200
    assert_error(results[1], 429, "ih3001")
    assert results[1].headers["retry-after"] == "1"
    assert_error(results[2], 500, "ih1001")


async def _segments_until_closed(engine, payload: bytes, count: int):
    ws = await ws_connect(engine.base_url, engine.api_key)
    await recv_until(ws, "session.ready")
    with contextlib.suppress(ConnectionClosed):  # the fault may strike mid-send
        for _ in range(count):
            await ws.send(payload)
    seen = await _until_closed(ws)
    return seen, ws.close_code, ws.protocol.close_rcvd


def test_fault_disconnect_after_segments_drops_without_close_frame(engine_factory, clips) -> None:
    eng = engine_factory(faults=("disconnect-after-segments=2",))
    seen, code, rcvd = run(_segments_until_closed(eng, clips["seg4"].read_bytes(), 3))
    assert rcvd is None and code == 1006
    assert "error" not in [e["type"] for e in seen]
    assert eng.alive()


def test_fault_close_1011_after_segments(engine_factory, clips) -> None:
    eng = engine_factory(faults=("close-1011-after-segments=1",))
    _, code, rcvd = run(_segments_until_closed(eng, clips["seg4"].read_bytes(), 2))
    assert code == 1011 and rcvd is not None


def test_unknown_fault_is_refused_at_start_up(engine_factory) -> None:
    from interhuman_desktop.engine.child import EngineStartError

    with pytest.raises(EngineStartError, match="unknown fault 'no-such-fault'"):
        engine_factory(faults=("no-such-fault=1",))

