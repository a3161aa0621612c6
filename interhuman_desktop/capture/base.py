"""The source interfaces: a video source feeds ``frames``, an audio source feeds ``blocks``.

Both outputs are :class:`DropQueue` s: the producer (camera thread, PortAudio callback, file
reader) never waits for the encoder; when the queue is full the oldest item is dropped and
counted. The preview does not consume the queue: it pulls :meth:`VideoSource.latest_frame`.
A source that is both (a file, the synthetic pattern) implements both interfaces.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np

from ..core.queues import DropQueue
from .types import AudioBlock, SourceStats, VideoFormat, VideoFrame

log = logging.getLogger(__name__)

DEFAULT_VIDEO_QUEUE = 45  # 1.5 s at 30 fps (≈120 MB at 720p): segment rotation takes ~50 ms
DEFAULT_AUDIO_QUEUE = 500  # ~5 s of 10-ms blocks


class Source(ABC):
    """Start/stop lifecycle shared by every source; thread-based sources use ``_spawn``."""

    name = "source"

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._stop_event = threading.Event()
        self._finished = threading.Event()
        self.error: BaseException | None = None  # set when the worker died; the UI shows it

    @abstractmethod
    def start(self) -> None:
        """Open the device/file and begin producing; raises CaptureError when it cannot."""

    def stop(self, timeout: float = 5.0) -> None:
        """Stop producing and join the worker thread (idempotent)."""
        self._stop_event.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.warning("%s thread did not stop within %.1f s", self.name, timeout)

    def wait_finished(self, timeout: float | None = None) -> bool:
        """Wait until the worker ran out of input (a file's end, a synthetic ``duration``)."""
        return self._finished.wait(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stats(self) -> SourceStats:
        frames: DropQueue[VideoFrame] | None = getattr(self, "frames", None)
        blocks: DropQueue[AudioBlock] | None = getattr(self, "blocks", None)
        return SourceStats(
            frames_captured=frames.put_count if frames is not None else 0,
            frames_dropped=frames.dropped if frames is not None else 0,
            blocks_captured=blocks.put_count if blocks is not None else 0,
            blocks_dropped=blocks.dropped if blocks is not None else 0,
            queue_depth=len(frames or ()) + len(blocks or ()),
        )

    def _spawn(self, target: Callable[[], None]) -> None:
        self._stop_event.clear()
        self._finished.clear()
        self._thread = threading.Thread(target=self._guard(target), name=self.name, daemon=True)
        self._thread.start()

    def _guard(self, target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                target()
            except Exception as exc:  # a dead worker must be visible, not silent
                self.error = exc
                log.exception("%s stopped on an error", self.name)
            finally:
                self._finished.set()

        return run

    def __enter__(self) -> Source:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class VideoSource(Source):
    """Produces :class:`VideoFrame` s into ``frames`` and keeps the newest for the preview."""

    frames: DropQueue[VideoFrame]

    def _init_video(self, capacity: int) -> None:
        self.frames = DropQueue(capacity)
        self._latest: VideoFrame | None = None
        self._next_index = 0

    def latest_frame(self) -> VideoFrame | None:
        """The newest frame (never consumed, safe from any thread: one attribute read)."""
        return self._latest

    @property
    @abstractmethod
    def video_format(self) -> VideoFormat | None:
        """What the source delivers (granted size and rate), None before ``start``."""

    def _emit_frame(self, t: float, image: np.ndarray) -> VideoFrame:
        frame = VideoFrame(t, image, self._next_index)
        self._next_index += 1
        self._latest = frame
        self.frames.put(frame)
        return frame


class AudioSource(Source):
    """Produces mono float32 :class:`AudioBlock` s into ``blocks``."""

    blocks: DropQueue[AudioBlock]
    sample_rate: int

    def _init_audio(self, capacity: int, sample_rate: int) -> None:
        self.blocks = DropQueue(capacity)
        self.sample_rate = sample_rate
        self.level_db: float | None = None  # the newest block's RMS in dBFS (level meters)

    def _emit_block(self, t: float, samples: np.ndarray) -> AudioBlock:
        block = AudioBlock(t, samples, self.sample_rate)
        if samples.size:
            rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
            self.level_db = 20 * float(np.log10(rms)) if rms > 1e-9 else -180.0
        self.blocks.put(block)
        return block
