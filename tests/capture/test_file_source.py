"""FileSource replays a real clip (picture and sound) with media-consistent timestamps."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from media_factory import make_clip

from interhuman_desktop.capture import CaptureError, FileSource


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory):
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.mp4", seconds=2.0, fps=15)


def _play(src: FileSource, timeout: float = 10.0) -> tuple[list, list]:
    src.start()
    assert src.wait_finished(timeout)
    src.stop()
    assert src.error is None
    return src.frames.drain(), src.blocks.drain()


def test_fast_mode_replays_picture_and_sound_with_media_times(clip) -> None:
    src = FileSource(clip, fast=True, video_queue=500, audio_queue=500)
    frames, blocks = _play(src)
    assert src.video_format is not None
    assert (src.video_format.width, src.video_format.height) == (320, 240)
    assert src.video_format.fps == pytest.approx(15)
    assert len(frames) == 30
    rel = np.array([f.t - src.t_start for f in frames])
    assert np.allclose(rel, np.arange(30) / 15, atol=1e-6)
    assert frames[0].image.shape == (240, 320, 3)
    assert blocks[0].t == pytest.approx(src.t_start)
    total = sum(len(b.samples) for b in blocks)
    assert abs(total - 2 * 48_000) <= 1024  # AAC pads its last frame
    for a, b in itertools.pairwise(blocks):  # contiguous, sample-accurate stamps
        assert b.t == pytest.approx(a.end_t, abs=1e-9)
    voiced = np.concatenate([b.samples for b in blocks])
    assert np.abs(voiced[int(0.5 * 48_000) : int(1.0 * 48_000)]).max() > 0.1  # speech at 0.2–2.5


def test_real_time_mode_paces_like_a_camera(clip) -> None:
    src = FileSource(clip)
    started = time.perf_counter()
    frames, _ = _play(src)
    elapsed = time.perf_counter() - started
    assert elapsed > 1.8  # paced like a camera: never faster (a loaded machine is only slower)
    assert len(frames) == 30


def test_loop_continues_the_timeline(clip) -> None:
    src = FileSource(clip, loop=True, fast=True, video_queue=500, audio_queue=2000)
    src.start()
    deadline = time.perf_counter() + 120  # a bound for a hang
    while src.passes < 2 and time.perf_counter() < deadline:
        time.sleep(0.01)
    src.stop()
    frames = src.frames.drain()
    rel = np.array([f.t - src.t_start for f in frames[:60]])
    assert len(frames) >= 60
    assert rel[30] == pytest.approx(2.0, abs=0.05)  # the second pass starts where the first ended
    assert np.all(np.diff(rel) > 0)


def test_missing_or_bad_file_raises_capture_error(tmp_path) -> None:
    with pytest.raises(CaptureError):
        FileSource(tmp_path / "nope.mp4").start()
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(CaptureError):
        FileSource(bad).start()


def test_items_come_in_media_time_order_even_when_the_file_interleaves_ahead() -> None:
    """The sample clip stores its video 1 s ahead of its audio; a camera and a microphone
    deliver both on time, so the replay must hand them over by time, not by file order."""
    from interhuman_desktop.resources import sample_clip

    src = FileSource(sample_clip(), fast=True, video_queue=2000, audio_queue=5000)
    order: list[tuple[str, float]] = []
    emit_frame, emit_block = src._emit_frame, src._emit_block
    src._emit_frame = lambda t, image: (order.append(("video", t)), emit_frame(t, image))[1]
    src._emit_block = lambda t, samples: (order.append(("audio", t)), emit_block(t, samples))[1]
    _play(src, timeout=120)
    kinds = {kind for kind, _ in order}
    assert kinds == {"video", "audio"}
    times = np.array([t for _, t in order])
    assert np.all(np.diff(times) >= -1e-6), "an item came after a later one"


def test_played_as_a_microphone_only_its_sound_comes_out(tmp_path) -> None:
    """``audio_only``: the audio-only live session's "play a file as microphone": no picture
    is decoded or queued, the sound is all there; a file without sound is refused at start."""
    from interhuman_desktop.resources import sample_clip

    src = FileSource(sample_clip(), fast=True, audio_only=True, audio_queue=5000)
    frames, blocks = _play(src, timeout=120)
    assert frames == [] and src.frames.put_count == 0 and not src.has_video
    seconds = sum(b.duration for b in blocks)
    assert seconds == pytest.approx(20.0, abs=0.05)
    mute = make_clip(tmp_path / "mute.mp4", seconds=1.0, audio=False)
    with pytest.raises(CaptureError, match="no sound"):
        FileSource(mute, audio_only=True).start()
