"""What the summary at Stop shows (no Qt): duration, the CQI and its dimensions against the
previous session of the same title, the top three moments, and the delivery metrics.

"The same title" is the title without its trailing date and time, so every default "Live
session 2026-12-07 12:40" compares with the previous "Live session …", and a renamed
"Pitch practice …" with the previous "Pitch practice …" (docs/live.md); one of the same kind
(microphone only, or with the camera) first. A dimension without evidence (no cue bore on it)
in either session has no change, and the index change counts only those with evidence in both.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interhuman_desktop.core.quality import (
    DIMENSIONS,
    change_over,
    evidence_dims,
    is_no_evidence,
)
from interhuman_desktop.delivery.audio import NoAudioError
from interhuman_desktop.delivery.cache import metrics_for
from interhuman_desktop.delivery.metrics import DeliveryMetrics
from interhuman_desktop.encode.preflight import SOUND_SUFFIXES
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
    evidence: frozenset[str] | None = None  # the dimensions with evidence (None: all given)
    sound_only: bool | None = None  # a microphone-only session (None: not known)


def base_title(title: str) -> str:
    return _DATED.sub("", title).strip().lower()


def quality_of(timeline: SessionTimeline) -> dict[str, float] | None:
    """The overall CQI values, or the last period's; None when there is no evidence."""
    values = timeline.quality_overall or (
        dict(timeline.quality_periods[-1].values) if timeline.quality_periods else None)
    return None if is_no_evidence(values) else dict(values or {})


def evidence_of(timeline: SessionTimeline) -> frozenset[str]:
    """The dimensions the analysis had evidence for (the gauge's rule: the CQ basis)."""
    return evidence_dims(quality_of(timeline), timeline.quality_basis)


def sound_only(entry: Any) -> bool | None:
    """Whether an entry's recording is sound only (None: no recording to tell by)."""
    media = getattr(entry, "media", None)
    return None if media is None else Path(media).suffix.lower() in SOUND_SUFFIXES


def changes(now: dict[str, float] | None, before: dict[str, float] | None,
            now_evidence: frozenset[str] | None = None,
            before_evidence: frozenset[str] | None = None) -> dict[str, float]:
    """Per dimension with evidence in both (and ``index``): this session minus the previous
    one. ``*_evidence`` None: every dimension given has evidence."""
    if not now or not before:
        return {}
    dims = [d for d in DIMENSIONS if d in now and d in before
            and (now_evidence is None or d in now_evidence)
            and (before_evidence is None or d in before_evidence)]
    out = {d: float(now[d]) - float(before[d]) for d in dims}
    index = change_over(now, before, dims)
    if index is not None:
        out["index"] = index
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
    """The newest other live entry of the same base title, with its CQI values; one of the
    same kind (microphone only or not) before one of the other."""
    if library is None or entry is None:
        return None
    wanted, kind = base_title(entry.title), sound_only(entry)
    older = [o for o in await library.call("search", "")
             if o.id != entry.id and o.kind == "live" and base_title(o.title) == wanted
             and o.created_at <= entry.created_at]
    same = [o for o in older if kind is None or sound_only(o) in (None, kind)]
    other = (same or older)[:1]
    if not other:
        return None
    timeline = await asyncio.to_thread(_load_timeline, other[0].folder / "timeline.json")
    if timeline is None:
        return Previous(other[0].title, None, None, sound_only(other[0]))
    return Previous(other[0].title, quality_of(timeline), evidence_of(timeline),
                    sound_only(other[0]))


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
