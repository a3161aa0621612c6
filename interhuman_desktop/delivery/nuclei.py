"""Syllable nuclei: de Jong & Wempe's (2009) intensity-peak method, on Praat via parselmouth.

A syllable nucleus is an intensity peak that is (1) above a threshold set from the loudest
part of the recording, (2) separated from the preceding kept peak by a dip of at least
``MIN_DIP_DB``, (3) voiced (Praat finds a pitch there), and (4) inside a sounding stretch.
De Jong, N. H. & Wempe, T. (2009), Behavior Research Methods 41(2), 385-390.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np
import parselmouth
from parselmouth.praat import call

SILENCE_DB = -25.0  # below the 99th-percentile intensity: silence (the script's default)
MIN_DIP_DB = 2.0  # between two nuclei the intensity must dip this much
MIN_PAUSE_S = 0.3  # shorter silences are not pauses
MIN_PITCH_HZ = 50.0


@dataclass(frozen=True)
class Nuclei:
    """The nuclei's times, the sounding stretches and the silent pauses between them."""

    times: list[float]
    sounding: list[tuple[float, float]]
    pauses: list[tuple[float, float]]  # silences between the first and last sounding stretch

    @property
    def phonation_seconds(self) -> float:
        return sum(b - a for a, b in self.sounding)


def find_nuclei(sound: parselmouth.Sound) -> Nuclei:
    """Syllable nuclei of ``sound`` (mono); an empty result for silence or noise."""
    if sound.duration < 0.2 or float(np.max(np.abs(sound.values), initial=0.0)) == 0.0:
        return Nuclei([], [], [])
    intensity = sound.to_intensity(minimum_pitch=MIN_PITCH_HZ, subtract_mean=True)
    db = intensity.values[0]
    times = intensity.xs()
    threshold, silence_threshold = _thresholds(db)
    sounding = _sounding(intensity, silence_threshold, sound.duration)
    peaks = _peaks_with_dips(db, threshold)
    pitch = sound.to_pitch_ac(time_step=0.02, pitch_floor=30.0, pitch_ceiling=450.0)
    kept = [float(times[i]) for i in peaks
            if _voiced(pitch, float(times[i])) and _inside(float(times[i]), sounding)]
    return Nuclei(kept, sounding, _pauses_between(sounding))


def _thresholds(db: np.ndarray) -> tuple[float, float]:
    """The peak threshold and the silence threshold (relative to the maximum), as the script."""
    top, q99 = float(np.max(db)), float(np.quantile(db, 0.99))
    threshold = max(q99 + SILENCE_DB, float(np.min(db)))
    return threshold, SILENCE_DB - (top - q99)


def _sounding(intensity: parselmouth.Intensity, silence_db: float, duration: float
              ) -> list[tuple[float, float]]:
    with warnings.catch_warnings():  # "loudest and softest differ by only …": noise, no speech
        warnings.simplefilter("ignore", parselmouth.PraatWarning)
        grid = call(intensity, "To TextGrid (silences)", silence_db, MIN_PAUSE_S, 0.1,
                    "silent", "sounding")
    out = []
    for k in range(1, int(call(grid, "Get number of intervals", 1)) + 1):
        if call(grid, "Get label of interval", 1, k) == "sounding":
            a = float(call(grid, "Get start time of interval", 1, k))
            b = float(call(grid, "Get end time of interval", 1, k))
            out.append((max(0.0, a), min(duration, b)))
    return out


def _peaks_with_dips(db: np.ndarray, threshold: float) -> list[int]:
    """Peaks above ``threshold``, each followed by a MIN_DIP_DB dip before the next peak."""
    peaks = [int(i) for i in _local_maxima(db) if db[i] > threshold]
    kept: list[int] = []
    for here, after in itertools.pairwise(peaks):
        if db[here] - float(np.min(db[here:after + 1])) >= MIN_DIP_DB:
            kept.append(here)
    return kept + peaks[-1:]


def _local_maxima(values: np.ndarray) -> np.ndarray:
    """Indices of samples higher than the one before and not lower than the one after."""
    inner = values[1:-1]
    return np.flatnonzero((inner > values[:-2]) & (inner >= values[2:])) + 1


def _voiced(pitch: parselmouth.Pitch, t: float) -> bool:
    f0 = pitch.get_value_at_time(t)
    return bool(np.isfinite(f0) and f0 > 0)


def _inside(t: float, stretches: list[tuple[float, float]]) -> bool:
    return any(a <= t <= b for a, b in stretches)


def _pauses_between(sounding: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(a_end, b_start) for (_, a_end), (b_start, _) in itertools.pairwise(sounding)
            if b_start - a_end >= MIN_PAUSE_S]
