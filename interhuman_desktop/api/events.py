"""A liberal reader of stream event envelopes (decisions #1, #2, #7, #10, #14).

:func:`normalize_event` turns one raw JSON envelope into a list of small typed records for the
session timeline. It accepts the flat ``signal.*`` shape and the older ``data.signals[]`` list,
tolerates ``end`` where it is not expected, keeps unknown signal types (as ``other`` with the raw
name) and unknown event types (as :class:`PassthroughEvent`), accepts ints and floats for scores,
and never raises: whatever it cannot read becomes an :class:`InvalidEvent` saying why. The
records themselves: :mod:`.event_types`.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from interhumanai import EngagementLevel, Probability, SignalType

from interhuman_desktop.api.event_types import (
    CQ_KEYS,
    CoverageEvent,
    EngagementEvent,
    ErrorNotice,
    FeedbackEvent,
    InvalidEvent,
    PassthroughEvent,
    QualityEvent,
    QualityScores,
    SessionEvent,
    SignalEvent,
    TimelineEvent,
)

log = logging.getLogger(__name__)

KNOWN_SIGNALS = frozenset(s.value for s in SignalType)
KNOWN_STATES = frozenset(s.value for s in EngagementLevel)
KNOWN_PROBABILITIES = frozenset(p.value for p in Probability)


class _Bad(Exception):
    """Internal: this part of the payload cannot be read."""


def normalize_event(payload: Any) -> list[TimelineEvent]:
    """One envelope → zero or more timeline records. Never raises."""
    try:
        return _normalize(payload)
    except _Bad as exc:
        return [InvalidEvent(problem=str(exc), raw=payload)]
    except Exception as exc:  # catch-all: a bug here must not end a live session
        log.exception("event normaliser failed on a payload (a bug)")
        return [InvalidEvent(problem=f"unreadable event ({type(exc).__name__})", raw=payload)]


def _normalize(payload: Any) -> list[TimelineEvent]:
    if not isinstance(payload, dict):
        raise _Bad(f"an event must be a JSON object, got {type(payload).__name__}")
    kind = payload.get("type")
    if not isinstance(kind, str):
        raise _Bad("the event has no string 'type'")
    data = payload.get("data")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _Bad(f"'{kind}' has a non-object 'data'")
    handler = _HANDLERS.get(kind)
    if handler is None:
        return [PassthroughEvent(type=kind, raw=payload)]
    return handler(kind, data)


def _signals(kind: str, data: dict[str, Any]) -> list[TimelineEvent]:
    phase = kind.split(".", 1)[1]
    items = data.get("signals")
    if isinstance(items, list):  # the older shape: data.signals[]
        out: list[TimelineEvent] = []
        for item in items:
            try:
                out.append(_one_signal(phase, item))
            except _Bad as exc:
                out.append(InvalidEvent(problem=str(exc), raw=item))
        return out
    return [_one_signal(phase, data)]


def _one_signal(phase: str, item: Any) -> SignalEvent:
    if not isinstance(item, dict):
        raise _Bad("a signal entry must be an object")
    raw_type = item.get("signal_type", item.get("type"))
    if not isinstance(raw_type, str) or not raw_type:
        raise _Bad("a signal without 'signal_type'")
    start, end = _opt_num(item.get("start")), _opt_num(item.get("end"))
    if start is None and end is None:
        raise _Bad(f"signal '{raw_type}' has neither start nor end")
    prob = item.get("probability")
    return SignalEvent(
        phase=phase,
        signal_type=raw_type if raw_type in KNOWN_SIGNALS else "other",
        raw_type=raw_type,
        start=start,
        end=end,
        probability=_probability(prob),
        rationale=item.get("rationale") if isinstance(item.get("rationale"), str) else None,
        modality=_strings(item.get("modality")),
    )


def _engagement(kind: str, data: dict[str, Any]) -> list[TimelineEvent]:
    state, start = data.get("state"), _opt_num(data.get("start"))
    if not isinstance(state, str) or start is None:
        raise _Bad("engagement.updated needs a string 'state' and a numeric 'start'")
    normal = state if state in KNOWN_STATES else "other"
    return [
        EngagementEvent(state=normal, raw_state=state, start=start, end=_opt_num(data.get("end")))
    ]


def _quality(kind: str, data: dict[str, Any]) -> list[TimelineEvent]:
    overall = _scores(data.get("overall")) if data.get("overall") is not None else None
    timeline = data.get("timeline")
    entries: list[QualityScores] = []
    if isinstance(timeline, list):
        for entry in timeline:
            if isinstance(entry, dict):
                scores = _scores(entry.get("values"))
                entries.append(
                    QualityScores(
                        scores.values, _opt_num(entry.get("start")), _opt_num(entry.get("end"))
                    )
                )
    return [QualityEvent(overall=overall, timeline=tuple(entries), basis=_basis(data))]


def _basis(data: dict[str, Any]) -> dict[str, tuple[str, ...]] | None:
    basis = data.get("basis")
    if not isinstance(basis, dict):
        return None
    return {str(d): tuple(str(c) for c in cues) for d, cues in basis.items()
            if isinstance(cues, list)}


def _feedback(kind: str, data: dict[str, Any]) -> list[TimelineEvent]:
    fb = data.get("feedback")
    if isinstance(fb, dict):  # tolerate the upload's object shape
        fb = fb.get("message") or fb.get("reason")
    if not isinstance(fb, str):
        raise _Bad("feedback.generated without a text 'feedback'")
    return [FeedbackEvent(message=fb)]


def _coverage(kind: str, data: dict[str, Any]) -> list[TimelineEvent]:
    """Readable ranges (``{start, end}`` objects or ``[start, end]`` pairs); a malformed
    ``ranges`` keeps the event, with ``problem`` and the raw data, instead of dropping it."""
    raw_ranges = data.get("ranges")
    items = raw_ranges if isinstance(raw_ranges, list) else []
    ranges = [r for r in (_range(item) for item in items) if r is not None]
    problem = None
    if raw_ranges is not None and not isinstance(raw_ranges, list):
        problem = f"'ranges' must be a list, got {type(raw_ranges).__name__}"
    elif len(ranges) < len(items):
        problem = f"{len(items) - len(ranges)} of {len(items)} range(s) unreadable"
    reason = data.get("reason") if isinstance(data.get("reason"), str) else None
    return [CoverageEvent(kind=kind.split(".", 1)[1], ranges=tuple(ranges), reason=reason,
                          problem=problem, raw=dict(data))]


def _range(item: Any) -> tuple[float, float] | None:
    if isinstance(item, dict):
        a, b = _opt_num(item.get("start")), _opt_num(item.get("end"))
    elif isinstance(item, list) and len(item) == 2:
        a, b = _opt_num(item[0]), _opt_num(item[1])
    else:
        return None
    return (a, b) if a is not None and b is not None else None


def _error(kind: str, data: dict[str, Any]) -> list[TimelineEvent]:
    code = data.get("code", data.get("error_id"))
    message = data.get("message")
    segment = data.get("segment")
    return [
        ErrorNotice(
            code=code if isinstance(code, str) else "unknown",
            message=message if isinstance(message, str) else "",
            link=data.get("link") if isinstance(data.get("link"), str) else None,
            segment=segment if isinstance(segment, int) and not isinstance(segment, bool) else None,
        )
    ]


def _session(kind: str, data: dict[str, Any]) -> list[TimelineEvent]:
    return [SessionEvent(type=kind, data=dict(data))]


_HANDLERS = {
    "signal.detected": _signals,
    "signal.updated": _signals,
    "signal.ended": _signals,
    "engagement.updated": _engagement,
    "conversation_quality.updated": _quality,
    "feedback.generated": _feedback,
    "coverage.dropped": _coverage,
    "coverage.degraded": _coverage,
    "error": _error,
    "session.ready": _session,
    "session.updated": _session,
    "session.closing": _session,
    "session.ended": _session,
}


def _opt_num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _probability(value: Any) -> str | None:
    if isinstance(value, str):
        return value if value in KNOWN_PROBABILITIES else value[:32]
    return None


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _scores(values: Any) -> QualityScores:
    if not isinstance(values, dict):
        raise _Bad("conversation quality values must be an object")
    numbers = {k: v for k, v in ((k, _opt_num(values.get(k))) for k in CQ_KEYS) if v is not None}
    if not numbers:
        raise _Bad("conversation quality values hold no numbers")
    return QualityScores(values=numbers)
