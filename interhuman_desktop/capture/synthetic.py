"""A camera + microphone stand-in: a moving pattern with the frame number, and a tone with pauses.

Used by tests, the bench and demos on machines without devices. Times are *scheduled* times on
the shared clock (``t_start + i / fps``), so they are exact; in real-time mode the thread sleeps
until each item is due, in ``fast`` mode it produces as fast as it can with the same stamps.
"""

from __future__ import annotations

import math

import numpy as np

from ..core import clock
from .base import DEFAULT_AUDIO_QUEUE, DEFAULT_VIDEO_QUEUE, AudioSource, VideoSource
from .types import VideoFormat


def pattern_image(index: int, width: int, height: int) -> np.ndarray:
    """A moving gradient with a white bar and the frame number written in (cv2.putText)."""
    import cv2  # lazy: importing capture must not load OpenCV

    x = np.arange(width, dtype=np.int32)
    row = ((x + index * 4) % 256).astype(np.uint8)
    img = np.empty((height, width, 3), np.uint8)
    img[:] = row[None, :, None]
    img[:, :, 1] = 96
    bar = (index * 5) % max(1, width - 6)
    img[:, bar : bar + 6] = 255
    scale = max(0.4, height / 240)
    cv2.putText(img, str(index), (8, int(36 * scale)), cv2.FONT_HERSHEY_SIMPLEX, scale,
                (255, 255, 255), max(1, int(2 * scale)), cv2.LINE_AA)
    return img


def tone_samples(start: int, count: int, rate: int, hz: float, on: float, off: float) -> np.ndarray:
    """``count`` samples from ``start`` of a sine that is on for ``on`` s, off for ``off`` s."""
    n = np.arange(start, start + count, dtype=np.float64)
    wave = 0.3 * np.sin(2 * np.pi * hz * n / rate)
    period = on + off
    if off > 0:
        wave[(n / rate) % period >= on] = 0.0
    return wave.astype(np.float32)


class SyntheticSource(VideoSource, AudioSource):
    """Pattern video and tone audio on one thread, real time or ``fast``; optional ``duration``."""

    name = "synthetic-source"

    def __init__(
        self,
        *,
        width: int = 320,
        height: int = 240,
        fps: float = 15.0,
        sample_rate: int = 48_000,
        block_size: int = 480,
        tone_hz: float = 440.0,
        tone_on: float = 1.0,
        tone_off: float = 0.5,
        video: bool = True,
        audio: bool = True,
        fast: bool = False,
        duration: float | None = None,
        video_queue: int = DEFAULT_VIDEO_QUEUE,
        audio_queue: int = DEFAULT_AUDIO_QUEUE,
    ) -> None:
        super().__init__()
        self._init_video(video_queue)
        self._init_audio(audio_queue, sample_rate)
        self._format = VideoFormat(width, height, fps)
        self._block_size = block_size
        self._tone = (tone_hz, tone_on, tone_off)
        self._video, self._audio = video, audio
        self.fast = fast
        self.duration = duration
        self.t_start: float | None = None

    @property
    def video_format(self) -> VideoFormat:
        return self._format

    def start(self) -> None:
        self.t_start = clock.now()
        self._spawn(self._run)

    def _run(self) -> None:
        assert self.t_start is not None
        fps, rate = self._format.fps, self.sample_rate
        frame_i = sample_n = 0
        while not self._stop_event.is_set():
            tv = frame_i / fps if self._video else math.inf
            ta = sample_n / rate if self._audio else math.inf
            due = min(tv, ta)
            if due == math.inf or (self.duration is not None and due >= self.duration):
                return
            if not self.fast and self._stop_event.wait(self.t_start + due - clock.now()):
                return
            if tv <= ta:
                img = pattern_image(frame_i, self._format.width, self._format.height)
                self._emit_frame(self.t_start + tv, img)
                frame_i += 1
            else:
                samples = tone_samples(sample_n, self._block_size, rate, *self._tone)
                self._emit_block(self.t_start + ta, samples)
                sample_n += self._block_size
