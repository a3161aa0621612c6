"""Delivery metrics on espeak speech (known syllables and pauses), silence, and real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import wave
from pathlib import Path

import av
import numpy as np
import pytest

from interhuman_desktop.delivery.audio import NoAudioError, iter_mono, load_mono
from interhuman_desktop.delivery.cache import metrics_for
from interhuman_desktop.delivery.metrics import (
    DeliveryMetrics,
    measure,
    measure_chunks,
    measure_file,
)

RATE = 16_000
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
SENTENCE = "The quick brown fox jumps over the lazy dog."  # 11 syllables


def espeak(text: str, tmp: Path, pitch: int = 50) -> np.ndarray:
    path = tmp / "s.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-p", str(pitch), "-w", str(path), text], check=True)
    with wave.open(str(path)) as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768
    t = np.arange(int(pcm.size * RATE / rate)) / RATE
    return np.interp(t, np.arange(pcm.size) / rate, pcm).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), np.float32)


@needs_espeak
def test_syllables_and_rate_of_a_known_sentence(tmp_path) -> None:
    speech = espeak(SENTENCE, tmp_path)
    m = measure(np.concatenate([silence(0.5), speech, speech, silence(0.5)]), RATE)
    assert 22 * 0.75 <= m.syllables <= 22 * 1.25
    assert m.speaking_rate == pytest.approx(60 * m.syllables / m.duration, abs=0.1)
    assert m.articulation_rate is not None and m.articulation_rate > m.speaking_rate
    assert m.talk_seconds < m.duration


@needs_espeak
def test_a_pause_is_counted_with_its_length(tmp_path) -> None:
    speech = espeak(SENTENCE, tmp_path)
    m = measure(np.concatenate([speech, silence(1.2), speech]), RATE)
    loud = np.flatnonzero(np.abs(speech) > 0.02)
    own_silence = (speech.size - 1 - loud[-1] + loud[0]) / RATE  # espeak's own head and tail
    assert m.pauses == 1
    assert m.longest_pause == pytest.approx(1.2 + own_silence, abs=0.15)


@needs_espeak
def test_pitch_variety_grows_with_a_wider_voice(tmp_path) -> None:
    flat = espeak(SENTENCE, tmp_path, pitch=50)
    lively = np.concatenate([espeak(SENTENCE, tmp_path, pitch=10),
                             espeak(SENTENCE, tmp_path, pitch=90)])
    flat_m, lively_m = measure(np.concatenate([flat, flat]), RATE), measure(lively, RATE)
    assert flat_m.pitch_variety is not None and lively_m.pitch_variety is not None
    assert lively_m.pitch_variety > flat_m.pitch_variety


def test_silence_and_steady_noise_have_no_speech() -> None:
    quiet = measure(silence(5.0), RATE)
    noise = measure(np.random.default_rng(2).normal(0, 0.01, 5 * RATE).astype(np.float32), RATE)
    for m in (quiet, noise):
        assert m.speaking_rate is None and m.articulation_rate is None
    assert quiet.syllables == 0 and quiet.pauses == 0 and quiet.longest_pause is None


def _write_clip(path: Path, audio: np.ndarray | None) -> None:
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        sound = out.add_stream("aac", rate=RATE) if audio is not None else None
        if sound is not None:
            sound.layout = "mono"
            step = 1024
            for k in range(0, audio.size - step + 1, step):
                frame = av.AudioFrame.from_ndarray(audio[None, k:k + step], format="flt",
                                                   layout="mono")
                frame.sample_rate = RATE
                frame.pts = k
                out.mux(sound.encode(frame))
            out.mux(sound.encode(None))
        for i in range(20):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 10, np.uint8), "rgb24")
            out.mux(video.encode(frame))
        out.mux(video.encode(None))


@needs_espeak
def test_a_recording_is_measured_from_its_audio_track(tmp_path) -> None:
    speech = espeak(SENTENCE, tmp_path)
    clip = tmp_path / "take.mp4"
    _write_clip(clip, np.concatenate([silence(0.3), speech, silence(0.3)]))
    assert abs(load_mono(clip).size / RATE - (speech.size / RATE + 0.6)) < 0.2
    m = measure_file(clip)
    assert 11 * 0.7 <= m.syllables <= 11 * 1.3
    assert DeliveryMetrics.from_dict(m.to_dict()) == m


def test_a_file_without_audio_says_so(tmp_path) -> None:
    clip = tmp_path / "mute.mp4"
    _write_clip(clip, None)
    with pytest.raises(NoAudioError, match="no audio track"):
        measure_file(clip)


@needs_espeak
def test_chunks_cut_in_silence_count_the_same_as_one_piece(tmp_path) -> None:
    speech = espeak(SENTENCE, tmp_path)
    take = np.concatenate([speech, silence(1.0), speech, silence(1.0), speech])
    clip = tmp_path / "long.mp4"
    _write_clip(clip, take)
    chunk = (speech.size / RATE) + 0.75  # each cut falls inside a silence
    chunks = list(iter_mono(clip, RATE, chunk_seconds=chunk))
    assert len(chunks) == 3 and abs(sum(c.size for c in chunks) - take.size) < 0.2 * RATE
    whole, pieces = measure(take, RATE), measure_chunks(chunks, RATE)
    assert abs(pieces.syllables - whole.syllables) <= 0.1 * whole.syllables
    assert pieces.pauses == whole.pauses == 2
    assert pieces.longest_pause == pytest.approx(whole.longest_pause, abs=0.1)
    assert pieces.duration == pytest.approx(whole.duration, abs=0.2)


@needs_espeak
def test_metrics_are_cached_until_the_file_changes(tmp_path) -> None:
    clip = tmp_path / "take.mp4"
    _write_clip(clip, espeak(SENTENCE, tmp_path))
    cache = tmp_path / "cache"
    cache.mkdir()
    first = metrics_for(clip, cache)
    (stored,) = cache.glob("*.json")
    stored.write_text(json.dumps({**first.to_dict(), "syllables": 999}))
    assert metrics_for(clip, cache).syllables == 999  # read back, not measured again
    _write_clip(clip, np.concatenate([espeak(SENTENCE, tmp_path)] * 2))
    os.utime(clip, ns=(stored.stat().st_mtime_ns + 10**9,) * 2)
    again = metrics_for(clip, cache)
    assert again.syllables != 999 and again.duration > first.duration
    assert len(list(cache.glob("*.json"))) == 2


def pattern_tone(seconds: float) -> np.ndarray:
    from interhuman_desktop.capture.synthetic import tone_samples

    return tone_samples(0, int(seconds * RATE), RATE, 440.0, 1.0, 0.5)


def test_the_test_patterns_tone_is_no_talk_time() -> None:
    """The live test pattern beeps (1 s on, 0.5 s off): loud and voiced, but not speech, as
    the engine's voice activity says (the live cue's "speaking 0 %")."""
    m = measure(pattern_tone(20.0), RATE)
    assert m.talk_seconds <= 0.05 * m.duration, m
    assert m.speaking_rate is None and m.syllables <= 2


@needs_espeak
def test_talk_time_counts_the_speech_and_not_the_tone_beside_it(tmp_path) -> None:
    speech = espeak(SENTENCE, tmp_path)
    alone = measure(np.concatenate([silence(0.5), speech, silence(0.5)]), RATE)
    mixed = measure(np.concatenate([silence(0.5), speech, silence(0.5),
                                    pattern_tone(9.0)]), RATE)
    assert alone.talk_seconds > 1.5
    assert mixed.talk_seconds == pytest.approx(alone.talk_seconds, abs=0.4), (alone, mixed)
    assert abs(mixed.syllables - alone.syllables) <= 2
