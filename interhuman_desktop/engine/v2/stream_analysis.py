"""The V2 stream's media path, composed around the V1 pieces it reuses unchanged.

:class:`V2Decoder` wraps the session's ``StreamDecoder`` (no 3-s minimum on V2) and, for
inter-2-audio, raw PCM (:class:`~.pcm.PcmBuffer`), the sound of container media (pictures
dropped: the audio model does not look) and recordings without video (:mod:`.audio_stream`).
:class:`V2Analysis` wraps the analyser's ``StreamAnalysis``: it sheds media that waited in the
session's queue longer than its bound (``coverage.dropped``: never analysed, so the analysis
catches up with the live edge), reports stretches without video frames (``coverage.degraded``,
``video_gap``), and rewrites signal events for V2: no ``modality``, only the audible types on
inter-2-audio, and no ``signal.updated`` that only changed the modality.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from typing import Any

import numpy as np

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.analysis.base import (
    DecodedMedia,
    Event,
    SessionOptions,
    StreamAnalysis,
)
from interhuman_desktop.engine.media import MediaError

from .audio_stream import AudioStreamDecoder
from .pcm import PcmBuffer
from .result import AUDIBLE_TYPES

VIDEO_GAP = 1.0  # seconds without an analysis frame inside analysed media: partly analysed
SIGNAL_EVENTS = ("signal.detected", "signal.updated", "signal.ended")


class V2Decoder:
    def __init__(self, inner: Any, model: str) -> None:
        self.inner = inner
        self.model = model
        self.pcm: PcmBuffer | None = None
        self.audio_only: AudioStreamDecoder | None = None
        self._lock = threading.Lock()

    def decode(self, data: bytes, start: float,
               on_image: Callable[[np.ndarray], None] | None = None) -> DecodedMedia:
        """``on_image`` (the analysis' prefetch) sees the pictures of container video."""
        with self._lock:
            if self.pcm is not None:
                self.pcm.add(data)
                return self.pcm.take(start) or _empty(start)
        if self.audio_only is not None:
            return self.audio_only.decode(data, start)
        try:
            media: DecodedMedia = self.inner.decode(data, start, on_image)
        except MediaError as exc:
            if exc.code != ErrorId.NO_VIDEO_STREAM or self.model != "inter-2-audio":
                raise
            self.audio_only = AudioStreamDecoder()  # a recording without video: hear it
            return self.audio_only.decode(data, start)
        return replace(media, frames=[]) if self.model == "inter-2-audio" else media

    def flush(self, start: float) -> DecodedMedia | None:
        """The PCM still buffered (a last piece under a second), at session time ``start``."""
        with self._lock:
            return self.pcm.take(start, final=True) if self.pcm is not None else None


class V2Analysis(StreamAnalysis):
    def __init__(
        self,
        inner: StreamAnalysis,
        decoder: V2Decoder,
        lag: Callable[[], float],
        max_lag: float,
    ) -> None:
        self.inner = inner
        self.decoder = decoder
        self.lag = lag  # seconds the media being fed waited for the analysis
        self.max_lag = max_lag
        self._end = 0.0
        self._last: dict[str, dict[str, Any]] = {}

    def configure(self, options: SessionOptions) -> None:
        self.inner.configure(options)

    def prefetch(self, image: np.ndarray) -> None:
        """Pass a decoded picture to the analyser's FaceMesh prefetch, unless the media will
        be shed (over the lag bound) or not looked at (inter-2-audio)."""
        inner = getattr(self.inner, "prefetch", None)
        if inner is not None and self.decoder.model == "inter-2" and self.lag() <= self.max_lag:
            inner(image)

    def feed(self, media: DecodedMedia) -> list[Event]:
        if media.duration <= 0:
            return []
        self._end = max(self._end, media.end)
        span = {"start": round(media.start, 3), "end": round(media.end, 3)}
        if self.lag() > self.max_lag:
            return [("coverage.dropped", {"ranges": [span]})]
        events: list[Event] = []
        if self.decoder.model == "inter-2":
            gaps = video_gaps(media)
            if gaps:
                events.append(("coverage.degraded", {"ranges": gaps, "reason": "video_gap"}))
        return events + self._v2(self.inner.feed(media))

    def finish(self) -> list[Event]:
        events: list[Event] = []
        rest = self.decoder.flush(self._end)
        if rest is not None:
            events += self.feed(rest)
        return events + self._v2(self.inner.finish())

    def close(self) -> None:
        self.inner.close()

    def _v2(self, events: list[Event]) -> list[Event]:
        out: list[Event] = []
        for type_, data in events:
            if type_ in SIGNAL_EVENTS:
                kind = data.get("signal_type", "")
                if self.decoder.model == "inter-2-audio" and kind not in AUDIBLE_TYPES:
                    continue
                data = {k: v for k, v in data.items() if k != "modality"}
                if type_ == "signal.updated" and self._last.get(kind) == data:
                    continue  # only the modality changed, and V2 has none
                self._last[kind] = data
            out.append((type_, data))
        return out


def video_gaps(media: DecodedMedia, gap: float = VIDEO_GAP) -> list[dict[str, float]]:
    """Stretches over ``gap`` seconds of ``media`` with no analysis frame."""
    times = [media.start, *(f.t for f in media.frames), media.end]
    ranges = []
    for a, b in pairwise(times):
        if b - a > gap:
            ranges.append({"start": round(float(a), 3), "end": round(float(b), 3)})
    return ranges


def _empty(start: float) -> DecodedMedia:
    return DecodedMedia(start=start, duration=0.0, frames=[], audio=np.zeros(0, np.float32),
                        has_audio=False)
