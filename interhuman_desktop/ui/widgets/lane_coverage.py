"""Coverage bands on the lanes (decision #21): grey, hatched stretches across every lane where
the service did not analyse the media (``coverage.dropped``: "not analysed") or analysed it
with video frames missing (``coverage.degraded``: "partly analysed"), with a legend entry and
a tooltip that says why. The ranges come from ``SessionTimeline.coverage`` (recording time)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette

from interhuman_desktop.session.coverage import CoverageRange
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.theme import OKABE_ITO, muted
from interhuman_desktop.ui.widgets.lane_legend import LaneLegend

BRUSHES = {"dropped": Qt.BrushStyle.DiagCrossPattern, "degraded": Qt.BrushStyle.FDiagPattern}
ALPHA = {"dropped": 170, "degraded": 110}  # hatch lines: "not analysed" darker
REASONS = {
    "dropped": "the service could not analyse this stretch in time and skipped it "
               "(or the stream skipped ahead); it was not billed",
    "video_gap": "video frames were missing here, so the picture was only partly analysed",
}
MAX_LABELS = 40


def reason_text(r: CoverageRange) -> str:
    """The tooltip for one range: what it means and why."""
    if r.kind == "dropped":
        why = REASONS["dropped"]
    else:
        why = REASONS.get(r.reason or "", f"reason: {r.reason or 'none given'}")
    return f"{r.label.capitalize()} {r.start:.1f}–{r.end:.1f} s: {why}"


def legend_part(kinds: set[str]) -> str:
    """The legend's words for the kinds drawn ("" when none)."""
    words = {"dropped": "grey crosshatch = not analysed (the service skipped it)",
             "degraded": "hatched = partly analysed (video missing)"}
    return " · ".join(words[k] for k in ("dropped", "degraded") if k in kinds)


class LaneCoverage:
    """Two bar items (one per kind) behind the signal bars, the full height of the lanes."""

    def __init__(self, view: pg.ViewBox, legend: LaneLegend) -> None:
        self._view, self._legend = view, legend
        self._grey = QColor(OKABE_ITO["grey"])
        self.ranges: list[CoverageRange] = []
        self._bars = {kind: pg.BarGraphItem(x0=[], x1=[], y0=0, height=0) for kind in BRUSHES}
        self._fill = pg.BarGraphItem(x0=[], x1=[], y0=0, height=0)  # greys "not analysed" out
        for bar in (self._fill, *self._bars.values()):
            bar.setZValue(-8)  # a backdrop like the after-session tint, above it
            view.addItem(bar)
        self._labels: list[pg.TextItem] = []
        view.sigXRangeChanged.connect(self.fit_labels)
        view.sigResized.connect(self.fit_labels)

    def draw(self, tl: SessionTimeline | None, height: float) -> None:
        self.ranges = [r for r in (tl.coverage if tl is not None else []) if r.end > r.start]
        for label in self._labels:
            self._view.removeItem(label)
        self._labels = []
        for kind, bar in self._bars.items():
            mine = [r for r in self.ranges if r.kind == kind]
            bar.setOpts(x0=[r.start for r in mine], x1=[r.end for r in mine], y0=0,
                        height=height, pen=pg.mkPen(muted(self._grey, 160)),
                        brush=QBrush(muted(self._grey, ALPHA[kind]), BRUSHES[kind]))
        dropped = [r for r in self.ranges if r.kind == "dropped"]
        self._fill.setOpts(x0=[r.start for r in dropped], x1=[r.end for r in dropped], y0=0,
                           height=height, pen=pg.mkPen(None), brush=muted(self._grey, 45))
        for r in self.ranges[:MAX_LABELS]:
            self._label(r, height)
        self._legend.set_coverage(legend_part(self.kinds()))
        self.fit_labels()

    def spans(self, kind: str) -> list[tuple[float, float]]:
        """The drawn (start, end) of ``kind`` (for tests and the legend)."""
        bar = self._bars[kind]
        return list(zip(bar.opts["x0"], bar.opts["x1"], strict=True))

    def kinds(self) -> set[str]:
        return {r.kind for r in self.ranges}

    def at(self, x: float) -> CoverageRange | None:
        return next((r for r in self.ranges if r.start <= x <= r.end), None)

    def tooltip_at(self, x: float) -> str:
        hit = self.at(x)
        return "" if hit is None else reason_text(hit)

    def _label(self, r: CoverageRange, height: float) -> None:
        text = self._legend.palette().color(QPalette.ColorRole.Text)  # follows the theme
        item = pg.TextItem(r.label, color=text, anchor=(0, 1))
        item.setPos(r.start, height - 0.05)
        item.setZValue(10)
        self._view.addItem(item)
        self._labels.append(item)

    def fit_labels(self, *_args: object) -> None:
        """A label only where its band is wide enough for it at this zoom."""
        (x0, x1), _ = self._view.viewRange()
        seconds_per_pixel = max((x1 - x0) / max(1.0, float(self._view.width())), 1e-9)
        for item, r in zip(self._labels, self.ranges, strict=False):
            wide = (r.end - r.start) / seconds_per_pixel
            item.setVisible(wide >= item.boundingRect().width())
