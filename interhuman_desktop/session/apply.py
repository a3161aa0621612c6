"""Apply one stream event (a raw envelope payload) to the timeline, in recording time.

Liberal, per decisions #1, #2 and #7: the flat signal shape and the older ``data.signals[]``
list, an optional ``end``, unknown signal types (kept under their own name), ints or floats.
Returns the server times the event referred to, so the session can acknowledge segments and
measure latency. Never raises on a malformed payload: it logs and returns nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from interhuman_desktop.session.timeline import QualityPeriod, SessionTimeline

log = logging.getLogger(__name__)

Mapper = Callable[[float], float]


def apply_event(timeline: SessionTimeline, payload: dict[str, Any], to_rec: Mapper) -> list[float]:
    """Apply ``payload``; return the server times it referred to (empty if none)."""
    kind = payload.get("type")
    data = payload.get("data")
    if not isinstance(data, dict):
        return []
    handler = _HANDLERS.get(str(kind))
    if handler is None:
        return []
    try:
        return handler(timeline, data, to_rec)
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("ignoring a malformed %s event: %s", kind, exc)
        return []


def _num(value: Any) -> float:
    if isinstance(value, bool):
        raise TypeError("a boolean is not a time")
    return float(value)


def _signal(timeline: SessionTimeline, data: dict, to_rec: Mapper, kind: str) -> list[float]:
    if isinstance(data.get("signals"), list):  # the older quickstart shape
        times: list[float] = []
        for item in data["signals"]:
            if isinstance(item, dict):
                flat = {**item, "signal_type": item.get("signal_type") or item.get("type")}
                times += _signal(timeline, flat, to_rec, "signal.detected")
                if item.get("end") is not None:
                    times += _signal(timeline, flat, to_rec, "signal.ended")
        return times
    name = str(data["signal_type"])
    if kind == "signal.ended":
        end = _num(data["end"])
        timeline.signal_ended(name, to_rec(end))
        return [end]
    start = _num(data["start"])
    args = (name, to_rec(start), _opt_str(data.get("probability")), _opt_str(data.get("rationale")),
            data.get("modality") if isinstance(data.get("modality"), list) else None)
    if kind == "signal.detected":
        timeline.signal_detected(*args)
    else:
        timeline.signal_updated(*args)
    return [start]


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _engagement(timeline: SessionTimeline, data: dict, to_rec: Mapper) -> list[float]:
    start = _num(data["start"])
    timeline.engagement_changed(str(data["state"]), to_rec(start))
    return [start]


def _quality(timeline: SessionTimeline, data: dict, to_rec: Mapper) -> list[float]:
    overall = data.get("overall")
    periods, times = [], []
    for entry in data.get("timeline") or []:
        start, end = _num(entry["start"]), _num(entry["end"])
        values = {k: _num(v) for k, v in entry["values"].items()}
        periods.append(QualityPeriod(to_rec(start), to_rec(end), values))
        times.append(end)
    clean = {k: _num(v) for k, v in overall.items()} if isinstance(overall, dict) else None
    timeline.quality_updated(clean, periods)
    return times


def _feedback(timeline: SessionTimeline, data: dict, to_rec: Mapper) -> list[float]:
    text = data.get("feedback")
    if isinstance(text, dict):
        text = text.get("message") or text.get("reason")
    if text:
        timeline.feedback_generated(timeline.media_end, str(text))
    return []


_HANDLERS: dict[str, Callable[[SessionTimeline, dict, Mapper], list[float]]] = {
    "signal.detected": lambda tl, d, m: _signal(tl, d, m, "signal.detected"),
    "signal.updated": lambda tl, d, m: _signal(tl, d, m, "signal.updated"),
    "signal.ended": lambda tl, d, m: _signal(tl, d, m, "signal.ended"),
    "engagement.updated": _engagement,
    "conversation_quality.updated": _quality,
    "feedback.generated": _feedback,
}
