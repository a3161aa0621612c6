"""The segment writer's audio: time-stamped microphone blocks into one gap-free sample stream.

The sample count is the truth. A block's timestamp only moves the stream when it disagrees
with the count by more than ``reanchor_threshold`` (20 ms by default): a later block (lost
samples, a stalled callback) is preceded by silence up to its timestamp, an earlier one
(samples the clock says cannot exist yet) loses its overlapping head. Jitter below the
threshold is absorbed, so the stream never drifts from the clock by more than the threshold,
i.e. < 1 frame at 30 fps.
"""

from __future__ import annotations

import collections

import numpy as np


class AudioTimeline:
    """Turns time-stamped blocks into one gap-free sample stream indexed from the session t0."""

    def __init__(self, t0: float, sample_rate: int, reanchor_threshold: float = 0.020) -> None:
        self.t0 = t0
        self.rate = sample_rate
        self.threshold = round(reanchor_threshold * sample_rate)
        self.end = 0  # sample index one past the last accepted sample
        self.taken = 0  # samples before this index were handed to an encoder
        self.reanchors = 0
        self.samples_dropped = 0
        self._chunks: collections.deque[np.ndarray] = collections.deque()

    def push(self, t: float, samples: np.ndarray) -> None:
        """Accept a block whose first sample was captured at ``t`` (see the module rule)."""
        expected = round((t - self.t0) * self.rate)
        drift = expected - self.end
        if drift > self.threshold:
            self.reanchors += 1
            self._append(np.zeros(drift, np.float32))
        elif drift < -self.threshold:
            self.reanchors += 1
            cut = min(-drift, len(samples))
            self.samples_dropped += cut
            samples = samples[cut:]
        if len(samples):
            self._append(samples)

    def pad_to(self, index: int) -> None:
        """Fill with silence up to ``index`` (a segment must close and its audio has not come)."""
        if index > self.end:
            self._append(np.zeros(index - self.end, np.float32))

    def take(self, until: int) -> np.ndarray:
        """Hand over the accepted samples in ``[taken, until)`` (fewer if not there yet)."""
        want = min(until, self.end) - self.taken
        parts: list[np.ndarray] = []
        while want > 0 and self._chunks:
            head = self._chunks[0]
            if len(head) <= want:
                parts.append(self._chunks.popleft())
                want -= len(head)
            else:
                parts.append(head[:want])
                self._chunks[0] = head[want:]
                want = 0
        out = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        self.taken += len(out)
        return out

    def _append(self, samples: np.ndarray) -> None:
        self._chunks.append(samples)
        self.end += len(samples)
