"""Raw PCM for inter-2-audio streams: s16le mono bytes cut anywhere → 16 kHz float media."""

from __future__ import annotations

import av
import numpy as np

from interhuman_desktop.engine.analysis.base import AUDIO_RATE, DecodedMedia

CHUNK_SECONDS = 1.0  # media is handed to the analysis in pieces of this length


class PcmBuffer:
    """Collects bytes; :meth:`take` returns the whole seconds buffered as ``DecodedMedia``."""

    def __init__(self, sample_rate: int) -> None:
        self.rate = sample_rate
        self._pending = bytearray()
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)

    def add(self, data: bytes) -> None:
        self._pending += data

    def take(self, start: float, final: bool = False) -> DecodedMedia | None:
        """Media at session time ``start``: every whole chunk (all of it when ``final``)."""
        chunk = int(self.rate * CHUNK_SECONDS) * 2
        usable = len(self._pending) - len(self._pending) % 2
        size = usable if final else usable - usable % chunk
        if size <= 0:
            return None
        data, self._pending = bytes(self._pending[:size]), self._pending[size:]
        samples = np.frombuffer(data, "<i2")
        audio = self._to_16k(samples)
        return DecodedMedia(start=start, duration=samples.size / self.rate, frames=[],
                            audio=audio, has_audio=True)

    def _to_16k(self, samples: np.ndarray) -> np.ndarray:
        if self.rate == AUDIO_RATE:
            return (samples.astype(np.float32) / 32768.0).copy()
        frame = av.AudioFrame.from_ndarray(samples[None, :].copy(), format="s16", layout="mono")
        frame.sample_rate = self.rate
        parts = [np.array(f.to_ndarray().reshape(-1), np.float32)
                 for f in self._resampler.resample(frame)]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)
