"""What a media file holds, read with PyAV from container metadata (never a full decode).

Duration comes from the container header; when it lacks one (some WebM/MKV/TS files) we demux
packets, without decoding, and take the largest ``pts + duration`` seen.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import av

log = logging.getLogger(__name__)

# PyAV/FFmpeg demuxer names → the API's container names.
CONTAINER_NAMES = {
    "mov": "mov",
    "mp4": "mp4",
    "m4a": "mp4",
    "3gp": "mp4",
    "3g2": "mp4",
    "mj2": "mp4",
    "matroska": "mkv",
    "webm": "webm",
    "avi": "avi",
    "mpegts": "mpeg-ts",
}


@dataclass(frozen=True)
class MediaInfo:
    """A file as the preflight sees it. ``error`` is set when the file cannot be read as media."""

    path: Path
    size_bytes: int
    duration: float | None = None
    container: str | None = None
    format_name: str | None = None
    has_video: bool = False
    video_codec: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    has_audio: bool = False
    audio_codec: str | None = None
    bit_rate: int | None = None
    error: str | None = None


def probe(path: str | os.PathLike[str]) -> MediaInfo:
    """Read container metadata; a file PyAV cannot open gives ``MediaInfo(error=...)``."""
    path = Path(path)
    size = path.stat().st_size
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            return _describe(path, size, container)
    except (av.FFmpegError, ValueError, OSError, UnicodeDecodeError) as exc:
        log.debug("probe failed for %s: %s", path.name, exc)
        return MediaInfo(path=path, size_bytes=size, error=f"{type(exc).__name__}: {exc}")


def _describe(path: Path, size: int, container: av.container.InputContainer) -> MediaInfo:
    format_name = container.format.name
    video = container.streams.video[0] if container.streams.video else None
    audio = container.streams.audio[0] if container.streams.audio else None
    duration = _header_duration(container)
    if duration is None:
        duration = _demuxed_duration(container)
    return MediaInfo(
        path=path,
        size_bytes=size,
        duration=duration,
        container=_container_name(format_name, path),
        format_name=format_name,
        has_video=video is not None,
        video_codec=video.codec_context.name if video is not None else None,
        width=video.codec_context.width or None if video is not None else None,
        height=video.codec_context.height or None if video is not None else None,
        fps=_fps(video),
        has_audio=audio is not None,
        audio_codec=audio.codec_context.name if audio is not None else None,
        bit_rate=container.bit_rate or None,
    )


def _container_name(format_name: str, path: Path) -> str:
    """FFmpeg lists aliases ("mov,mp4,m4a,…", "matroska,webm"); the suffix picks among them."""
    names = format_name.split(",")
    suffix = path.suffix.lower().lstrip(".")
    by_suffix = {"mkv": "matroska", "m4v": "mp4", "ts": "mpegts", "mts": "mpegts"}
    wanted = by_suffix.get(suffix, suffix)
    if wanted in names:
        return CONTAINER_NAMES.get(wanted, wanted)
    first = names[0]
    return CONTAINER_NAMES.get(first, first)


def _header_duration(container: av.container.InputContainer) -> float | None:
    if container.duration is not None and container.duration > 0:
        return container.duration / av.time_base
    best = None
    for stream in container.streams:
        if stream.duration and stream.time_base:
            seconds = float(stream.duration * stream.time_base)
            best = seconds if best is None else max(best, seconds)
    return best


def _demuxed_duration(container: av.container.InputContainer) -> float | None:
    """Largest packet end time, demuxing only (no decoding)."""
    start: float | None = None
    end: float | None = None
    for packet in container.demux():
        if packet.pts is None or packet.time_base is None:
            continue
        t0 = float(packet.pts * packet.time_base)
        t1 = t0 + float((packet.duration or 0) * packet.time_base)
        start = t0 if start is None else min(start, t0)
        end = t1 if end is None else max(end, t1)
    if start is None or end is None:
        return None
    return max(0.0, end - start)


def _fps(video: av.video.stream.VideoStream | None) -> float | None:
    if video is None:
        return None
    rate = video.average_rate or video.base_rate or video.guessed_rate
    return float(rate) if rate else None
