"""Pitch (parselmouth) on tones of known frequency."""

from __future__ import annotations

import numpy as np
import pytest

from interhuman_desktop.engine.analysis.base import AUDIO_RATE
from interhuman_desktop.engine.analysis.prosody import pitch_summary, pitch_track

pytest.importorskip("parselmouth")


def _tone(freq: np.ndarray | float, seconds: float = 3.0) -> np.ndarray:
    t = np.arange(int(seconds * AUDIO_RATE)) / AUDIO_RATE
    f = np.broadcast_to(freq, t.shape)
    phase = 2 * np.pi * np.cumsum(f) / AUDIO_RATE
    return (0.3 * np.sin(phase) + 0.1 * np.sin(2 * phase)).astype(np.float32)


def test_pitch_of_a_known_tone() -> None:
    track = pitch_track(_tone(220.0), start=5.0)
    assert track is not None and track.times[0] >= 5.0
    got = pitch_summary([track], 5.0, 8.0)
    assert got["pitch_hz"] == pytest.approx(220.0, rel=0.01)
    assert got["pitch_spread_st"] < 0.2  # a steady tone: monotone


def test_pitch_glide_has_spread_and_silence_has_no_pitch() -> None:
    t = np.arange(3 * AUDIO_RATE) / AUDIO_RATE
    glide = _tone(150.0 * 2 ** (np.sin(2 * np.pi * 0.5 * t) * 0.5))  # ±6 semitones
    got = pitch_summary([pitch_track(glide, 0.0)], 0.0, 3.0)
    assert 2.5 < got["pitch_spread_st"] < 6.0
    silence = np.zeros(3 * AUDIO_RATE, np.float32)
    assert pitch_summary([pitch_track(silence, 0.0)], 0.0, 3.0) == {}
    assert pitch_track(silence[:100], 0.0) is None
