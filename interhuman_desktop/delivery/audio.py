"""A recording's audio track as mono float chunks (PyAV), for the delivery metrics.

Chunks keep memory flat on long sessions: an hour at 16 kHz would be 230 MB in one array.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np

RATE = 16_000
CHUNK_SECONDS = 120.0


class NoAudioError(ValueError):
    """The file has no audio track to measure."""


def iter_mono(path: Path, rate: int = RATE, chunk_seconds: float = CHUNK_SECONDS
              ) -> Iterator[np.ndarray]:
    """Yield the first audio stream of ``path`` as mono float32 at ``rate``, in chunks."""
    size = int(chunk_seconds * rate)
    pending: list[np.ndarray] = []
    count = 0
    with av.open(str(path)) as container:
        if not container.streams.audio:
            raise NoAudioError(f"{path.name} has no audio track")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        for frame in container.decode(container.streams.audio[0]):
            for out in resampler.resample(frame):
                pending.append(out.to_ndarray().reshape(-1))
                count += pending[-1].size
            if count >= size:
                joined = np.concatenate(pending)
                yield joined[:size]
                pending, count = [joined[size:]], joined.size - size
        pending.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(None))
    if pending and sum(p.size for p in pending):
        yield np.concatenate(pending).astype(np.float32)


def load_mono(path: Path, rate: int = RATE) -> np.ndarray:
    """The whole audio track in one array (short files)."""
    chunks = list(iter_mono(path, rate))
    return np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
