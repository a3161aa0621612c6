"""WS /v1/stream/analyze: the SDK's flow, handshake auth, config frames, bad segments."""

from __future__ import annotations

import asyncio
import json

import pytest
from engine_helpers import (
    FOUR_FIELDS,
    KEY_PAIR,
    http_client,
    recv_event,
    recv_until,
    ws_connect,
    ws_url,
)
from interhumanai import InterhumanClient
from interhumanai.stream import UnknownEvent
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

ALL_INCLUDE = ["conversation_quality_overall", "conversation_quality_timeline"]


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 90))


def test_sdk_session_from_ready_to_ended(engine, clips) -> None:
    async def go():
        client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
        session = client.stream()
        await session.connect()
        ready = await session.wait_for_session_ready()
        await session.update_config(include=ALL_INCLUDE, goal_dimensions=["clarity"])
        for _ in range(3):
            await session.send_video(clips["seg4"].read_bytes())
        await session.request_close()
        events = [event async for event in session]
        return ready, events, session.close_info

    ready, events, close_info = run(go())
    data = ready.data
    assert data.session_idle_timeout_seconds == 300
    assert data.session_max_duration_seconds == 3600
    assert data.max_segment_size_bytes == 33_554_432 and data.min_segment_size_bytes == 1
    assert [e.value for e in data.supported_session_config_options.include] == ALL_INCLUDE
    assert len(data.supported_session_config_options.goal_dimensions) == 5
    types = [e.type for e in events]
    assert not any(isinstance(e, UnknownEvent) for e in events)
    assert types[0] == "session.ready" and types[-1] == "session.ended"
    assert "session.updated" in types and "session.closing" in types
    assert "error" not in types, events
    assert events[-1].data.reason == "client_shutdown"
    assert close_info.code == 1000
    assert len({e.correlation_id for e in events}) == 1
    for e in events:  # session-cumulative times stay within the 12 s of media sent
        for name in ("start", "end"):
            value = getattr(getattr(e, "data", None), name, None)
            if isinstance(value, float):
                assert 0 <= value <= 12.2, e


@pytest.mark.parametrize("form", ["header", "single", "pair"])
def test_handshake_auth_forms_and_echo(engine, form) -> None:
    async def go():
        key = engine.api_key
        kwargs: dict = {"open_timeout": 60}
        if form == "header":
            kwargs["additional_headers"] = {"Authorization": f"Bearer {key}"}
        elif form == "single":
            kwargs["subprotocols"] = [key]
        else:
            kwargs["subprotocols"] = ["access_token", key]
        async with connect(ws_url(engine.base_url), **kwargs) as ws:
            ready = await recv_event(ws)
            cid = ws.response.headers["X-Correlation-ID"]
            return ws.subprotocol, ready, cid

    subprotocol, ready, cid = run(go())
    expected = {"header": None, "single": engine.api_key, "pair": "access_token"}[form]
    assert subprotocol == expected
    assert ready["type"] == "session.ready"
    assert ready["correlation_id"] == cid


@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_bad_credential_is_refused_with_401(engine, key) -> None:
    async def go():
        headers = {"Authorization": f"Bearer {key}"} if key else None
        with pytest.raises(InvalidStatus) as info:
            await connect(ws_url(engine.base_url), additional_headers=headers, open_timeout=60)
        return info.value.response

    response = run(go())
    assert response.status_code == 401
    body = json.loads(response.body)
    assert set(body) == FOUR_FIELDS
    assert body["error_id"] == ("ih2002" if key is None else "ih2001")
    assert response.headers["X-Correlation-ID"] == body["correlation_id"]


def test_token_without_stream_scope_gets_ih2003_and_4003(engine) -> None:
    with http_client() as c:
        r = c.post(engine.base_url + "/v1/auth", json={
            "key_id": KEY_PAIR[0], "key_secret": KEY_PAIR[1], "scopes": ["interhumanai.upload"]})
    token = r.json()["access_token"]

    async def go():
        ws = await ws_connect(engine.base_url, token)
        first = await recv_event(ws)
        with pytest.raises(ConnectionClosed):
            await recv_event(ws)
        return first, ws.close_code

    first, code = run(go())
    assert first["type"] == "error" and first["data"]["code"] == "ih2003"
    assert first["data"]["segment"] is None
    assert code == 4003


def test_invalid_config_frames_leave_the_session_open(engine, clips) -> None:
    async def go():
        ws = await ws_connect(engine.base_url, engine.api_key)
        await recv_until(ws, "session.ready")
        replies = []
        for frame in ["not json", "[1, 2]", '{"model": "inter-2"}', '{"include": "x"}',
                      '{"goal_dimensions": ["charisma"]}', '{"type": "session.pause"}']:
            await ws.send(frame)
            replies.append(await recv_event(ws))
        await ws.send(json.dumps({"include": ["bogus", ALL_INCLUDE[1]], "goal_dimensions": []}))
        updated = await recv_event(ws)
        await ws.send(json.dumps({}))  # a config fully replaces the previous one
        reset = await recv_event(ws)
        await ws.send(clips["seg4"].read_bytes())
        await ws.send(json.dumps({"type": "session.close"}))
        tail = await recv_until(ws, "session.ended")
        await ws.wait_closed()
        return replies, updated, reset, tail, ws.close_code

    replies, updated, reset, tail, code = run(go())
    assert all(r["type"] == "error" and r["data"]["code"] == "ih6001" for r in replies)
    assert all(r["data"]["segment"] is None for r in replies)
    assert updated["type"] == "session.updated"
    assert updated["data"] == {"include": [ALL_INCLUDE[1]], "goal_dimensions": []}
    assert reset["data"] == {"include": [], "goal_dimensions": None}
    assert [e for e in tail if e["type"] == "error"] == []
    assert code == 1000


def test_bad_segments_get_segment_errors_and_the_session_stays_open(engine, clips) -> None:
    async def go():
        ws = await ws_connect(engine.base_url, engine.api_key)
        await recv_until(ws, "session.ready")
        await ws.send(b"\x00garbage" * 1000)
        e1 = await recv_until(ws, "error")
        await ws.send(clips["short1"].read_bytes())
        e2 = await recv_until(ws, "error")
        await ws.send(clips["audio_only"].read_bytes())
        e3 = await recv_until(ws, "error")
        await ws.send(clips["seg4"].read_bytes())
        await ws.send(json.dumps({"type": "session.close"}))
        tail = await recv_until(ws, "session.ended")
        await ws.wait_closed()
        return e1[-1]["data"], e2[-1]["data"], e3[-1]["data"], tail, ws.close_code

    e1, e2, e3, tail, code = run(go())
    assert (e1["code"], e1["segment"]) == ("ih5004", 1)
    assert (e2["code"], e2["segment"]) == ("ih5006", 2)
    assert (e3["code"], e3["segment"]) == ("ih5001", 3)
    assert [e for e in tail if e["type"] == "error"] == []
    assert code == 1000


def test_client_that_just_closes_is_tolerated(engine, clips) -> None:
    async def go():
        for _ in range(2):
            ws = await ws_connect(engine.base_url, engine.api_key)
            await recv_until(ws, "session.ready")
            await ws.send(clips["seg4"].read_bytes())
            await ws.close()
        with http_client() as c:
            return c.get(engine.base_url + "/healthz").status_code

    assert run(go()) == 200
    assert engine.alive()
    assert "Traceback" not in engine.stderr_tail(20_000)


def _times(events: list[dict]) -> list[float]:
    """Every session time an analysis event carries (start, end, timeline bounds)."""
    out: list[float] = []
    for e in events:
        data = e["data"]
        out += [data[k] for k in ("start", "end") if isinstance(data.get(k), (int, float))]
        for entry in data.get("timeline") or []:
            out += [entry["start"], entry["end"]]
    return out


def _continuous_session(engine, chunks: list[bytes]) -> tuple[list[dict], int]:
    async def go():
        ws = await ws_connect(engine.base_url, engine.api_key)
        await recv_until(ws, "session.ready")
        await ws.send(json.dumps({"include": ALL_INCLUDE}))
        for chunk in chunks:
            await ws.send(chunk)
        await ws.send(json.dumps({"type": "session.close"}))
        events = await recv_until(ws, "session.ended")
        await ws.wait_closed()
        return events, ws.close_code

    return run(go())


def test_continuous_webm_stream_is_accepted_and_the_clock_advances(engine, clips) -> None:
    from media_factory import webm_stream_chunks

    chunks = webm_stream_chunks(clips["webm12"])
    assert len(chunks) >= 3 and not chunks[1].startswith(b"\x1a\x45\xdf\xa3")
    events, code = _continuous_session(engine, chunks)
    assert [e for e in events if e["type"] == "error"] == []
    assert code == 1000
    times = _times(events)
    assert times and max(times) <= 12.3
    assert max(times) >= 8.0  # analysis reached the third chunk: the clock advanced


def test_continuous_webm_9s_has_no_parse_errors(engine, clips) -> None:
    """The 9-s clip's last MediaRecorder-style chunk is under 3 s: only it may get ih5006."""
    from media_factory import webm_stream_chunks

    chunks = webm_stream_chunks(clips["webm9"])
    events, code = _continuous_session(engine, chunks)
    errors = [(e["data"]["code"], e["data"]["segment"]) for e in events if e["type"] == "error"]
    assert all(err == ("ih5006", len(chunks)) for err in errors), errors
    assert code == 1000


def test_independent_segments_use_session_cumulative_times(engine, clips) -> None:
    events, _ = _continuous_session(engine, [clips["seg4"].read_bytes()] * 4)
    assert [e for e in events if e["type"] == "error"] == []
    times = _times(events)
    assert times and max(times) <= 16.3
    assert max(times) >= 12.0  # well past one segment's 4 s: times do not restart


def test_sdk_stream_with_a_key_pair_token(engine) -> None:
    async def go():
        client = InterhumanClient(key_id=KEY_PAIR[0], key_secret=KEY_PAIR[1],
                                  base_url=engine.base_url)
        session = client.stream()
        await session.connect()
        ready = await session.wait_for_session_ready()
        await session.close()
        return ready, session.close_info

    ready, close_info = run(go())
    assert ready.type == "session.ready" and close_info.code == 1000
