"""The audio rule: the sample count is the truth; re-anchor only beyond the threshold."""

from __future__ import annotations

import numpy as np

from interhuman_desktop.encode.audio_timeline import AudioTimeline

RATE = 48_000


def _ones(n: int) -> np.ndarray:
    return np.ones(n, np.float32)


def test_jitter_below_threshold_is_absorbed() -> None:
    tl = AudioTimeline(t0=100.0, sample_rate=RATE, reanchor_threshold=0.02)
    tl.push(100.0, _ones(480))
    tl.push(100.0 + 0.01 + 0.015, _ones(480))  # 15 ms late stamp: still contiguous
    tl.push(100.0 + 0.02 - 0.015, _ones(480))  # 15 ms early stamp: still contiguous
    assert tl.end == 1440 and tl.reanchors == 0
    assert np.all(tl.take(10_000) == 1.0)


def test_gap_beyond_threshold_becomes_silence() -> None:
    tl = AudioTimeline(t0=0.0, sample_rate=RATE)
    tl.push(0.0, _ones(480))
    tl.push(0.5, _ones(480))  # 490 ms of lost audio
    out = tl.take(100_000)
    assert tl.reanchors == 1 and len(out) == 24_000 + 480
    assert np.all(out[480:24_000] == 0.0) and np.all(out[24_000:] == 1.0)


def test_overlap_beyond_threshold_trims_the_block_head() -> None:
    tl = AudioTimeline(t0=0.0, sample_rate=RATE)
    tl.push(0.0, _ones(4_800))
    tl.push(0.05, np.full(4_800, 2.0, np.float32))  # stamped 50 ms before the count says
    assert tl.reanchors == 1 and tl.samples_dropped == 2_400
    out = tl.take(100_000)
    assert len(out) == 4_800 + 2_400 and np.all(out[4_800:] == 2.0)


def test_late_start_is_padded_and_take_splits_exactly() -> None:
    tl = AudioTimeline(t0=10.0, sample_rate=RATE)
    tl.push(10.1, _ones(9_600))  # the microphone started 100 ms after the session
    first = tl.take(4_800)
    assert len(first) == 4_800 and np.all(first == 0.0)
    second = tl.take(12_000)
    assert len(second) == 7_200 and tl.taken == 12_000
    tl.pad_to(20_000)
    assert len(tl.take(20_000)) == 8_000 and tl.end == 20_000


def test_block_before_t0_is_cut() -> None:
    tl = AudioTimeline(t0=10.0, sample_rate=RATE)
    tl.push(9.9, _ones(9_600))  # started 100 ms before the session
    assert tl.end == 4_800
