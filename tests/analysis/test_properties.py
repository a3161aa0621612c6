"""Property tests: the decoder never crashes on bytes, windows tile, VAD runs are consistent."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from analysis_clips import synthetic_media
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interhuman_desktop.engine.analysis.base import SessionOptions
from interhuman_desktop.engine.analysis.cqi import Scores
from interhuman_desktop.engine.analysis.cue_analyzer import CueAnalyzer, merge_signals
from interhuman_desktop.engine.analysis.cues import WindowCues
from interhuman_desktop.engine.analysis.mapping import SignalEstimate
from interhuman_desktop.engine.analysis.voice import runs
from interhuman_desktop.engine.analysis.windows import (
    HOP,
    WINDOW,
    WindowOutcome,
    boundaries,
    tail_window,
)
from interhuman_desktop.engine.media import MediaError, StreamDecoder

HEADERS = [b"", b"\x1a\x45\xdf\xa3", b"\x00\x00\x00\x18ftypisom", b"\x1f\x43\xb6\x75", b"G"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(head=st.sampled_from(HEADERS), body=st.binary(min_size=0, max_size=4096))
def test_stream_decoder_only_raises_media_errors(head: bytes, body: bytes) -> None:
    try:
        StreamDecoder().decode(head + body, 0.0)
    except MediaError as exc:
        assert exc.code in {"ih5004", "ih5001", "ih5006"}


@given(st.floats(min_value=0, max_value=600), st.floats(min_value=0, max_value=30))
def test_boundaries_are_the_hop_grid(after: float, extra: float) -> None:
    upto = after + extra
    ends = list(boundaries(after, upto))
    assert all(after < e <= upto + 1e-9 for e in ends)
    assert all(abs((e - WINDOW) / HOP - round((e - WINDOW) / HOP)) < 1e-9 for e in ends)
    assert all(abs(b - a - HOP) < 1e-9 for a, b in itertools.pairwise(ends))
    last = ends[-1] if ends else after
    tail = tail_window(last, upto)
    if tail is not None:
        assert tail[1] == upto and tail[1] - tail[0] <= WINDOW


@given(st.lists(st.booleans(), max_size=200))
def test_runs_cover_exactly_the_true_frames(mask: list[bool]) -> None:
    arr = np.array(mask, bool)
    rebuilt = np.zeros(arr.size, bool)
    for a, b in runs(arr):
        assert a < b and arr[a:b].all()
        rebuilt[a:b] = True
    assert np.array_equal(rebuilt, arr)


def test_one_analyzer_serves_threads_alike() -> None:
    analyzer = CueAnalyzer()
    media = synthetic_media(0.0, 12.0, face=lambda t: t < 7, speech=[(0.2, 12.0)], fps=5)
    options = SessionOptions(include=["conversation_quality_overall"])
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: analyzer.analyze_upload(media, options), range(3)))
    assert results[0] == results[1] == results[2]


@given(st.lists(st.sets(st.sampled_from(["engagement", "hesitation", "confidence"])),
                min_size=1, max_size=12),
       st.floats(min_value=0.0, max_value=2.9))
def test_merged_upload_signals_never_overlap_per_type(active: list[set[str]], tail: float) -> None:
    outcomes = []
    for k, kinds in enumerate(active):
        start, end = (0.0, 8.0) if k == 0 else (3.0 * k, 3.0 * k + 8.0)
        cues = WindowCues(start=start, end=end)
        sigs = {t: SignalEstimate(t, "low", "r 1", ("audio",)) for t in kinds}
        outcomes.append(WindowOutcome(max(0.0, end - 3.0), end, cues, sigs, "neutral", Scores()))
    media_end = outcomes[-1].window_end + tail
    merged = merge_signals(outcomes, media_end)
    for kind in {s["type"] for s in merged}:
        spans = sorted((s["start"], s["end"]) for s in merged if s["type"] == kind)
        assert all(a < b <= media_end for a, b in spans)
        assert all(prev[1] <= nxt[0] for prev, nxt in itertools.pairwise(spans))
    runs_expected = sum(
        1 for k, kinds in enumerate(active) for t in kinds if k == 0 or t not in active[k - 1]
    )
    assert len(merged) == runs_expected
