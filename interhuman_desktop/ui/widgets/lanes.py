"""SignalLanesWidget: one lane per signal type, the engagement band and the CQI line.

Each lane is drawn with a few items (one BarGraphItem per probability level), not one item per
event, and everything is rebuilt only when ``timeline.revision`` changed. Open intervals grow
to the live "now" via ``set_now``, which redraws only the lanes that have open intervals.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from interhuman_desktop.session.timeline import SessionTimeline, SignalInterval
from interhuman_desktop.ui.theme import is_dark
from interhuman_desktop.ui.widgets import lane_data as ld
from interhuman_desktop.ui.widgets import lane_texts
from interhuman_desktop.ui.widgets.lane_bars import LaneBars
from interhuman_desktop.ui.widgets.lane_coverage import LaneCoverage
from interhuman_desktop.ui.widgets.lane_legend import LaneLegend
from interhuman_desktop.ui.widgets.lane_overlays import LaneOverlays
from interhuman_desktop.ui.widgets.time_axis import TimeAxis

log = logging.getLogger(__name__)
AXIS_WIDTH = 118


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
                # fit()'s limits (35 s at attach) grow with the recording, or it stops following
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
        self.bars = LaneBars(self._view)
        self.coverage = LaneCoverage(self._view, self.legend)  # coverage.* bands (V2 stream)
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
        self._plot.getPlotItem().getAxis("left").setTicks([ld.row_ticks(rows), []])
        self._plot.setMinimumHeight(48 + 15 * height)
        self.setMaximumHeight(120 + 40 * height)  # few lanes: leave the room to the video
        self.bars.draw_all(self._index, self._now_or_end(), is_dark(self.palette()))
        self._overlays.draw_static(self._timeline, len(self._index.lanes), self._now_or_end())
        self.coverage.draw(self._timeline, height)
        self.setAccessibleDescription(lane_texts.summary(self._timeline, self._index,
                                                         self._now_or_end()))
        self._fit_labels()

    def _fit_labels(self, *_args: object) -> None:
        self._overlays.fit_labels(self._seconds_per_pixel())

    def _redraw_open_lanes(self) -> None:
        self.bars.draw_open(self._index, self._now_or_end(), is_dark(self.palette()))
        self._overlays.draw_open_tail(self._timeline, self._now_or_end())

    def _now_or_end(self) -> float:
        tl = self._timeline
        return self._now if self._now is not None else (tl.media_end if tl is not None else 0.0)

    # --- events -------------------------------------------------------------------------
    def _on_scene_click(self, event: Any) -> None:  # pyqtgraph's MouseClickEvent
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

    def _on_hover(self, pos: QPointF) -> None:
        text = ""  # a bar's evidence, else a marker line's note, else a coverage band's reason
        if self._view.sceneBoundingRect().contains(pos):
            point = self._view.mapSceneToView(pos)
            hit = self.interval_at(point.x(), point.y())
            text = lane_texts.tooltip(hit) if hit is not None else (self._overlays.marker_note(
                point.x(), self._seconds_per_pixel()) or self.coverage.tooltip_at(point.x()))
        self._plot.setToolTip(text)

    def _seconds_per_pixel(self) -> float:
        x0, x1 = self.x_range()
        return (x1 - x0) / max(1.0, float(self._view.width()))

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
