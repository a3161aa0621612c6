"""What the summary at Stop shows (no Qt): duration, the CQI and its dimensions against the
previous session of the same title, the top three moments, and the delivery metrics.

"The same title" is the title without its trailing date and time, so every default "Live
session 2026-12-07 12:40" compares with the previous "Live session …", and a renamed
"Pitch practice …" with the previous "Pitch practice …" (docs/live.md).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interhuman_desktop.core.quality import DIMENSIONS, is_no_evidence, quality_index
from interhuman_desktop.delivery.audio import NoAudioError
from interhuman_desktop.delivery.cache import metrics_for
from interhuman_desktop.delivery.metrics import DeliveryMetrics
from interhuman_desktop.session.timeline import Marker, SessionTimeline
from interhuman_desktop.ui.cue_hold import NOTABLE

log = logging.getLogger(__name__)
RANK = {"high": 2, "medium": 1}
MOMENT_GAP_S = 5.0  # two moments closer than this are one moment
_DATED = re.compile(r"[\s_-]*\d{4}-\d{2}-\d{2}([ T_]\d{2}[:.]?\d{2}([:.]?\d{2})?)?\s*$")


@dataclass(frozen=True)
class Moment:
    t: float
    title: str
    detail: str = ""
    signal_type: str = ""  # the signal it is (Review selects it)


@dataclass(frozen=True)
class Previous:
    title: str
    values: dict[str, float] | None


def base_title(title: str) -> str:
    return _DATED.sub("", title).strip().lower()


def quality_of(timeline: SessionTimeline) -> dict[str, float] | None:
    """The overall CQI values, or the last period's; None when there is no evidence."""
    values = timeline.quality_overall or (
        dict(timeline.quality_periods[-1].values) if timeline.quality_periods else None)
    return None if is_no_evidence(values) else dict(values or {})


def changes(now: dict[str, float] | None, before: dict[str, float] | None
            ) -> dict[str, float]:
    """Per dimension (and ``index``): this session minus the previous one."""
    if not now or not before:
        return {}
    out = {d: float(now[d]) - float(before[d]) for d in DIMENSIONS if d in now and d in before}
    a, b = quality_index(now), quality_index(before)
    if a is not None and b is not None:
        out["index"] = a - b
    return out


def top_moments(timeline: SessionTimeline, count: int = 3) -> list[Moment]:
    """The strongest notable signals (high before medium, then longer), at least
    :data:`MOMENT_GAP_S` apart, in time order."""
    end = timeline.media_end
    notable = [s for s in timeline.signals if s.probability in NOTABLE]
    notable.sort(key=lambda s: (-RANK[str(s.probability)], -(s.end_or(end) - s.start), s.start))
    chosen: list[Moment] = []
    for s in notable:
        if all(abs(s.start - m.t) >= MOMENT_GAP_S for m in chosen):
            title = f"{s.signal_type.capitalize()} ({s.probability})"
            chosen.append(Moment(s.start, title, s.rationale or "", s.signal_type))
        if len(chosen) == count:
            break
    return sorted(chosen, key=lambda m: m.t)


def delivery_of(media: Path | None) -> DeliveryMetrics | str:
    """Blocking (call it on a worker thread): the metrics, or why there are none."""
    if media is None or not media.exists():
        return "No recording was kept, so no delivery metrics."
    try:
        return metrics_for(media)
    except NoAudioError:
        return "This recording has no sound: no delivery metrics."
    except Exception:  # a file it cannot read must not take the summary down
        log.exception("measuring the delivery of %s failed", media)
        return "Could not measure the delivery of this recording (see the log)."


async def previous_session(library: Any, entry: Any) -> Previous | None:
    """The newest other live entry of the same base title, with its CQI values."""
    if library is None or entry is None:
        return None
    wanted = base_title(entry.title)
    for other in await library.call("search", ""):
        if other.id == entry.id or other.kind != "live" or base_title(other.title) != wanted:
            continue
        if other.created_at > entry.created_at:
            continue
        timeline = await asyncio.to_thread(_load_timeline, other.folder / "timeline.json")
        return Previous(other.title, quality_of(timeline) if timeline else None)
    return None


async def stored_markers(library: Any, entry: Any) -> list[Marker] | None:
    """The entry's markers as the library keeps them now (edited in Review or not); None
    when the entry is gone or its timeline cannot be read."""
    try:
        current = await library.call("get", entry.id)
    except KeyError:
        return None
    timeline = await asyncio.to_thread(_load_timeline, current.folder / "timeline.json")
    return list(timeline.markers) if timeline is not None else None


def _load_timeline(path: Path) -> SessionTimeline | None:
    try:
        return SessionTimeline.from_dict(json.loads(path.read_text()))
    except (OSError, ValueError, TypeError, KeyError):
        log.info("no readable timeline at %s", path)
        return None
