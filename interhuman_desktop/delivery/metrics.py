"""DeliveryMetrics: talk time, speaking rate, pitch variety and pauses of one recording.

Talk time is speech: the sounding stretches that are not a steady tone (:mod:`.speech`), so
the test pattern's beeps are not talk; syllables, pauses and pitch come from those stretches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import parselmouth

from interhuman_desktop.delivery.audio import RATE, iter_mono
from interhuman_desktop.delivery.nuclei import MIN_PAUSE_S, find_nuclei
from interhuman_desktop.delivery.speech import Stretch, speech_only, speech_stretches

MIN_TALK_S = 2.0  # below this a rate or a pitch spread says nothing
MIN_VOICED_FRAMES = 20


@dataclass(frozen=True)
class DeliveryMetrics:
    """Measured from the recording; None where there was too little speech to say."""

    duration: float
    talk_seconds: float
    syllables: int
    speaking_rate: float | None  # syllables per minute of the whole recording
    articulation_rate: float | None  # syllables per minute of talk time (pauses left out)
    pitch_variety: float | None  # standard deviation of F0 in semitones
    pauses: int  # silences >= 0.3 s between speech
    longest_pause: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeliveryMetrics:
        fields: dict[str, Any] = {k: data.get(k) for k in cls.__dataclass_fields__}
        return cls(**fields)


@dataclass
class _Tally:
    duration: float = 0.0
    talk: float = 0.0
    syllables: int = 0
    pauses: list[float] = field(default_factory=list)
    f0: list[np.ndarray] = field(default_factory=list)
    last_sound_end: float | None = None  # absolute: pauses that straddle two chunks count too
    speech: bool = True  # talk is speech, not a steady tone (False: any sounding stretch)

    def add(self, samples: np.ndarray, rate: int) -> None:
        """One chunk (a long session's loudness drifts, so each chunk has its own thresholds)."""
        offset = self.duration
        self.duration += samples.size / rate
        sound = parselmouth.Sound(samples.astype(np.float64), sampling_frequency=rate)
        nuclei = find_nuclei(sound)
        if self.speech:
            nuclei = speech_only(nuclei, speech_stretches(sound, nuclei.sounding))
        if nuclei.sounding:
            if self.last_sound_end is not None:
                gap = offset + nuclei.sounding[0][0] - self.last_sound_end
                if gap >= MIN_PAUSE_S:
                    self.pauses.append(gap)
            self.last_sound_end = offset + nuclei.sounding[-1][1]
        self.talk += nuclei.phonation_seconds
        self.syllables += len(nuclei.times)
        self.pauses.extend(b - a for a, b in nuclei.pauses)
        if nuclei.sounding:
            self.f0.append(_voiced_f0(sound, nuclei.sounding))

    def result(self) -> DeliveryMetrics:
        enough = self.talk >= MIN_TALK_S and self.syllables > 0
        return DeliveryMetrics(
            duration=round(self.duration, 3),
            talk_seconds=round(self.talk, 3),
            syllables=self.syllables,
            speaking_rate=round(60.0 * self.syllables / self.duration, 1) if enough else None,
            articulation_rate=round(60.0 * self.syllables / self.talk, 1) if enough else None,
            pitch_variety=_semitone_spread(self.f0) if self.talk >= MIN_TALK_S else None,
            pauses=len(self.pauses),
            longest_pause=round(max(self.pauses), 3) if self.pauses else None,
        )


def measure_file(path: Path) -> DeliveryMetrics:
    """Delivery metrics of a recording's audio track (raises NoAudioError without one)."""
    return measure_chunks(iter_mono(path), RATE)


def measure(samples: np.ndarray, rate: int, *, speech: bool = True) -> DeliveryMetrics:
    return measure_chunks([samples], rate, speech=speech)


def measure_chunks(chunks: Iterable[np.ndarray], rate: int, *, speech: bool = True
                   ) -> DeliveryMetrics:
    """Each chunk sets its own loudness thresholds; pauses across a cut are joined up.
    ``speech`` False: any sounding stretch counts as talk, a steady tone too (the method
    before :mod:`.speech`; bench/talk_time.py compares them)."""
    tally = _Tally(speech=speech)
    for chunk in chunks:
        tally.add(chunk, rate)
    return tally.result()


def _voiced_f0(sound: parselmouth.Sound, talk: list[Stretch]) -> np.ndarray:
    """F0 of the voiced frames inside the ``talk`` stretches."""
    pitch = sound.to_pitch_ac(time_step=0.01, pitch_floor=60.0, pitch_ceiling=500.0)
    values = np.asarray(pitch.selected_array["frequency"], dtype=np.float64)
    times = np.asarray(pitch.xs(), dtype=np.float64)
    inside = np.zeros(values.size, bool)
    for a, b in talk:
        inside |= (times >= a) & (times <= b)
    return values[(values > 0) & inside]


def _semitone_spread(f0_chunks: list[np.ndarray]) -> float | None:
    voiced = np.concatenate(f0_chunks) if f0_chunks else np.zeros(0)
    if voiced.size < MIN_VOICED_FRAMES:
        return None
    semitones = 12.0 * np.log2(voiced / np.median(voiced))
    return round(float(np.std(semitones)), 2)
