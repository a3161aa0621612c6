"""End-to-end: the live session against the real local engine (child process, loopback).

Segments are real 3-s mp4 files; the engine's fault injection drops and breaks connections.
"""

from __future__ import annotations

import asyncio
import socket

import pytest
from session_helpers import place_segments, run_session
from waiting import ENGINE_READY_S

from interhuman_desktop.api.errors import StreamHandshakeError
from interhuman_desktop.engine.child import start_engine
from interhuman_desktop.session.journal import recover
from interhuman_desktop.session.live import LiveOptions, LiveState

pytestmark = pytest.mark.slow
TOTAL = 5 * 3.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _assert_one_continuous_timeline(session, total: float) -> None:
    periods = session.timeline.quality_periods
    assert periods, "the engine sent no conversation-quality periods"
    assert all(0.0 <= p.start < p.end <= total + 0.2 for p in periods)
    assert max(p.end for p in periods) == pytest.approx(total, abs=0.6)


def test_clean_session_is_analysed_end_to_end(tmp_path, segment_template) -> None:
    infos = place_segments(tmp_path, segment_template, 5)
    with start_engine(ready_timeout=ENGINE_READY_S) as engine:
        session = asyncio.run(run_session(engine.base_url, engine.api_key, tmp_path, infos))
    assert session.state == LiveState.ENDED, session.error
    assert all(s.acked for s in session.segments.values())
    assert session.reconnects == 0 and session.events.count > 0
    _assert_one_continuous_timeline(session, TOTAL)
    journal = recover(tmp_path)
    assert journal.ended and len(journal.segments) == 5 and journal.unanalysed == []


@pytest.mark.parametrize("fault", ["disconnect-after-segments=4", "close-1011-after-segments=4"])
def test_broken_connections_reconnect_and_lose_nothing(tmp_path, segment_template, fault) -> None:
    infos = place_segments(tmp_path, segment_template, 5)
    options = LiveOptions(quiet_period=30.0, backoff_base=0.1, backoff_cap=0.5)
    with start_engine(faults=[fault], ready_timeout=ENGINE_READY_S) as engine:
        session = asyncio.run(run_session(engine.base_url, engine.api_key, tmp_path, infos,
                                          options))
    assert session.state == LiveState.ENDED, session.error
    assert session.reconnects >= 1
    assert [s.index for s in session.segments.values() if not s.acked] == []
    _assert_one_continuous_timeline(session, TOTAL)


def test_engine_killed_and_restarted_mid_session(tmp_path, segment_template) -> None:
    infos = place_segments(tmp_path, segment_template, 5)
    port, key = _free_port(), "restart-key"
    engines = [start_engine(api_keys=[key], extra_args=["--port", str(port)],
                            ready_timeout=ENGINE_READY_S)]

    async def between(i: int) -> None:
        if i == 2:  # after the third segment: kill the engine, start a new one on the same port
            engines[0].kill()
            await asyncio.sleep(0.5)
            engines.append(await asyncio.to_thread(
                start_engine, api_keys=[key], extra_args=["--port", str(port)],
                ready_timeout=ENGINE_READY_S))

    options = LiveOptions(quiet_period=30.0, backoff_base=0.2, backoff_cap=1.0)
    try:
        session = asyncio.run(run_session(engines[0].base_url, key, tmp_path, infos, options,
                                          pace=0.3, between=between))
    finally:
        for engine in engines:
            engine.stop()
    assert session.state == LiveState.ENDED, session.error
    assert session.reconnects >= 1
    assert all(s.acked for s in session.segments.values())
    _assert_one_continuous_timeline(session, TOTAL)


def test_bad_key_fails_at_once_without_retrying(tmp_path, segment_template) -> None:
    infos = place_segments(tmp_path, segment_template, 2)
    with start_engine(ready_timeout=ENGINE_READY_S) as engine:
        session = asyncio.run(run_session(engine.base_url, "not-the-key", tmp_path, infos,
                                          finish_timeout=90))
    assert session.state == LiveState.FAILED
    assert isinstance(session.error, StreamHandshakeError) and session.error.status == 401
    assert session.reconnects == 0
    assert "401" in session.error.user_message()
    assert recover(tmp_path).unanalysed == [1, 2]  # kept on disk for a later analysis


def test_max_duration_opens_a_new_server_session_on_the_same_timeline(
        tmp_path, segment_template) -> None:
    infos = place_segments(tmp_path, segment_template, 5)
    options = LiveOptions(quiet_period=30.0, backoff_base=0.1, backoff_cap=0.5)
    with start_engine(extra_args=["--max-duration", "7"],  # ih6004 after ~7 s media
                      ready_timeout=ENGINE_READY_S) as engine:
        session = asyncio.run(run_session(engine.base_url, engine.api_key, tmp_path, infos,
                                          options))
    assert session.state == LiveState.ENDED, session.error
    assert len(session.offsets.connections) >= 2
    assert all(s.acked for s in session.segments.values())
    codes = [e["envelope"]["data"].get("code") for e in session.events.raw
             if e["envelope"].get("type") == "error"]
    assert "ih6004" in codes
    _assert_one_continuous_timeline(session, TOTAL)


def test_a_server_that_never_answers_the_close_is_left_after_the_quiet_period(
        tmp_path, segment_template) -> None:
    """A misbehaving service: ready, then silence (no events, no session.ended)."""
    from websockets.asyncio.server import serve

    async def silent(ws) -> None:
        await ws.send('{"type": "session.ready", "timestamp": "2026-01-01T00:00:00Z", '
                      '"correlation_id": "c", "data": {"session_idle_timeout_seconds": 300, '
                      '"session_max_duration_seconds": 3600, "min_segment_size_bytes": 1, '
                      '"max_segment_size_bytes": 33554432, '
                      '"supported_session_config_options": {"include": []}}}')
        async for _ in ws:
            pass

    async def go():
        async with serve(silent, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            options = LiveOptions(quiet_period=1.0, drain_limit=2.0)
            return await run_session(f"http://127.0.0.1:{port}", "any-key", tmp_path,
                                     place_segments(tmp_path, segment_template, 2), options,
                                     finish_timeout=30)

    session = asyncio.run(go())
    assert session.state == LiveState.ENDED
    assert {s.failed for s in session.segments.values()} == {"no_answer"}
    assert recover(tmp_path).unanalysed == [1, 2]  # on disk, for a later analysis
