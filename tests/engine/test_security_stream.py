"""The stream's guards on a real engine: the Origin check and bounded config frames."""

from __future__ import annotations

import asyncio
import json

import pytest
from engine_helpers import recv_event, recv_until, ws_connect, ws_url
from security_helpers import HANG_BOUND, auth, ws_opens, ws_refusal


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, HANG_BOUND))


@pytest.mark.parametrize("origin", [None, "null", "http://localhost:3000", "https://127.0.0.1",
                                    "http://127.0.0.1:8080", "http://[::1]:9000"])
def test_loopback_and_absent_origins_open_the_stream(engine, origin) -> None:
    ready = run(ws_opens(engine.base_url, engine.api_key, origin=origin))
    assert ready["type"] == "session.ready"


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost.evil.example",
                                    "http://192.168.1.10:3000"])
def test_foreign_origins_are_refused_before_the_upgrade(engine, origin) -> None:
    reply = run(ws_refusal(ws_url(engine.base_url), origin=origin,
                           additional_headers=auth(engine.api_key)))
    assert "Origin" in reply.error(403, "ih2003")["message"]


@pytest.fixture(scope="module")
def with_origin(engine_factory):
    return engine_factory("--allow-origin", "https://app.example")


def test_allow_origin_adds_exactly_that_origin(with_origin) -> None:
    base, key = with_origin.base_url, with_origin.api_key
    assert run(ws_opens(base, key, origin="https://app.example"))["type"] == "session.ready"
    assert run(ws_opens(base, key, origin="http://localhost:5173"))["type"] == "session.ready"
    reply = run(ws_refusal(ws_url(base), origin="https://other.example",
                           additional_headers=auth(key)))
    reply.error(403, "ih2003")


@pytest.mark.parametrize("frame", ["[" * 100_000, "[" * 5_000 + "]" * 5_000,
                                   '{"include": ' + "[" * 50 + "]" * 50 + "}"])
def test_deep_config_frames_get_ih6001_and_the_session_stays_open(engine, frame) -> None:
    async def go():
        ws = await ws_connect(engine.base_url, engine.api_key)
        await recv_until(ws, "session.ready")
        await ws.send(frame)
        error = await recv_event(ws)
        await ws.send(json.dumps({"include": ["conversation_quality_overall"]}))
        updated = await recv_event(ws)
        await ws.send(json.dumps({"type": "session.close"}))
        tail = await recv_until(ws, "session.ended")
        await ws.wait_closed()
        return error, updated, tail, ws.close_code

    error, updated, tail, code = run(go())
    assert error["type"] == "error" and error["data"]["code"] == "ih6001"
    assert error["data"]["segment"] is None
    assert updated["type"] == "session.updated"
    assert updated["data"]["include"] == ["conversation_quality_overall"]
    assert tail[-1]["type"] == "session.ended" and code == 1000
