"""One decode pass of a source file, re-encoded (libx264 + AAC, mp4) into one or more segments.

Used by :mod:`interhuman_desktop.encode.fit`. Each segment gets its own container and encoders,
so it starts with a keyframe and its timestamps start at 0. Frames are routed to a segment by
their time in the source (relative to the first frame).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

log = logging.getLogger(__name__)

MAX_WIDTH = 1280
AUDIO_RATE = 48_000
VIDEO_TB = Fraction(1, 90_000)


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    path: Path


class _Writer:
    """One output file: container, video encoder and (optionally) audio encoder + resampler."""

    def __init__(
        self, seg: Segment, vsrc: Any, asrc: Any | None, video_bps: int, audio_bps: int
    ) -> None:
        self.seg = seg
        self.out = av.open(str(seg.path), "w", format="mp4")
        width, height = _scaled(vsrc.codec_context.width, vsrc.codec_context.height)
        rate = vsrc.average_rate or vsrc.guessed_rate or 30
        self.video = self.out.add_stream("libx264", rate=rate)
        self.video.width, self.video.height, self.video.pix_fmt = width, height, "yuv420p"
        self.video.bit_rate = video_bps
        self.video.time_base = VIDEO_TB
        self.video.options = {"preset": "veryfast"}
        self.audio = None
        if asrc is not None:
            self.audio = self.out.add_stream("aac", rate=AUDIO_RATE)
            self.audio.layout = "mono"
            self.audio.bit_rate = audio_bps
            self.resampler = av.AudioResampler(format="fltp", layout="mono", rate=AUDIO_RATE)
            self.samples = 0
        self.last_pts = -1

    def add_video(self, frame: Any, t: float) -> None:
        pts = max(round((t - self.seg.start) / VIDEO_TB), self.last_pts + 1)
        self.last_pts = pts
        img = frame.reformat(width=self.video.width, height=self.video.height, format="yuv420p")
        img.pts, img.time_base = pts, VIDEO_TB
        self.out.mux(self.video.encode(img))

    def add_audio(self, frame: Any) -> None:
        if self.audio is None:
            return
        frame.pts = None
        for out_frame in self.resampler.resample(frame):
            self._encode_audio(out_frame)

    def _encode_audio(self, out_frame: Any) -> None:
        assert self.audio is not None
        out_frame.pts = self.samples
        out_frame.time_base = Fraction(1, AUDIO_RATE)
        self.samples += out_frame.samples
        self.out.mux(self.audio.encode(out_frame))

    def close(self) -> None:
        self.out.mux(self.video.encode(None))
        if self.audio is not None:
            for out_frame in self.resampler.resample(None):
                self._encode_audio(out_frame)
            self.out.mux(self.audio.encode(None))
        self.out.close()


def _scaled(width: int, height: int) -> tuple[int, int]:
    if width > MAX_WIDTH:
        height = int(height * MAX_WIDTH / width)
        width = MAX_WIDTH
    return max(2, width - width % 2), max(2, height - height % 2)


def encode_segments(
    src: str | Path, segments: list[Segment], *, video_bps: int, audio_bps: int
) -> None:
    """Decode ``src`` once and write each ``segments[i]`` (times in source seconds)."""
    with av.open(str(src)) as container:
        vsrc = container.streams.video[0]
        asrc = container.streams.audio[0] if container.streams.audio else None
        vsrc.thread_type = "AUTO"
        writers = [_Writer(seg, vsrc, asrc, video_bps, audio_bps) for seg in segments]
        try:
            _route(container, vsrc, asrc, writers)
        finally:
            for writer in writers:
                writer.close()
    log.debug("wrote %d segment(s) from %s at %d bps", len(segments), Path(src).name, video_bps)


def _route(container: Any, vsrc: Any, asrc: Any | None, writers: list[_Writer]) -> None:
    origin: float | None = None
    streams = [s for s in (vsrc, asrc) if s is not None]
    for frame in container.decode(*streams):
        if frame.pts is None or frame.time_base is None:
            continue
        t = float(frame.pts * frame.time_base)
        origin = t if origin is None else origin
        rel = t - origin
        writer = _writer_at(writers, rel)
        if isinstance(frame, av.VideoFrame):
            writer.add_video(frame, rel)
        else:
            writer.add_audio(frame)


def _writer_at(writers: list[_Writer], t: float) -> _Writer:
    for writer in writers:
        if t < writer.seg.end:
            return writer
    return writers[-1]
