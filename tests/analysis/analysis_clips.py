"""Media helpers beyond tests/media_factory.py: fragmented MP4 and its moof-boundary split."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import cache
from itertools import pairwise
from pathlib import Path

import av
import numpy as np
from media_factory import _write_audio, face_image, pattern_frame, speech_audio

from interhuman_desktop.engine.analysis.base import DecodedMedia, VideoSample

FRAG_OPTIONS = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}
EVERY_FRAME = {"movflags": "frag_every_frame+empty_moov+default_base_moof"}


def write_fragmented_mp4(
    path: Path, seconds: float = 10.0, fps: int = 15, options: dict[str, str] | None = None
) -> Path:
    """A fragmented MP4 (empty moov, by default one moof per keyframe, a keyframe every 3 s)."""
    with av.open(str(path), "w", format="mp4", options=options or FRAG_OPTIONS) as out:
        vs = out.add_stream("libx264", rate=fps)
        vs.width, vs.height, vs.pix_fmt = 320, 240, "yuv420p"
        vs.options = {"preset": "ultrafast"}
        vs.gop_size = fps * 3
        audio = out.add_stream("aac", rate=48_000)
        audio.layout = "mono"
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(pattern_frame(i, 320, 240, None), format="bgr24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            out.mux(vs.encode(frame))
        out.mux(vs.encode(None))
        _write_audio(out, audio, speech_audio(seconds, [(0.2, seconds - 0.5)]))
    return path


def split_at_moof(data: bytes) -> list[bytes]:
    """Cut a fragmented MP4 at each ``moof`` box after the first (chunk 1 keeps ftyp+moov)."""
    starts, pos = [], 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        if data[pos + 4 : pos + 8] == b"moof":
            starts.append(pos)
        pos += max(size, 8)
    cuts = [0, *starts[1:], len(data)]
    return [data[a:b] for a, b in pairwise(cuts) if b > a]


def speech_16k(seconds: float, speech: list[tuple[float, float]]) -> np.ndarray:
    """media_factory's voice-like tone at 16 kHz (every third 48-kHz sample: tones are < 1 kHz)."""
    return speech_audio(seconds, speech)[::3].copy()


@cache
def _photo() -> np.ndarray | None:
    return face_image(120)


def synthetic_media(
    start: float,
    seconds: float,
    *,
    face: Callable[[float], bool] = lambda t: True,
    speech: list[tuple[float, float]] = (),
    fps: float = 10.0,
    audio: bool = True,
) -> DecodedMedia:
    """DecodedMedia without a codec round trip: pattern frames (face photo while ``face(t)``)
    and the voiced tone inside ``speech`` intervals (both in session seconds)."""
    photo = _photo()
    frames = []
    for i in range(round(seconds * fps)):
        t = start + i / fps
        img = pattern_frame(int(t * 15), 320, 240, photo if face(t) else None)
        frames.append(VideoSample(t=t, image=img))
    local = [(a - start, b - start) for a, b in speech]
    samples = speech_16k(seconds, local) if audio else np.zeros(0, np.float32)
    return DecodedMedia(
        start=start, duration=seconds, frames=frames, audio=samples, has_audio=audio
    )


def write_live_webm(path: Path, seconds: float = 10.0, fps: int = 30) -> Path:
    """A WebM muxed like a browser's MediaRecorder: live mode (unknown sizes), 1-s Clusters,
    keyframes every 2 s (so most Clusters do not start on a keyframe)."""
    with av.open(str(path), "w", format="webm",
                 options={"live": "1", "cluster_time_limit": "1000"}) as out:
        vs = out.add_stream("libvpx", rate=fps)
        vs.width, vs.height, vs.pix_fmt = 320, 240, "yuv420p"
        vs.gop_size = 2 * fps
        vs.options = {"deadline": "realtime", "cpu-used": "8"}
        audio = out.add_stream("libopus", rate=48_000)
        audio.layout = "mono"
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(pattern_frame(i, 320, 240, _photo()), format="bgr24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            out.mux(vs.encode(frame))
        out.mux(vs.encode(None))
        _write_audio(out, audio, speech_audio(seconds, [(0.2, seconds - 0.5)]))
    return path


def write_rotated_mp4(path: Path, seconds: float = 4.0, fps: int = 15) -> Path:
    """A phone-style clip: pictures stored sideways (240x320) with a 90° display rotation, so
    that shown upright it is 320x240 with the face photo the right way up."""
    import cv2

    with av.open(str(path), "w") as out:
        vs = out.add_stream("libx264", rate=fps)
        vs.width, vs.height, vs.pix_fmt = 240, 320, "yuv420p"
        vs.options = {"preset": "ultrafast"}
        vs.set_display_rotation(90)
        for i in range(int(seconds * fps)):
            upright = pattern_frame(i, 320, 240, _photo())
            coded = cv2.rotate(upright, cv2.ROTATE_90_CLOCKWISE)
            frame = av.VideoFrame.from_ndarray(coded, format="bgr24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            out.mux(vs.encode(frame))
        out.mux(vs.encode(None))
    return path
