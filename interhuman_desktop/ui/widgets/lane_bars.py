"""The signal lanes' bars: a few items per lane (one ``BarGraphItem`` per probability level),
not one per event, updated in place; the engagement signals draw as a strip on top of the one
engagement row."""

from __future__ import annotations

import logging

import pyqtgraph as pg

from interhuman_desktop.ui.theme import muted, probability_alpha, signal_colour
from interhuman_desktop.ui.widgets import lane_data as ld

log = logging.getLogger(__name__)
Key = tuple[str, str]  # (lane, probability level)


class LaneBars:
    """The bar items on ``view``; ``items`` by (lane, probability level)."""

    def __init__(self, view: pg.ViewBox) -> None:
        self._view = view
        self.items: dict[Key, pg.BarGraphItem] = {}

    def draw_all(self, index: ld.LaneIndex, end: float, dark: bool) -> None:
        """Every lane of ``index`` (open intervals drawn up to ``end``); stale items go."""
        keep: set[Key] = set()
        for row, lane in enumerate(index.lanes):
            keep |= self.draw_lane(index, row, lane, end, dark)
        for lane in ld.ENGAGEMENT_SIGNALS:  # one engagement row: these are its top strip
            if lane in index.intervals:
                keep |= self.draw_lane(index, len(index.lanes), lane, end, dark, strip=True)
        for key in set(self.items) - keep:
            self._view.removeItem(self.items.pop(key))

    def draw_open(self, index: ld.LaneIndex, end: float, dark: bool) -> None:
        """Only the lanes with an open interval, grown to ``end``."""
        rows = [(row, lane, False) for row, lane in enumerate(index.lanes)]
        rows += [(len(index.lanes), lane, True) for lane in ld.ENGAGEMENT_SIGNALS]
        for row, lane, strip in rows:
            if any(s.end is None for s in index.intervals.get(lane, [])):
                self.draw_lane(index, row, lane, end, dark, strip)

    def draw_lane(self, index: ld.LaneIndex, row: int, lane: str, end: float, dark: bool,
                  strip: bool = False) -> set[Key]:
        arrays = ld.bar_arrays(index.intervals.get(lane, []), end)
        colour = signal_colour(lane)
        keys = set()
        for prob, (x0, x1) in arrays.items():
            height = ld.BAR_HEIGHT[prob]
            y0 = row + (1 - height) / 2
            if strip:
                height = ld.STRIP[1] * height / ld.BAR_HEIGHT["high"]
                y0 = row + ld.STRIP[0] + ld.STRIP[1] - height
            opts = {"x0": x0, "x1": x1, "y0": y0, "height": height,
                    "brush": muted(colour, probability_alpha(prob, dark)),
                    "pen": pg.mkPen(colour, width=1) if prob == "low" else pg.mkPen(None)}
            key = (lane, prob)
            bar = self.items.get(key)
            if bar is None:
                bar = self.items[key] = pg.BarGraphItem(**opts)
                self._view.addItem(bar)
            else:
                bar.setOpts(**opts)
            keys.add(key)
        return keys
