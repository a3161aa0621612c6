"""A video file played as if it were a camera and a microphone (demos, tests, offline replays).

Times are media-consistent: an item at media time ``m`` (seconds from the file's start) of
pass ``p`` is stamped ``t_start + offset_p + m``, where ``offset_p`` is the summed length of the
earlier passes (``loop=True``). In real-time mode the thread sleeps until that time before
handing the item over; in ``fast`` mode it does not sleep, so a consumer sees the same stamps
as fast as the file decodes (tests; size the queues for the whole file, or the oldest items are
dropped as with any source whose consumer is slower). Audio is resampled to mono float32 at
``sample_rate`` and stamped by sample count from the first audio frame: sample-accurate.
"""

from __future__ import annotations

import heapq
import itertools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np

from ..core import clock
from .base import DEFAULT_AUDIO_QUEUE, DEFAULT_VIDEO_QUEUE, AudioSource, VideoSource
from .types import CaptureError, VideoFormat

log = logging.getLogger(__name__)

MAX_AHEAD = 2.0  # seconds of media decoded ahead of the next due item, at most


@dataclass
class _Pass:
    """Where one play-through of the file stands."""

    offset: float  # session seconds at which this pass's media time 0 falls
    base: float  # the container's start time (media times are relative to it)
    video_end: float = 0.0
    audio_origin: float | None = None
    samples: int = 0

    def length(self, rate: int) -> float:
        audio_end = 0.0 if self.audio_origin is None else self.audio_origin + self.samples / rate
        return max(self.video_end, audio_end)


class _Ahead:
    """Decoded items of several streams, given back in media-time order once no stream can
    still produce an earlier one (each stream's items come in time order)."""

    def __init__(self, kinds: set[str]) -> None:
        self._heap: list[tuple[float, int, str, Any]] = []
        self._reached = dict.fromkeys(kinds, -float("inf"))
        self._order = itertools.count()

    def push(self, kind: str, m: float, payload: Any) -> None:
        heapq.heappush(self._heap, (m, next(self._order), kind, payload))
        self._reached[kind] = max(self._reached[kind], m)

    def due(self) -> Iterator[tuple[float, int, str, Any]]:
        safe = min(self._reached.values())
        while self._heap and (self._heap[0][0] <= safe
                              or self._heap[0][0] < max(self._reached.values()) - MAX_AHEAD):
            yield heapq.heappop(self._heap)

    def rest(self) -> Iterator[tuple[float, int, str, Any]]:
        while self._heap:
            yield heapq.heappop(self._heap)


class FileSource(VideoSource, AudioSource):
    """Replays a file's picture into ``frames`` and its sound into ``blocks``."""

    name = "file-source"

    def __init__(
        self,
        path: str | Path,
        *,
        loop: bool = False,
        fast: bool = False,
        sample_rate: int = 48_000,
        audio_only: bool = False,
        video_queue: int = DEFAULT_VIDEO_QUEUE,
        audio_queue: int = DEFAULT_AUDIO_QUEUE,
    ) -> None:
        super().__init__()
        self._init_video(video_queue)
        self._init_audio(audio_queue, sample_rate)
        self.path = Path(path)
        self.loop = loop
        self.fast = fast
        self.audio_only = audio_only  # a microphone: the picture is not even decoded
        self.t_start: float | None = None
        self._format: VideoFormat | None = None
        self.has_video = self.has_audio = False
        self.passes = 0

    @property
    def video_format(self) -> VideoFormat | None:
        return self._format

    def start(self) -> None:
        """Check the file now (so the caller gets the error), then play it on a thread."""
        try:
            with av.open(str(self.path)) as container:
                self._inspect(container)
        except (OSError, av.FFmpegError) as exc:
            raise CaptureError(f"cannot play {self.path}: {exc}") from exc
        self.t_start = clock.now()
        self._spawn(self._run)

    def _inspect(self, container: av.container.InputContainer) -> None:
        self.has_video = bool(container.streams.video) and not self.audio_only
        self.has_audio = bool(container.streams.audio)
        if self.audio_only and not self.has_audio:
            raise CaptureError(f"{self.path} has no sound to play as a microphone")
        if not (self.has_video or self.has_audio):
            raise CaptureError(f"{self.path} has neither video nor audio")
        if self.has_video:
            vs = container.streams.video[0]
            rate = vs.average_rate or vs.guessed_rate or 30
            self._format = VideoFormat(vs.codec_context.width, vs.codec_context.height,
                                       float(rate))

    def _run(self) -> None:
        offset = 0.0
        while not self._stop_event.is_set():
            length = self._play_once(offset)
            self.passes += 1
            if not self.loop or length <= 0:
                return
            offset += length

    def _play_once(self, offset: float) -> float:
        """Play the file once with times shifted by ``offset``; return the pass's media length.

        Items are handed over in media-time order, not file order: a muxer may store a stream
        up to a second ahead of the other (the sample clip's video leads its audio by 1 s), and a
        camera and a microphone both deliver on time. Decoding runs ahead until every stream has
        passed an item's time (at most :data:`MAX_AHEAD` seconds), then the item is due."""
        with av.open(str(self.path)) as container:
            play = _Pass(offset, (container.start_time or 0) / 1_000_000)
            resampler = av.AudioResampler(format="flt", layout="mono", rate=self.sample_rate)
            video = [] if self.audio_only else container.streams.video[:1]
            streams = [*video, *container.streams.audio[:1]]
            ahead = _Ahead({s.type for s in streams})
            for frame in container.decode(*streams):
                if isinstance(frame, av.VideoFrame):
                    ahead.push("video", self._video_time(frame, play), frame)
                elif isinstance(frame, av.AudioFrame):
                    for out in resampler.resample(frame):
                        ahead.push("audio", *self._audio_item(out, play))
                if not all(self._play(item, play) for item in ahead.due()):
                    return play.length(self.sample_rate)
            if play.audio_origin is not None:
                for out in resampler.resample(None):
                    ahead.push("audio", *self._audio_item(out, play))
            all(self._play(item, play) for item in ahead.rest())
            return play.length(self.sample_rate)

    def _video_time(self, frame: av.VideoFrame, play: _Pass) -> float:
        m = float(frame.time or 0.0) - play.base
        step = 1 / self._format.fps if self._format else 0.0
        play.video_end = max(play.video_end, m + step)
        return m

    def _audio_item(self, frame: av.AudioFrame, play: _Pass) -> tuple[float, np.ndarray]:
        """Stamp a resampled block by its sample position (sample-accurate, no drift)."""
        if play.audio_origin is None:
            play.audio_origin = float(frame.time or 0.0) - play.base
        samples = np.ascontiguousarray(frame.to_ndarray().reshape(-1), dtype=np.float32)
        m = play.audio_origin + play.samples / self.sample_rate
        play.samples += len(samples)
        return m, samples

    def _play(self, item: tuple[float, int, str, Any], play: _Pass) -> bool:
        """Wait until the item is due, then hand it over; False when asked to stop meanwhile."""
        assert self.t_start is not None
        m, _, kind, payload = item
        if not self._wait_until(play.offset + m):
            return False
        if kind == "video":
            self._emit_frame(self.t_start + play.offset + m, payload.to_ndarray(format="bgr24"))
        else:
            self._emit_block(self.t_start + play.offset + m, payload)
        return True

    def _wait_until(self, media_t: float) -> bool:
        """Real time: sleep until the item is due. False when asked to stop meanwhile."""
        assert self.t_start is not None
        if self.fast:
            return not self._stop_event.is_set()
        return not self._stop_event.wait(max(0.0, self.t_start + media_t - clock.now()))
