"""Make a file fit the upload limits: re-encode it smaller, or cut it into parts that each fit.

Everything is done with PyAV (libx264 + AAC in mp4): one decode pass writes one or more outputs,
each starting with a keyframe and its own time base at 0. Every :class:`Part` carries its offset
in the original file so :func:`stitch` can put the results back
on one timeline. A file below the minimum size is padded with an ISO-BMFF ``free`` box, which
every mp4 reader skips.
"""

from __future__ import annotations

import logging
import math
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from interhuman_desktop.core.errors import AppError
from interhuman_desktop.encode.fit_stitch import stitch
from interhuman_desktop.encode.fit_transcode import Segment, encode_segments
from interhuman_desktop.encode.preflight import DEFAULT_LIMITS, Limits, preflight
from interhuman_desktop.encode.probe import MediaInfo, probe

log = logging.getLogger(__name__)

__all__ = ["FitError", "Part", "make_it_fit", "stitch"]

AUDIO_BPS = 64_000
MARGIN = 0.80
RETRY_SHRINK = 0.65
SPLIT_TARGET_BPS = 1_000_000
MIN_VIDEO_BPS = 50_000


class FitError(AppError):
    """The file cannot be made to fit (not media, no video, too short)."""

    what_to_do = ""  # the reasons say what is wrong with the file


@dataclass(frozen=True)
class Part:
    path: Path
    offset: float
    duration: float | None = None


def make_it_fit(
    path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    info: MediaInfo | None = None,
) -> list[Part]:
    """Parts (each within ``limits``) that together cover ``path``; ``[path]`` when it fits."""
    path, out_dir = Path(path), Path(out_dir)
    info = info or probe(path)
    verdict = preflight(info, limits)
    if verdict.action == "refuse":
        raise FitError(" ".join(verdict.reasons))
    if verdict.action == "ok":
        return [Part(path, 0.0, info.duration)]
    out_dir.mkdir(parents=True, exist_ok=True)
    assert info.duration is not None
    if verdict.action == "transcode":
        parts = _transcode_whole(info, out_dir, limits)
        if parts is not None:
            return parts
        log.info("re-encoding alone did not fit %s; splitting", path.name)
    return _split(info, out_dir, limits)


def _transcode_whole(info: MediaInfo, out_dir: Path, limits: Limits) -> list[Part] | None:
    assert info.duration is not None
    out = out_dir / f"{info.path.stem}.fit.mp4"
    budget = min(info.size_bytes, limits.max_bytes) if info.size_bytes > limits.min_bytes else None
    bps = _video_bps(budget or limits.max_bytes, info.duration, info)
    segment = Segment(0.0, info.duration, out)
    for factor in (1.0, RETRY_SHRINK):
        encode_segments(info.path, [segment], video_bps=int(bps * factor), audio_bps=AUDIO_BPS)
        _pad_to(out, limits.min_bytes)
        if out.stat().st_size <= limits.max_bytes:
            return [Part(out, 0.0, info.duration)]
    return None


def _split(info: MediaInfo, out_dir: Path, limits: Limits) -> list[Part]:
    assert info.duration is not None
    count = split_count(info.duration, limits)
    length = info.duration / count
    segments = [
        Segment(i * length, (i + 1) * length, out_dir / f"{info.path.stem}.part{i + 1:02d}.mp4")
        for i in range(count)
    ]
    bps = _video_bps(limits.max_bytes, length, info)
    for factor in (1.0, RETRY_SHRINK, RETRY_SHRINK**2):
        encode_segments(info.path, segments, video_bps=int(bps * factor), audio_bps=AUDIO_BPS)
        for seg in segments:
            _pad_to(seg.path, limits.min_bytes)
        if all(seg.path.stat().st_size <= limits.max_bytes for seg in segments):
            return [Part(seg.path, seg.start, seg.end - seg.start) for seg in segments]
    raise FitError("Could not make the parts small enough; try a shorter or smaller video.")


def split_count(duration: float, limits: Limits) -> int:
    """How many equal parts: each ~``SPLIT_TARGET_BPS`` worth of the size limit, ≥ min length."""
    target = max(SPLIT_TARGET_BPS, 2 * limits.min_transcode_bitrate)
    part_len = limits.max_bytes * 8 * MARGIN / target
    part_len = max(part_len, limits.min_seconds * 1.05)
    count = max(1, math.ceil(duration / part_len))
    while count > 1 and duration / count < limits.min_seconds * 1.02:
        count -= 1
    return count


def _video_bps(budget_bytes: int, seconds: float, info: MediaInfo) -> int:
    total = budget_bytes * 8 * MARGIN / max(seconds, 0.1)
    audio = AUDIO_BPS if info.has_audio else 0
    return max(MIN_VIDEO_BPS, int(total - audio))


def _pad_to(path: Path, min_bytes: int) -> None:
    """Append a ``free`` box so an mp4 reaches ``min_bytes`` (readers skip it)."""
    size = path.stat().st_size
    if size >= min_bytes:
        return
    pad = max(8, min_bytes - size + 64)
    with path.open("ab") as fh:
        fh.write(struct.pack(">I4s", pad, b"free") + b"\0" * (pad - 8))
