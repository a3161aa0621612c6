"""Exact protocol timing with the scripted analyser: the session clock, drains, the delay fault."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from engine_helpers import SCENARIO, recv_event, recv_until, ws_connect
from interhumanai import InterhumanClient
from media_factory import webm_stream_chunks

ALL_INCLUDE = ["conversation_quality_overall", "conversation_quality_timeline"]


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 90))


async def _session(
    engine, frames: list[bytes], config: dict | None = None, after_close: bytes | None = None
) -> list[dict]:
    ws = await ws_connect(engine.base_url, engine.api_key)
    await recv_until(ws, "session.ready")
    if config is not None:
        await ws.send(json.dumps(config))
    for frame in frames:
        await ws.send(frame)
    await ws.send(json.dumps({"type": "session.close"}))
    if after_close is not None:  # media after session.close is not analysed
        await ws.send(after_close)
    events = await recv_until(ws, "session.ended")
    await ws.wait_closed()
    assert ws.close_code == 1000
    return events


def _ended_at(events: list[dict]) -> float:
    (ended,) = [e["data"] for e in events if e["type"] == "signal.ended"]
    assert ended["signal_type"] == "agreement"
    return ended["end"]


def test_continuous_webm_advances_the_clock_by_its_media(scripted, clips) -> None:
    chunks = webm_stream_chunks(clips["webm12"])
    events = run(_session(scripted, chunks, after_close=clips["seg4"].read_bytes()))
    assert [e for e in events if e["type"] == "error"] == []
    assert _ended_at(events) == pytest.approx(12.0, abs=0.15)


def test_independent_segments_accumulate_and_bad_ones_do_not_count(scripted, clips) -> None:
    seg = clips["seg4"].read_bytes()
    frames = [seg, b"junk" * 100, clips["short1"].read_bytes(), seg]
    config = {"include": ALL_INCLUDE, "goal_dimensions": ["energy"]}
    events = run(_session(scripted, frames, config))
    errors = [(e["data"]["code"], e["data"]["segment"]) for e in events if e["type"] == "error"]
    assert errors == [("ih5004", 2), ("ih5006", 3)]
    assert _ended_at(events) == pytest.approx(8.0, abs=0.1)
    types = [e["type"] for e in events]
    # closing comes before the drained events, ended last; every scripted event was sent once
    assert types.index("session.closing") < types.index("signal.ended") < types.index(
        "session.ended") == len(types) - 1
    for kind in ("engagement.updated", "signal.detected", "conversation_quality.updated",
                 "feedback.generated"):
        assert types.count(kind) == 1, kind


def test_events_wait_for_their_media_time(scripted, clips) -> None:
    """One 4-s segment reaches the events at 0 s and 1 s, not those at 6 s and 7 s."""
    async def go():
        ws = await ws_connect(scripted.base_url, scripted.api_key)
        await recv_until(ws, "session.ready")
        await ws.send(json.dumps({"include": ALL_INCLUDE, "goal_dimensions": ["energy"]}))
        await ws.send(clips["seg4"].read_bytes())
        seen = [await recv_event(ws) for _ in range(3)]
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(1.0):
                await recv_event(ws)
        await ws.close()
        return [e["type"] for e in seen]

    assert run(go()) == ["session.updated", "engagement.updated", "signal.detected"]


def test_sdk_upload_replays_the_scenario(scripted, clips) -> None:
    async def go(**kw):
        client = InterhumanClient(access_token=scripted.api_key, base_url=scripted.base_url)
        return await client.upload.analyze(clips["seg4"], **kw)

    plain = run(go())
    assert plain.feedback is None
    assert [s.type.value for s in plain.signals] == ["confidence"]
    with_goals = run(go(goal_dimensions=["authority"]))
    assert with_goals.feedback is not None and with_goals.feedback.type == "no_feedback"
    assert with_goals.model_dump(mode="json")["signals"] == SCENARIO["upload"]["signals"]


def test_fault_first_event_delay(scripted, engine_factory, scenario_path, clips) -> None:
    delayed = engine_factory("--fault", "first-event-delay=2",
                             analyzer=f"scripted:{scenario_path}")

    async def first_event_after(engine) -> float:
        ws = await ws_connect(engine.base_url, engine.api_key)
        await recv_until(ws, "session.ready")
        t = time.monotonic()
        await ws.send(clips["seg4"].read_bytes())
        env = await recv_event(ws)
        elapsed = time.monotonic() - t
        await ws.close()
        assert env["type"] == "engagement.updated"
        return elapsed

    base = run(first_event_after(scripted))
    late = run(first_event_after(delayed))
    assert late >= 2.0 and late > base + 1.5, (base, late)


def test_concurrent_sessions_keep_their_own_clocks(scripted, clips) -> None:
    seg = clips["seg4"].read_bytes()

    async def go():
        return await asyncio.gather(*(_session(scripted, [seg] * n) for n in (1, 2, 3)))

    results = run(go())
    ends = [_ended_at(events) for events in results]
    assert ends == [pytest.approx(4.0 * n, abs=0.1) for n in (1, 2, 3)]
    cids = {events[0]["correlation_id"] for events in results}
    assert len(cids) == 3
