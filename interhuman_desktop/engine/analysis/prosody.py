"""Pitch (F0) of 16 kHz mono audio with Praat's autocorrelation method (praat-parselmouth).

Per block (in pieces of :data:`CHUNK_SECONDS`): a pitch track every :data:`STEP` seconds
between :data:`FLOOR_HZ` and :data:`CEILING_HZ` (0 where unvoiced). Per window: the median F0
of voiced frames, and the pitch variability: the standard deviation of the F0 in semitones
around that median (a monotone voice is under ~2 st, lively speech 3-5 st). Without
parselmouth there are no pitch cues.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from .base import AUDIO_RATE

log = logging.getLogger(__name__)

STEP = 0.02
FLOOR_HZ = 75.0
CEILING_HZ = 500.0
MIN_VOICED_FRAMES = 25  # 0.5 s of voiced pitch frames in a window to report pitch
CHUNK_SECONDS = 20.0  # Praat's pitch of 5 min at once peaks at ~165 MB: analyse in pieces


@dataclass(frozen=True)
class PitchTrack:
    times: np.ndarray  # session seconds (frame centres)
    f0: np.ndarray  # Hz, 0 = unvoiced


def pitch_track(audio: np.ndarray, start: float) -> PitchTrack | None:
    """The F0 track of one block, or None without parselmouth or with under 0.1 s of audio."""
    if audio.size < AUDIO_RATE // 10:
        return None
    try:
        import parselmouth
    except ImportError:
        log.warning("praat-parselmouth is not installed: no pitch cues")
        return None
    times, f0 = [], []
    chunk = int(CHUNK_SECONDS * AUDIO_RATE)
    for i in range(0, audio.size, chunk):
        piece = audio[i : i + chunk]
        if piece.size < AUDIO_RATE // 10:
            break
        sound = parselmouth.Sound(piece.astype(np.float64), sampling_frequency=AUDIO_RATE)
        pitch = sound.to_pitch(time_step=STEP, pitch_floor=FLOOR_HZ, pitch_ceiling=CEILING_HZ)
        times.append(start + i / AUDIO_RATE + np.asarray(pitch.xs()))
        f0.append(np.asarray(pitch.selected_array["frequency"]))
    return PitchTrack(times=np.concatenate(times), f0=np.concatenate(f0))


def pitch_summary(tracks: list[PitchTrack], start: float, end: float) -> dict[str, float]:
    """``pitch_hz`` (median voiced F0) and ``pitch_spread_st`` (std in semitones) in a window."""
    parts = [t.f0[(t.times >= start) & (t.times < end)] for t in tracks]
    f0 = np.concatenate(parts) if parts else np.zeros(0)
    f0 = f0[f0 > 0]
    if f0.size < MIN_VOICED_FRAMES:
        return {}
    median = float(np.median(f0))
    semitones = 12.0 * np.log2(f0 / median)
    return {"pitch_hz": round(median, 1), "pitch_spread_st": round(float(np.std(semitones)), 2)}
