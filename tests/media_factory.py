"""Real media for tests, made with PyAV: clips of known length, tracks and content.

Everything is generated (no downloads): a moving test pattern (optionally with a face photo
pasted in), and audio that is a voiced tone in known "speech" intervals and silence elsewhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

AUDIO_RATE = 48_000


def face_image(size: int = 160) -> np.ndarray | None:
    """A real face photo (scikit-image's astronaut), BGR, square; None if skimage is missing."""
    try:
        from skimage import data
    except ImportError:
        return None
    rgb = data.astronaut()[30:230, 140:340]  # her face, roughly centred
    import cv2

    return cv2.resize(rgb[:, :, ::-1].copy(), (size, size))


def pattern_frame(index: int, width: int, height: int, face: np.ndarray | None) -> np.ndarray:
    """A moving gradient with a bright bar; the face photo, if given, pasted in the middle."""
    x = np.linspace(0, 255, width, dtype=np.float32)
    shift = (index * 4) % 256
    row = ((x + shift) % 256).astype(np.uint8)
    img = np.empty((height, width, 3), np.uint8)
    img[:] = row[None, :, None]
    img[:, :, 1] = 128
    bar = (index * 7) % width
    img[:, bar : bar + 6] = 255
    if face is not None:
        fh, fw = face.shape[:2]
        top, left = (height - fh) // 2, (width - fw) // 2
        if fh <= height and fw <= width:
            img[top : top + fh, left : left + fw] = face
    return img


def speech_audio(seconds: float, speech: Sequence[tuple[float, float]], rate: int = AUDIO_RATE):
    """Mono float32: a modulated 180 Hz voice-like tone inside ``speech`` spans, else silence."""
    n = round(seconds * rate)
    t = np.arange(n, dtype=np.float64) / rate
    voiced = 0.25 * np.sin(2 * np.pi * 180 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
    voiced += 0.08 * np.sin(2 * np.pi * 360 * t)
    mask = np.zeros(n, bool)
    for a, b in speech:
        mask[int(a * rate) : int(b * rate)] = True
    noise = np.random.default_rng(0).normal(0, 0.002, n)
    return np.where(mask, voiced, 0.0).astype(np.float32) + noise.astype(np.float32)


def make_clip(
    path: str | Path,
    *,
    seconds: float = 6.0,
    width: int = 320,
    height: int = 240,
    fps: int = 15,
    audio: bool = True,
    video: bool = True,
    face: bool = False,
    speech: Sequence[tuple[float, float]] | None = None,
    bitrate: int | None = None,
    frame_fn=None,
    audio_samples: np.ndarray | None = None,
) -> Path:
    """Write a clip; the container follows the suffix (.mp4 .mov .mkv .webm .avi .ts).

    ``speech`` lists voiced intervals in seconds (default: voiced throughout except 0.5 s gaps
    every 3 s). ``frame_fn(index) -> BGR ndarray`` overrides the picture, ``audio_samples``
    (mono float32 at 48 kHz) the sound.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    vcodec, acodec = _codecs(suffix)
    speech = [(0.2, 2.5), (3.0, 5.5), (6.0, 8.5)] if speech is None else speech
    face_img = face_image(min(height, width) // 2) if face else None
    with av.open(str(path), "w") as out:
        vs = out.add_stream(vcodec, rate=fps) if video else None
        if vs is not None:
            vs.width, vs.height, vs.pix_fmt = width, height, "yuv420p"
            if bitrate:
                vs.bit_rate = bitrate
            if vcodec == "libx264":
                vs.options = {"preset": "ultrafast"}
            vs.gop_size = fps  # a keyframe (and, in WebM, a new Cluster) every second
        astream = out.add_stream(acodec, rate=AUDIO_RATE) if audio else None
        if astream is not None:
            astream.layout = "mono"
        if vs is not None:
            for i in range(round(seconds * fps)):
                img = frame_fn(i) if frame_fn else pattern_frame(i, width, height, face_img)
                frame = av.VideoFrame.from_ndarray(img, format="bgr24")
                frame.pts = i
                frame.time_base = Fraction(1, fps)
                out.mux(vs.encode(frame))
            out.mux(vs.encode(None))
        if astream is not None:
            samples = audio_samples if audio_samples is not None else speech_audio(seconds, speech)
            _write_audio(out, astream, samples)
    return path


def _codecs(suffix: str) -> tuple[str, str]:
    if suffix == ".webm":
        return "libvpx", "libopus"
    if suffix == ".avi":
        return "mpeg4", "mp3"
    if suffix == ".ts":
        return "libx264", "aac"
    return "libx264", "aac"


def _write_audio(out, stream, samples: np.ndarray) -> None:
    block = 1024
    for start in range(0, len(samples), block):
        chunk = samples[start : start + block]
        frame = av.AudioFrame.from_ndarray(chunk[None, :], format="flt", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = start
        frame.time_base = Fraction(1, AUDIO_RATE)
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def webm_stream_chunks(path: str | Path, timeslice: float = 3.0) -> list[bytes]:
    """Cut one continuous WebM file into chunks at Cluster starts, the way MediaRecorder does.

    The first chunk holds the header (EBML + Segment info + Tracks) and the first clusters;
    later chunks are bare Clusters that do not parse on their own. Each chunk spans about
    ``timeslice`` seconds: a cut happens at the first Cluster starting at or after the next
    multiple of ``timeslice``.
    """
    data = Path(path).read_bytes()
    starts = _cluster_offsets(data)
    if not starts:
        return [data]
    times = _cluster_times(path, len(starts))
    cuts, next_cut = [], timeslice
    for offset, t in zip(starts, times, strict=False):
        if t >= next_cut - 1e-6:
            cuts.append(offset)
            next_cut += timeslice
    bounds = [0, *cuts, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds) if b > a]


CLUSTER_ID = b"\x1f\x43\xb6\x75"


def _cluster_offsets(data: bytes) -> list[int]:
    offsets, pos = [], data.find(CLUSTER_ID)
    while pos != -1:
        offsets.append(pos)
        pos = data.find(CLUSTER_ID, pos + 4)
    return offsets


def _cluster_times(path: str | Path, count: int) -> list[float]:
    """Approximate start time of each cluster: PyAV keyframe packets' times, in order."""
    times: list[float] = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for packet in container.demux(stream):
            if packet.pts is not None and packet.is_keyframe:
                times.append(float(packet.pts * packet.time_base))
    while len(times) < count:
        times.append(times[-1] if times else 0.0)
    return times[:count]
