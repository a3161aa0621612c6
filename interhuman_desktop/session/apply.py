"""Apply one stream envelope to the timeline, in recording time.

Parsing is :func:`api.events.normalize_event`'s job (liberal, never raises); this module only
maps the normalised records onto the :class:`SessionTimeline` through the connection's clock,
and returns the server times the envelope referred to, so the session can acknowledge segments
and measure feedback latency.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from interhuman_desktop.api.event_types import (
    CoverageEvent,
    EngagementEvent,
    FeedbackEvent,
    InvalidEvent,
    QualityEvent,
    SignalEvent,
)
from interhuman_desktop.api.events import normalize_event
from interhuman_desktop.session.timeline import QualityPeriod, SessionTimeline

log = logging.getLogger(__name__)

Mapper = Callable[[float], float]


def apply_event(timeline: SessionTimeline, payload: dict[str, Any], to_rec: Mapper) -> list[float]:
    """Apply ``payload``; return the server times it referred to (empty if none)."""
    times: list[float] = []
    for record in normalize_event(payload):
        if isinstance(record, SignalEvent):
            times += _signal(timeline, record, to_rec)
        elif isinstance(record, EngagementEvent):
            timeline.engagement_changed(record.state, to_rec(record.start))
            times.append(record.start)
        elif isinstance(record, QualityEvent):
            times += _quality(timeline, record, to_rec)
        elif isinstance(record, CoverageEvent):
            times += _coverage(timeline, record, to_rec)
        elif isinstance(record, FeedbackEvent):
            timeline.feedback_generated(timeline.media_end, record.message)
        elif isinstance(record, InvalidEvent):
            log.warning("ignoring an unreadable event: %s", record.problem)
    return times


def _signal(timeline: SessionTimeline, event: SignalEvent, to_rec: Mapper) -> list[float]:
    name = event.signal_type if event.signal_type != "other" else event.raw_type
    if event.phase == "ended":
        if event.end is None:
            return []
        timeline.signal_ended(name, to_rec(event.end))
        return [event.end]
    if event.start is None:
        return []
    args = (name, to_rec(event.start), event.probability, event.rationale, list(event.modality))
    if event.phase == "detected":
        timeline.signal_detected(*args)
    else:
        timeline.signal_updated(*args)
    if event.end is not None:  # the older list shape carries whole intervals
        timeline.signal_ended(name, to_rec(event.end))
        return [event.start, event.end]
    return [event.start]


def _quality(timeline: SessionTimeline, event: QualityEvent, to_rec: Mapper) -> list[float]:
    periods = [QualityPeriod(to_rec(p.start), to_rec(p.end), dict(p.values))
               for p in event.timeline if p.start is not None and p.end is not None]
    overall = dict(event.overall.values) if event.overall is not None else None
    timeline.quality_updated(overall, periods)
    if event.basis is not None:  # the overall's basis so far (it only grows)
        timeline.quality_basis = {d: list(c) for d, c in event.basis.items()}
    return [p.end for p in event.timeline if p.end is not None]


def _coverage(timeline: SessionTimeline, event: CoverageEvent, to_rec: Mapper) -> list[float]:
    """Ranges in recording time. Only "degraded" (analysed) counts as an answer: media the
    server shed stays unacknowledged, so a reconnect sends it again."""
    for start, end in event.ranges:
        timeline.coverage_reported(event.kind, to_rec(start), to_rec(end), event.reason)
    return [end for _start, end in event.ranges] if event.kind == "degraded" else []
