"""ProgressView: per-dimension CQI across library entries by date (a line each, with its
trend dashed), and signal rates per minute over time, filtered by tag and kind. Display only:
the progress controller (``ui.progress_wiring``) fills it from ``session.progress``."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from interhuman_desktop.session.progress import Progress, trend, trend_change, trend_per_week
from interhuman_desktop.ui.theme import dimension_colour, signal_colour
from interhuman_desktop.ui.widgets.empty_state import EmptyState
from interhuman_desktop.ui.widgets.progress_chart import ProgressChart, style_chart

log = logging.getLogger(__name__)
KIND_CHOICES = (("", "Files and live sessions"), ("file", "Files"), ("live", "Live sessions"))


class ProgressView(QWidget):
    """``filtersChanged(tag, kind)`` when a filter changes; ``shown`` when the page shows."""

    filtersChanged = Signal(str, str)
    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Progress")
        self.progress = Progress()
        self.curves: dict[str, dict[str, pg.PlotDataItem]] = {"quality": {}, "rates": {}}
        self.trends: dict[str, dict[str, pg.PlotDataItem]] = {"quality": {}, "rates": {}}
        self._setup_ui()

    # --- public API ------------------------------------------------------------------
    def tag(self) -> str:
        return str(self.tag_box.currentData() or "")

    def kind(self) -> str:
        return str(self.kind_box.currentData() or "")

    def show_tags(self, tags: list[str]) -> None:
        current = self.tag()
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItem("All tags", "")
        for tag in tags:
            self.tag_box.addItem(f"#{tag}", tag)
        self.tag_box.setCurrentIndex(max(0, self.tag_box.findData(current)))
        self.tag_box.blockSignals(False)

    def show_progress(self, progress: Progress) -> None:
        self.progress = progress
        self._pages.setCurrentIndex(1 if progress.points else 0)
        self._redraw()
        self.summary.setText(self._summary())

    # --- drawing ------------------------------------------------------------------------
    def _redraw(self) -> None:
        progress = self.progress
        self._draw("quality", self.quality_plot, progress.quality_series(), self._dim_colour)
        self._draw("rates", self.rates_plot, progress.rate_series(), signal_colour)

    def _dim_colour(self, name: str) -> QColor:
        """The index in the text colour (it reads in both themes), each dimension its own."""
        if name == "CQI":
            return QColor(self.palette().color(QPalette.ColorRole.Text))
        return dimension_colour(name)

    def _apply_palette(self) -> None:
        for chart in (self.quality_plot, self.rates_plot):
            style_chart(chart, self.palette())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed: restyle, redraw
            self._apply_palette()
            self._redraw()
        super().changeEvent(event)

    def _draw(self, key: str, plot: ProgressChart, series: dict[str, list[tuple[float, float]]],
              colour: Callable[[str], QColor]) -> None:
        item = plot.item
        item.clear()
        self.curves[key], self.trends[key] = {}, {}
        for name, pts in series.items():
            xs, ys = [x for x, _ in pts], [y for _, y in pts]
            c = colour(name)
            width = 3 if name == "CQI" else 2
            self.curves[key][name] = item.plot(
                xs, ys, name=name, pen=pg.mkPen(c, width=width), symbol="o", symbolSize=7,
                symbolBrush=c, symbolPen=c)
            line = trend(pts)
            if line is not None:
                slope, icpt = line
                x0, x1 = min(xs), max(xs)
                self.trends[key][name] = item.plot(
                    [x0, x1], [slope * x0 + icpt, slope * x1 + icpt],
                    pen=pg.mkPen(c, width=1, style=Qt.PenStyle.DashLine))
        if key == "quality":
            item.setYRange(0, 100, padding=0.02)
        xs = [p.when for p in self.progress.points]
        if xs:
            span = max(xs) - min(xs)
            pad = span * 0.05 if span > 0 else 3600.0
            item.setXRange(min(xs) - pad, max(xs) + pad + span * 0.15, padding=0)  # legend

    def _summary(self) -> str:
        n = len(self.progress.points)
        if n == 0:
            return ""
        cqi = self.progress.quality_series().get("CQI", [])
        text = f"{n} entr{'y' if n == 1 else 'ies'}"
        change = trend_change(cqi)
        if change is not None:
            arrow = "▲" if change >= 0.05 else "▼" if change <= -0.05 else "="
            shown = f"{change:+.1f}".replace("-", "−")
            text += f" · CQI trend {arrow} {shown} from the first to the last"
            week = trend_per_week(cqi)
            span = cqi[-1][0] - cqi[0][0]
            if week is not None and span >= 7 * 86400:  # per week only over weeks
                text += f" ({week:+.1f} per week)".replace("-", "−")
        return text + " · dashed lines: least-squares trends"

    # --- layout -------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        col = QVBoxLayout(self)
        col.setContentsMargins(24, 16, 24, 16)
        head = QHBoxLayout()
        head.addWidget(QLabel("<h2>Progress</h2>"))
        head.addStretch(1)
        self.tag_box = QComboBox()
        self.tag_box.setAccessibleName("Only entries with this tag")
        self.tag_box.addItem("All tags", "")
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Only entries of this kind")
        for key, label in KIND_CHOICES:
            self.kind_box.addItem(label, key)
        for box in (self.tag_box, self.kind_box):
            box.currentIndexChanged.connect(
                lambda _i: self.filtersChanged.emit(self.tag(), self.kind()))
            head.addWidget(box)
        col.addLayout(head)
        self.summary = QLabel("")
        self.summary.setAccessibleName("Progress summary")
        col.addWidget(self.summary)
        self.quality_plot = ProgressChart("Conversation quality by date", "score (0–100)")
        self.rates_plot = ProgressChart("Signals per minute by date", "per minute")
        self._apply_palette()
        charts = QWidget()
        charts_col = QVBoxLayout(charts)
        charts_col.setContentsMargins(0, 0, 0, 0)
        charts_col.addWidget(self.quality_plot.widget, 1)
        charts_col.addWidget(self.rates_plot.widget, 1)
        self.empty = EmptyState(
            "No progress to show yet",
            "Each analysed recording and live session in the Library becomes a point here, by "
            "date: the quality dimensions and the signals per minute, with their trend. Tag "
            "entries in the Library (e.g. one tag per client) to follow one person's progress.")
        self._pages = QStackedWidget()
        self._pages.addWidget(self.empty)
        self._pages.addWidget(charts)
        col.addWidget(self._pages, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()
