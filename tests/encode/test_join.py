"""join_segments: packet copy of the segments into one file for review."""

from __future__ import annotations

import itertools

import av
import pytest
from encode_helpers import probe, run_through_writer

from interhuman_desktop.capture import SyntheticSource
from interhuman_desktop.encode.remux import join_segments, media_duration, segment_start
from interhuman_desktop.encode.segments import EncoderSettings

FPS = 15


@pytest.fixture(scope="module")
def segments(tmp_path_factory: pytest.TempPathFactory):
    src = SyntheticSource(fps=FPS, fast=True, duration=9.0, video_queue=2000, audio_queue=5000,
                          width=160, height=120)
    _, segs = run_through_writer(src, tmp_path_factory.mktemp("segs"),
                                 settings=EncoderSettings(fps=FPS))
    return segs


def test_joined_file_spans_the_sum_of_segments(segments, tmp_path) -> None:
    out = join_segments([s.path for s in segments], tmp_path / "review.mp4")
    total = sum(s.media_duration for s in segments)
    assert media_duration(out) == pytest.approx(total, abs=2 / FPS)
    info = probe(out)
    assert info.tracks == {"video", "audio"}
    assert info.video_packets == 9 * FPS
    assert info.video_end == pytest.approx(9.0, abs=1 / FPS)
    assert info.audio_end == pytest.approx(9.0, abs=0.05)
    with av.open(str(out)) as c:  # every frame decodes, timestamps increase
        times = [float(f.time) for f in c.decode(video=0)]
    assert len(times) == 9 * FPS and all(b > a for a, b in itertools.pairwise(times))
    assert times[FPS * 3] == pytest.approx(3.0, abs=1e-3)  # segment 1 placed at its start


def test_segments_carry_their_session_start(segments) -> None:
    assert [segment_start(s.path) for s in segments] == [0.0, 3.0, 6.0]


def test_join_needs_paths(tmp_path) -> None:
    with pytest.raises(ValueError):
        join_segments([], tmp_path / "x.mp4")
