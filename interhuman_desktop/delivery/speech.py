"""Which sounding stretches are speech: a voice moves its pitch, a tone does not.

Loud voiced sound is not all speech: the live test pattern's beeping tone is sounding and
voiced (Praat finds its pitch), so the intensity stretches alone made it 72 % talk time while
the engine's voice activity model said "speaking 0 %". A sounding stretch whose pitch holds
within :data:`FLAT_SEMITONES` (standard deviation, over at least :data:`MIN_FRAMES` voiced
frames) is a steady tone (a beep, a held note), not talk, and is left out with its syllables.

The engine's model VAD (Silero, by onnxruntime) is not used here: the delivery metrics run in
the GUI's process, and onnxruntime there crashed the Qt test process (segfault) next to the
live capture; it stays in the engine's child process.
"""

from __future__ import annotations

import itertools
import logging

import numpy as np
import parselmouth

from interhuman_desktop.delivery.nuclei import MIN_PAUSE_S, Nuclei

log = logging.getLogger(__name__)
FLAT_SEMITONES = 0.25  # a voice's pitch moves more than this within any stretch of talk
MIN_FRAMES = 10  # voiced 10-ms frames needed to call a stretch flat (shorter: kept)

Stretch = tuple[float, float]


def speech_stretches(sound: parselmouth.Sound, sounding: list[Stretch]) -> list[Stretch]:
    """The ``sounding`` stretches that are not a steady tone."""
    if not sounding:
        return []
    pitch = sound.to_pitch_ac(time_step=0.01, pitch_floor=60.0, pitch_ceiling=500.0)
    f0 = np.asarray(pitch.selected_array["frequency"], dtype=np.float64)
    times = np.asarray(pitch.xs(), dtype=np.float64)
    kept = [s for s in sounding if not _flat(f0[(times >= s[0]) & (times <= s[1])])]
    if len(kept) < len(sounding):
        log.debug("delivery: %d steady-tone stretch(es) are not talk", len(sounding) - len(kept))
    return kept


def _flat(f0: np.ndarray) -> bool:
    voiced = f0[f0 > 0]
    if voiced.size < MIN_FRAMES:
        return False
    semitones = 12.0 * np.log2(voiced / np.median(voiced))
    return float(np.std(semitones)) < FLAT_SEMITONES


def speech_only(nuclei: Nuclei, speech: list[Stretch]) -> Nuclei:
    """``nuclei`` kept to the ``speech`` stretches: its sounding, syllables and pauses."""
    times = [t for t in nuclei.times if any(a <= t <= b for a, b in speech)]
    pauses = [(a_end, b_start) for (_, a_end), (b_start, _) in itertools.pairwise(speech)
              if b_start - a_end >= MIN_PAUSE_S]
    return Nuclei(times, speech, pauses)
