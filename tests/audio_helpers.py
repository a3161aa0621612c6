"""A real speech recording for the audio-only live tests: the bundled sample clip's sound (a
person talking, 20 s) as a mono WAV, what a microphone would hear."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from interhuman_desktop.resources import sample_clip
from interhuman_desktop.session.pcm_writer import write_wav


def speech_wav(path: Path, rate: int = 16_000) -> Path:
    with av.open(str(sample_clip())) as src:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        parts = [f.to_ndarray().reshape(-1) for frame in src.decode(audio=0)
                 for f in resampler.resample(frame)]
    write_wav(path, np.concatenate(parts).astype("<i2").tobytes(), rate)
    return path
