"""Progress over time (no Qt): per-dimension CQI and signal rates per minute across library
entries by date, each series with its least-squares trend. The Progress view draws these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from interhuman_desktop.core.quality import DIMENSIONS, evidence_dims
from interhuman_desktop.session.compare import (
    Take,
    cqi,
    per_minute,
    quality_values,
    signal_counts,
)
from interhuman_desktop.storage.library import Entry

KINDS = ("file", "live")


@dataclass(frozen=True)
class Point:
    """One entry on the progress charts."""

    entry_id: int
    title: str
    when: float  # POSIX seconds of the entry's date
    quality: dict[str, float]  # "CQI" and the dimensions that have evidence
    rates: dict[str, float]  # signals per minute by type


@dataclass
class Progress:
    points: list[Point] = field(default_factory=list)  # oldest first

    def quality_series(self) -> dict[str, list[tuple[float, float]]]:
        """(when, value) per dimension (and "CQI"), only where the entry has evidence."""
        names = ("CQI", *DIMENSIONS)
        return {n: s for n in names
                if (s := [(p.when, p.quality[n]) for p in self.points if n in p.quality])}

    def rate_series(self) -> dict[str, list[tuple[float, float]]]:
        """(when, per minute) per signal type seen anywhere; 0 for an entry without it."""
        types = sorted({t for p in self.points for t in p.rates})
        return {t: [(p.when, p.rates.get(t, 0.0)) for p in self.points] for t in types}


def keep(entry: Entry, tag: str | None = None, kind: str | None = None) -> bool:
    """Whether an entry passes the filters (tag case-insensitive; kind "file" or "live")."""
    if kind and entry.kind != kind:
        return False
    return not tag or tag.lower() in (t.lower() for t in entry.tags)


def when_of(created_at: str) -> float:
    return datetime.fromisoformat(created_at).timestamp()


def point_of(entry: Entry, take: Take) -> Point:
    values = quality_values(take.timeline) or {}
    evident = evidence_dims(values, take.timeline.quality_basis)  # no 50 plotted as a score
    quality = {d: float(values[d]) for d in sorted(evident)}
    index = cqi(values)
    if index is not None:
        quality["CQI"] = index
    rates = {t: per_minute(n, take.duration) or 0.0
             for t, n in signal_counts(take.timeline).items()}
    return Point(entry.id, entry.title, when_of(entry.created_at), quality, rates)


def progress(pairs: Sequence[tuple[Entry, Take]]) -> Progress:
    return Progress(sorted((point_of(e, t) for e, t in pairs), key=lambda p: p.when))


def trend(series: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Least-squares line (slope per second, intercept) through (x, y); None under 2 distinct
    x values."""
    n = len(series)
    if n < 2:
        return None
    mx = sum(x for x, _ in series) / n
    my = sum(y for _, y in series) / n
    sxx = sum((x - mx) ** 2 for x, _ in series)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in series) / sxx
    return slope, my - slope * mx


def trend_per_week(series: Sequence[tuple[float, float]]) -> float | None:
    line = trend(series)
    return None if line is None else line[0] * 7 * 86400


def trend_change(series: Sequence[tuple[float, float]]) -> float | None:
    """How much the trend line rises from the first to the last x (None without a trend)."""
    line = trend(series)
    if line is None:
        return None
    xs = [x for x, _ in series]
    return line[0] * (max(xs) - min(xs))
