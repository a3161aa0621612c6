"""End-to-end: an audio-only live session against the real local engine (child process, port 0).

The microphone is a real recording (the bundled sample clip's sound: a person talking, 20 s)
played by ``FileSource(audio_only=True)``; a loopback relay (``ws_recorder``) in front of the
engine records what the client sent, and drops the connection on the network side.
"""

from __future__ import annotations

import asyncio
import wave
from pathlib import Path

import av
import numpy as np
import pytest
from interhumanai import InterhumanClient
from waiting import ENGINE_READY_S
from ws_recorder import WsRecorder

from interhuman_desktop.capture.file import FileSource
from interhuman_desktop.engine.child import start_engine
from interhuman_desktop.resources import sample_clip
from interhuman_desktop.session.audio_finalize import wav_seconds
from interhuman_desktop.session.audio_live import PCM_FORMAT, AudioLiveOptions, AudioPipeline
from interhuman_desktop.session.journal import recover
from interhuman_desktop.session.library_sync import load_entry, save_live_session
from interhuman_desktop.session.live import LiveSession, LiveState
from interhuman_desktop.session.pipeline import PipelineResult
from interhuman_desktop.storage.library import AsyncLibrary

pytestmark = pytest.mark.slow
AUDIBLE = {"agreement", "confidence", "frustration", "hesitation", "interest", "uncertainty"}
RATE = 16_000


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample clip's sound track as a 48 kHz mono WAV (what a microphone would hear)."""
    path = tmp_path_factory.mktemp("speech") / "speech.wav"
    with av.open(str(sample_clip())) as src, av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=48_000)
        stream.layout = "mono"
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48_000)
        for frame in src.decode(audio=0):
            for piece in resampler.resample(frame):
                out.mux(stream.encode(piece))
        out.mux(stream.encode(None))
    return path


def _samples(path: Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (RATE, 1, 2)
        return wav.readframes(wav.getnframes())


async def _record(base_url: str, key: str, folder: Path, wav: Path,
                  options: AudioLiveOptions) -> tuple[LiveSession, PipelineResult]:
    session = LiveSession(InterhumanClient(access_token=key, base_url=base_url), base_url,
                          folder, options)
    source = FileSource(wav, fast=True, audio_only=True, audio_queue=1_000_000)
    pipeline = AudioPipeline(session, source)
    await pipeline.start()
    assert await asyncio.to_thread(source.wait_finished, 120), "the file did not play"
    return session, await pipeline.stop()


def _run(engine_url: str, key: str, folder: Path, wav: Path, options: AudioLiveOptions,
         **drop: int) -> tuple[LiveSession, PipelineResult, WsRecorder]:
    async def go() -> tuple[LiveSession, PipelineResult, WsRecorder]:
        async with WsRecorder(engine_url, **drop) as relay:
            session, result = await _record(relay.base_url, key, folder, wav, options)
        return session, result, relay

    return asyncio.run(go())


def test_microphone_only_session_end_to_end(tmp_path, speech_wav) -> None:
    folder = tmp_path / "session"
    with start_engine(ready_timeout=ENGINE_READY_S) as engine:
        session, result, relay = _run(engine.base_url, engine.api_key, folder, speech_wav,
                                      AudioLiveOptions(quiet_period=30.0))
    assert session.state == LiveState.ENDED, session.error
    assert result.recording is not None and result.recording.name == "recording.wav"
    pcm = _samples(result.recording)
    assert 20.0 <= len(pcm) / 2 / RATE < 20.5  # the clip, after the source's start-up
    # what the engine received: the model in the URL and the config, then headerless PCM
    [conn] = relay.connections
    assert conn.path.startswith("/v2/stream/analyze") and "model=inter-2-audio" in conn.path
    config = conn.texts[0]
    assert config["model"] == "inter-2-audio" and config["audio_format"] == PCM_FORMAT
    assert not any(b.startswith(b"RIFF") for b in conn.binaries)
    assert b"".join(conn.binaries) == pcm  # every sample of the recording, in order
    envelopes = [e.get("envelope") or {} for e in session.events.raw]
    assert "error" not in [e.get("type") for e in envelopes]
    updated = [e["data"] for e in envelopes if e.get("type") == "session.updated"]
    assert updated and all(d.get("model") == "inter-2-audio" for d in updated)
    # the engine heard the speech: audible cues only, on the session's timeline
    kinds = {s.signal_type for s in session.timeline.signals}
    assert kinds and kinds <= AUDIBLE, kinds
    assert all(0.0 <= s.start <= 20.1 for s in session.timeline.signals)
    assert all(s.acked for s in session.segments.values())
    journal = recover(folder)
    assert journal.ended and journal.unanalysed == []
    assert not list((folder / "segments").glob("*.wav"))  # one copy of the sound: the join
    _saved_in_library(tmp_path / "library", folder, result, session)


def _saved_in_library(root: Path, folder: Path, result: PipelineResult,
                      session: LiveSession) -> None:
    async def go() -> None:
        library = AsyncLibrary(root)
        try:
            entry = await save_live_session(library, folder, result.recording, session.timeline,
                                            title="Microphone only", source="microphone")
            assert entry.kind == "live" and entry.media is not None
            assert entry.media.name == "recording.wav" and entry.media.exists()
            assert entry.duration == pytest.approx(wav_seconds(entry.media), abs=1e-3)
            assert 20.0 <= entry.duration < 20.5
            media, stored = await load_entry(entry)
            assert media == entry.media and stored.signals
        finally:
            library.close()

    asyncio.run(go())


def test_a_dropped_connection_resumes_without_losing_audio(tmp_path, speech_wav) -> None:
    folder = tmp_path / "session"
    options = AudioLiveOptions(quiet_period=30.0, backoff_base=0.1, backoff_cap=0.5)
    with start_engine(ready_timeout=ENGINE_READY_S) as engine:
        session, result, relay = _run(engine.base_url, engine.api_key, folder, speech_wav,
                                      options, drop_after=4, drops=1)
    assert session.state == LiveState.ENDED, session.error
    assert session.reconnects >= 1 and len(relay.connections) >= 2
    assert result.recording is not None
    pcm = np.frombuffer(_samples(result.recording), "<i2")
    assert 20.0 <= pcm.size / RATE < 20.5
    segments = sorted(session.segments.values(), key=lambda s: s.index)
    assert all(s.acked for s in segments)
    # the recording is the segments end to end: no gap, no overlap
    assert [s.recording_start for s in segments[1:]] == pytest.approx(
        [s.recording_end for s in segments[:-1]])
    table = session.offsets.to_dict()
    for conn in table:  # each connection's clock starts at 0 and runs on without a hole
        starts = [row[1] for row in conn["segments"]]
        ends = [row[1] + row[3] for row in conn["segments"]]
        assert starts[0] == 0.0 and starts[1:] == pytest.approx(ends[:-1])
    # the new connection starts again from the first segment not yet analysed, and carries
    # on to the end: everything after the drop went out again, byte for byte
    first, last = table[0]["segments"], table[-1]["segments"]
    assert last[0][0] <= first[-1][0] + 1 and last[-1][0] == segments[-1].index
    sent_again = b"".join(relay.connections[-1].binaries)
    offset = round(last[0][2] * RATE) * 2
    assert sent_again == pcm.tobytes()[offset:]
    periods = session.timeline.quality_periods
    assert periods and max(p.end for p in periods) == pytest.approx(20.0, abs=1.1)


def test_what_the_stream_never_answered_is_analysed_after_the_session(tmp_path,
                                                                     speech_wav) -> None:
    """The engine drops every connection after one segment: no connection ever fills its
    8-s window, so nothing is answered live; the stretch goes to a V2 upload job at the end."""
    folder = tmp_path / "session"
    options = AudioLiveOptions(quiet_period=5.0, backoff_base=0.1, backoff_cap=0.5)
    with start_engine(faults=["disconnect-after-segments=1"],
                      ready_timeout=ENGINE_READY_S) as engine:
        session, result = asyncio.run(_record(engine.base_url, engine.api_key, folder,
                                              speech_wav, options))  # no relay: HTTP too
    assert session.state == LiveState.ENDED, session.error
    assert session.reconnects >= 1
    segments = list(session.segments.values())
    assert all(s.acked for s in segments) and any(s.backfilled for s in segments)
    assert result.health["segments_backfilled"] == sum(s.backfilled for s in segments)
    timeline = session.timeline
    assert timeline.after_session and all(0.0 <= a < b <= 20.5 for a, b in timeline.after_session)
    kinds = {s.signal_type for s in timeline.signals if s.after_session}
    assert kinds and kinds <= AUDIBLE, kinds
    assert recover(folder).unanalysed == []
