"""probe + preflight on real clips made with PyAV (every container, and every refusal)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from media_factory import make_clip

from interhuman_desktop.encode.preflight import Limits, preflight
from interhuman_desktop.encode.probe import _demuxed_duration, probe


@pytest.mark.parametrize(
    ("suffix", "container"),
    [
        (".mp4", "mp4"),
        (".mov", "mov"),
        (".mkv", "mkv"),
        (".webm", "webm"),
        (".avi", "avi"),
        (".ts", "mpeg-ts"),
    ],
)
def test_ok_clip_in_every_container(tmp_path: Path, suffix: str, container: str) -> None:
    info = probe(make_clip(tmp_path / f"ok{suffix}", seconds=4))
    assert info.error is None
    assert info.container == container
    assert info.has_video and info.has_audio
    assert info.width == 320 and info.height == 240 and info.fps == pytest.approx(15)
    assert info.duration == pytest.approx(4, abs=0.15)
    verdict = preflight(info)
    assert verdict.action == "ok" and verdict.reasons == []


def test_two_second_clip_is_refused(tmp_path: Path) -> None:
    verdict = preflight(probe(make_clip(tmp_path / "short.mp4", seconds=2)))
    assert verdict.action == "refuse"
    assert "2.0 s" in verdict.reasons[0] and "3 s" in verdict.reasons[0]
    assert "Fix:" in verdict.reasons[0]


def test_audio_only_is_refused(tmp_path: Path) -> None:
    info = probe(make_clip(tmp_path / "voice.mp4", seconds=4, video=False))
    assert info.has_audio and not info.has_video
    verdict = preflight(info)
    assert verdict.action == "refuse" and "no video track" in verdict.reasons[0]


def test_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.mp4"
    path.write_bytes(os.urandom(40_000))
    info = probe(path)
    assert info.error is not None
    verdict = preflight(info)
    assert verdict.action == "refuse" and "could not be read" in verdict.reasons[0]


def test_tiny_file_needs_transcoding(tmp_path: Path) -> None:
    black = np.zeros((16, 16, 3), np.uint8)
    path = make_clip(
        tmp_path / "tiny.mp4",
        seconds=3.5,
        width=16,
        height=16,
        audio=False,
        frame_fn=lambda i: black,
    )
    info = probe(path)
    assert info.size_bytes < 10_000
    verdict = preflight(info)
    assert verdict.action == "transcode" and "10 KB" in verdict.reasons[0]


def test_too_big_transcode_or_split(tmp_path: Path) -> None:
    info = probe(make_clip(tmp_path / "ok.mp4", seconds=4))
    small = Limits(max_bytes=info.size_bytes // 2)
    verdict = preflight(info, small)
    assert verdict.action == "transcode" and "over the" in verdict.reasons[0]
    splitting = Limits(max_bytes=info.size_bytes // 2, min_transcode_bitrate=10**9, min_seconds=1)
    assert preflight(info, splitting).action == "split"


def test_unsupported_container_needs_transcoding(tmp_path: Path) -> None:
    import av

    path = tmp_path / "clip.flv"
    with av.open(str(path), "w", format="flv") as out:
        stream = out.add_stream("flv1", rate=15)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(60):
            frame = av.VideoFrame.from_ndarray(
                np.random.default_rng(i).integers(0, 255, (64, 64, 3), np.uint8), format="bgr24"
            )
            frame.pts = i
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    info = probe(path)
    verdict = preflight(info)
    assert verdict.action == "transcode" and "flv" in verdict.reasons[0]


def test_demux_duration_fallback(tmp_path: Path) -> None:
    import av

    path = make_clip(tmp_path / "x.mkv", seconds=4)
    with av.open(str(path)) as container:
        assert _demuxed_duration(container) == pytest.approx(4, abs=0.15)
