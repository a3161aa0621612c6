"""The non-signal parts of the lanes: engagement band, CQI line, markers, playhead, loop."""

from __future__ import annotations

from typing import TypeVar

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from interhuman_desktop.session.timeline import SessionTimeline, SignalInterval
from interhuman_desktop.ui.theme import ENGAGEMENT_COLOURS, OKABE_ITO, muted
from interhuman_desktop.ui.widgets import lane_data as ld
from interhuman_desktop.ui.widgets.lane_marker_labels import MarkerLabels

_Item = TypeVar("_Item")
MAX_LABELS = 40  # text labels beyond this would overlap when zoomed out; the legend covers it


class LaneOverlays:
    """Owns every item of the lanes plot except the signal bars."""

    def __init__(self, view: pg.ViewBox, plot: pg.PlotItem) -> None:
        self._view = view
        self._text = QColor("#444444")
        self._accent = QColor(OKABE_ITO["blue"])
        self._base = QColor("#ffffff")
        self._engagement = {s: self._add(pg.BarGraphItem(x0=[], x1=[], y0=0, height=0))
                            for s in ENGAGEMENT_COLOURS}
        self._no_evidence = self._add(pg.BarGraphItem(x0=[], x1=[], y0=0, height=0))
        self._after_session = self._add(pg.BarGraphItem(x0=[], x1=[], y0=0, height=0))
        self._after_session.setZValue(-10)  # under the bars: a backdrop, not a lane
        self._after_session_spans: list[tuple[float, float]] = []
        self._cqi = pg.PlotDataItem(connect="finite")
        self._cqi.setZValue(5)
        self._add(self._cqi)
        self._mid_line = self._add(pg.InfiniteLine(angle=0, movable=False))
        self._labels: list[pg.TextItem] = []
        self._label_room: list[float] = []  # seconds of room to the right of each label
        self._markers: list[pg.InfiniteLine] = []
        self.marker_labels = MarkerLabels(view)  # their notes, staggered inside the plot
        self._row_lines: list[pg.InfiniteLine] = []
        self._loop = self._add(pg.LinearRegionItem(movable=False))
        self._loop.setVisible(False)
        self._lag = self._add(pg.LinearRegionItem(movable=False))
        self._lag.setVisible(False)
        self._selected = self._add(pg.BarGraphItem(x0=[0], x1=[0], y0=0, height=0))
        self._selected.setVisible(False)
        self._now_line = self._add(pg.InfiniteLine(angle=90, movable=False))
        self._now_line.setVisible(False)
        self._playhead = self._add(pg.InfiniteLine(angle=90, movable=False))
        self._playhead.setZValue(20)
        self._eng_row = 0
        self.set_colours(self._text, self._accent)

    def _add(self, item: _Item) -> _Item:
        self._view.addItem(item)
        return item

    def set_colours(self, text: QColor, accent: QColor, base: QColor | None = None) -> None:
        self._text, self._accent = QColor(text), QColor(accent)
        self._base = QColor(base) if base is not None else self._base
        self._playhead.setPen(pg.mkPen(accent, width=2))
        self._now_line.setPen(pg.mkPen(muted(text, 160), width=1, style=Qt.PenStyle.DashLine))
        self._cqi.setPen(pg.mkPen(text, width=2))
        self._mid_line.setPen(pg.mkPen(muted(text, 60), style=Qt.PenStyle.DotLine))
        self._selected.setOpts(pen=pg.mkPen(text, width=2.5), brush=QBrush(Qt.BrushStyle.NoBrush))
        self._loop.setBrush(muted(accent, 45))
        self._lag.setBrush(QBrush(muted(text, 40), Qt.BrushStyle.BDiagPattern))
        for line in (*self._loop.lines, *self._lag.lines):
            line.setPen(pg.mkPen(muted(accent, 120)))

    # --- static (per revision) -------------------------------------------------------
    def draw_static(self, tl: SessionTimeline | None, eng_row: int, end: float) -> None:
        self._eng_row = eng_row
        for label in self._labels:
            self._view.removeItem(label)
        self._labels, self._label_room = [], []
        self._draw_rows(eng_row + 2)
        self._draw_engagement(tl, end)
        self._draw_quality(tl, eng_row + 1)
        self._draw_markers(tl)
        self._draw_after_session(tl, eng_row + 1 + 1.0 + ld.QUALITY_EXTRA)

    @property
    def after_session_spans(self) -> list[tuple[float, float]]:
        return list(self._after_session_spans)

    def _draw_after_session(self, tl: SessionTimeline | None, height: float) -> None:
        """Shade the stretches analysed by upload after the session, across every lane."""
        spans = [(a, b) for a, b in (tl.after_session if tl else []) if b > a]
        self._after_session_spans = spans
        self._after_session.setOpts(
            x0=[a for a, _ in spans], x1=[b for _, b in spans], y0=0, height=height,
            brush=QBrush(muted(self._accent, 28)), pen=pg.mkPen(None))
        for a, b in spans[:MAX_LABELS]:
            self._label("analysed after the session", a, b, height - 0.25, colour=self._text)

    def draw_open_tail(self, tl: SessionTimeline | None, end: float) -> None:
        self._draw_engagement(tl, end, labels=False)

    def _draw_rows(self, n_rows: int) -> None:
        for line in self._row_lines:
            self._view.removeItem(line)
        pen = pg.mkPen(muted(self._text, 35))
        self._row_lines = [self._add(pg.InfiniteLine(pos=i, angle=0, pen=pen, movable=False))
                           for i in range(1, n_rows)]

    def _draw_engagement(self, tl: SessionTimeline | None, end: float, labels: bool = True
                         ) -> None:
        segments = ld.engagement_segments(tl.engagement if tl else [], end)
        row = self._eng_row
        for state, bar in self._engagement.items():
            mine = [(a, b) for a, b, s in segments if s == state]
            bar.setOpts(x0=[a for a, _ in mine], x1=[b for _, b in mine], y0=row + 0.38,
                        height=0.58, brush=muted(QColor(ENGAGEMENT_COLOURS[state]), 200),
                        pen=pg.mkPen(None))  # below the engagement signals' strip
        if labels and len(segments) <= MAX_LABELS:
            for a, b, state in segments:
                self._label(state, a, b, row + 0.67, colour=QColor("#111111"))

    def _draw_quality(self, tl: SessionTimeline | None, row: int) -> None:
        xs, ys, runs = ld.cqi_series(tl.quality_periods if tl else [])
        span = 1.0 + ld.QUALITY_EXTRA
        self._cqi.setData(xs, row + span * (0.95 - 0.9 * ys / 100.0))
        self._mid_line.setPos(row + span / 2)
        self._no_evidence.setOpts(
            x0=[a for a, _ in runs], x1=[b for _, b in runs], y0=row + 0.05, height=span - 0.1,
            brush=QBrush(muted(self._text, 90), Qt.BrushStyle.BDiagPattern),
            pen=pg.mkPen(muted(self._text, 80)))
        for a, b in runs[:MAX_LABELS]:
            self._label("no evidence", a, b, row + span / 2, colour=self._text)

    def _draw_markers(self, tl: SessionTimeline | None) -> None:
        for line in self._markers:
            self._view.removeItem(line)
        pen = pg.mkPen(QColor(OKABE_ITO["reddish_purple"]), width=1.5,
                       style=Qt.PenStyle.DashLine)
        self._markers = []
        markers = list(tl.markers) if tl else []
        for m in markers:
            self._markers.append(self._add(pg.InfiniteLine(pos=m.t, angle=90, pen=pen,
                                                           movable=False)))
        self.marker_labels.set_markers(markers, self._text, muted(self._base, 210))

    def marker_note(self, x: float, seconds_per_pixel: float) -> str:
        """The whole note of the marker line at ``x`` (seconds), "" when there is none."""
        return self.marker_labels.note_at(x, seconds_per_pixel) or ""

    def _label(self, text: str, x0: float, x1: float, y: float, colour: QColor) -> None:
        item = pg.TextItem(text, color=colour, anchor=(0, 0.5))
        item.setPos(x0, y)
        item.setZValue(10)
        self._labels.append(self._add(item))
        self._label_room.append(x1 - x0)

    def fit_labels(self, seconds_per_pixel: float) -> None:
        """Show a label only where its segment is wide enough for it at this zoom."""
        for item, room in zip(self._labels, self._label_room, strict=True):
            item.setVisible(room / max(seconds_per_pixel, 1e-9) >= item.boundingRect().width())
        self.marker_labels.layout()

    # --- what is drawn (for tests and accessibility) ---------------------------------
    def drawn(self) -> dict[str, object]:
        """The now-line (None when hidden), the lag region and the marker positions."""
        return {"now": self._now_line.value() if self._now_line.isVisible() else None,
                "lag": tuple(self._lag.getRegion()) if self._lag.isVisible() else None,
                "markers": [float(line.value()) for line in self._markers]}

    # --- dynamic ------------------------------------------------------------------------
    def set_playhead(self, seconds: float | None) -> None:
        self._playhead.setVisible(seconds is not None)
        if seconds is not None:
            self._playhead.setPos(seconds)

    def set_now(self, seconds: float | None) -> None:
        self._now_line.setVisible(seconds is not None)
        if seconds is not None:
            self._now_line.setPos(seconds)

    def set_loop(self, start: float | None, end: float | None) -> None:
        visible = start is not None and end is not None and end > start
        self._loop.setVisible(visible)
        if visible:
            self._loop.setRegion((start, end))

    def set_lag(self, now: float | None, lag: float | None) -> None:
        visible = now is not None and lag is not None and lag > 0
        self._lag.setVisible(visible)
        if visible:
            self._lag.setRegion((now - lag, now))

    def set_selected(self, interval: SignalInterval | None, row: int | None, now: float) -> None:
        self._selected.setVisible(interval is not None)
        if interval is not None and row is not None:
            self._selected.setOpts(x0=[interval.start], x1=[interval.end_or(now)],
                                   y0=row + 0.04, height=0.92)
