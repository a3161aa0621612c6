"""The typed records a stream event envelope becomes (:func:`~.events.normalize_event`).

One frozen dataclass per kind of event the session timeline applies; :data:`TimelineEvent` is
their union. Unknown event types stay :class:`PassthroughEvent`, unreadable ones
:class:`InvalidEvent` (with why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interhuman_desktop.core.quality import DIMENSIONS

CQ_KEYS = ("quality_index", *DIMENSIONS)


@dataclass(frozen=True)
class SignalEvent:
    phase: str  # "detected" | "updated" | "ended"
    signal_type: str  # one of the 13 known values, or "other"
    raw_type: str
    start: float | None = None
    end: float | None = None
    probability: str | None = None
    rationale: str | None = None
    modality: tuple[str, ...] = ()


@dataclass(frozen=True)
class EngagementEvent:
    state: str  # engaged | neutral | disengaged | other
    raw_state: str
    start: float
    end: float | None = None


@dataclass(frozen=True)
class QualityScores:
    values: dict[str, float]
    start: float | None = None
    end: float | None = None

    @property
    def no_evidence(self) -> bool:
        dims = [self.values.get(k) for k in CQ_KEYS[1:]]
        return all(v == 50 for v in dims) and None not in dims


@dataclass(frozen=True)
class QualityEvent:
    overall: QualityScores | None = None
    timeline: tuple[QualityScores, ...] = ()
    basis: dict[str, tuple[str, ...]] | None = None  # the local engine's cues per dimension


@dataclass(frozen=True)
class FeedbackEvent:
    message: str


@dataclass(frozen=True)
class CoverageEvent:
    kind: str  # "dropped" | "degraded"
    ranges: tuple[tuple[float, float], ...] = ()
    reason: str | None = None
    problem: str | None = None  # set when some of ``ranges`` could not be read
    raw: dict[str, Any] | None = field(default=None, compare=False)  # the event's data as sent


@dataclass(frozen=True)
class ErrorNotice:
    code: str
    message: str
    link: str | None = None
    segment: int | None = None


@dataclass(frozen=True)
class SessionEvent:
    type: str  # session.ready | session.updated | session.closing | session.ended
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PassthroughEvent:
    type: str
    raw: Any = None


@dataclass(frozen=True)
class InvalidEvent:
    problem: str
    raw: Any = None


TimelineEvent = (
    SignalEvent
    | EngagementEvent
    | QualityEvent
    | FeedbackEvent
    | CoverageEvent
    | ErrorNotice
    | SessionEvent
    | PassthroughEvent
    | InvalidEvent
)
