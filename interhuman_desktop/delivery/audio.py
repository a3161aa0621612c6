"""A recording's audio track as one mono float signal (PyAV), for the delivery metrics."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

RATE = 16_000


class NoAudioError(ValueError):
    """The file has no audio track to measure."""


def load_mono(path: Path, rate: int = RATE) -> np.ndarray:
    """Decode and resample the first audio stream of ``path`` to mono float32 at ``rate``."""
    chunks: list[np.ndarray] = []
    with av.open(str(path)) as container:
        if not container.streams.audio:
            raise NoAudioError(f"{path.name} has no audio track")
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        for frame in container.decode(stream):
            chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(frame))
        chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(None))
    if not chunks:
        return np.zeros(0, np.float32)
    return np.concatenate(chunks).astype(np.float32)
