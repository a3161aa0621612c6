"""The signal lanes in words (no Qt): the screen-reader summary, since the bars are not
accessible items, and a bar's tooltip."""

from __future__ import annotations

from interhuman_desktop.session.coverage import in_words
from interhuman_desktop.session.timeline import SessionTimeline, SignalInterval
from interhuman_desktop.ui.timefmt import fmt_range, fmt_time
from interhuman_desktop.ui.widgets.lane_data import LaneIndex


def summary(tl: SessionTimeline | None, index: LaneIndex, end: float) -> str:
    """e.g. ``12 signals over 01:05: stress 3, interest 9``."""
    if tl is None or not (tl.signals or tl.engagement or tl.quality_periods):
        return "No signals yet" + (in_words(tl.coverage) if tl is not None else "")
    lanes = ", ".join(f"{lane} {len(index.intervals[lane])}" for lane in index.lanes)
    late = len(tl.after_session)
    after = f"; {late} stretches analysed after the session" if late else ""
    cover = in_words(tl.coverage)  # coverage.* bands: "; 12.0 s not analysed"
    return f"{len(tl.signals)} signals over {fmt_time(end, 0)}: {lanes}{after}{cover}"


def tooltip(hit: SignalInterval) -> str:
    """Type, likelihood, when, and the rationale when there is one."""
    tip = (f"{hit.signal_type.capitalize()} · likelihood {hit.probability or 'unknown'}\n"
           f"{fmt_range(hit.start, hit.end)}")
    return tip + (f"\n{hit.rationale}" if hit.rationale else "")
