"""Building blocks of the segment writer: encoder settings, one mp4 file, its metadata.

Timing rule (the reason this module exists; audio: :mod:`.audio_timeline`):

* **Video PTS come from the capture clock**, not from counting frames: a frame captured at ``t``
  in the segment that starts at ``seg_start`` (session-relative seconds) gets
  ``pts = round((t - t0 - seg_start) / VIDEO_TIME_BASE)``. Each file's timestamps are local to
  its segment (a file starts near 0, so it decodes and measures on its own); the segment's
  place in the session is ``SegmentInfo.start_t`` and is also written into the file's
  ``comment`` metadata, which :func:`join_segments` reads back.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from ..core import clock

log = logging.getLogger(__name__)

VIDEO_TIME_BASE = Fraction(1, 90_000)


@dataclass(frozen=True, slots=True)
class EncoderSettings:
    """x264 + AAC settings; the defaults were chosen with ``bench/encode.py`` (2 cores)."""

    preset: str = "ultrafast"
    tune: str | None = "zerolatency"  # no B-frames, no lookahead: frames leave the encoder at once
    video_bitrate: int = 1_000_000
    audio_bitrate: int = 64_000
    sample_rate: int = 48_000
    fps: float = 30.0  # nominal rate: x264 rate control and the last frame's duration
    threads: int = 0  # 0 = x264 decides

    def x264_options(self) -> dict[str, str]:
        options = {"preset": self.preset}
        if self.tune:
            options["tune"] = self.tune
        if self.threads:
            options["threads"] = str(self.threads)
        return options


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """A finished segment. ``start_t``/``end_t`` are recording seconds since ``t0``;
    ``first_frame_t``/``last_frame_t`` are capture-clock times (``core.clock.now``)."""

    index: int
    path: Path
    start_t: float
    end_t: float
    media_duration: float
    bytes: int
    encode_seconds: float
    first_frame_t: float | None
    last_frame_t: float | None
    merged: bool = False  # True: replaces the earlier report with this index (tail merged in)


@dataclass(frozen=True, slots=True)
class WriterHealth:
    frames_in: int
    frames_out: int
    frames_dropped: int  # shed by the full video queue (never reached the writer)
    frames_late: int  # arrived for a segment already closed (or before t0)
    audio_blocks_in: int
    audio_blocks_dropped: int
    audio_reanchors: int
    segments: int
    last_encode_seconds: float
    max_encode_seconds: float
    encode_lag: float  # seconds between now and the capture time of the last encoded frame
    queue_depth: int


class SegmentFile:
    """One complete mp4 (H.264 + AAC mono) written to disk; streams open on the first frame.

    The container header can only be written once every stream exists, and the video size is
    known only from a frame, so audio that arrives first waits (raw) until the first frame.
    """

    def __init__(
        self,
        path: Path,
        settings: EncoderSettings,
        *,
        start: float,
        index: int,
        audio: bool,
        metadata: dict[str, str] | None = None,
    ) -> None:
        self.path = path
        self.settings = settings
        self.start = start
        self.index = index
        self._with_audio = audio
        self._meta = metadata or {}
        self._out: av.container.OutputContainer | None = None
        self._vs: av.VideoStream | None = None
        self._as: av.AudioStream | None = None
        self._waiting_audio: list[np.ndarray] = []
        self._last_pts = -1
        self._deltas: list[int] = []  # observed frame intervals (ticks): the true frame rate
        # the newest packet, muxed once its length is known
        self._held: av.Packet[av.VideoStream] | None = None
        self.video_frames = 0
        self.audio_samples = 0
        self.encode_seconds = 0.0
        self.first_frame_t: float | None = None
        self.last_frame_t: float | None = None

    @property
    def empty(self) -> bool:
        return not (self.video_frames or self.audio_samples or self._waiting_audio)

    @property
    def frame_ticks(self) -> int:
        """One frame's length: the median observed interval, else the nominal rate."""
        if self._deltas:
            return sorted(self._deltas)[len(self._deltas) // 2]
        return round(1 / (self.settings.fps * VIDEO_TIME_BASE))

    def add_video(self, image: np.ndarray, local_t: float, capture_t: float) -> None:
        """Encode a frame ``local_t`` seconds after the segment start (clock-derived PTS)."""
        started = clock.now()
        if self._out is None:
            self._open(image.shape[1], image.shape[0])
        assert self._out is not None and self._vs is not None
        pts = max(round(local_t / VIDEO_TIME_BASE), self._last_pts + 1)
        frame = av.VideoFrame.from_ndarray(image, format="bgr24")
        frame.pts, frame.time_base = pts, VIDEO_TIME_BASE
        self._mux_video(self._vs.encode(frame))
        if self._last_pts >= 0:
            self._deltas.append(pts - self._last_pts)
        self._last_pts = pts
        self.video_frames += 1
        self.first_frame_t = capture_t if self.first_frame_t is None else self.first_frame_t
        self.last_frame_t = capture_t
        self.encode_seconds += clock.now() - started

    @property
    def video_end(self) -> float:
        """Seconds from the segment start to the end of the last frame so far (0 if none)."""
        if not self.video_frames:
            return 0.0
        return float((self._last_pts + self.frame_ticks) * VIDEO_TIME_BASE)

    def pad_video(self, image: np.ndarray, until: float) -> None:
        """Repeat ``image`` at the nominal rate until the video lasts ``until`` seconds."""
        if not self.video_frames:
            return
        step = self.frame_ticks
        while (self._last_pts + step) * VIDEO_TIME_BASE < until - 1e-6:
            self.add_video(image, float((self._last_pts + step) * VIDEO_TIME_BASE),
                           self.last_frame_t or 0.0)

    def add_audio(self, samples: np.ndarray) -> None:
        """Append contiguous samples (the timeline guarantees there is no gap)."""
        if not len(samples) or not self._with_audio:
            return
        if self._out is None:
            self._waiting_audio.append(samples)
            return
        started = clock.now()
        self._encode_audio(samples)
        self.encode_seconds += clock.now() - started

    def close(self, fallback_image: np.ndarray | None = None) -> float:
        """Flush and finish the file; return its media duration (end of last frame/sample)."""
        started = clock.now()
        if self._out is None:
            if fallback_image is None:
                raise ValueError(f"segment {self.index} has no video frame to start with")
            self.add_video(fallback_image, 0.0, clock.now())  # a stalled camera: hold the picture
        assert self._out is not None and self._vs is not None
        self._mux_video(self._vs.encode(None))
        if self._held is not None:
            self._held.duration = self.frame_ticks  # the last frame lasts a typical interval
            self._out.mux(self._held)
        if self._as is not None:
            self._out.mux(self._as.encode(None))
        self._out.close()
        self.encode_seconds += clock.now() - started
        return max(self.video_end, self.audio_samples / self.settings.sample_rate)

    def abort(self) -> None:
        if self._out is not None:
            self._out.close()
        self.path.unlink(missing_ok=True)

    def _open(self, width: int, height: int) -> None:
        s = self.settings
        self._out = av.open(str(self.path), "w", format="mp4", options={"movflags": "+faststart"})
        self._out.metadata.update(self._meta)
        vs = self._out.add_stream(
            "libx264", rate=Fraction(s.fps).limit_denominator(1001), options=s.x264_options()
        )
        vs.width, vs.height, vs.pix_fmt = width - width % 2, height - height % 2, "yuv420p"
        vs.bit_rate = s.video_bitrate
        vs.gop_size = 10 * round(s.fps) + 1  # the first frame is the only forced keyframe
        vs.codec_context.time_base = VIDEO_TIME_BASE
        vs.time_base = VIDEO_TIME_BASE
        self._vs = vs
        if self._with_audio:
            astream = self._out.add_stream("aac", rate=s.sample_rate)
            astream.layout = "mono"
            astream.bit_rate = s.audio_bitrate
            self._as = astream
            waiting, self._waiting_audio = self._waiting_audio, []
            for samples in waiting:
                self._encode_audio(samples)

    def _encode_audio(self, samples: np.ndarray) -> None:
        assert self._out is not None and self._as is not None
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples)[None, :], format="flt", layout="mono"
        )
        frame.sample_rate = self.settings.sample_rate
        frame.pts, frame.time_base = self.audio_samples, Fraction(1, self.settings.sample_rate)
        self._out.mux(self._as.encode(frame))
        self.audio_samples += len(samples)

    def _mux_video(self, packets: list[av.Packet[av.VideoStream]]) -> None:
        assert self._out is not None
        for packet in packets:
            if self._held is not None:
                self._out.mux(self._held)
            packet.duration = self.frame_ticks
            self._held = packet


def segment_metadata(index: int, start: float) -> dict[str, str]:
    """What :func:`join_segments` reads back to place a file on the session timeline."""
    return {"comment": json.dumps({"interhuman_segment": index, "start": round(start, 6)})}
