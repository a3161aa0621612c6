"""SegmentWriter end to end with real PyAV encoding and decoding."""

from __future__ import annotations

import threading

import pytest
from encode_helpers import probe, run_through_writer
from waiting import until_sync

from interhuman_desktop.capture import SyntheticSource, VideoFrame
from interhuman_desktop.core import clock
from interhuman_desktop.core.queues import DropQueue
from interhuman_desktop.encode.segment_writer import SegmentWriter
from interhuman_desktop.encode.segments import EncoderSettings

FPS = 15
SETTINGS = EncoderSettings(fps=FPS)


def _source(seconds: float, **kwargs) -> SyntheticSource:
    return SyntheticSource(fps=FPS, fast=True, duration=seconds, video_queue=2000,
                           audio_queue=5000, **kwargs)


def test_every_segment_is_a_complete_file_that_decodes_on_its_own(tmp_path) -> None:
    writer, segs = run_through_writer(_source(9.0), tmp_path, settings=SETTINGS)
    assert [s.index for s in segs] == [0, 1, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "segment_00000.mp4", "segment_00001.mp4", "segment_00002.mp4"]  # no .part left
    for k, seg in enumerate(segs):
        info = probe(seg.path)
        assert info.tracks == {"video", "audio"}
        assert info.keyframe_first
        assert info.video_packets == 3 * FPS
        assert info.video_end == pytest.approx(3.0, abs=1 / FPS)
        assert info.audio_end == pytest.approx(3.0, abs=0.03)
        assert seg.start_t == pytest.approx(3.0 * k)
        assert seg.media_duration == pytest.approx(3.0, abs=1 / FPS)
        assert seg.bytes == seg.path.stat().st_size > 1000
        assert seg.first_frame_t < seg.last_frame_t
    health = writer.health()
    assert health.frames_in == health.frames_out == 9 * FPS
    assert health.frames_dropped == health.frames_late == 0
    assert health.segments == 3 and health.max_encode_seconds > 0
    assert health.audio_reanchors == 0


def test_short_tail_is_merged_into_the_last_segment(tmp_path) -> None:
    _, segs = run_through_writer(_source(7.0), tmp_path, settings=SETTINGS)
    assert [s.index for s in segs] == [0, 1]
    assert segs[1].merged and segs[1].media_duration == pytest.approx(4.0, abs=1 / FPS)
    info = probe(segs[1].path)
    assert info.keyframe_first and info.video_packets == 4 * FPS
    assert info.video_end == pytest.approx(4.0, abs=1 / FPS)
    assert not (tmp_path / "segment_00002.mp4").exists()


def test_keep_policy_reports_the_short_tail(tmp_path) -> None:
    _, reported = run_through_writer(_source(7.0), tmp_path, settings=SETTINGS, tail="keep")
    assert [s.index for s in reported] == [0, 1, 2]
    assert reported[2].media_duration == pytest.approx(1.0, abs=1 / FPS)
    assert probe(reported[2].path).keyframe_first


def test_pad_policy_extends_the_tail_to_the_minimum(tmp_path) -> None:
    _, reported = run_through_writer(_source(7.0), tmp_path, settings=SETTINGS, tail="pad")
    assert [s.index for s in reported] == [0, 1, 2] and not reported[2].merged
    info = probe(reported[2].path)
    assert info.keyframe_first and info.tracks == {"video", "audio"}
    assert info.video_end == pytest.approx(3.0, abs=1 / FPS)
    assert info.audio_end == pytest.approx(3.0, abs=0.03)
    assert reported[2].media_duration == pytest.approx(3.0, abs=1 / FPS)


def test_longer_segments_and_limits(tmp_path) -> None:
    _, segs = run_through_writer(_source(10.0), tmp_path, settings=SETTINGS,
                                 segment_seconds=5.0)
    assert [round(s.media_duration, 1) for s in segs] == [5.0, 5.0]
    for bad in (2.0, 11.0):
        with pytest.raises(ValueError):
            SegmentWriter(tmp_path, video=DropQueue(1), segment_seconds=bad)


def test_stalled_microphone_does_not_hold_segments_back(tmp_path) -> None:
    """Video keeps coming, audio never does: segments still close, with silent audio."""
    video: DropQueue[VideoFrame] = DropQueue(1000)
    audio = DropQueue(10)
    writer = SegmentWriter(tmp_path, video=video, audio=audio, settings=SETTINGS,
                           stall_timeout=0.2)
    src = _source(7.0, audio=False)
    src.frames = video
    src.start()
    writer.start(src.t_start)
    src.wait_finished(120)
    deadline = clock.now() + 120  # a bound for a hang
    while writer.health().segments < 2 and clock.now() < deadline:
        clock_wait(0.02)
    assert writer.health().segments == 2  # closed before stop, after the stall timeout
    src.stop()
    segs = writer.stop()
    assert probe(segs[0].path).audio_end == pytest.approx(3.0, abs=0.03)


def clock_wait(seconds: float) -> None:
    threading.Event().wait(seconds)


def test_stop_leaves_no_thread_running(tmp_path) -> None:
    before = set(threading.enumerate())
    src = SyntheticSource(fps=FPS, width=160, height=120)
    writer = SegmentWriter(tmp_path, video=src.frames, audio=src.blocks, settings=SETTINGS)
    src.start()
    writer.start(src.t_start)
    until_sync(lambda: writer.health().frames_out > 0, what="the first encoded frame")
    assert writer.running and src.running
    src.stop()
    segs = writer.stop()
    assert set(threading.enumerate()) <= before
    # stopped within the first segment (or, on a loaded machine, soon after): a short last file
    assert segs and segs[-1].media_duration < 3.0


def test_late_frames_are_counted_not_encoded(tmp_path) -> None:
    video: DropQueue[VideoFrame] = DropQueue(100)
    writer = SegmentWriter(tmp_path, video=video, settings=SETTINGS)
    t0 = clock.now()
    writer.start(t0)
    import numpy as np

    img = np.zeros((48, 64, 3), np.uint8)
    video.put(VideoFrame(t0 - 1.0, img, 0))  # before the session started
    for i in range(3 * FPS + 5):
        video.put(VideoFrame(t0 + i / FPS, img, i + 1))
    segs = writer.stop()
    health = writer.health()
    assert health.frames_late == 1 and health.frames_out == 3 * FPS + 5
    assert len(segs) == 1 and segs[0].merged is True  # 0.33-s tail merged, video-only
    assert probe(segs[0].path).tracks == {"video"}


def test_from_sources_encodes_at_the_granted_rate(tmp_path) -> None:
    src = SyntheticSource(fps=10, fast=True, duration=6.0, video_queue=500, audio_queue=2000,
                          width=96, height=64)
    with pytest.raises(ValueError):
        SegmentWriter.from_sources(tmp_path, _unstarted())
    writer = SegmentWriter.from_sources(tmp_path, src, src)
    assert writer.settings.fps == 10
    src.start()
    writer.start(src.t_start)
    src.wait_finished(10)
    src.stop()
    segs = writer.stop()
    assert [s.media_duration for s in segs] == pytest.approx([3.0, 3.0])


def _unstarted():
    class NotStarted(SyntheticSource):
        @property
        def video_format(self):
            return None

    return NotStarted()


def test_a_failing_callback_does_not_stop_the_writer(tmp_path, caplog) -> None:
    def explode(info) -> None:
        raise RuntimeError("session bug")

    src = _source(6.0, width=96, height=64)
    writer = SegmentWriter(tmp_path, video=src.frames, audio=src.blocks, settings=SETTINGS,
                           on_segment=explode)
    src.start()
    writer.start(src.t_start)
    src.wait_finished(10)
    src.stop()
    assert len(writer.stop()) == 2 and writer.error is None
    assert "on_segment callback failed" in caplog.text


def test_last_frame_lasts_the_observed_interval_whatever_the_nominal_rate(tmp_path) -> None:
    """The camera grants 10 fps but the writer was told 30: segments still last D.
    (The microphone queue stays empty: every segment still gets a full silent audio track.)"""
    src = SyntheticSource(fps=10, fast=True, duration=6.0, audio=False, video_queue=500,
                          width=96, height=64)
    _, segs = run_through_writer(src, tmp_path, settings=EncoderSettings(fps=30))
    for seg in segs:
        assert seg.media_duration == pytest.approx(3.0, abs=1e-3)
        info = probe(seg.path)
        assert info.video_end == pytest.approx(3.0, abs=1e-3)
        assert info.audio_end == pytest.approx(3.0, abs=0.03)
