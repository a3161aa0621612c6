"""V2 input checks at submit (:func:`probe`) and the audio model's decoder (:func:`decode_audio`).

``probe`` only opens the container and reads its streams and header duration, so a refused
file fails the *request* (inter-2.md §1.1: the checks run at submit) without being decoded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.analysis.base import AUDIO_RATE, DecodedMedia
from interhuman_desktop.engine.errors import EngineError
from interhuman_desktop.engine.media.decode import SUPPORTED_FORMATS
from interhuman_desktop.engine.media.sniff import container_kind

from . import errors as _v2_errors  # noqa: F401 - adds the V2 ids

log = logging.getLogger(__name__)

AUDIO_FORMATS = frozenset({"wav", "flac", "mp3", "ogg", "m4a", "3gp", "3g2", "mj2"})
MIN_SECONDS = 3.0
_EPSILON = 1e-3


@dataclass(frozen=True)
class Probe:
    format_name: str
    has_video: bool
    has_audio: bool
    duration: float | None  # from the header; None when it declares none


def probe(path: Path, model: str, max_duration: float) -> Probe:
    """Check ``path`` against ``model``'s input rules; EngineError (ih4002, ih5001, ih5002,
    ih5008, ih4007, ih4004) when it breaks one."""
    try:
        container = av.open(str(path), mode="r")
    except (av.FFmpegError, ValueError, OSError):
        head = path.read_bytes()[:1024] if path.is_file() else b""
        error_id = (ErrorId.CORRUPTED_VIDEO if container_kind(head)
                    else ErrorId.UNSUPPORTED_CONTAINER)
        raise EngineError(error_id) from None
    with container:
        names = set(container.format.name.split(","))
        info = Probe(
            format_name=container.format.name,
            has_video=bool(container.streams.video),
            has_audio=bool(container.streams.audio),
            duration=container.duration / 1_000_000 if container.duration else None,
        )
    _check_kind(names, info, model)
    check_duration(info.duration, max_duration)
    return info


def _check_kind(names: set[str], info: Probe, model: str) -> None:
    audio_model = model == "inter-2-audio"
    allowed = SUPPORTED_FORMATS | AUDIO_FORMATS if audio_model else SUPPORTED_FORMATS
    if not names & allowed:
        raise EngineError(ErrorId.UNSUPPORTED_CONTAINER,
                          f"Unsupported container ({info.format_name}).")
    if not audio_model and not info.has_video:
        raise EngineError(ErrorId.NO_VIDEO_STREAM)
    if not info.has_audio:
        raise EngineError(ErrorId.NO_AUDIO_STREAM, "The file has no audio track.")


def check_duration(duration: float | None, max_duration: float) -> None:
    if duration is None:
        return
    if duration < MIN_SECONDS - _EPSILON:
        raise EngineError(ErrorId.VIDEO_TOO_SHORT,
                          f"The file must be at least 3 seconds ({duration:.2f} s).")
    if duration > max_duration + _EPSILON:
        raise EngineError(
            ErrorId.VIDEO_TOO_LONG,
            f"The file is {duration:.0f} s long; the maximum is {max_duration:.0f} s."
        )


def decode_audio(path: Path) -> DecodedMedia:
    """The first audio track as mono float32 at 16 kHz on a clock starting at 0 (no frames)."""
    parts: list[np.ndarray] = []
    first: float | None = None
    try:
        with av.open(str(path), mode="r") as container:
            if not container.streams.audio:
                raise EngineError(ErrorId.NO_AUDIO_STREAM, "The file has no audio track.")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
            for frame in container.decode(stream):
                if first is None and frame.time is not None:
                    first = float(frame.time)
                _collect(parts, resampler.resample(frame))
            _collect(parts, resampler.resample(None))
    except (av.FFmpegError, ValueError) as exc:
        log.info("audio decode failed: %s", exc)
        raise EngineError(ErrorId.CORRUPTED_VIDEO, "The audio could not be decoded.") from None
    audio = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    if not audio.size:
        raise EngineError(ErrorId.CORRUPTED_VIDEO, "No audio could be decoded.")
    duration = audio.size / AUDIO_RATE
    log.info("decoded audio %s: %.2f s (first frame at %.3f s)", path.name, duration, first or 0)
    return DecodedMedia(start=0.0, duration=duration, frames=[], audio=audio, has_audio=True)


def _collect(parts: list[np.ndarray], frames: list[Any]) -> None:
    for out in frames:  # a copy: a view would keep the AVFrame buffer alive
        parts.append(np.array(out.to_ndarray().reshape(-1), np.float32))
