"""DeliveryMetrics: talk time, speaking rate, pitch variety and pauses of one recording."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import parselmouth

from interhuman_desktop.delivery.audio import RATE, load_mono
from interhuman_desktop.delivery.nuclei import find_nuclei

MIN_TALK_S = 2.0  # below this a rate or a pitch spread says nothing


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


def measure_file(path: Path) -> DeliveryMetrics:
    """Delivery metrics of a recording's audio track (raises NoAudioError without one)."""
    return measure(load_mono(path), RATE)


def measure(samples: np.ndarray, rate: int) -> DeliveryMetrics:
    duration = samples.size / rate
    sound = parselmouth.Sound(samples.astype(np.float64), sampling_frequency=rate)
    nuclei = find_nuclei(sound)
    talk = nuclei.phonation_seconds
    enough = talk >= MIN_TALK_S and nuclei.times
    count = len(nuclei.times)
    return DeliveryMetrics(
        duration=round(duration, 3),
        talk_seconds=round(talk, 3),
        syllables=count,
        speaking_rate=round(60.0 * count / duration, 1) if enough else None,
        articulation_rate=round(60.0 * count / talk, 1) if enough else None,
        pitch_variety=_pitch_variety(sound) if talk >= MIN_TALK_S else None,
        pauses=len(nuclei.pauses),
        longest_pause=round(max((b - a for a, b in nuclei.pauses), default=0.0), 3)
        if nuclei.pauses else None,
    )


def _pitch_variety(sound: parselmouth.Sound) -> float | None:
    f0 = sound.to_pitch_ac(time_step=0.01, pitch_floor=60.0, pitch_ceiling=500.0)
    values = f0.selected_array["frequency"]
    voiced = values[values > 0]
    if voiced.size < 20:
        return None
    semitones = 12.0 * np.log2(voiced / np.median(voiced))
    return round(float(np.std(semitones)), 2)
