"""Join segment files into one mp4 by packet copy (no re-encode), for review and tail merging.

Each segment's timestamps are local to the segment; its place on the session timeline is
in its ``comment`` metadata (written by the segment writer). Files without it are laid end to
end. Packets whose decode time would not advance (the AAC priming packet of a later segment
overlaps the previous segment's last audio packet by one frame) are skipped.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av

from ..core import clock
from .segments import SegmentInfo

log = logging.getLogger(__name__)


def segment_start(path: str | Path) -> float | None:
    """The session-relative start written by the segment writer, or None for foreign files."""
    with av.open(str(path)) as container:
        return _start_from(container)


def _start_from(container: av.container.InputContainer) -> float | None:
    try:
        return float(json.loads(container.metadata.get("comment", ""))["start"])
    except (ValueError, KeyError, TypeError):
        return None


def media_duration(path: str | Path) -> float:
    """Seconds from 0 to the end of the last frame or sample of any stream."""
    with av.open(str(path)) as container:
        ends = [_stream_end(s) for s in container.streams if s.type in ("video", "audio")]
        return max([e for e in ends if e is not None] or [(container.duration or 0) / 1e6])


def probe_duration(path: str | Path) -> float | None:
    """:func:`media_duration`, or None (warned) when the file is missing or unreadable."""
    try:
        return media_duration(path)
    except (av.error.FFmpegError, OSError) as exc:  # truncated, not media, or gone
        log.warning("could not probe %s for its duration: %s", path, exc)
        return None


def _stream_end(stream: av.stream.Stream) -> float | None:
    if stream.duration is None or stream.time_base is None:
        return None
    return float((stream.duration + (stream.start_time or 0)) * stream.time_base)


def join_segments(paths: Sequence[str | Path], out_path: str | Path) -> Path:
    """Remux ``paths`` in order into ``out_path`` (which may be one of them: written aside first).

    Packet timestamps are shifted by each segment's start relative to the first segment's.
    """
    if not paths:
        raise ValueError("no segments to join")
    out_path = Path(out_path)
    tmp = out_path.with_name(out_path.name + ".joining")
    with av.open(str(paths[0])) as first:
        origin = _start_from(first)
    with av.open(str(tmp), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        _copy_all(paths, out, origin)
    os.replace(tmp, out_path)
    return out_path


def _copy_all(
    paths: Sequence[str | Path], out: av.container.OutputContainer, origin: float | None
) -> None:
    streams: dict[str, av.stream.Stream] = {}
    last_dts: dict[str, Fraction] = {}
    cumulative = 0.0
    skipped = 0
    for i, path in enumerate(paths):
        with av.open(str(path)) as src:
            start = _start_from(src)
            offset = start - origin if start is not None and origin is not None else cumulative
            if i == 0:
                out.metadata.update(src.metadata)
                for s in src.streams:
                    if s.type in ("video", "audio"):
                        streams[s.type] = out.add_stream_from_template(s)
            skipped += _copy_one(src, out, streams, last_dts, offset)
            cumulative = offset + _container_end(src)
    if skipped:
        log.debug("join skipped %d overlapping packets", skipped)


def _copy_one(
    src: av.container.InputContainer,
    out: av.container.OutputContainer,
    streams: dict[str, av.stream.Stream],
    last_dts: dict[str, Fraction],
    offset: float,
) -> int:
    skipped = 0
    wanted = [s for s in src.streams if s.type in streams]
    for packet in src.demux(wanted):
        if packet.dts is None or packet.pts is None:
            continue  # the demuxer's end-of-stream marker
        kind = packet.stream.type
        shift = round(offset / packet.time_base)
        packet.pts += shift
        packet.dts += shift
        dts = packet.dts * packet.time_base  # exact seconds: comparable across time bases
        if kind in last_dts and dts <= last_dts[kind]:
            skipped += 1
            continue
        last_dts[kind] = dts
        packet.stream = streams[kind]
        out.mux(packet)
    return skipped


def _container_end(container: av.container.InputContainer) -> float:
    ends = [_stream_end(s) for s in container.streams if s.type in ("video", "audio")]
    return max([e for e in ends if e is not None] or [0.0])


def merge_tail(prev: SegmentInfo, tail: SegmentInfo) -> SegmentInfo:
    """Append a too-short last segment to the one before it (in place) and describe the result."""
    started = clock.now()
    join_segments([prev.path, tail.path], prev.path)
    tail.path.unlink(missing_ok=True)
    log.info("short tail (%.2f s) merged into segment %d", tail.media_duration, prev.index)
    return replace(
        prev, end_t=tail.end_t, media_duration=tail.end_t - prev.start_t,
        bytes=prev.path.stat().st_size,
        encode_seconds=prev.encode_seconds + tail.encode_seconds + clock.now() - started,
        last_frame_t=tail.last_frame_t or prev.last_frame_t, merged=True)
