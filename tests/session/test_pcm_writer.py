"""The audio-only session's pieces without a network: the PCM segment writer (real WAV files),
the join into recording.wav, the session config it declares, and the microphone specs."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from interhuman_desktop.capture.file import FileSource
from interhuman_desktop.capture.microphone import MicrophoneSource
from interhuman_desktop.capture.spec import SourceSpecError, open_microphone
from interhuman_desktop.capture.types import AudioBlock
from interhuman_desktop.core.queues import DropQueue
from interhuman_desktop.session.audio_finalize import RECORDING_WAV, finish_audio, wav_seconds
from interhuman_desktop.session.audio_live import PCM_FORMAT, AudioLiveOptions
from interhuman_desktop.session.live import LiveOptions
from interhuman_desktop.session.live_config import stream_config
from interhuman_desktop.session.pcm_writer import PcmSegment, PcmSegmentWriter, read_pcm, write_wav

SOURCE_RATE = 48_000


def _tone(seconds: float, rate: int = SOURCE_RATE) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def _write(folder: Path, blocks: list[tuple[float, np.ndarray]],
           seconds: float = 2.0) -> tuple[list[PcmSegment], PcmSegmentWriter]:
    queue: DropQueue[AudioBlock] = DropQueue(100_000)
    got: list[PcmSegment] = []
    writer = PcmSegmentWriter(folder, queue, SOURCE_RATE, on_segment=got.append,
                              segment_seconds=seconds)
    for t, samples in blocks:
        queue.put(AudioBlock(100.0 + t, samples, SOURCE_RATE))
    writer.start(t0=100.0)
    writer.stop()
    assert writer.error is None
    assert got == writer.segments
    return got, writer


def _blocks(seconds: float, start: float = 0.0) -> list[tuple[float, np.ndarray]]:
    tone, step = _tone(seconds), 480
    return [(start + i / SOURCE_RATE, tone[i:i + step]) for i in range(0, len(tone), step)]


def test_segments_are_exact_16k_pcm_wavs_end_to_end(tmp_path) -> None:
    segments, writer = _write(tmp_path, _blocks(5.0))
    assert [s.index for s in segments] == [0, 1, 2]
    assert [s.media_duration for s in segments[:2]] == [2.0, 2.0]
    assert segments[2].media_duration == pytest.approx(1.0, abs=0.01)  # the tail, kept
    assert [s.start_t for s in segments] == [0.0, 2.0, 4.0]
    for s in segments:
        with wave.open(str(s.path), "rb") as wav:
            assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16000, 1, 2)
            assert wav.getnframes() == round(s.media_duration * 16000)
    assert not list(tmp_path.glob("*.part"))
    assert writer.health().seconds_out == pytest.approx(5.0, abs=0.01)
    pcm = np.frombuffer(read_pcm(segments[1].path), "<i2")
    assert 0.4 < np.abs(pcm).max() / 32768 < 0.6  # the tone's level survives the resampling


def test_a_gap_in_the_capture_becomes_silence_so_time_stays_true(tmp_path) -> None:
    blocks = _blocks(1.0) + _blocks(1.0, start=2.0)  # a second lost between
    segments, writer = _write(tmp_path, blocks, seconds=1.0)
    assert sum(s.media_duration for s in segments) == pytest.approx(3.0, abs=0.01)
    assert writer.health().reanchors == 1
    gap = np.frombuffer(read_pcm(segments[1].path), "<i2")
    assert np.abs(gap[1000:-1000]).max() == 0


def test_the_join_is_exact_and_only_then_are_segments_deleted(tmp_path) -> None:
    segments, _ = _write(tmp_path / "segments", _blocks(5.0))
    expected = b"".join(read_pcm(s.path) for s in segments)
    media = finish_audio(tmp_path, [s.path for s in segments])
    assert media.recording == tmp_path / RECORDING_WAV and media.segments_removed == 3
    assert read_pcm(media.recording) == expected
    assert media.duration == pytest.approx(wav_seconds(media.recording))
    assert not any(s.path.exists() for s in segments)


def test_a_segment_in_another_format_keeps_every_segment(tmp_path) -> None:
    good, odd = tmp_path / "a.wav", tmp_path / "b.wav"
    write_wav(good, b"\x01\x00" * 16000)
    write_wav(odd, b"\x01\x00" * 24000, rate=24000)
    media = finish_audio(tmp_path, [good, odd])
    assert media.recording is None and good.exists() and odd.exists()
    assert not list(tmp_path.glob("*.joining"))


def test_the_session_config_declares_the_audio_model_and_format() -> None:
    config = stream_config(AudioLiveOptions(goal_dimensions=("clarity",)))
    assert config["model"] == "inter-2-audio"
    assert config["audio_format"].model_dump() == PCM_FORMAT
    assert config["goal_dimensions"] == ["clarity"]
    plain = stream_config(LiveOptions(api="v2", model="inter-2"))
    assert "audio_format" not in plain and "model" not in plain  # the URL names it


def test_microphone_specs(tmp_path) -> None:
    mic = open_microphone("microphone:3")
    assert isinstance(mic, MicrophoneSource) and mic.device == 3
    assert open_microphone("").device is None  # type: ignore[attr-defined]
    wav = tmp_path / "talk.wav"
    write_wav(wav, b"\x00\x00" * 16000)
    for spec in (str(wav), f"file:{wav}"):
        source = open_microphone(spec)
        assert isinstance(source, FileSource) and source.audio_only and source.loop
    with pytest.raises(SourceSpecError):
        open_microphone(str(tmp_path / "missing.wav"))
