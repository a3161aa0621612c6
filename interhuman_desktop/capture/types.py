"""The values that leave a capture source: frames, audio blocks, device and format descriptions.

Frames and blocks cross threads by reference (camera thread → encoder, preview, …), so they are
frozen dataclasses whose arrays are made read-only on construction: a consumer that tries to
draw on a frame gets an error instead of silently corrupting what the encoder sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interhuman_desktop.core.errors import AppError


class CaptureError(AppError, RuntimeError):
    """A capture source could not do what was asked (the message says what and what to do)."""

    what_to_do = ""  # the message already says it


class DeviceUnavailableError(CaptureError):
    """The device is missing, busy, or its driver/library (PortAudio, V4L2) is not installed."""


def _freeze(array: np.ndarray) -> None:
    if array.flags.writeable:
        array.flags.writeable = False


@dataclass(frozen=True, slots=True)
class VideoFrame:
    """One picture: ``t`` on ``core.clock.now``, ``image`` BGR uint8 HxWx3, ``index`` from 0."""

    t: float
    image: np.ndarray
    index: int

    def __post_init__(self) -> None:
        if self.image.dtype != np.uint8 or self.image.ndim != 3 or self.image.shape[2] != 3:
            raise ValueError(f"need HxWx3 uint8, got {self.image.shape} {self.image.dtype}")
        _freeze(self.image)

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


@dataclass(frozen=True, slots=True)
class AudioBlock:
    """Mono float32 samples; ``t`` is the capture time of the FIRST sample on the shared clock."""

    t: float
    samples: np.ndarray
    sample_rate: int

    def __post_init__(self) -> None:
        if self.samples.dtype != np.float32 or self.samples.ndim != 1:
            raise ValueError(f"samples must be 1-D float32, got {self.samples.shape}")
        _freeze(self.samples)

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    @property
    def end_t(self) -> float:
        return self.t + self.duration


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """A capture device as listed to the user; ``id`` is what the source constructor accepts."""

    id: int | str
    name: str
    kind: str  # "camera" | "microphone"
    default: bool = False


@dataclass(frozen=True, slots=True)
class VideoFormat:
    """What a video source actually delivers (a camera may grant less than was asked)."""

    width: int
    height: int
    fps: float


@dataclass(frozen=True, slots=True)
class SourceStats:
    """Counters for the health panel; ``*_dropped`` are items shed by the full output queue."""

    frames_captured: int = 0
    frames_dropped: int = 0
    blocks_captured: int = 0
    blocks_dropped: int = 0
    queue_depth: int = 0
