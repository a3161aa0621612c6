"""Cutting capture into segments (no thread, no queues): the writer's logic, fed by its thread.

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
"""

from __future__ import annotations

import logging
import math
import os
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from ..core import clock
from .audio_timeline import AudioTimeline
from .remux import merge_tail
from .segments import EncoderSettings, SegmentFile, SegmentInfo, segment_metadata

if TYPE_CHECKING:
    from ..capture.types import AudioBlock, VideoFrame

log = logging.getLogger(__name__)

TailPolicy = Literal["merge", "pad", "keep"]


class Segmenter:
    """Frames and audio blocks in (capture clock), finished segment files out (``on_segment``)."""

    def __init__(self, out_dir: Path, settings: EncoderSettings, *, segment_seconds: float,
                 has_audio: bool, min_duration: float, tail: TailPolicy, stall_timeout: float,
                 reanchor_threshold: float,
                 on_segment: Callable[[SegmentInfo], None] | None = None) -> None:
        self.out_dir, self.settings = out_dir, settings
        self.segment_seconds, self.has_audio = segment_seconds, has_audio
        self.min_duration, self.tail, self.stall_timeout = min_duration, tail, stall_timeout
        self._on_segment = on_segment
        self.segments: list[SegmentInfo] = []
        self.t0 = 0.0
        self.pending: deque[VideoFrame] = deque()
        self._seg: SegmentFile | None = None
        self._slot = 0
        self._next_index = 0
        self._wait_since: float | None = None
        self._last_image: np.ndarray | None = None
        self.last_frame_t: float | None = None
        self.counts = {"frames_out": 0, "late": 0, "bad_rate": 0}
        self.encode_last = self.encode_max = 0.0
        self.timeline = AudioTimeline(0.0, settings.sample_rate, reanchor_threshold)
        self._reanchor = reanchor_threshold

    def begin(self, t0: float) -> None:
        """The session starts at ``t0`` on the shared clock."""
        self.t0 = t0
        self.timeline = AudioTimeline(t0, self.settings.sample_rate, self._reanchor)

    # -- intake ---------------------------------------------------------------------------

    def accept_frame(self, frame: VideoFrame) -> None:
        if frame.t - self.t0 < self._slot * self.segment_seconds:
            self.counts["late"] += 1
        else:
            self.pending.append(frame)

    def accept_audio(self, block: AudioBlock) -> None:
        if block.sample_rate == self.timeline.rate:
            self.timeline.push(block.t, block.samples)
        elif not self.counts["bad_rate"]:
            self.counts["bad_rate"] += 1
            log.error("audio at %d Hz ignored: the writer encodes %d Hz",
                      block.sample_rate, self.timeline.rate)

    # -- cutting --------------------------------------------------------------------------

    def advance(self) -> None:
        """Close every segment whose end both the video and the audio passed (or one stalled)."""
        while True:
            seg = self._feed()
            _, end_sample = self._slot_end()
            video_past = bool(self.pending)
            audio_past = not self.has_audio or self.timeline.taken >= end_sample
            if not (video_past or audio_past):
                return
            if not (video_past and audio_past):
                self._wait_since = self._wait_since or clock.now()
                if clock.now() - self._wait_since < self.stall_timeout:
                    return
                if self.has_audio:  # the microphone stalled: silence keeps A/V aligned
                    self.timeline.pad_to(end_sample)
                    seg.add_audio(self.timeline.take(end_sample))
            self._rotate()

    def finish(self) -> None:
        """Everything is pulled: write the remaining slots, then the tail."""
        while True:
            seg = self._feed()
            more_audio = self.has_audio and self.timeline.end > self.timeline.taken
            if not (self.pending or more_audio):
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

    def abort(self) -> None:
        """Drop the segment being written (the writer failed; the files so far are intact)."""
        if self._seg is not None:
            self._seg.abort()

    def _slot_end(self) -> tuple[float, int]:
        end = (self._slot + 1) * self.segment_seconds
        return end, round(end * self.settings.sample_rate)

    def _feed(self) -> SegmentFile:
        """Give the current segment everything that belongs to it; return it."""
        seg = self._current()
        end, end_sample = self._slot_end()
        while self.pending and self.pending[0].t - self.t0 < end:
            frame = self.pending.popleft()
            seg.add_video(frame.image, frame.t - self.t0 - seg.start, frame.t)
            self.counts["frames_out"] += 1
            self._last_image, self.last_frame_t = frame.image, frame.t
        if self.has_audio:
            seg.add_audio(self.timeline.take(end_sample))
        return seg

    def _silence_to(self, seg: SegmentFile, local_end: float) -> None:
        """Complete the segment's audio with silence up to ``local_end`` (seconds in it)."""
        if self.has_audio:
            end_sample = round((seg.start + local_end) * self.settings.sample_rate)
            self.timeline.pad_to(end_sample)
            seg.add_audio(self.timeline.take(end_sample))

    # -- segments -------------------------------------------------------------------------

    def _current(self) -> SegmentFile:
        if self._seg is None:
            start = self._slot * self.segment_seconds
            index = self._next_index
            self._seg = SegmentFile(
                self.out_dir / f"segment_{index:05d}.mp4.part", self.settings, start=start,
                index=index, audio=self.has_audio, metadata=segment_metadata(index, start))
        return self._seg

    def _rotate(self) -> None:
        seg, self._seg = self._seg, None
        self._wait_since = None
        if seg is not None:
            info = self._close(seg)
            if info is not None:
                self._publish(info)
        self._slot += 1
        if not self.has_audio and self.pending:
            head = self.pending[0].t - self.t0  # video only: skip slots the camera left empty
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
        self.encode_last = seg.encode_seconds
        self.encode_max = max(self.encode_max, seg.encode_seconds)
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
