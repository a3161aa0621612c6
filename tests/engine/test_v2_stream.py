"""``WS /v2/stream/analyze``: the V1 protocol plus the model choice, no modality, one continuous
fMP4 stream without a 3-s minimum, raw PCM on inter-2-audio, coverage events."""

from __future__ import annotations

import asyncio
import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from engine_helpers import recv_event, recv_until
from interhumanai import InterhumanClient
from interhumanai.types import RawAudioFormat
from media_factory import make_clip
from v2_helpers import (
    AUDIBLE,
    FRAG_PER_SECOND,
    HESITANT,
    fmp4_chunks,
    make_audio_file,
    make_gap_clip,
    pcm_s16le,
    webm_audio_chunks,
)
from websockets.asyncio.client import connect


@pytest.fixture(scope="module")
def fmp4(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    d = tmp_path_factory.mktemp("v2stream")
    clip = make_clip(d / "talk.mp4", seconds=12.0, face=True, speech=HESITANT)
    return fmp4_chunks(clip, d / "talk-frag.mp4", fragments_per_chunk=4)


def _url(engine, model: str | None = None) -> str:
    url = engine.base_url.replace("http://", "ws://") + "/v2/stream/analyze"
    return url + (f"?model={model}" if model else "")


async def _raw(engine, model: str | None = None):
    return await connect(_url(engine, model), max_size=None, open_timeout=60,
                         additional_headers={"Authorization": f"Bearer {engine.api_key}"})


def _stream_all(engine, chunks: list[bytes], model: str | None = None) -> tuple[dict, list[dict]]:
    """Send every chunk on one raw V2 socket, close, and return (session.ready, the events)."""
    async def go() -> tuple[dict, list[dict]]:
        ws = await _raw(engine, model)
        ready = await recv_event(ws)
        for chunk in chunks:
            await ws.send(chunk)
        await ws.send(json.dumps({"type": "session.close"}))
        events = await recv_until(ws, "session.ended")
        await ws.close()
        return ready, events

    return asyncio.run(go())


def _signal_events(events: list[Any]) -> list[Any]:
    """signal.detected / signal.updated (the ones that can carry a modality)."""
    return [e for e in events if e.type in ("signal.detected", "signal.updated")]


def test_sdk_v2_session_on_a_continuous_fmp4_stream(engine, fmp4) -> None:
    async def go() -> tuple[Any, list[Any]]:
        client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
        async with client.stream(api_version="v2", model="inter-2") as session:
            ready = await session.wait_for_session_ready()
            await session.update_config(include=["conversation_quality_overall"])
            for chunk in fmp4:  # 3 chunks of ~4 s: init + fragments, then bare fragments
                await session.send_video(chunk)
            await session.request_close()
            events = [e async for e in session]
        return ready, events

    ready, events = asyncio.run(go())
    options = ready.data.supported_session_config_options
    assert [m.value for m in options.model] == ["inter-2", "inter-2-audio"]
    updated = next(e for e in events if e.type == "session.updated")
    assert updated.data.model.value == "inter-2"
    types = [e.type for e in events]
    assert "error" not in types, [e for e in events if e.type == "error"]
    assert types[-1] == "session.ended"
    signals = _signal_events(events)
    assert signals and all(e.data.modality is None for e in signals)
    assert "conversation_quality.updated" in types


def test_raw_frames_have_no_modality_and_no_min_segment(engine, fmp4) -> None:
    ready, events = _stream_all(engine, fmp4)
    assert "min_segment_duration_seconds" not in ready["data"]
    assert ready["data"]["supported_session_config_options"]["include"] == [
        "conversation_quality_overall", "conversation_quality_timeline"]
    signals = [e for e in events if e["type"].startswith("signal.")]
    assert signals and all("modality" not in e["data"] for e in signals)


@pytest.mark.parametrize("model", ["inter-2-deep", "inter-3"])
def test_a_model_it_does_not_stream_is_ih4005_then_1008(engine, model) -> None:
    async def go() -> tuple[dict, int | None]:
        ws = await _raw(engine, model)
        first = await recv_event(ws)
        await ws.wait_closed()
        return first, ws.close_code

    first, code = asyncio.run(go())
    assert first["type"] == "error" and first["data"]["code"] == "ih4005"
    assert code == 1008


def test_inter_2_audio_on_raw_pcm_hears_hesitation(engine) -> None:
    pcm = pcm_s16le(12.0, HESITANT, rate=24000)

    async def go() -> list[Any]:
        client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)
        async with client.stream(api_version="v2", model="inter-2-audio") as session:
            await session.wait_for_session_ready()
            await session.update_config(audio_format=RawAudioFormat(sample_rate=24000))
            for i in range(0, len(pcm), 4801):  # odd sizes: cut at any byte boundary
                await session.send_audio(pcm[i : i + 4801])
            await session.request_close()
            return [e async for e in session]

    events = asyncio.run(go())
    updated = next(e for e in events if e.type == "session.updated")
    assert updated.data.model.value == "inter-2-audio"
    assert "error" not in [e.type for e in events], events
    signals = _signal_events(events)
    kinds = {e.data.signal_type.value for e in signals}
    assert "hesitation" in kinds and kinds <= AUDIBLE
    assert all(e.data.modality is None for e in signals)


def test_config_rules_for_model_and_audio_format(engine, fmp4) -> None:
    async def go() -> list[dict]:
        ws = await _raw(engine)
        await recv_event(ws)
        out = []
        await ws.send(json.dumps({"audio_format": {"sample_rate": 16000}}))  # not on inter-2
        out.append(await recv_event(ws))
        await ws.send(json.dumps({"model": "inter-2-audio"}))  # before media: accepted
        out.append(await recv_event(ws))
        await ws.send(fmp4[0])
        await ws.send(json.dumps({"model": "inter-2"}))  # after media: refused, stays open
        out += await recv_until(ws, "error")
        await ws.send(json.dumps({"type": "session.close"}))
        out += await recv_until(ws, "session.ended")
        await ws.close()
        return out

    events = asyncio.run(go())
    assert events[0]["type"] == "error" and events[0]["data"]["code"] == "ih6001"
    assert events[1]["type"] == "session.updated" and events[1]["data"]["model"] == "inter-2-audio"
    errors = [e for e in events[2:] if e["type"] == "error"]
    assert [e["data"]["code"] for e in errors] == ["ih6001"]
    assert events[-1]["type"] == "session.ended"
    kinds = {e["data"]["signal_type"] for e in events if e["type"].startswith("signal.")}
    assert kinds <= AUDIBLE  # the session stayed on inter-2-audio


def test_media_waiting_too_long_is_shed_as_coverage_dropped(engine_factory, tmp_path) -> None:
    impatient = engine_factory("--v2-stream-max-lag", "0.2")
    clip = make_clip(tmp_path / "long.mp4", seconds=16.0, face=True)
    chunks = fmp4_chunks(clip, tmp_path / "long-frag.mp4")  # 16 chunks of 1 s, sent at once

    _, events = _stream_all(impatient, chunks)
    dropped = [r for e in events if e["type"] == "coverage.dropped" for r in e["data"]["ranges"]]
    assert dropped, [e["type"] for e in events]  # 16 s of media cannot all wait < 0.2 s
    assert all(0 <= r["start"] < r["end"] <= 16.1 for r in dropped)
    assert all(a["end"] <= b["start"] + 1e-6 for a, b in pairwise(dropped)), dropped
    assert events[-1]["type"] == "session.ended"


def test_missing_video_frames_are_coverage_degraded(engine, tmp_path: Path) -> None:
    clip = make_gap_clip(tmp_path / "gap.mp4", 9.0, (3.0, 6.0))  # no pictures from 3 to 6 s

    _, events = _stream_all(engine, [clip.read_bytes()])  # a short complete recording
    degraded = [e["data"] for e in events if e["type"] == "coverage.degraded"]
    assert degraded and degraded[0]["reason"] == "video_gap"
    (gap,) = degraded[0]["ranges"]
    assert gap["start"] == pytest.approx(2.93, abs=0.15) and gap["end"] == pytest.approx(6.0, 0.05)


@pytest.mark.parametrize("kind", ["webm", "fmp4"])
def test_inter_2_audio_hears_a_recording_without_video(engine, tmp_path: Path, kind) -> None:
    if kind == "webm":
        chunks = webm_audio_chunks(make_audio_file(tmp_path / "voice.webm"))
    else:
        m4a = make_audio_file(tmp_path / "voice.m4a")
        chunks = fmp4_chunks(m4a, tmp_path / "voice-frag.mp4", 3, FRAG_PER_SECOND)
    assert len(chunks) >= 2  # a header chunk and continuations

    _, events = _stream_all(engine, chunks, "inter-2-audio")
    assert not [e for e in events if e["type"] == "error"], events
    kinds = {e["data"]["signal_type"] for e in events if e["type"] == "signal.detected"}
    assert "hesitation" in kinds and kinds <= AUDIBLE
