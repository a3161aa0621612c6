"""Decode one container (file path or bytes) with PyAV into analysis frames and 16 kHz audio.

Every video frame is decoded (the duration must be exact: last PTS + frame duration) but only
frames on a ``1/analysis_fps`` grid are converted to downscaled BGR. Audio goes through one
``av.AudioResampler`` to mono float32 at :data:`~..analysis.base.AUDIO_RATE`. Times stay in
container seconds here (:class:`~.raw_media.RawMedia`); :func:`~.raw_media.place` puts them on
the session clock.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

import av
import numpy as np

from ..analysis.base import AUDIO_RATE
from .raw_media import DecodeFailure, RawMedia

log = logging.getLogger(__name__)

SUPPORTED_FORMATS = {"mov", "mp4", "matroska", "webm", "avi", "mpegts"}
_TOLERANCE = 1e-3

FrameSink = Callable[[float, np.ndarray], None]
"""Takes each analysis frame (container seconds, BGR) instead of keeping it in ``RawMedia``."""


def open_input(source: Any) -> av.container.InputContainer:
    """Open for reading or raise ``DecodeFailure('open')``."""
    try:
        container: av.container.InputContainer = av.open(source, mode="r")
    except (av.FFmpegError, ValueError, OSError) as exc:
        raise DecodeFailure("open", str(exc)) from exc
    return container


def decode_container(
    source: Any,
    *,
    analysis_fps: float,
    max_width: int,
    origin: float | None = None,
    skip_before: float | None = None,
    sink: FrameSink | None = None,
    on_image: Callable[[np.ndarray], None] | None = None,
) -> RawMedia:
    """Decode ``source`` (path or file object). ``origin`` anchors the sampling grid; video
    before ``skip_before`` (media already delivered by an earlier chunk) is decoded only to
    warm the decoder up, and neither sampled nor counted as new. With a ``sink``, analysis
    frames are handed to it as they are decoded and not kept (bounded memory for uploads).
    ``on_image`` sees each kept analysis picture as soon as it is decoded (streams: the face
    tracker starts on it while the rest of the segment decodes)."""
    with open_input(source) as container:
        names = set(container.format.name.split(","))
        if not names & SUPPORTED_FORMATS:
            raise DecodeFailure("format", container.format.name)
        if not container.streams.video:
            raise DecodeFailure("no_video")
        raw = RawMedia(format_name=container.format.name)
        if container.duration:
            raw.declared_duration = container.duration / 1_000_000  # AV_TIME_BASE
        decoder = _Decoder(container, raw, analysis_fps, max_width, origin)
        decoder.skip_before = skip_before - _TOLERANCE if skip_before is not None else None
        decoder.sink = sink
        decoder.on_image = on_image
        decoder.run()
    return raw


class _Decoder:
    """One pass over the packets of the first video and first audio stream."""

    def __init__(
        self, container: Any, raw: RawMedia, fps: float, max_width: int, origin: float | None
    ) -> None:
        self.container, self.raw = container, raw
        self.step = 1.0 / fps
        self.max_width = max_width
        self.origin = origin
        self.last_bucket = -1
        self.first_frame: float | None = None
        self.skip_before: float | None = None
        self.sink: FrameSink | None = None
        self.on_image: Callable[[np.ndarray], None] | None = None
        self.video = container.streams.video[0]
        self.audio = container.streams.audio[0] if container.streams.audio else None
        self.resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
        rate = self.video.average_rate or self.video.guessed_rate or self.video.base_rate
        self.nominal = float(1 / rate) if rate else 0.0
        raw.width, raw.height = self.video.codec_context.width, self.video.codec_context.height
        raw.fps = float(rate) if rate else 0.0
        raw.has_audio = self.audio is not None
        self.video.codec_context.thread_type = "AUTO"

    def run(self) -> None:
        streams = [s for s in (self.video, self.audio) if s is not None]
        try:
            for packet in self.container.demux(*streams):
                self._packet(packet)  # the last, empty packets drain the decoders
        except (av.FFmpegError, ValueError) as exc:
            log.warning("demux stopped early: %s", exc)
            self.raw.truncated = True
            self._flush()
        if self.audio is not None:
            self._audio_frames(self.resampler.resample(None))

    def _packet(self, packet: Any) -> None:
        is_video = packet.stream is self.video
        self._packet_timing(packet, is_video)
        try:
            frames = packet.decode()
        except (av.FFmpegError, ValueError) as exc:
            self.raw.bad_packets += 1
            log.debug("bad packet skipped: %s", exc)
            return
        handler = self._video_frame if is_video else self._audio_frame
        for frame in frames:
            handler(frame)

    def _packet_timing(self, packet: Any, is_video: bool) -> None:
        """Extent from packet stamps, so frames that fail to decode still count in the length."""
        ts = packet.pts if packet.pts is not None else packet.dts
        if ts is None or not packet.size or packet.time_base is None:
            return
        t = float(ts * packet.time_base)
        dur = float(packet.duration * packet.time_base) if packet.duration else 0.0
        if is_video:
            self._extend_video(t, t + (dur or self.nominal))
            if packet.is_keyframe and packet.pos is not None and packet.pos >= 0:
                self.raw.last_key_pos = packet.pos
            if self.skip_before is None or t >= self.skip_before:
                self.raw.video_packets += 1
                first = self.raw.new_first
                self.raw.new_first = t if first is None else min(first, t)
        elif dur:
            self._extend_audio(t, t + dur)

    def _extend_video(self, first: float, end: float) -> None:
        raw = self.raw
        raw.video_first = first if raw.video_first is None else min(raw.video_first, first)
        raw.video_end = end if raw.video_end is None else max(raw.video_end, end)

    def _extend_audio(self, first: float, end: float) -> None:
        raw = self.raw
        raw.audio_first = first if raw.audio_first is None else min(raw.audio_first, first)
        raw.audio_end = end if raw.audio_end is None else max(raw.audio_end, end)

    def _flush(self) -> None:
        """Drain both decoders after an early stop (no empty packets came to do it)."""
        for stream, handler in ((self.video, self._video_frame), (self.audio, self._audio_frame)):
            if stream is None:
                continue
            try:
                for frame in stream.codec_context.decode(None):
                    handler(frame)
            except (av.FFmpegError, ValueError) as exc:
                log.debug("flush: %s", exc)

    def _video_frame(self, frame: Any) -> None:
        raw = self.raw
        t = frame.time
        if t is None:
            t = raw.video_end if raw.video_end is not None else 0.0
        dur = frame.duration * frame.time_base if frame.duration and frame.time_base else 0
        self._extend_video(t, t + (float(dur) or self.nominal))
        if self.skip_before is not None and t < self.skip_before:
            return  # warm-up only: this picture was delivered with the previous chunk
        if self.first_frame is None:
            self.first_frame = t
            if _quarter_turns(frame) % 2:
                raw.width, raw.height = raw.height, raw.width  # report the upright size
        origin = self.origin if self.origin is not None else self.first_frame
        bucket = math.floor(max(0.0, t - origin) / self.step + 1e-6)
        if bucket > self.last_bucket:
            self.last_bucket = bucket
            raw.sampled += 1
            if raw.first_sampled is None:
                raw.first_sampled = t
            if self.sink is not None:
                self.sink(t, self._image(frame))
            else:
                raw.frames.append((t, self._image(frame)))
                if self.on_image is not None:
                    self.on_image(raw.frames[-1][1])

    def _image(self, frame: Any) -> np.ndarray:
        """BGR, upright (the display matrix applied), at most ``max_width`` wide as displayed."""
        turn = _quarter_turns(frame)
        width, height = frame.width, frame.height
        shown_width = height if turn % 2 else width
        if shown_width <= self.max_width:
            image = frame.to_ndarray(format="bgr24")  # the fast path: no scaling
        else:
            scale = self.max_width / shown_width
            size = (max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2))
            image = frame.reformat(width=size[0], height=size[1], format="bgr24").to_ndarray()
        return np.ascontiguousarray(np.rot90(image, turn)) if turn else image

    def _audio_frame(self, frame: Any) -> None:
        raw = self.raw
        t = frame.time
        if t is not None:
            self._extend_audio(t, t + frame.samples / frame.sample_rate)
            if raw.audio_decoded_first is None:
                raw.audio_decoded_first = t
        self._audio_frames(self.resampler.resample(frame))

    def _audio_frames(self, frames: list[Any]) -> None:
        for out in frames:
            # a copy: a view would keep the whole AVFrame buffer alive (~25 kB per 1024 samples)
            self.raw.audio_parts.append(np.array(out.to_ndarray().reshape(-1), np.float32))


def _quarter_turns(frame: Any) -> int:
    """Counter-clockwise quarter turns that make the picture upright (phone videos)."""
    try:
        degrees = int(frame.rotation or 0)
    except (AttributeError, TypeError, ValueError):
        return 0
    return round(degrees / 90) % 4
