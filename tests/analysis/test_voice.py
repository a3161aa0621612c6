"""Voice activity detection on generated tone/silence with known intervals."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np
import pytest
from analysis_clips import speech_16k

from interhuman_desktop.engine.analysis.cues import pauses
from interhuman_desktop.engine.analysis.voice import (
    FRAME_SECONDS,
    VoiceActivityDetector,
    frame_levels,
    runs,
)


def _segments(audio: np.ndarray) -> list[tuple[float, float]]:
    out = VoiceActivityDetector().process(audio, 0.0)
    return [(a * FRAME_SECONDS, b * FRAME_SECONDS) for a, b in runs(out.voiced)]


def test_levels_in_dbfs() -> None:
    full_scale = np.ones(3200, np.float32)
    half = 0.5 * np.ones(3200, np.float32)
    assert frame_levels(full_scale) == pytest.approx(np.zeros(10), abs=1e-4)
    assert frame_levels(half)[0] == pytest.approx(-6.02, abs=0.01)


def test_finds_the_voiced_intervals() -> None:
    speech = [(0.5, 2.5), (4.0, 7.0), (8.0, 9.5)]
    found = _segments(speech_16k(10.0, speech))
    assert len(found) == 3
    for (a, b), (fa, fb) in zip(speech, found, strict=True):
        assert fa == pytest.approx(a, abs=0.06)
        assert fb == pytest.approx(b + 0.2, abs=0.06)  # the 200-ms hangover


def test_pauses_inside_speech_with_their_lengths() -> None:
    audio = speech_16k(10.0, [(0.2, 3.0), (5.0, 6.0), (6.4, 7.0), (8.5, 10.0)])
    voiced = VoiceActivityDetector().process(audio, 0.0).voiced
    assert pauses(voiced) == pytest.approx((2.0, 0.4, 1.5), abs=0.06)


def test_short_gaps_between_syllables_are_not_pauses() -> None:
    audio = speech_16k(6.0, [(0.2, 2.0), (2.15, 4.0), (4.1, 5.8)])
    voiced = VoiceActivityDetector().process(audio, 0.0).voiced
    assert pauses(voiced) == ()
    assert voiced[12:290].all()  # 0.24 s (after the onset) to 5.8 s


def test_silence_and_noise_only_is_not_speech() -> None:
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 0.01, 16_000 * 5).astype(np.float32)  # -40 dBFS hiss
    assert not VoiceActivityDetector().process(noise, 0.0).voiced.any()
    assert not VoiceActivityDetector().process(np.zeros(16_000 * 3, np.float32), 0.0).voiced.any()


def test_adaptive_floor_under_steady_background_noise() -> None:
    rng = np.random.default_rng(2)
    audio = speech_16k(10.0, [(3.0, 6.0)]) + rng.normal(0, 0.01, 160_000).astype(np.float32)
    found = _segments(audio)
    assert len(found) == 1
    assert found[0][0] == pytest.approx(3.0, abs=0.06)


def test_state_carries_across_blocks() -> None:
    audio = speech_16k(9.0, [(0.5, 4.0), (6.0, 8.5)])
    whole = VoiceActivityDetector().process(audio, 0.0).voiced
    vad = VoiceActivityDetector()
    parts = [vad.process(audio[i : i + 48_000], i / 16_000).voiced for i in (0, 48_000, 96_000)]
    assert np.array_equal(np.concatenate(parts), whole)


def test_a_loud_background_from_the_start_is_learned() -> None:
    rng = np.random.default_rng(3)
    hiss = rng.normal(0, 0.02, 16_000 * 14).astype(np.float32)  # -34 dBFS from the start
    audio = speech_16k(14.0, [(9.0, 12.0)]) + hiss
    out = VoiceActivityDetector().process(audio, 0.0)
    found = [(a * FRAME_SECONDS, b * FRAME_SECONDS) for a, b in runs(out.voiced)]
    assert found[-1][0] == pytest.approx(9.0, abs=0.1)
    assert not out.voiced[int(6 / FRAME_SECONDS) : int(8.9 / FRAME_SECONDS)].any()


def test_long_continuous_speech_stays_speech() -> None:
    out = VoiceActivityDetector().process(speech_16k(40.0, [(0.0, 40.0)]), 0.0)
    assert out.voiced[5:].mean() > 0.98


def test_speech_segments_end_at_the_last_loud_frame() -> None:
    speech = [(0.5, 2.5), (4.0, 7.0)]
    out = VoiceActivityDetector().process(speech_16k(8.0, speech), 0.0)
    found = [(a * FRAME_SECONDS, b * FRAME_SECONDS) for a, b in runs(out.speech)]
    assert len(found) == 2
    for (a, b), (fa, fb) in zip(speech, found, strict=True):
        assert fa == pytest.approx(a, abs=0.06)
        assert fb == pytest.approx(b, abs=0.06)  # no hangover in the speech segments
    assert out.speech.sum() < out.voiced.sum()


def _espeak_16k(text: str) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.wav"
        subprocess.run(["espeak-ng", "-s", "150", "-w", str(path), text], check=True)
        with wave.open(str(path)) as w:
            rate = w.getframerate()
            pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768
    t = np.arange(int(pcm.size * 16_000 / rate)) / 16_000
    return np.interp(t, np.arange(pcm.size) / rate, pcm).astype(np.float32)


def test_model_vad_is_used_when_installed() -> None:
    pytest.importorskip("webrtcvad")
    out = VoiceActivityDetector().process(np.zeros(16_000, np.float32), 0.0)
    assert out.vad == "webrtcvad+energy"
    assert VoiceActivityDetector(use_model=False).process(np.zeros(1600, np.float32), 0.0).vad == (
        "energy"
    )


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is needed")
def test_model_vad_finds_espeak_speech() -> None:
    pytest.importorskip("webrtcvad")
    speech = _espeak_16k("The quick brown fox jumps over the lazy dog, twice.")
    audio = np.concatenate([np.zeros(16_000, np.float32), speech, np.zeros(16_000, np.float32)])
    out = VoiceActivityDetector().process(audio, 0.0)
    assert out.vad == "webrtcvad+energy"
    assert not out.voiced[: int(0.95 / FRAME_SECONDS)].any()
    voiced_s = out.speech.sum() * FRAME_SECONDS
    assert voiced_s > 0.6 * speech.size / 16_000


def test_model_vad_finds_no_speech_in_steady_noise() -> None:
    pytest.importorskip("webrtcvad")
    rng = np.random.default_rng(4)
    for sigma in (0.003, 0.03, 0.1):  # -50, -30, -20 dBFS hiss from the start
        hiss = rng.normal(0, sigma, 16_000 * 6).astype(np.float32)
        out = VoiceActivityDetector().process(hiss, 0.0)
        assert out.vad == "webrtcvad+energy"
        assert not out.voiced.any()


def test_model_vad_rejects_an_out_of_band_whine() -> None:
    """A 6-kHz whine after a quiet second: loud for the energy gate, not speech for the model."""
    pytest.importorskip("webrtcvad")
    t = np.arange(16_000 * 5) / 16_000
    audio = np.random.default_rng(5).normal(0, 0.001, t.size).astype(np.float32)
    audio[16_000:] += (0.1 * np.sin(2 * np.pi * 6000 * t[16_000:])).astype(np.float32)
    assert VoiceActivityDetector(use_model=False).process(audio, 0.0).voiced.any()
    assert not VoiceActivityDetector().process(audio, 0.0).voiced.any()
