"""The encoder thread: capture queues in, one complete mp4 per segment out (on disk).

The thread drains the video (and optional audio) :class:`DropQueue` into a
:class:`~.segmenter.Segmenter`, which cuts the capture into segments of D seconds and decides
how the short tail ends (``tail=``: merge, pad or keep; see :mod:`.segmenter`).

Stop order: stop the capture sources first, then :meth:`SegmentWriter.stop`, which drains the
queues, writes the remaining segments and joins the thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import clock
from ..core.queues import DropQueue
from .segmenter import Segmenter, TailPolicy
from .segments import EncoderSettings, SegmentInfo, WriterHealth

if TYPE_CHECKING:
    from ..capture.base import AudioSource, VideoSource
    from ..capture.types import AudioBlock, VideoFrame

log = logging.getLogger(__name__)

__all__ = ["EncoderSettings", "SegmentInfo", "SegmentWriter", "TailPolicy", "WriterHealth"]


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
        self.settings = settings or EncoderSettings()
        self.error: BaseException | None = None
        self.t0: float | None = None
        self._thread: threading.Thread | None = None
        self._stop_event = threading.Event()
        self._counts = {"frames_in": 0, "blocks_in": 0}
        self._cut = Segmenter(self.out_dir, self.settings, segment_seconds=segment_seconds,
                              has_audio=audio is not None, min_duration=min_duration, tail=tail,
                              stall_timeout=stall_timeout, reanchor_threshold=reanchor_threshold,
                              on_segment=on_segment)

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

    @property
    def segments(self) -> list[SegmentInfo]:
        """Every segment written so far (merges applied)."""
        return self._cut.segments

    # -- lifecycle ------------------------------------------------------------------------

    def start(self, t0: float | None = None) -> None:
        """Begin the session at ``t0`` (default: now) on the shared clock."""
        if self._thread is not None:
            raise RuntimeError("writer already started")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.t0 = clock.now() if t0 is None else t0
        self._cut.begin(self.t0)
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
        cut = self._cut
        depth = len(self._video) + (len(self._audio) if self._audio else 0)
        behind = depth > 0 or bool(cut.pending)
        lag = clock.now() - cut.last_frame_t if behind and cut.last_frame_t else 0.0
        return WriterHealth(
            frames_in=self._counts["frames_in"],
            frames_out=cut.counts["frames_out"],
            frames_dropped=self._video.dropped,
            frames_late=cut.counts["late"],
            audio_blocks_in=self._counts["blocks_in"],
            audio_blocks_dropped=self._audio.dropped if self._audio else 0,
            audio_reanchors=cut.timeline.reanchors,
            segments=len(cut.segments),
            last_encode_seconds=cut.encode_last,
            max_encode_seconds=cut.encode_max,
            encode_lag=max(0.0, lag),
            queue_depth=depth,
        )

    # -- the thread -----------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop_event.is_set():
                self._pull(0.02)
                self._cut.advance()
            self._pull(0.0)  # what the (already stopped) capture left in the queues
            self._cut.finish()
        except Exception as exc:  # keep the error for the session; the files so far are intact
            self.error = exc
            log.exception("segment writer failed")
            self._cut.abort()

    def _pull(self, timeout: float) -> None:
        """Move everything queued into the writer; wait up to ``timeout`` for a frame first."""
        first = self._video.get(timeout) if timeout else None
        for frame in ([first] if first else []) + self._video.drain():
            self._counts["frames_in"] += 1
            self._cut.accept_frame(frame)
        if self._audio is not None:
            for block in self._audio.drain():
                self._counts["blocks_in"] += 1
                self._cut.accept_audio(block)
