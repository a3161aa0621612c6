"""The encoder thread: capture queues in, one complete mp4 per segment out (on disk).

Segment ``k`` covers capture time ``[k*D, (k+1)*D)`` after the session start ``t0``; a new
encoder per segment makes its first frame a keyframe, so every file decodes on its own. A
segment closes when both the video and the audio have passed its end (or, if one of them
stalls, ``stall_timeout`` wall seconds after the other passed; missing audio becomes silence).
Data that arrives for an already closed segment is dropped and counted as late.

On stop the last (tail) segment is usually shorter than D. Every other segment lasts D (its
media runs to the end of its last frame/sample). A tail shorter than ``min_duration``:

* ``tail="merge"`` (default): is remuxed onto the previous segment; that file is rewritten and
  reported again with the same index and ``merged=True`` (a streaming session that already
  sent the previous segment should not resend it). With no previous segment it stays short.
* ``tail="pad"``: is extended to ``min_duration`` by holding the last picture, with silence, so
  it can still be sent to a service that rejects segments under 3 s.
* ``tail="keep"``: is reported as it is.

Stop order: stop the capture sources first, then :meth:`SegmentWriter.stop`, which drains the
queues, writes the remaining segments and joins the thread.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..core import clock
from ..core.queues import DropQueue
from .remux import merge_tail
from .segments import (
    AudioTimeline,
    EncoderSettings,
    SegmentFile,
    SegmentInfo,
    WriterHealth,
    segment_metadata,
)

if TYPE_CHECKING:
    from ..capture.base import AudioSource, VideoSource
    from ..capture.types import AudioBlock, VideoFrame

log = logging.getLogger(__name__)

__all__ = ["EncoderSettings", "SegmentInfo", "SegmentWriter", "TailPolicy", "WriterHealth"]

TailPolicy = Literal["merge", "pad", "keep"]


class SegmentWriter:
    """Drains a video (and optional audio) :class:`DropQueue` on its own thread into segments.

    ``on_segment`` is called on the writer thread: hop to the event loop from there.
    """

    def __init__(
        self,
        out_dir: str | Path,
        *,
        video: DropQueue[VideoFrame],
        audio: DropQueue[AudioBlock] | None = None,
        on_segment: Callable[[SegmentInfo], None] | None = None,
        segment_seconds: float = 3.0,
        settings: EncoderSettings | None = None,
        min_duration: float = 3.0,
        tail: TailPolicy = "merge",
        stall_timeout: float = 1.0,
        reanchor_threshold: float = 0.020,
    ) -> None:
        if not 3.0 <= segment_seconds <= 10.0:
            raise ValueError("segment_seconds must be within 3–10 s")
        self.out_dir = Path(out_dir)
        self._video, self._audio = video, audio
        self._on_segment = on_segment
        self.segment_seconds = segment_seconds
        self.settings = settings or EncoderSettings()
        self.min_duration = min_duration
        self.tail = tail
        self.stall_timeout = stall_timeout
        self._reanchor = reanchor_threshold
        self.segments: list[SegmentInfo] = []
        self.error: BaseException | None = None
        self.t0: float | None = None
        self._thread: threading.Thread | None = None
        self._stop_event = threading.Event()
        self._pending: deque[VideoFrame] = deque()
        self._seg: SegmentFile | None = None
        self._slot = 0
        self._next_index = 0
        self._wait_since: float | None = None
        self._last_image: np.ndarray | None = None
        self._last_frame_t: float | None = None
        self._counts = {"frames_in": 0, "frames_out": 0, "late": 0, "blocks_in": 0, "bad_rate": 0}
        self._encode_last = self._encode_max = 0.0
        self._timeline = AudioTimeline(0.0, self.settings.sample_rate, reanchor_threshold)

    @classmethod
    def from_sources(cls, out_dir: str | Path, video: VideoSource, audio: AudioSource | None = None,
                     *, settings: EncoderSettings | None = None, **kwargs: Any) -> SegmentWriter:
        """A writer fed by started sources, encoding at the camera's *granted* frame rate."""
        fmt = video.video_format
        if fmt is None:
            raise ValueError("start the video source first: its granted format is needed")
        settings = replace(settings or EncoderSettings(), fps=fmt.fps)
        return cls(out_dir, video=video.frames, audio=audio.blocks if audio else None,
                   settings=settings, **kwargs)

    # -- lifecycle ------------------------------------------------------------------------

    def start(self, t0: float | None = None) -> None:
        """Begin the session at ``t0`` (default: now) on the shared clock."""
        if self._thread is not None:
            raise RuntimeError("writer already started")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.t0 = clock.now() if t0 is None else t0
        self._timeline = AudioTimeline(self.t0, self.settings.sample_rate, self._reanchor)
        self._thread = threading.Thread(target=self._run, name="segment-writer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 60.0) -> list[SegmentInfo]:
        """Drain, write the tail, join the thread; returns every segment (merges applied)."""
        self._stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error("segment writer did not finish within %.0f s", timeout)
        return list(self.segments)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def health(self) -> WriterHealth:
        depth = len(self._video) + (len(self._audio) if self._audio else 0)
        behind = depth > 0 or bool(self._pending)
        lag = clock.now() - self._last_frame_t if behind and self._last_frame_t else 0.0
        return WriterHealth(
            frames_in=self._counts["frames_in"],
            frames_out=self._counts["frames_out"],
            frames_dropped=self._video.dropped,
            frames_late=self._counts["late"],
            audio_blocks_in=self._counts["blocks_in"],
            audio_blocks_dropped=self._audio.dropped if self._audio else 0,
            audio_reanchors=self._timeline.reanchors,
            segments=len(self.segments),
            last_encode_seconds=self._encode_last,
            max_encode_seconds=self._encode_max,
            encode_lag=max(0.0, lag),
            queue_depth=depth,
        )

    # -- the thread -----------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop_event.is_set():
                self._pull(0.02)
                self._advance()
            self._pull(0.0)  # what the (already stopped) capture left in the queues
            self._finish()
        except Exception as exc:  # keep the error for the session; the files so far are intact
            self.error = exc
            log.exception("segment writer failed")
            if self._seg is not None:
                self._seg.abort()

    def _pull(self, timeout: float) -> None:
        """Move everything queued into the writer; wait up to ``timeout`` for a frame first."""
        first = self._video.get(timeout) if timeout else None
        for frame in ([first] if first else []) + self._video.drain():
            self._accept_frame(frame)
        if self._audio is not None:
            for block in self._audio.drain():
                self._counts["blocks_in"] += 1
                if block.sample_rate == self._timeline.rate:
                    self._timeline.push(block.t, block.samples)
                elif not self._counts["bad_rate"]:
                    self._counts["bad_rate"] += 1
                    log.error("audio at %d Hz ignored: the writer encodes %d Hz",
                              block.sample_rate, self._timeline.rate)

    def _accept_frame(self, frame: VideoFrame) -> None:
        assert self.t0 is not None
        self._counts["frames_in"] += 1
        if frame.t - self.t0 < self._slot * self.segment_seconds:
            self._counts["late"] += 1
        else:
            self._pending.append(frame)

    def _slot_end(self) -> tuple[float, int]:
        end = (self._slot + 1) * self.segment_seconds
        return end, round(end * self.settings.sample_rate)

    def _feed(self) -> SegmentFile:
        """Give the current segment everything that belongs to it; return it."""
        assert self.t0 is not None
        seg = self._current()
        end, end_sample = self._slot_end()
        while self._pending and self._pending[0].t - self.t0 < end:
            frame = self._pending.popleft()
            seg.add_video(frame.image, frame.t - self.t0 - seg.start, frame.t)
            self._counts["frames_out"] += 1
            self._last_image, self._last_frame_t = frame.image, frame.t
        if self._audio is not None:
            seg.add_audio(self._timeline.take(end_sample))
        return seg

    def _advance(self) -> None:
        while True:
            seg = self._feed()
            _, end_sample = self._slot_end()
            video_past = bool(self._pending)
            audio_past = self._audio is None or self._timeline.taken >= end_sample
            if not (video_past or audio_past):
                return
            if not (video_past and audio_past):
                self._wait_since = self._wait_since or clock.now()
                if clock.now() - self._wait_since < self.stall_timeout:
                    return
                if self._audio is not None:  # the microphone stalled: silence keeps A/V aligned
                    self._timeline.pad_to(end_sample)
                    seg.add_audio(self._timeline.take(end_sample))
            self._rotate()

    def _finish(self) -> None:
        """Everything is pulled: write the remaining slots, then the tail."""
        while True:
            seg = self._feed()
            more_audio = self._audio is not None and self._timeline.end > self._timeline.taken
            if not (self._pending or more_audio):
                break
            self._silence_to(seg, self._slot_end()[0] - seg.start)  # a full slot has full audio
            self._rotate()
        tail, self._seg = self._seg, None
        if tail is None or tail.empty:
            if tail is not None:
                tail.abort()
            return
        if self.tail == "pad" and self._last_image is not None:
            tail.pad_video(self._last_image, self.min_duration)
        self._silence_to(tail, tail.video_end)  # the tail's sound lasts as long as its picture
        self._publish_tail(self._close(tail))

    def _silence_to(self, seg: SegmentFile, local_end: float) -> None:
        """Complete the segment's audio with silence up to ``local_end`` (seconds in it)."""
        if self._audio is not None:
            end_sample = round((seg.start + local_end) * self.settings.sample_rate)
            self._timeline.pad_to(end_sample)
            seg.add_audio(self._timeline.take(end_sample))

    # -- segments -------------------------------------------------------------------------

    def _current(self) -> SegmentFile:
        if self._seg is None:
            start = self._slot * self.segment_seconds
            index = self._next_index
            self._seg = SegmentFile(
                self.out_dir / f"segment_{index:05d}.mp4.part", self.settings, start=start,
                index=index, audio=self._audio is not None,
                metadata=segment_metadata(index, start))
        return self._seg

    def _rotate(self) -> None:
        seg, self._seg = self._seg, None
        self._wait_since = None
        if seg is not None:
            info = self._close(seg)
            if info is not None:
                self._publish(info)
        self._slot += 1
        if self._audio is None and self._pending and self.t0 is not None:
            head = self._pending[0].t - self.t0  # video only: skip slots the camera left empty
            self._slot = max(self._slot, math.floor(head / self.segment_seconds))

    def _close(self, seg: SegmentFile) -> SegmentInfo | None:
        if not seg.video_frames and self._last_image is None:
            log.warning("segment %d had no video and none to hold; skipped", seg.index)
            seg.abort()
            return None
        self._next_index = seg.index + 1
        duration = seg.close(self._last_image)
        path = seg.path.with_suffix("")  # drop ".part": the file appears complete or not at all
        os.replace(seg.path, path)
        self._encode_last = seg.encode_seconds
        self._encode_max = max(self._encode_max, seg.encode_seconds)
        return SegmentInfo(seg.index, path, seg.start, seg.start + duration, duration,
                           path.stat().st_size, seg.encode_seconds, seg.first_frame_t,
                           seg.last_frame_t)

    def _publish_tail(self, info: SegmentInfo | None) -> None:
        if info is None:
            return
        if self.tail == "merge" and info.media_duration < self.min_duration and self.segments:
            info = merge_tail(self.segments.pop(), info)
        self._publish(info)

    def _publish(self, info: SegmentInfo) -> None:
        self.segments.append(info)
        log.debug("segment %d: %.2f s, %d bytes, encoded in %.3f s", info.index,
                  info.media_duration, info.bytes, info.encode_seconds)
        if self._on_segment is not None:
            try:
                self._on_segment(info)
            except Exception:
                log.exception("on_segment callback failed for segment %d", info.index)
