"""Two takes side by side, in numbers (no Qt): CQI dimensions with deltas, signal counts and
rates per minute by type, and each take's feedback. The Compare view and ``interhuman-desktop
compare A B`` both show exactly what :func:`compare` returns. A dimension without evidence in a
take (no cue bore on it: the gauge's "no evidence") has no change, and the CQI's change counts
only the dimensions with evidence in both."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, replace

from interhuman_desktop.core.quality import (
    DIMENSIONS,
    change_over,
    evidence_dims,
    is_no_evidence,
)
from interhuman_desktop.session.library_sync import TIMELINE
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.storage.library import Entry


@dataclass(frozen=True)
class Take:
    """One side of a comparison: what the library knows of an entry, and its timeline."""

    title: str
    created_at: str
    duration: float  # seconds (the entry's, else the timeline's end)
    timeline: SessionTimeline


@dataclass(frozen=True)
class Delta:
    """One row: the value of take A, of take B, and B − A (None when either is unknown or
    without evidence; ``over``: the change itself, for the CQI, when ``fixed``)."""

    name: str
    a: float | None
    b: float | None
    evidence_a: bool = True
    evidence_b: bool = True
    over: float | None = None
    fixed: bool = False

    @property
    def delta(self) -> float | None:
        if self.a is None or self.b is None or not (self.evidence_a and self.evidence_b):
            return None
        return self.over if self.fixed else self.b - self.a


@dataclass(frozen=True)
class SignalRow:
    signal_type: str
    count_a: int
    count_b: int
    rate: Delta  # per minute


@dataclass(frozen=True)
class Comparison:
    a: Take
    b: Take
    cqi: Delta
    dimensions: list[Delta]
    signals: list[SignalRow]
    feedback_a: list[tuple[float, str]] = field(default_factory=list)
    feedback_b: list[tuple[float, str]] = field(default_factory=list)


def quality_values(timeline: SessionTimeline) -> dict[str, float] | None:
    """The overall CQI values (else the last period's); None when there is no evidence."""
    values = timeline.quality_overall
    if not values and timeline.quality_periods:
        values = timeline.quality_periods[-1].values
    return None if is_no_evidence(values) else dict(values or {})


def cqi(values: dict[str, float] | None) -> float | None:
    """The index: the explicit ``quality_index``, else the mean of the dimensions present."""
    if not values:
        return None
    if "quality_index" in values:
        return float(values["quality_index"])
    dims = [float(values[d]) for d in DIMENSIONS if d in values]
    return sum(dims) / len(dims) if dims else None


def signal_counts(timeline: SessionTimeline) -> dict[str, int]:
    """How many times each signal type started (each interval counts once)."""
    counts: dict[str, int] = {}
    for s in timeline.signals:
        counts[s.signal_type] = counts.get(s.signal_type, 0) + 1
    return counts


def per_minute(count: int, duration: float) -> float | None:
    return None if duration <= 0 else count * 60.0 / duration


def compare(a: Take, b: Take) -> Comparison:
    """The deltas of B against A (B − A: positive means B scored or signalled more)."""
    va, vb = quality_values(a.timeline), quality_values(b.timeline)
    ea = evidence_dims(va, a.timeline.quality_basis)
    eb = evidence_dims(vb, b.timeline.quality_basis)
    dims = [Delta(d, _get(va, d), _get(vb, d), d in ea, d in eb) for d in DIMENSIONS]
    ca, cb = signal_counts(a.timeline), signal_counts(b.timeline)
    rows = [SignalRow(t, ca.get(t, 0), cb.get(t, 0),
                      Delta(t, per_minute(ca.get(t, 0), a.duration),
                            per_minute(cb.get(t, 0), b.duration)))
            for t in sorted(set(ca) | set(cb))]
    index = Delta("CQI", cqi(va), cqi(vb), over=change_over(vb or {}, va or {}, ea & eb),
                  fixed=True)
    return Comparison(a, b, index, dims, rows,
                      list(a.timeline.feedback), list(b.timeline.feedback))


def _get(values: dict[str, float] | None, name: str) -> float | None:
    return None if values is None or name not in values else float(values[name])


def delta_label(row: Delta, digits: int = 0, unit: str | None = None) -> str:
    """``▲ +7 clarity``, ``▼ −3 energy``, ``= 0 rapport``, or ``– clarity`` when unknown;
    with ``unit`` it stands for the name (``▲ +3.0/min``)."""
    d = row.delta
    name = row.name if unit is None else unit
    sep = "" if unit is not None else " "
    if d is None:
        return f"–{sep}{name}"
    shown = round(d, digits)
    if shown == 0:
        return f"= 0{sep}{name}"
    number = f"{abs(shown):.{digits}f}"
    return f"▲ +{number}{sep}{name}" if shown > 0 else f"▼ −{number}{sep}{name}"


def shifted(timeline: SessionTimeline, offset: float) -> SessionTimeline:
    """A copy of ``timeline`` moved ``offset`` seconds later (earlier when negative); what
    falls before 0 is dropped. Used to line one take up with the other."""
    if offset == 0:
        return timeline
    out = copy.deepcopy(timeline)
    for s in out.signals:
        s.start += offset
        s.end = None if s.end is None else s.end + offset
    out.signals = [s for s in out.signals if s.end_or(s.start) >= 0]
    for s in out.signals:
        s.start = max(0.0, s.start)
    out.engagement = [(max(0.0, t + offset), st) for t, st in out.engagement]
    for p in out.quality_periods:
        p.start, p.end = max(0.0, p.start + offset), max(0.0, p.end + offset)
    out.quality_periods = [p for p in out.quality_periods if p.end > 0]
    out.feedback = [(max(0.0, t + offset), text) for t, text in out.feedback]
    out.markers = [replace(m, t=m.t + offset) for m in out.markers if m.t + offset >= 0]
    out.media_end = max(0.0, out.media_end + offset)
    return out


def take_of(entry: Entry) -> Take:
    """Read an entry's timeline from its folder (blocking: call it off the GUI thread)."""
    path = entry.folder / TIMELINE
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    timeline = SessionTimeline.from_dict(data)
    return Take(entry.title, entry.created_at, float(entry.duration or timeline.media_end),
                timeline)


def _num(value: float | None, digits: int = 0, seen: bool = True) -> str:
    if value is not None and not seen:
        return "no evidence"
    return "–" if value is None else f"{value:.{digits}f}"


def table_rows(c: Comparison, named: bool = True) -> list[tuple[str, str, str, str]]:
    """(what, take A, take B, delta) rows: the CLI's table, the view's grid (``named=False``:
    ``▲ +7`` without the dimension's name, which the row already shows)."""
    unit = None if named else ""
    rows = [("CQI", _num(c.cqi.a), _num(c.cqi.b), delta_label(c.cqi, unit=unit))]
    rows += [(d.name, _num(d.a, seen=d.evidence_a), _num(d.b, seen=d.evidence_b),
              delta_label(d, unit=unit)) for d in c.dimensions]
    for s in c.signals:
        label = delta_label(s.rate, 1, unit="/min")
        rows.append((s.signal_type, f"{s.count_a} · {_num(s.rate.a, 1)}/min",
                     f"{s.count_b} · {_num(s.rate.b, 1)}/min", label))
    return rows
