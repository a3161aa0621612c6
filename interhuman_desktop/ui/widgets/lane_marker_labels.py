"""The markers' note labels on the lanes: inside the plot, never over each other.

Each label starts at its marker's line (or ends there, near the right edge), a few pixels
under the top edge. Labels that would touch go on the next row down (at most ``ROWS``);
a label with no room left is hidden. Notes longer than ``MAX_LABEL_PX`` are elided with "…";
the whole note is the label's tooltip and the lanes' hover text (:meth:`note_at`). Laid out
again whenever the zoom, the pan or the size changes.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics

from interhuman_desktop.session.timeline import Marker
from interhuman_desktop.ui.timefmt import fmt_time

MAX_LABEL_PX = 180
ROWS = 3
GAP_PX = 6  # between two labels on one row
TOP_PX = 2  # under the plot's top edge
HOVER_PX = 4  # how near a marker line the pointer must be for its note


def full_note(marker: Marker) -> str:
    return f"Marker at {fmt_time(marker.t)}: {marker.note or '(no note)'}"


class MarkerLabels:
    """The label items of one lanes plot; ``layout()`` after every view change."""

    def __init__(self, view: pg.ViewBox) -> None:
        self._view = view
        self.items: list[pg.TextItem] = []
        self._markers: list[Marker] = []

    def set_markers(self, markers: list[Marker], text: QColor, fill: QColor) -> None:
        for item in self.items:
            self._view.removeItem(item)
        self._markers = sorted(markers, key=lambda m: m.t)
        self.items = [self._item(m, text, fill) for m in self._markers]
        self.layout()

    def _item(self, marker: Marker, text: QColor, fill: QColor) -> pg.TextItem:
        item = pg.TextItem("", color=text, fill=fill, anchor=(0, 0))
        metrics = QFontMetrics(item.textItem.font())
        item.setText(metrics.elidedText(marker.note or "marker", Qt.TextElideMode.ElideRight,
                                        MAX_LABEL_PX))
        item.setToolTip(full_note(marker))
        item.setZValue(15)
        self._view.addItem(item)
        return item

    def layout(self) -> None:
        """Place every label inside the view, staggered so none overlaps another."""
        width, height = float(self._view.width()), float(self._view.height())
        if width <= 0 or height <= 0:
            return
        (x0, x1), (y0, y1) = self._view.viewRange()
        per_px_x, per_px_y = (x1 - x0) / width, (y1 - y0) / height
        row_end = [float("-inf")] * ROWS
        for marker, item in zip(self._markers, self.items, strict=True):
            w, h = self._size(item)
            px = (marker.t - x0) / per_px_x
            left = px if px + w <= width else px - w  # near the right edge: end at the line
            left = max(0.0, min(left, width - w))
            row = next((r for r in range(ROWS) if row_end[r] + GAP_PX <= left), None)
            top = TOP_PX + (row or 0) * (h + 1)
            if not 0 <= px <= width or row is None or top + h > height:
                item.setVisible(False)
                continue
            row_end[row] = left + w
            item.setPos(x0 + left * per_px_x, y0 + top * per_px_y)  # y0: the top (inverted)
            item.setVisible(True)

    @staticmethod
    def _size(item: pg.TextItem) -> tuple[float, float]:
        rect = item.textItem.boundingRect()
        return float(rect.width()), float(rect.height())

    def note_at(self, x_seconds: float, seconds_per_px: float) -> str | None:
        """The whole note of the marker whose line is under the pointer."""
        near = [m for m in self._markers if abs(m.t - x_seconds) <= HOVER_PX * seconds_per_px]
        return full_note(min(near, key=lambda m: abs(m.t - x_seconds))) if near else None

    def shown(self) -> list[pg.TextItem]:
        return [item for item in self.items if item.isVisible()]
