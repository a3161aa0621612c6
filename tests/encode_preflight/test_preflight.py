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


@pytest.mark.parametrize("model", [None, "inter-2", "inter-2-deep", "v1"])
def test_sound_only_goes_to_inter2_audio_for_a_model_that_needs_the_picture(
        tmp_path: Path, model: str | None) -> None:
    info = probe(make_clip(tmp_path / "voice.mp4", seconds=4, video=False))
    assert info.has_audio and not info.has_video
    verdict = preflight(info, model=model)
    assert verdict.action == "ok" and verdict.model == "inter-2-audio"
    assert "Sound only: analysed with Inter-2 audio" in verdict.note


def test_sound_only_on_inter2_audio_is_fine_and_a_short_one_refused(tmp_path: Path) -> None:
    from audio_helpers import speech_wav

    wav = probe(speech_wav(tmp_path / "recording.wav"))
    verdict = preflight(wav, model="inter-2-audio")
    assert (verdict.action, verdict.model, verdict.note) == ("ok", "inter-2-audio", "")
    short = probe(make_clip(tmp_path / "short.mp4", seconds=2, video=False))
    refused = preflight(short, model="inter-2")
    assert refused.action == "refuse" and "at least 3 s" in refused.reasons[0]


def test_a_video_without_sound_is_refused_for_inter2_audio_only(tmp_path: Path) -> None:
    info = probe(make_clip(tmp_path / "silent.mp4", seconds=4, audio=False))
    verdict = preflight(info, model="inter-2-audio")
    assert verdict.action == "refuse"
    assert "no sound track" in verdict.reasons[0] and "Inter-2 or V1" in verdict.reasons[0]
    assert preflight(info, model="inter-2").ok and preflight(info).ok


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
