"""The signal lanes' bottom axis: labelled mm:ss, ticking on steps a person would choose."""

from __future__ import annotations

import logging

import pyqtgraph as pg

from interhuman_desktop.ui.timefmt import fmt_time

log = logging.getLogger(__name__)

# Tick steps a person would choose: sub-second, seconds, then whole minutes.
TICK_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
MIN_TICK_PX = 80


def tick_step(span: float, pixels: float) -> float:
    """The smallest human-friendly step that leaves ``MIN_TICK_PX`` between labels."""
    wanted = span * MIN_TICK_PX / max(pixels, 1.0)
    return next((s for s in TICK_STEPS if s >= wanted), TICK_STEPS[-1])


class TimeAxis(pg.AxisItem):
    """Bottom axis labelled mm:ss, ticking on whole seconds/minutes."""

    def tickSpacing(self, minVal: float, maxVal: float,  # pyqtgraph's camelCase API
                    size: float) -> list[tuple[float, float]]:
        step = tick_step(maxVal - minVal, size)
        minor = next((s for s in reversed(TICK_STEPS) if s < step and step % s == 0), step)
        return [(step, 0), (minor, 0)] if minor < step else [(step, 0)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        decimals = 1 if spacing < 1 else 0
        return [fmt_time(v, decimals) if v >= 0 else "" for v in values]
