"""SignalLanesWidget: one lane per signal type, the engagement band and the CQI line.

Each lane is drawn with a few items (one BarGraphItem per probability level), not one item per
event, and everything is rebuilt only when ``timeline.revision`` changed. Open intervals grow
to the live "now" via ``set_now``, which redraws only the lanes that have open intervals.
"""

from __future__ import annotations

import logging
import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from interhuman_desktop.session.timeline import SessionTimeline, SignalInterval
from interhuman_desktop.ui.theme import is_dark, muted, probability_alpha, signal_colour
from interhuman_desktop.ui.timefmt import fmt_range, fmt_time
from interhuman_desktop.ui.widgets import lane_data as ld
from interhuman_desktop.ui.widgets.lane_legend import LaneLegend
from interhuman_desktop.ui.widgets.lane_overlays import LaneOverlays

log = logging.getLogger(__name__)
AXIS_WIDTH = 118


# Tick steps a person would choose: sub-second, seconds, then whole minutes.
TICK_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
MIN_TICK_PX = 80


def tick_step(span: float, pixels: float) -> float:
    """The smallest human-friendly step that leaves ``MIN_TICK_PX`` between labels."""
    wanted = span * MIN_TICK_PX / max(pixels, 1.0)
    return next((s for s in TICK_STEPS if s >= wanted), TICK_STEPS[-1])


class TimeAxis(pg.AxisItem):
    """Bottom axis labelled mm:ss, ticking on whole seconds/minutes."""

    def tickSpacing(self, minVal, maxVal, size):  # pyqtgraph's camelCase API
        step = tick_step(maxVal - minVal, size)
        minor = next((s for s in reversed(TICK_STEPS) if s < step and step % s == 0), step)
        return [(step, 0), (minor, 0)] if minor < step else [(step, 0)]

    def tickStrings(self, values, scale, spacing):
        decimals = 1 if spacing < 1 else 0
        return [fmt_time(v, decimals) if v >= 0 else "" for v in values]


class SignalLanesWidget(QWidget):
    """Lanes for a :class:`SessionTimeline`; emits clicks as signals or seek requests."""

    signalClicked = Signal(object)  # SignalInterval
    seekRequested = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline: SessionTimeline | None = None
        self._revision = -1
        self._now: float | None = None
        self._index = ld.build_index(None)
        self._bars: dict[tuple[str, str], pg.BarGraphItem] = {}
        self.follow_window: float | None = None
        self._x_max = 35.0
        self.extra_lanes: tuple[str, ...] = ()  # lanes drawn even when empty
        self._setup_ui()
        self.setAccessibleName("Signal timeline")

    # --- public API ------------------------------------------------------------------
    @property
    def plot_item(self) -> pg.PlotItem:
        return self._plot.getPlotItem()

    @property
    def lanes(self) -> list[str]:
        """Row labels from the top (signal lanes, then Engagement and Quality)."""
        return self._index.rows

    @property
    def lane_index(self) -> ld.LaneIndex:
        return self._index

    def set_timeline(self, timeline: SessionTimeline | None) -> None:
        self._timeline = timeline
        self._revision = -1
        self.refresh()
        self.fit()

    def set_playhead(self, seconds: float | None) -> None:
        """The review playhead (None hides it, e.g. while live)."""
        self._overlays.set_playhead(seconds)

    def set_now(self, seconds: float | None) -> None:
        """Live: open intervals are drawn up to ``seconds``; the view follows if asked."""
        self._now = seconds
        self._overlays.set_now(seconds)
        self.legend.set_live(seconds is not None)
        if self._timeline is not None and seconds is not None:
            self._redraw_open_lanes()
            if self.follow_window:
                # The limits set by fit() at attach (an empty recording: 35 s) must grow with
                # the recording, or the view is clamped there and stops following.
                self._x_max = max(self._x_max, seconds + 5.0)
                self._view.setLimits(xMax=self._x_max)
                self._view.setXRange(max(0.0, seconds - self.follow_window), seconds + 2.0,
                                     padding=0)

    def set_loop(self, start: float | None, end: float | None = None) -> None:
        self._overlays.set_loop(start, end)

    def set_selected(self, interval: SignalInterval | None) -> None:
        row = self._index.row_of(ld.lane_of(interval.signal_type)) if interval else None
        self._overlays.set_selected(interval, row, self._now_or_end())

    def after_session_stretches(self) -> list[tuple[float, float]]:
        """The shaded stretches that were analysed by upload after the live session."""
        return self._overlays.after_session_spans

    def set_lag(self, seconds: float | None) -> None:
        self._overlays.set_lag(self._now, seconds)

    def refresh(self, force: bool = False) -> bool:
        """Redraw if the timeline's revision changed (or ``force``); True when it redrew."""
        tl = self._timeline
        if not force and tl is not None and tl.revision == self._revision:
            return False
        if tl is None and self._revision == -2 and not force:
            return False
        self._revision = tl.revision if tl is not None else -2
        self._rebuild()
        return True

    def fit(self) -> None:
        end = self._now_or_end()
        self._x_max = max(end * 1.1, 30.0) + 5.0
        self._view.setLimits(xMin=-1.0, xMax=self._x_max)
        self._view.setXRange(0.0, max(end, 10.0), padding=0.01)

    def ensure_visible(self, seconds: float, margin: float = 0.1) -> None:
        """Pan (keeping the zoom) so ``seconds`` is in view, ``margin`` of the width in."""
        x0, x1 = self.x_range()
        if not x0 <= seconds <= x1:
            width = x1 - x0
            start = max(-1.0, seconds - margin * width)
            self._view.setXRange(start, start + width, padding=0)

    def zoom(self, factor: float, centre: float | None = None) -> None:
        """Scale the visible time span by ``factor`` (< 1 zooms in) around ``centre``."""
        x0, x1 = self.x_range()
        c = (x0 + x1) / 2 if centre is None else centre
        width = max(0.5, (x1 - x0) * factor)
        share = (c - x0) / (x1 - x0) if x1 > x0 else 0.5
        self._view.setXRange(c - width * share, c + width * (1 - share), padding=0)

    def drawn(self) -> dict[str, object]:
        return self._overlays.drawn()

    def x_range(self) -> tuple[float, float]:
        (x0, x1), _ = self._view.viewRange()
        return float(x0), float(x1)

    # --- building ----------------------------------------------------------------------
    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._plot = pg.PlotWidget(axisItems={"bottom": TimeAxis("bottom")})
        self._plot.setAccessibleName("Signal lanes plot")
        layout.addWidget(self._plot, 1)
        self.legend = LaneLegend()
        layout.addWidget(self.legend)
        item = self._plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        self._view: pg.ViewBox = item.getViewBox()
        self._view.setMouseEnabled(x=True, y=False)
        self._view.invertY(True)
        item.getAxis("left").setWidth(AXIS_WIDTH)
        self._overlays = LaneOverlays(self._view, self._plot.getPlotItem())
        self._plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self._view.sigXRangeChanged.connect(self._fit_labels)
        self._view.sigResized.connect(self._fit_labels)
        self._plot.scene().sigMouseMoved.connect(self._on_hover)
        self._apply_palette()

    def _rebuild(self) -> None:
        self._index = ld.build_index(self._timeline, self.extra_lanes)
        rows = self._index.rows
        height = len(rows) + ld.QUALITY_EXTRA  # the quality lane is taller than the others
        self._view.setLimits(yMin=0, yMax=height)
        self._view.setYRange(0, height, padding=0)
        ticks = [(i + (0.5 + ld.QUALITY_EXTRA / 2 if name == ld.QUALITY_ROW else 0.5),
                  name[:1].upper() + name[1:]) for i, name in enumerate(rows)]
        self._plot.getPlotItem().getAxis("left").setTicks([ticks, []])
        self._plot.setMinimumHeight(48 + 15 * height)
        self.setMaximumHeight(120 + 40 * height)  # few lanes: leave the room to the video
        keep: set[tuple[str, str]] = set()
        for row, lane in enumerate(self._index.lanes):
            keep |= self._draw_lane(row, lane)
        for lane in ld.ENGAGEMENT_SIGNALS:  # one engagement row: these are its top strip
            if lane in self._index.intervals:
                keep |= self._draw_lane(len(self._index.lanes), lane, strip=True)
        for key in set(self._bars) - keep:
            self._view.removeItem(self._bars.pop(key))
        tl = self._timeline
        self._overlays.draw_static(tl, len(self._index.lanes), self._now_or_end())
        self._describe()
        self._fit_labels()

    def _fit_labels(self, *_args) -> None:
        self._overlays.fit_labels(self._seconds_per_pixel())

    def _describe(self) -> None:
        """A screen-reader summary, since the bars themselves are not accessible items."""
        tl = self._timeline
        if tl is None or not (tl.signals or tl.engagement or tl.quality_periods):
            self.setAccessibleDescription("No signals yet")
            return
        lanes = ", ".join(f"{lane} {len(self._index.intervals[lane])}"
                          for lane in self._index.lanes)
        late = len(tl.after_session)
        after = f"; {late} stretches analysed after the session" if late else ""
        self.setAccessibleDescription(
            f"{len(tl.signals)} signals over {fmt_time(self._now_or_end(), 0)}: {lanes}{after}")

    def _draw_lane(self, row: int, lane: str, strip: bool = False) -> set[tuple[str, str]]:
        arrays = ld.bar_arrays(self._index.intervals.get(lane, []), self._now_or_end())
        colour = signal_colour(lane)
        dark = is_dark(self.palette())
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
            bar = self._bars.get(key)
            if bar is None:
                bar = self._bars[key] = pg.BarGraphItem(**opts)
                self._view.addItem(bar)
            else:
                bar.setOpts(**opts)
            keys.add(key)
        return keys

    def _redraw_open_lanes(self) -> None:
        rows = [(row, lane, False) for row, lane in enumerate(self._index.lanes)]
        rows += [(len(self._index.lanes), lane, True) for lane in ld.ENGAGEMENT_SIGNALS]
        for row, lane, strip in rows:
            if any(s.end is None for s in self._index.intervals.get(lane, [])):
                self._draw_lane(row, lane, strip)
        self._overlays.draw_open_tail(self._timeline, self._now_or_end())

    def _now_or_end(self) -> float:
        if self._now is not None:
            return self._now
        return self._timeline.media_end if self._timeline is not None else 0.0

    # --- events -------------------------------------------------------------------------
    def _on_scene_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.scenePos()
        if not self._view.sceneBoundingRect().contains(pos):
            return
        point = self._view.mapSceneToView(pos)
        event.accept()
        self.click_at(point.x(), point.y())

    def interval_at(self, x: float, y: float) -> SignalInterval | None:
        """The signal bar at view coordinates (seconds, row units), with a few pixels' slop."""
        row = math.floor(y)
        slop = 3 * self._seconds_per_pixel()
        for lane in self._index.lanes_in_row(row, y - row):
            hit = self._index.hit(lane, x, self._now_or_end(), slop)
            if hit is not None:
                return hit
        return None

    def click_at(self, x: float, y: float) -> None:
        """Handle a click at view coordinates: a bar emits signalClicked, else seekRequested."""
        hit = self.interval_at(x, y)
        if hit is not None:
            log.debug("signal clicked: %s at %.2f", hit.signal_type, hit.start)
            self.signalClicked.emit(hit)
        else:
            self.seekRequested.emit(max(0.0, float(x)))

    def _on_hover(self, pos) -> None:
        hit = None
        if self._view.sceneBoundingRect().contains(pos):
            point = self._view.mapSceneToView(pos)
            hit = self.interval_at(point.x(), point.y())
        if hit is None:
            self._plot.setToolTip("")
            return
        tip = (f"{hit.signal_type.capitalize()} · likelihood {hit.probability or 'unknown'}\n"
               f"{fmt_range(hit.start, hit.end)}")
        self._plot.setToolTip(tip + (f"\n{hit.rationale}" if hit.rationale else ""))

    def _seconds_per_pixel(self) -> float:
        x0, x1 = self.x_range()
        return (x1 - x0) / max(1.0, self._view.width())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
            self.refresh(force=True)  # bar opacity depends on light/dark
        super().changeEvent(event)

    def _apply_palette(self) -> None:
        pal = self.palette()
        self._plot.setBackground(pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.Text)
        for name in ("left", "bottom"):
            axis = self._plot.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(pal.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(text))
        self._overlays.set_colours(text, QColor(pal.color(QPalette.ColorRole.Highlight)),
                                   pal.color(QPalette.ColorRole.Base))
