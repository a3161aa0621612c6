"""The contract between the engine's server, its media decoder and its analysers.

The server decodes each upload or stream segment into :class:`DecodedMedia` (on the session
clock), then hands it to an :class:`Analyzer`. For uploads the analyser returns a whole
``AnalysisResult`` payload; for streams it returns protocol events as ``(type, data)`` pairs and
the server wraps them in envelopes. Everything here runs on worker threads, never on the event
loop, and never touches the network.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

Event = tuple[str, dict[str, Any]]
"""A protocol event before it is wrapped in an envelope: (``type``, ``data``)."""

AUDIO_RATE = 16_000
"""Sample rate of :attr:`DecodedMedia.audio` (mono float32 in -1..1)."""


@dataclass(frozen=True)
class VideoSample:
    """One analysis frame: BGR uint8, downscaled, stamped in session seconds."""

    t: float
    image: np.ndarray


@dataclass(frozen=True)
class DecodedMedia:
    """Media of one upload or one stream segment, placed on the session clock.

    ``start`` is the session time of the first instant; ``duration`` runs to the end of the
    last frame (last PTS + frame duration). ``frames`` are sampled at most at the decoder's
    analysis rate; ``audio`` starts at ``start`` and is empty when there is no audio track.
    """

    start: float
    duration: float
    frames: list[VideoSample]
    audio: np.ndarray
    has_audio: bool
    source_width: int = 0
    source_height: int = 0
    source_fps: float = 0.0

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass
class SessionOptions:
    """What the caller asked for: include flags, goal dimensions and conversation context."""

    include: list[str] = field(default_factory=list)
    goal_dimensions: list[str] | None = None
    conversation_context: str | None = None


class StreamAnalysis(ABC):
    """The analyser's state for one stream session; fed segment by segment, in order."""

    @abstractmethod
    def configure(self, options: SessionOptions) -> None:
        """Apply a new session config (it fully replaces include and goal dimensions)."""

    @abstractmethod
    def feed(self, media: DecodedMedia) -> list[Event]:
        """Take the next segment; return the events that became due (session-cumulative times)."""

    @abstractmethod
    def finish(self) -> list[Event]:
        """End of session: analyse what is left and return closing events (``signal.ended`` …)."""

    def close(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Release the session's resources (FaceMesh graphs …); called on every ending, also
        after :meth:`finish` and when the session never finished. Must be idempotent."""


FrameConsumer = Callable[[VideoSample], None]
"""Takes one analysis frame of an upload as soon as it is decoded (then the frame is dropped)."""


class UploadAnalysis(ABC):
    """One upload analysed while it is decoded: frames arrive one by one through
    :meth:`add_frame` (the decoder keeps none), then :meth:`finish` gets the rest of the media
    (duration, audio; ``frames`` empty) and returns the ``AnalysisResult`` payload."""

    @abstractmethod
    def add_frame(self, sample: VideoSample) -> None:
        """Take the next analysis frame (upload seconds)."""

    @abstractmethod
    def finish(self, media: DecodedMedia) -> dict[str, Any]:
        """Analyse what was decoded; ``media.frames`` may be empty (they came one by one)."""

    def close(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Release the upload's resources; called whether or not :meth:`finish` ran
        (a refused upload never gets there). Must be idempotent."""


class _KeepFrames(UploadAnalysis):
    """The default: keep every frame and call ``analyze_upload`` at the end."""

    def __init__(self, analyzer: Analyzer, options: SessionOptions) -> None:
        self._analyzer, self._options = analyzer, options
        self._frames: list[VideoSample] = []

    def add_frame(self, sample: VideoSample) -> None:
        self._frames.append(sample)

    def finish(self, media: DecodedMedia) -> dict[str, Any]:
        frames = [*self._frames, *media.frames]
        return self._analyzer.analyze_upload(replace(media, frames=frames), self._options)


class Analyzer(ABC):
    """One kind of analysis, shared by all sessions of an engine (must be thread-safe)."""

    name: str = "analyzer"

    @abstractmethod
    def open_stream(self, options: SessionOptions) -> StreamAnalysis:
        """Start the state for a new stream session."""

    @abstractmethod
    def analyze_upload(self, media: DecodedMedia, options: SessionOptions) -> dict[str, Any]:
        """Analyse a whole file; return an ``AnalysisResult`` payload (JSON-ready dict)."""

    def open_upload(self, options: SessionOptions) -> UploadAnalysis:
        """Analyse an upload frame by frame while it decodes (bounded memory). The default
        keeps the frames and calls :meth:`analyze_upload`; analysers that can measure per
        frame override it."""
        return _KeepFrames(self, options)
