"""Decoded media in container time (:class:`RawMedia`), and :func:`place`, which puts it on the
session clock as :class:`~..analysis.base.DecodedMedia` (audio aligned to the first frame).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..analysis.base import AUDIO_RATE, DecodedMedia, VideoSample


class DecodeFailure(Exception):
    """Why a container could not be decoded: ``open``, ``format`` or ``no_video``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class RawMedia:
    """Decoded media in container time (seconds)."""

    format_name: str
    frames: list[tuple[float, np.ndarray]] = field(default_factory=list)
    sampled: int = 0  # analysis frames produced (kept in ``frames`` or given to a sink)
    first_sampled: float | None = None  # container time of the first analysis frame
    video_first: float | None = None
    video_end: float | None = None
    audio_parts: list[np.ndarray] = field(default_factory=list)
    audio_first: float | None = None
    audio_end: float | None = None
    audio_decoded_first: float | None = None
    has_audio: bool = False
    width: int = 0
    height: int = 0
    fps: float = 0.0
    truncated: bool = False
    declared_duration: float | None = None
    bad_packets: int = 0
    video_packets: int = 0  # new ones (at or after ``skip_before``)
    new_first: float | None = None  # stamp of the first new video packet
    last_key_pos: int | None = None  # byte offset of the last video keyframe in the input

    def first(self) -> float:
        """Where the media begins: the first video frame (audio before it is trimmed)."""
        if self.video_first is not None:
            return self.video_first
        return self.audio_first or 0.0

    def end(self) -> float:
        """End of the last video frame, or of the audio when that is later."""
        ends = [t for t in (self.video_end, self.audio_end) if t is not None]
        return max(ends) if ends else self.first()


def place(raw: RawMedia, *, start: float, origin: float, end: float) -> DecodedMedia:
    """Put ``raw`` on the session clock: container time ``origin`` becomes session ``start``."""
    duration = max(0.0, end - origin)
    frames = [
        VideoSample(t=start + max(0.0, t - origin), image=image)
        for t, image in raw.frames
        if t < end
    ]
    audio = _aligned_audio(raw, origin, duration)
    return DecodedMedia(
        start=start,
        duration=duration,
        frames=frames,
        audio=audio,
        has_audio=raw.has_audio and audio.size > 0,
        source_width=raw.width,
        source_height=raw.height,
        source_fps=raw.fps,
    )


def _aligned_audio(raw: RawMedia, origin: float, duration: float) -> np.ndarray:
    if not raw.audio_parts:
        return np.zeros(0, np.float32)
    audio = np.concatenate(raw.audio_parts)
    first = raw.audio_decoded_first if raw.audio_decoded_first is not None else origin
    shift = round((first - origin) * AUDIO_RATE)
    if shift > 0:
        audio = np.concatenate([np.zeros(shift, np.float32), audio])
    elif shift < 0:
        audio = audio[-shift:]
    return np.ascontiguousarray(audio[: round(duration * AUDIO_RATE)])
