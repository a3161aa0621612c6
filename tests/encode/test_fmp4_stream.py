"""Independent segment files become one continuous fragmented MP4 (init once, then bare
fragments) that decodes as one stream, and that the engine's V2 stream analyses to its end
without a refused fragment."""

from __future__ import annotations

import asyncio
import io
import itertools
import json
from pathlib import Path

import av
import pytest
from media_factory import make_clip
from websockets.asyncio.client import connect

from interhuman_desktop.encode.fmp4_stream import Fmp4Stream, boxes


@pytest.fixture(scope="module")
def segments(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("fmp4")
    return [make_clip(d / f"seg{i}.mp4", seconds=3.0, face=True) for i in range(3)]


def _chunks(segments: list[Path]) -> list[bytes]:
    stream = Fmp4Stream()
    chunks = [stream.chunk(p) for p in segments]
    assert stream.offset == pytest.approx(9.0, abs=0.15)
    return [*chunks, stream.close()]


def _video_times(data: bytes) -> list[float]:
    with av.open(io.BytesIO(data)) as joined:
        return [float(f.time) for f in joined.decode(video=0)]


def test_each_chunk_carries_its_whole_segment(segments) -> None:
    """Nothing waits for the next segment: the stream so far decodes to the end of the
    segment just added (the recorder's segments are one keyframe interval each, so a held-back
    last fragment made the V2 analysis a whole segment late)."""
    stream = Fmp4Stream()
    with av.open(str(segments[0])) as one:
        per_segment = sum(1 for _ in one.decode(video=0))
    sent = b""
    for n, path in enumerate(segments, start=1):
        sent += stream.chunk(path)
        times = _video_times(sent)
        assert len(times) == n * per_segment
        assert times[-1] == pytest.approx(3.0 * n - 1 / 15, abs=0.05)
        assert times == sorted(times) and min(b - a for a, b in itertools.pairwise(times)) > 0.03
    assert stream.close() == b""  # nothing was left for the end


def test_init_once_then_fragments_that_decode_as_one_stream(segments) -> None:
    chunks = [c for c in _chunks(segments) if c]
    kinds = [[k for k, _, _ in boxes(c)] for c in chunks]
    assert kinds[0][:3] == [b"ftyp", b"moov", b"moof"]
    assert all(k and k[0] == b"moof" and b"moov" not in k and b"mfra" not in k
               for k in kinds[1:])
    with av.open(io.BytesIO(b"".join(chunks))) as joined:
        times = [f.time for f in joined.decode(video=0)]
    with av.open(str(segments[0])) as one:
        per_segment = sum(1 for _ in one.decode(video=0))
    assert len(times) == 3 * per_segment and times[-1] == pytest.approx(9.0, abs=0.2)
    fresh = Fmp4Stream().chunk(segments[1])  # after a reconnect: a new init segment
    assert [k for k, _, _ in boxes(fresh)][:2] == [b"ftyp", b"moov"]


def test_the_engine_v2_stream_analyses_it_to_the_end(engine, segments) -> None:
    async def go() -> list[dict]:
        url = engine.base_url.replace("http://", "ws://") + "/v2/stream/analyze?model=inter-2"
        seen = []
        async with connect(url, additional_headers={"Authorization": f"Bearer {engine.api_key}"},
                           max_size=None) as ws:
            seen.append(json.loads(await ws.recv()))
            for chunk in _chunks(segments):
                if chunk:  # as the pump: an empty tail is not sent
                    await ws.send(chunk)
            await ws.send(json.dumps({"type": "session.close"}))
            async for raw in ws:
                seen.append(json.loads(raw))
        return seen

    events = asyncio.run(go())
    types = [e["type"] for e in events]
    assert types[0] == "session.ready" and types[-1] == "session.ended"
    assert "error" not in types, [e for e in events if e["type"] == "error"]
    ends = [e["data"]["end"] for e in events if e["type"] == "signal.ended"]
    assert ends and max(ends) == pytest.approx(9.0, abs=0.2)  # all three segments analysed
