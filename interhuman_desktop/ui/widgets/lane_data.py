"""Timeline → arrays for the signal lanes (no Qt, so the geometry is unit-testable).

Rows are counted from the top: one per signal type present (in the fixed product order, then
"other"), then ONE engagement row (the engagement and disengagement signals as a strip on top,
the engagement state as a band below), then the quality (CQI) lane. Row ``i`` spans
y ∈ [i, i+1].
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np

from interhuman_desktop.core.palette import ENGAGEMENT_SIGNALS as ENGAGEMENT_SIGNALS
from interhuman_desktop.core.palette import lane_of as lane_of
from interhuman_desktop.core.palette import lane_order
from interhuman_desktop.core.quality import quality_index as quality_index  # re-exported
from interhuman_desktop.session.timeline import (
    QualityPeriod,
    SessionTimeline,
    SignalInterval,
)

ENGAGEMENT_ROW = "Engagement"
STRIP = (0.04, 0.30)  # the strip's top and its tallest bar (row units)
QUALITY_ROW = "Quality index"
QUALITY_EXTRA = 1  # the quality lane spans 1 + QUALITY_EXTRA rows
PROBABILITIES = ("low", "medium", "high")
# Bar height (fraction of the row) by probability; unknown probability draws as "low".
BAR_HEIGHT = {"low": 0.38, "medium": 0.62, "high": 0.86}


def prob_key(probability: str | None) -> str:
    return probability if probability in PROBABILITIES else "low"


@dataclass
class LaneIndex:
    """Per-lane interval lists sorted by start, for hit testing and next/previous."""

    lanes: list[str] = field(default_factory=list)
    intervals: dict[str, list[SignalInterval]] = field(default_factory=dict)
    starts: dict[str, list[float]] = field(default_factory=dict)

    @property
    def rows(self) -> list[str]:
        return [*self.lanes, ENGAGEMENT_ROW, QUALITY_ROW]

    def row_of(self, lane: str) -> int:
        return self.rows.index(ENGAGEMENT_ROW if lane in ENGAGEMENT_SIGNALS else lane)

    def lanes_in_row(self, row: int, y_in_row: float = 0.0) -> list[str]:
        """The lanes whose bars are at ``row`` (the engagement row: its strip only)."""
        if 0 <= row < len(self.lanes):
            return [self.lanes[row]]
        if row == len(self.lanes) and y_in_row <= STRIP[0] + STRIP[1] + 0.05:
            return [lane for lane in ENGAGEMENT_SIGNALS if lane in self.intervals]
        return []

    def hit(self, lane: str, x: float, now: float, slop: float = 0.0) -> SignalInterval | None:
        """The interval of ``lane`` under time ``x`` (the latest-starting one if several)."""
        items = self.intervals.get(lane, [])
        i = bisect.bisect_right(self.starts.get(lane, []), x + slop)
        for interval in reversed(items[max(0, i - 8):i]):
            if interval.start - slop <= x <= interval.end_or(now) + slop:
                return interval
        return None


def build_index(timeline: SessionTimeline | None, extra: tuple[str, ...] = ()) -> LaneIndex:
    """``extra``: lanes shown even when empty (Compare lines two takes' lanes up)."""
    index = LaneIndex()
    if timeline is None:
        return index
    for lane in extra:
        index.intervals.setdefault(lane_of(lane), [])
    for interval in timeline.signals:
        index.intervals.setdefault(lane_of(interval.signal_type), []).append(interval)
    index.lanes = lane_order(index.intervals)  # the order the PDF report uses too
    for lane, items in index.intervals.items():
        items.sort(key=lambda s: s.start)
        index.starts[lane] = [s.start for s in items]
    return index


def row_ticks(rows: list[str]) -> list[tuple[float, str]]:
    """The left axis' labels, centred on their rows (the quality lane is taller)."""
    return [(i + (0.5 + QUALITY_EXTRA / 2 if name == QUALITY_ROW else 0.5),
             name[:1].upper() + name[1:]) for i, name in enumerate(rows)]


def bar_arrays(items: list[SignalInterval], now: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """x0/x1 arrays per probability level for one lane (open intervals end at ``now``)."""
    out: dict[str, tuple[list[float], list[float]]] = {}
    for s in items:
        x0, x1 = out.setdefault(prob_key(s.probability), ([], []))
        x0.append(s.start)
        x1.append(max(s.end_or(now), s.start))
    return {k: (np.asarray(a, float), np.asarray(b, float)) for k, (a, b) in out.items()}


def engagement_segments(steps: list[tuple[float, str]],
                        end: float) -> list[tuple[float, float, str]]:
    """The step function as (start, end, state); the last step runs to ``end``."""
    segments = []
    for i, (start, state) in enumerate(steps):
        stop = steps[i + 1][0] if i + 1 < len(steps) else max(end, start)
        if stop > start:
            segments.append((start, stop, state))
    return segments


def cqi_series(periods: list[QualityPeriod]) -> tuple[np.ndarray, np.ndarray,
                                                      list[tuple[float, float]]]:
    """A stepped quality-index line (NaN at gaps and no-evidence) and the no-evidence runs."""
    xs: list[float] = []
    ys: list[float] = []
    runs: list[tuple[float, float]] = []
    last_end: float | None = None
    for p in sorted(periods, key=lambda q: q.start):
        value = None if p.no_evidence else quality_index(p.values)
        if p.no_evidence:
            if runs and abs(runs[-1][1] - p.start) < 1e-6:
                runs[-1] = (runs[-1][0], p.end)
            else:
                runs.append((p.start, p.end))
        if last_end is not None and (value is None or abs(p.start - last_end) > 1e-6):
            xs.append(p.start)
            ys.append(np.nan)
        if value is not None:
            xs.extend((p.start, p.end))
            ys.extend((value, value))
        last_end = p.end if value is not None else None
    return np.asarray(xs, float), np.asarray(ys, float), runs


def neighbour_start(starts: list[float], t: float, forward: bool, eps: float = 0.05) -> int | None:
    """Index of the next start after ``t`` (or the previous one before it); None at the ends."""
    if forward:
        i = bisect.bisect_right(starts, t + eps)
        return i if i < len(starts) else None
    i = bisect.bisect_left(starts, t - eps) - 1
    return i if i >= 0 else None
