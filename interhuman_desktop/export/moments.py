"""The report's top moments: the strongest signals, and a video frame from each (PyAV)."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from interhuman_desktop.export.common import PROBABILITY_RANK
from interhuman_desktop.session.timeline import SessionTimeline, SignalInterval

log = logging.getLogger(__name__)


def top_moments(timeline: SessionTimeline, count: int = 5) -> list[SignalInterval]:
    """The ``count`` strongest signals (probability, then length), in time order.

    The strongest of each signal type come first, so a long session's report shows several
    kinds of moment rather than one kind repeated; the rest fill in by strength.
    """
    end = timeline.media_end

    def strength(s: SignalInterval) -> tuple[int, float, float]:
        return (PROBABILITY_RANK.get(s.probability or "", 0), s.end_or(end) - s.start, -s.start)

    ranked = sorted(timeline.signals, key=strength, reverse=True)
    chosen: list[SignalInterval] = []
    seen: set[str] = set()
    for s in ranked:
        if s.signal_type not in seen and len(chosen) < count:
            seen.add(s.signal_type)
            chosen.append(s)
    chosen += [s for s in ranked if s not in chosen][: count - len(chosen)]
    return sorted(chosen, key=lambda s: s.start)


def middle(signal: SignalInterval, end: float) -> float:
    return (signal.start + signal.end_or(end)) / 2


def thumbnails(media: Path | None, times: list[float], width: int = 320) -> list[bytes | None]:
    """A JPEG of the frame at (or just after) each time; None where the media lacks one."""
    if media is None or not times:
        return [None] * len(times)
    try:
        import av

        with av.open(str(media)) as container:
            return [_frame_at(container, t, width) for t in times]
    except Exception:  # an unreadable recording: the report goes without pictures
        log.warning("could not read frames from %s", media.name, exc_info=True)
        return [None] * len(times)


def _frame_at(container: Any, t: float, width: int) -> bytes | None:
    stream = container.streams.video[0] if container.streams.video else None
    if stream is None:
        return None
    base = stream.time_base
    container.seek(int(max(t, 0.0) / base) if base else 0, stream=stream, backward=True)
    last = None
    for frame in container.decode(stream):
        last = frame
        if frame.time is not None and frame.time >= t - 1e-3:
            break
    if last is None:
        return None
    image = last.to_image()
    image.thumbnail((width, width))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


KEPT_THUMBNAILS = "thumbnails"  # in the entry folder: the frames kept when the video is not


def thumbnail_name(t: float) -> str:
    return f"moment-{round(max(t, 0.0) * 1000):09d}.jpg"


def kept_thumbnails(folder: Path, times: list[float]) -> list[bytes | None]:
    """The frames saved in ``folder`` before its video was deleted (None where none was)."""
    out: list[bytes | None] = []
    for t in times:
        path = folder / KEPT_THUMBNAILS / thumbnail_name(t)
        out.append(path.read_bytes() if path.is_file() else None)
    return out


def frames_for(media: Path | None, folder: Path, times: list[float]) -> list[bytes | None]:
    """From the video when there is one, else the frames kept in the entry folder."""
    return thumbnails(media, times) if media is not None else kept_thumbnails(folder, times)
