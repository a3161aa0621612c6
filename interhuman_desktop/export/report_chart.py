"""The report's lanes chart: signals, engagement and the quality index, drawn with matplotlib's
Agg canvas (no pyplot, no GUI backend) into PNG bytes, in the app's colours (``core.palette``)."""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from interhuman_desktop.core.palette import (
    ENGAGEMENT_SIGNALS,
    OKABE_ITO,
    engagement_hex,
    lane_of,
    lane_order,
    signal_hex,
)
from interhuman_desktop.export.common import PROBABILITY_RANK
from interhuman_desktop.session.timeline import SessionTimeline, SignalInterval

ALPHA = {3: 0.95, 2: 0.65, 1: 0.35}


def _bar(ax: Axes, s: SignalInterval, end: float, y: tuple[float, float]) -> None:
    alpha = ALPHA.get(PROBABILITY_RANK.get(s.probability or "", 2), 0.65)
    ax.broken_barh([(s.start, max(s.end_or(end) - s.start, end / 400))], y,
                   facecolors=signal_hex(s.signal_type), alpha=alpha, gid=f"signal:{s.signal_type}")


def _signal_lanes(ax: Axes, timeline: SessionTimeline, end: float) -> None:
    """The app's rows (``core.palette.lane_order``): a lane per type, unknown types in
    "other", then the engagement row (engagement/disengagement signals over the state)."""
    lanes = lane_order(s.signal_type for s in timeline.signals)
    row = len(lanes)
    for s in timeline.signals:
        if s.signal_type in ENGAGEMENT_SIGNALS:  # the strip on top of the engagement row
            _bar(ax, s, end, (row - 0.42, 0.3))
        else:
            _bar(ax, s, end, (lanes.index(lane_of(s.signal_type)) - 0.38, 0.76))
    steps = timeline.engagement
    for i, (start, state) in enumerate(steps):
        stop = steps[i + 1][0] if i + 1 < len(steps) else end
        ax.broken_barh([(start, max(stop - start, 0.0))], (row - 0.08, 0.46),
                       facecolors=engagement_hex(state), gid=f"engagement:{state}")
    ax.set_yticks(range(row + 1), [*(t.replace("_", " ") for t in lanes), "engagement"])
    ax.set_ylim(row + 0.6, -0.6)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _quality_lane(ax: Axes, timeline: SessionTimeline, end: float) -> None:
    for p in timeline.quality_periods:
        index = p.values.get("quality_index")
        if p.no_evidence or index is None:
            ax.axvspan(p.start, p.end, color="#eeeeee")
            continue
        ax.plot([p.start, p.end], [index, index], color=OKABE_ITO["blue"], linewidth=2.2)
    for band in (30, 50, 65, 80):
        ax.axhline(band, color="#cccccc", linewidth=0.6, linestyle=":")
    ax.set_ylim(0, 100)
    ax.set_yticks([0, 50, 100])
    ax.set_ylabel("CQI", fontsize=8)
    ax.set_xlabel("recording time (s)", fontsize=8)


def lanes_figure(timeline: SessionTimeline, duration: float, width_in: float = 7.2) -> Figure:
    """The lanes over ``duration`` seconds as a matplotlib figure (on an Agg canvas)."""
    end = max(duration, timeline.media_end, 1.0)
    rows = len(lane_order(s.signal_type for s in timeline.signals)) + 1
    fig = Figure(figsize=(width_in, 0.9 + 0.28 * rows + 1.0), dpi=150)
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(2, 1, height_ratios=[max(rows, 2), 2.2], hspace=0.12)
    lanes = fig.add_subplot(grid[0])
    quality = fig.add_subplot(grid[1], sharex=lanes)
    _signal_lanes(lanes, timeline, end)
    _quality_lane(quality, timeline, end)
    for marker in timeline.markers:
        for ax in (lanes, quality):
            ax.axvline(marker.t, color="#555555", linewidth=0.8, linestyle="--")
    lanes.set_xlim(0, end)
    lanes.tick_params(labelbottom=False, labelsize=7)
    quality.tick_params(labelsize=7)
    fig.subplots_adjust(left=0.17, right=0.98, top=0.97, bottom=0.16)
    return fig


def lanes_png(timeline: SessionTimeline, duration: float, width_in: float = 7.2) -> bytes:
    """A PNG (150 dpi) of the lanes over ``duration`` seconds."""
    buffer = io.BytesIO()
    lanes_figure(timeline, duration, width_in).savefig(buffer, format="png")
    return buffer.getvalue()
