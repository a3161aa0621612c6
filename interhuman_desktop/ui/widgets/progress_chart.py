"""One Progress chart: a pyqtgraph plot over dates with a legend, styled from the widget
palette (background, axes, tick and label text, title, grid, legend) so it follows the light
and the dark theme; :func:`style_chart` runs again when the palette changes."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette

from interhuman_desktop.ui.widgets.date_axis import DateAxis

GRID_ALPHA = 0.25
LEGEND_FILL_ALPHA = 215  # the legend box over the lines, in the chart's own background


class ProgressChart:
    """A date-axis chart (``widget``) titled ``title`` with ``y_label`` on the left axis."""

    def __init__(self, title: str, y_label: str) -> None:
        self.widget = pg.PlotWidget(axisItems={"bottom": DateAxis("bottom")})
        self.title, self.y_label = title, y_label
        self.item: pg.PlotItem = self.widget.getPlotItem()
        self.item.hideButtons()
        self.item.setMenuEnabled(False)
        self.legend = self.item.addLegend(offset=(-10, 10), labelTextSize="8pt")

    @property
    def background(self) -> QColor:
        return QColor(self.widget.backgroundBrush().color())


def style_chart(chart: ProgressChart, palette: QPalette) -> None:
    """Colour ``chart`` from ``palette``: Base behind, Text for writing, the muted text colour
    for the axis lines and the grid (drawn in the axis pen, faded)."""
    base = QColor(palette.color(QPalette.ColorRole.Base))
    text = QColor(palette.color(QPalette.ColorRole.Text))
    mid = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
    chart.widget.setBackground(base)
    item = chart.item
    item.setTitle(chart.title, color=text.name())
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(mid))
        axis.setTextPen(pg.mkPen(text))
    item.setLabel("left", chart.y_label, color=text.name())
    item.showGrid(x=False, y=True, alpha=GRID_ALPHA)
    fill = QColor(base)
    fill.setAlpha(LEGEND_FILL_ALPHA)
    chart.legend.setBrush(fill)
    chart.legend.setPen(pg.mkPen(mid))
    chart.legend.setLabelTextColor(text)  # for the labels made from now on (redraw after)
