"""The session timeline: everything the analysis said, on one clock (recording seconds).

Both modes fill it: a live session applies stream events (server times already mapped to
recording time by the session's offset table), a file analysis applies an ``AnalysisResult``.
Charts, the review view and exports read only this model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from interhuman_desktop.core.quality import DIMENSIONS, NO_EVIDENCE, band_name, is_no_evidence
from interhuman_desktop.session.coverage import CoverageRange, add_range, from_dicts

__all__ = ["DIMENSIONS", "NO_EVIDENCE", "Marker", "QualityPeriod", "SessionTimeline",
           "SignalInterval", "band_name"]


@dataclass
class SignalInterval:
    """One activation of a signal type: from detected to ended (``end`` None while open)."""

    signal_type: str
    start: float
    end: float | None = None
    probability: str | None = None
    rationale: str | None = None
    modality: list[str] = field(default_factory=list)
    history: list[tuple[float, str | None, str | None]] = field(default_factory=list)
    after_session: bool = False  # analysed by upload after the live session (backfill)

    def end_or(self, now: float) -> float:
        return now if self.end is None else self.end


@dataclass
class QualityPeriod:
    start: float
    end: float
    values: dict[str, float]
    after_session: bool = False

    @property
    def no_evidence(self) -> bool:
        """A period whose five dimensions are all exactly 50 carries no evidence (decision #14)."""
        return is_no_evidence(self.values)


@dataclass
class Marker:
    t: float
    note: str = ""


@dataclass
class SessionTimeline:
    """Signals, engagement, quality, feedback and markers in recording seconds."""

    signals: list[SignalInterval] = field(default_factory=list)
    engagement: list[tuple[float, str]] = field(default_factory=list)
    quality_overall: dict[str, float] | None = None
    quality_periods: list[QualityPeriod] = field(default_factory=list)
    feedback: list[tuple[float, str]] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    media_end: float = 0.0
    after_session: list[tuple[float, float]] = field(default_factory=list)  # backfilled stretches
    # the cues each CQI dimension came from (the local engine says; None: not told)
    quality_basis: dict[str, list[str]] | None = None
    coverage: list[CoverageRange] = field(default_factory=list)  # coverage.* (session.coverage)
    revision: int = 0

    # --- live events -------------------------------------------------------------------
    def signal_detected(self, signal_type: str, t: float, probability: str | None = None,
                        rationale: str | None = None, modality: list[str] | None = None) -> None:
        """Open an interval; a type already open is closed first (at most one open per type)."""
        self.signal_ended(signal_type, t)
        interval = SignalInterval(signal_type, t, None, probability, rationale,
                                  list(modality or []))
        interval.history.append((t, probability, rationale))
        self.signals.append(interval)
        self._touch(t)

    def signal_updated(self, signal_type: str, t: float, probability: str | None = None,
                       rationale: str | None = None, modality: list[str] | None = None) -> None:
        """Record a probability/rationale change; an update with nothing open opens one."""
        interval = self.open_signal(signal_type)
        if interval is None:
            self.signal_detected(signal_type, t, probability, rationale, modality)
            return
        interval.probability = probability or interval.probability
        interval.rationale = rationale or interval.rationale
        if modality:
            interval.modality = list(modality)
        interval.history.append((t, probability, rationale))
        self._touch(t)

    def signal_ended(self, signal_type: str, t: float) -> None:
        interval = self.open_signal(signal_type)
        if interval is not None:
            interval.end = max(t, interval.start)
            self._touch(t)

    def engagement_changed(self, state: str, t: float) -> None:
        if self.engagement and self.engagement[-1][1] == state:
            return
        self.engagement.append((t, state))
        self._touch(t)

    def quality_updated(self, overall: dict[str, float] | None,
                        periods: list[QualityPeriod] | None) -> None:
        if overall is not None:
            self.quality_overall = dict(overall)
        for period in periods or []:
            self.quality_periods.append(period)
            self._touch(period.end)
        self.revision += 1

    def feedback_generated(self, t: float, text: str) -> None:
        self.feedback.append((t, text))
        self.revision += 1

    def coverage_reported(self, kind: str, start: float, end: float,
                          reason: str | None = None) -> None:
        """A stretch not analysed ("dropped") or partly analysed ("degraded")."""
        add_range(self.coverage, CoverageRange(kind, start, end, reason))
        self._touch(max(start, end))

    def add_marker(self, t: float, note: str = "") -> Marker:
        """Add a marker; one already at exactly ``t`` gets ``note`` instead (an edited note,
        so replaying a journal that recorded the edit ends with the last note)."""
        for existing in self.markers:
            if existing.t == t:
                existing.note = note
                self.revision += 1
                return existing
        marker = Marker(t, note)
        self.markers.append(marker)
        self.markers.sort(key=lambda m: m.t)
        self.revision += 1
        return marker

    def close_open_signals(self, t: float) -> None:
        """At the end of a session: every still-open interval ends at ``t``."""
        for interval in self.signals:
            if interval.end is None:
                interval.end = max(t, interval.start)
        self._touch(t)

    # --- queries ------------------------------------------------------------------------
    def open_signal(self, signal_type: str) -> SignalInterval | None:
        for interval in reversed(self.signals):
            if interval.signal_type == signal_type and interval.end is None:
                return interval
        return None

    def signal_types(self) -> list[str]:
        return sorted({s.signal_type for s in self.signals})

    def engagement_at(self, t: float) -> str | None:
        state = None
        for start, s in self.engagement:
            if start > t:
                break
            state = s
        return state

    def latest_signal(self) -> SignalInterval | None:
        return max(self.signals, key=lambda s: s.history[-1][0] if s.history else s.start,
                   default=None)

    # --- persistence --------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("revision")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionTimeline:
        timeline = cls(
            signals=[SignalInterval(**{**s, "history": [tuple(h) for h in s.get("history", [])]})
                     for s in data.get("signals", [])],
            engagement=[(float(t), str(s)) for t, s in data.get("engagement", [])],
            quality_overall=data.get("quality_overall"),
            quality_periods=[QualityPeriod(**p) for p in data.get("quality_periods", [])],
            feedback=[(float(t), str(x)) for t, x in data.get("feedback", [])],
            markers=[Marker(**m) for m in data.get("markers", [])],
            media_end=float(data.get("media_end", 0.0)),
            after_session=[(float(a), float(b)) for a, b in data.get("after_session", [])],
            quality_basis=data.get("quality_basis"),
            coverage=from_dicts(data.get("coverage", [])),
        )
        return timeline

    def _touch(self, t: float) -> None:
        self.media_end = max(self.media_end, t)
        self.revision += 1
