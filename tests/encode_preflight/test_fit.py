"""make_it_fit (transcode / split under lowered limits) and stitch offsets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from interhumanai import (
    AnalysisResult,
    ConversationQuality,
    ConversationQualityTimelineEntry,
    ConversationQualityValues,
    EngagementStateEntry,
    Signal,
)
from media_factory import make_clip

from interhuman_desktop.encode.fit import FitError, make_it_fit, split_count, stitch
from interhuman_desktop.encode.preflight import Limits, preflight
from interhuman_desktop.encode.probe import probe


def noisy(i: int) -> np.ndarray:
    return np.random.default_rng(i).integers(0, 255, (240, 320, 3), np.uint8)


@pytest.fixture(scope="module")
def big_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fit") / "big.mp4"
    return make_clip(path, seconds=10, bitrate=3_000_000, frame_fn=noisy)


def test_ok_file_is_returned_as_is(big_clip: Path, tmp_path: Path) -> None:
    parts = make_it_fit(big_clip, tmp_path)
    assert [(p.path, p.offset) for p in parts] == [(big_clip, 0.0)]


def test_transcode_lands_under_the_limit(big_clip: Path, tmp_path: Path) -> None:
    size = big_clip.stat().st_size
    limits = Limits(max_bytes=size // 3)
    parts = make_it_fit(big_clip, tmp_path, limits=limits)
    assert len(parts) == 1 and parts[0].offset == 0
    info = probe(parts[0].path)
    assert info.size_bytes <= limits.max_bytes
    assert info.video_codec == "h264" and info.audio_codec == "aac"
    assert info.duration == pytest.approx(10, abs=0.3)
    assert preflight(info, limits).ok


def test_split_gives_parts_that_fit_with_offsets(big_clip: Path, tmp_path: Path) -> None:
    limits = Limits(max_bytes=200_000, min_transcode_bitrate=10**8)
    assert preflight(probe(big_clip), limits).action == "split"
    parts = make_it_fit(big_clip, tmp_path, limits=limits)
    assert len(parts) == 3
    assert [p.offset for p in parts] == pytest.approx([0, 10 / 3, 20 / 3])
    for part in parts:
        info = probe(part.path)
        assert preflight(info, limits).ok, (part, info)
        assert info.duration >= 3
        assert info.has_audio


def test_split_count_respects_minimum_length() -> None:
    limits = Limits(max_bytes=1000, min_transcode_bitrate=10**9)
    assert split_count(10, limits) == 3
    assert split_count(3.5, limits) == 1
    assert split_count(3600, Limits()) > 1


def test_refused_file_raises(tmp_path: Path) -> None:
    short = make_clip(tmp_path / "s.mp4", seconds=2)
    with pytest.raises(FitError, match="at least 3"):
        make_it_fit(short, tmp_path / "out")


def test_tiny_file_is_padded(tmp_path: Path) -> None:
    black = np.zeros((16, 16, 3), np.uint8)
    tiny = make_clip(
        tmp_path / "t.mp4", seconds=3.5, width=16, height=16, audio=False, frame_fn=lambda i: black
    )
    parts = make_it_fit(tiny, tmp_path / "out")
    info = probe(parts[0].path)
    assert info.size_bytes >= 10_240 and info.error is None and info.duration >= 3
    assert preflight(info).ok


def _values(q: float) -> ConversationQualityValues:
    return ConversationQualityValues(
        quality_index=q, clarity=q, authority=q, energy=q, rapport=q, learning=q
    )


def _part(q: float, state: str, sig: str) -> AnalysisResult:
    return AnalysisResult(
        signals=[Signal(type=sig, start=1, end=3.3, probability="low", rationale=f"{sig} r")],
        engagement_state=[EngagementStateEntry(state=state, start=0, end=3.3)],
        conversation_quality=ConversationQuality(
            overall=_values(q),
            timeline=[ConversationQualityTimelineEntry(start=0, end=3.3, values=_values(q))],
        ),
    )


def test_stitch_offsets_and_merges() -> None:
    merged = stitch(
        [(3.3, _part(80, "engaged", "interest")), (0.0, _part(60, "engaged", "stress"))]
    )
    assert [(s.type.value, s.start, s.end) for s in merged.signals] == [
        ("stress", 1.0, 3.3),
        ("interest", pytest.approx(4.3), pytest.approx(6.6)),
    ]
    assert len(merged.engagement_state) == 1  # same state across the cut → one entry
    assert merged.engagement_state[0].end == pytest.approx(6.6)
    cq = merged.conversation_quality
    assert cq is not None and cq.overall.quality_index == pytest.approx(70)
    assert [t.start for t in cq.timeline] == [0, pytest.approx(3.3)]
    AnalysisResult.model_validate(merged.model_dump(mode="json"))


def test_stitch_merges_touching_signals() -> None:
    a = AnalysisResult(signals=[Signal(type="interest", start=2, end=3.3, probability="low")])
    b = AnalysisResult(
        signals=[Signal(type="interest", start=0, end=1, probability="high", rationale="r")]
    )
    merged = stitch([(0, a), (3.3, b)])
    assert len(merged.signals) == 1
    assert merged.signals[0].end == pytest.approx(4.3)
    assert merged.signals[0].probability.value == "high"
