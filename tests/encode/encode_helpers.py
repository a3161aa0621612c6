"""Shared helpers for the encoder tests: run a source through a writer, inspect segments."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from interhuman_desktop.capture.base import Source
from interhuman_desktop.encode.segment_writer import SegmentInfo, SegmentWriter

RATE = 48_000


def run_through_writer(src: Source, out_dir: Path, **kwargs) -> tuple[SegmentWriter, list]:
    """Play ``src`` to its end into a writer, stopping in the documented order."""
    got: list[SegmentInfo] = []
    writer = SegmentWriter(out_dir, video=src.frames, audio=getattr(src, "blocks", None),
                           on_segment=got.append, **kwargs)
    src.start()
    writer.start(src.t_start)
    assert src.wait_finished(120)  # a bound for a hang
    src.stop()
    segments = writer.stop()
    assert writer.error is None and not writer.running
    assert {s.index: s for s in got} == {s.index: s for s in segments}  # last report wins
    return writer, segments


@dataclass
class SegmentProbe:
    keyframe_first: bool
    video_packets: int
    video_end: float
    audio_end: float
    tracks: set[str]


def probe(path: Path) -> SegmentProbe:
    """Open a segment on its own and measure it by its packets."""
    with av.open(str(path)) as c:
        tracks = {s.type for s in c.streams}
        vs = c.streams.video[0]
        packets = [p for p in c.demux(vs) if p.size]
        video_end = max(float((p.pts + p.duration) * p.time_base) for p in packets)
    audio_end = 0.0
    if "audio" in tracks:
        with av.open(str(path)) as c:
            frames = list(c.decode(audio=0))
            audio_end = float(frames[0].time) + sum(f.samples for f in frames) / RATE
    return SegmentProbe(packets[0].is_keyframe, len(packets), video_end, audio_end, tracks)


def decoded_brightness(path: Path) -> list[tuple[float, float]]:
    with av.open(str(path)) as c:
        return [(float(f.time), float(f.to_ndarray(format="gray").mean()))
                for f in c.decode(video=0)]


def decoded_audio(path: Path) -> tuple[float, np.ndarray]:
    with av.open(str(path)) as c:
        frames = list(c.decode(audio=0))
    return float(frames[0].time), np.concatenate([f.to_ndarray().reshape(-1) for f in frames])


def flash_click_clip(path: Path, *, seconds: float = 4.0, fps: int = 30, at: float = 1.5) -> Path:
    """Grey video with one white frame at exactly ``at``; silence with a 5-ms click at ``at``."""
    with av.open(str(path), "w") as out:
        vs = out.add_stream("libx264", rate=fps, options={"preset": "ultrafast"})
        vs.width, vs.height, vs.pix_fmt = 160, 120, "yuv420p"
        astream = out.add_stream("aac", rate=RATE)
        astream.layout = "mono"
        for i in range(round(seconds * fps)):
            img = np.full((120, 160, 3), 255 if i == round(at * fps) else 40, np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="bgr24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            out.mux(vs.encode(frame))
        out.mux(vs.encode(None))
        audio = np.zeros(round(seconds * RATE), np.float32)
        start = round(at * RATE)
        audio[start : start + 240] = 0.9
        for k in range(0, len(audio), 1024):
            frame = av.AudioFrame.from_ndarray(audio[None, k : k + 1024], format="flt",
                                               layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = RATE, k, Fraction(1, RATE)
            out.mux(astream.encode(frame))
        out.mux(astream.encode(None))
    return path


def click_time(path: Path) -> float:
    start, samples = decoded_audio(path)
    return start + int(np.argmax(np.abs(samples) > 0.3)) / RATE


def flash_time(path: Path) -> float:
    times = decoded_brightness(path)
    return max(times, key=lambda tb: tb[1])[0]
