"""decode_upload and StreamDecoder on real clips of every container, and every error path."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import av
import numpy as np
import pytest
from analysis_clips import (
    EVERY_FRAME,
    split_at_moof,
    write_fragmented_mp4,
    write_live_webm,
    write_rotated_mp4,
)
from media_factory import webm_stream_chunks

from interhuman_desktop.engine.analysis.base import AUDIO_RATE
from interhuman_desktop.engine.analysis.face import detect_face
from interhuman_desktop.engine.media import MediaError, StreamDecoder, decode_upload
from interhuman_desktop.engine.media.sniff import (
    container_kind,
    fmp4_init_segment,
    webm_init_segment,
)

CONTAINERS = [".mp4", ".mov", ".mkv", ".webm", ".avi", ".ts"]


@pytest.mark.parametrize("suffix", CONTAINERS)
def test_decode_upload_every_container(clip, suffix: str) -> None:
    media = decode_upload(clip(f"six{suffix}", seconds=6.0), analysis_fps=10.0, max_width=160)
    assert media.start == 0.0
    assert media.duration == pytest.approx(6.0, abs=0.1)
    assert 55 <= len(media.frames) <= 62  # 15 fps source sampled on a 10 fps grid
    times = [s.t for s in media.frames]
    assert times == sorted(times) and times[0] == pytest.approx(0.0, abs=0.01)
    image = media.frames[0].image
    assert image.dtype == np.uint8 and image.shape == (120, 160, 3)
    assert media.has_audio and media.audio.dtype == np.float32
    assert media.audio.size == pytest.approx(media.duration * AUDIO_RATE, abs=AUDIO_RATE * 0.1)
    assert (media.source_width, media.source_height) == (320, 240)


def test_audio_is_aligned_and_voiced_where_the_speech_is(clip) -> None:
    media = decode_upload(clip("voiced.mp4", seconds=6.0, speech=[(3.0, 5.0)]))
    rms = [
        float(np.sqrt(np.mean(media.audio[int(a * AUDIO_RATE) : int(b * AUDIO_RATE)] ** 2)))
        for a, b in [(0.5, 2.5), (3.2, 4.8)]
    ]
    assert rms[0] < 0.01 < 0.1 < rms[1]


def test_frames_sampled_at_most_at_analysis_rate(clip) -> None:
    media = decode_upload(clip("fast.mp4", seconds=4.0, fps=30), analysis_fps=5.0)
    assert len(media.frames) == pytest.approx(20, abs=1)
    assert min(np.diff([s.t for s in media.frames])) >= 0.19


def test_truncated_file_is_corrupt(clip, tmp_path: Path) -> None:
    data = clip("six.mp4", seconds=6.0).read_bytes()
    bad = tmp_path / "half.mp4"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(MediaError) as err:
        decode_upload(bad)
    assert err.value.code == "ih5002"


def test_truncated_webm_is_corrupt(clip, tmp_path: Path) -> None:
    data = clip("six.webm", seconds=6.0).read_bytes()
    bad = tmp_path / "half.webm"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(MediaError) as err:
        decode_upload(bad)
    assert err.value.code == "ih5002"


def test_garbage_without_signature_is_unsupported(tmp_path: Path) -> None:
    bad = tmp_path / "noise.mp4"
    bad.write_bytes(os.urandom(40_000))
    with pytest.raises(MediaError) as err:
        decode_upload(bad)
    assert err.value.code == "ih4002"


def test_garbage_behind_a_known_signature_is_corrupt(tmp_path: Path) -> None:
    bad = tmp_path / "fake.mkv"
    bad.write_bytes(b"\x1a\x45\xdf\xa3" + os.urandom(40_000))
    with pytest.raises(MediaError) as err:
        decode_upload(bad)
    assert err.value.code == "ih5002"


def test_audio_only_has_no_video(clip) -> None:
    with pytest.raises(MediaError) as err:
        decode_upload(clip("audio.mp4", video=False))
    assert err.value.code == "ih5001"


def test_one_second_clip_is_too_short(clip) -> None:
    with pytest.raises(MediaError) as err:
        decode_upload(clip("one.mp4", seconds=1.0))
    assert err.value.code == "ih4007"


def test_stream_independent_segments_continue_the_clock(clip) -> None:
    decoder = StreamDecoder()
    data = clip("seg.mp4", seconds=4.0).read_bytes()
    clock = 0.0
    for _ in range(3):
        media = decoder.decode(data, clock)
        assert media.start == clock
        assert media.frames[0].t == pytest.approx(clock, abs=0.01)
        assert clock <= media.frames[-1].t < media.end
        clock = media.end
    assert clock == pytest.approx(12.0, abs=0.2)


def test_stream_continuous_webm(clip) -> None:
    path = clip("long.webm", seconds=13.0, width=160, height=120)
    chunks = webm_stream_chunks(path)
    assert len(chunks) >= 3 and chunks[1][:4] == b"\x1f\x43\xb6\x75"
    decoder, clock, last_t = StreamDecoder(), 0.0, -1.0
    for chunk in chunks:
        media = decoder.decode(chunk, clock)
        assert media.frames and media.frames[0].t > last_t
        assert all(clock <= s.t <= media.end for s in media.frames)
        last_t = media.frames[-1].t
        clock = media.end
    assert clock == pytest.approx(decode_upload(path).duration, abs=0.15)


def test_stream_fragmented_mp4(clip_dir: Path) -> None:
    path = write_fragmented_mp4(clip_dir / "frag.mp4", seconds=12.0)
    chunks = split_at_moof(path.read_bytes())
    assert len(chunks) == 4 and chunks[1][4:8] == b"moof"
    decoder, clock = StreamDecoder(), 0.0
    for chunk in chunks:
        media = decoder.decode(chunk, clock)
        assert media.frames[0].t == pytest.approx(clock, abs=0.1)
        clock = media.end
    assert clock == pytest.approx(decode_upload(path).duration, abs=0.15)


def test_stream_garbage_is_unparseable() -> None:
    with pytest.raises(MediaError) as err:
        StreamDecoder().decode(os.urandom(30_000), 0.0)
    assert err.value.code == "ih5004"


def test_stream_bare_cluster_without_header_is_unparseable(clip) -> None:
    chunks = webm_stream_chunks(clip("long.webm", seconds=13.0, width=160, height=120))
    with pytest.raises(MediaError) as err:
        StreamDecoder().decode(chunks[1], 0.0)
    assert err.value.code == "ih5004"


def test_stream_one_second_segment_is_too_short(clip) -> None:
    with pytest.raises(MediaError) as err:
        StreamDecoder().decode(clip("one.mp4", seconds=1.0).read_bytes(), 0.0)
    assert err.value.code == "ih5006"


def test_stream_audio_only_has_no_video(clip) -> None:
    with pytest.raises(MediaError) as err:
        StreamDecoder().decode(clip("audio.mp4", video=False).read_bytes(), 0.0)
    assert err.value.code == "ih5001"


def test_stream_browser_first_chunk_of_2_95_s_is_accepted(clip) -> None:
    media = StreamDecoder().decode(clip("first.webm", seconds=2.95).read_bytes(), 0.0)
    assert 2.9 <= media.duration < 3.0


def test_stream_session_survives_a_bad_frame(clip) -> None:
    decoder = StreamDecoder()
    data = clip("seg.mp4", seconds=4.0).read_bytes()
    with pytest.raises(MediaError):
        decoder.decode(b"\x00" * 100, 0.0)
    assert decoder.decode(data, 0.0).duration == pytest.approx(4.0, abs=0.1)


def test_stream_garbage_inside_a_webm_session_is_unparseable(clip) -> None:
    chunks = webm_stream_chunks(clip("long.webm", seconds=13.0, width=160, height=120))
    decoder = StreamDecoder()
    first = decoder.decode(chunks[0], 0.0)
    with pytest.raises(MediaError) as err:
        decoder.decode(os.urandom(20_000), first.end)
    assert err.value.code == "ih5004"
    assert decoder.decode(chunks[1], first.end).start == first.end  # the session goes on


def test_stream_switches_from_webm_to_independent_mp4(clip) -> None:
    chunks = webm_stream_chunks(clip("long.webm", seconds=13.0, width=160, height=120))
    decoder = StreamDecoder()
    first = decoder.decode(chunks[0], 0.0)
    media = decoder.decode(clip("seg.mp4", seconds=4.0).read_bytes(), first.end)
    assert media.duration == pytest.approx(4.0, abs=0.1)
    assert media.frames[0].t == pytest.approx(first.end, abs=0.01)


def test_init_segments_are_cut_before_the_first_fragment(clip, clip_dir: Path) -> None:
    webm = clip("long.webm", seconds=13.0, width=160, height=120).read_bytes()
    init = webm_init_segment(webm)
    assert init and webm[len(init) : len(init) + 4] == b"\x1f\x43\xb6\x75"
    assert b"\x1f\x43\xb6\x75" not in init
    frag = write_fragmented_mp4(clip_dir / "frag.mp4", seconds=12.0).read_bytes()
    finit = fmp4_init_segment(frag)
    assert finit and frag[len(finit) + 4 : len(finit) + 8] == b"moof"
    assert fmp4_init_segment(clip("seg.mp4", seconds=4.0).read_bytes()) is None  # not fragmented


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x1a\x45\xdf\xa3" + bytes(60), "webm"),
        (b"\x00\x00\x00\x20ftypisom" + bytes(60), "mp4"),
        (b"RIFF\x00\x00\x00\x00AVI LIST" + bytes(60), "avi"),
        (bytes([0x47] + [0] * 187) * 3, "ts"),
        (b"hello, world" * 10, None),
    ],
)
def test_container_signatures(head: bytes, kind: str | None) -> None:
    assert container_kind(head) == kind


def test_stream_webm_cut_inside_clusters(clip_dir: Path) -> None:
    """Browser chunks may end inside a Cluster and start on a non-keyframe: nothing is lost."""
    path = write_live_webm(clip_dir / "live.webm", seconds=10.0)
    data = path.read_bytes()
    cuts = [0, len(data) // 3, 2 * len(data) // 3, len(data)]
    decoder, clock, frames = StreamDecoder(), 0.0, 0
    for a, b in itertools.pairwise(cuts):
        media = decoder.decode(data[a:b], clock)
        assert media.frames and media.frames[0].t == pytest.approx(clock, abs=0.05)
        clock, frames = media.end, frames + len(media.frames)
    whole = decode_upload(path)
    assert clock == pytest.approx(whole.duration, abs=0.15)
    assert frames >= 0.95 * len(whole.frames)


def test_stream_fragmented_mp4_cut_inside_fragments(clip_dir: Path) -> None:
    """One fragment per frame (most do not start on a keyframe), chunks cut at any byte."""
    path = write_fragmented_mp4(clip_dir / "frames.mp4", seconds=12.0, options=EVERY_FRAME)
    data = path.read_bytes()
    cuts = [0, len(data) // 3, 2 * len(data) // 3, len(data)]
    decoder, clock, frames = StreamDecoder(), 0.0, 0
    for a, b in itertools.pairwise(cuts):
        media = decoder.decode(data[a:b], clock)
        assert media.frames and media.frames[0].t == pytest.approx(clock, abs=0.1)
        clock, frames = media.end, frames + len(media.frames)
    whole = decode_upload(path)
    assert clock == pytest.approx(whole.duration, abs=0.15)
    assert frames >= 0.95 * len(whole.frames)


def test_a_format_ffmpeg_reads_but_we_do_not_support(tmp_path: Path) -> None:
    wav = tmp_path / "voice.wav"
    with av.open(str(wav), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=16_000)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 64_000), np.int16), format="s16",
                                           layout="mono")
        frame.sample_rate = 16_000
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    with pytest.raises(MediaError) as err:
        decode_upload(wav)
    assert err.value.code == "ih4002"


def test_display_rotation_is_applied(clip_dir: Path) -> None:
    media = decode_upload(write_rotated_mp4(clip_dir / "phone.mp4"), max_width=160)
    assert (media.source_width, media.source_height) == (320, 240)
    image = media.frames[0].image
    assert image.shape == (120, 160, 3)
    assert detect_face(0.0, image).present  # upright again
