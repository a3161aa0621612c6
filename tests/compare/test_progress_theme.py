"""The Progress charts follow the theme (light and dark, switched at runtime like Settings
does) with readable lines, legend and axis text, and every series on a chart has its own
colour. Data: the two real takes analysed by the local engine (``takes``), and for the rates
chart with every signal type, hand-made points."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from waiting import UI_MS

from interhuman_desktop.core.palette import SIGNAL_TYPES
from interhuman_desktop.session.compare import take_of
from interhuman_desktop.session.progress import Point, Progress, progress
from interhuman_desktop.ui import theme

pytestmark = pytest.mark.slow
TEXT_RATIO, LINE_RATIO = 4.5, 3.0  # WCAG: normal text, graphical objects


@pytest.fixture
def view(qtbot):
    from interhuman_desktop.ui.views.progress import ProgressView

    widget = ProgressView()
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    yield widget
    theme.apply_theme(QApplication.instance(), "light")


def _charts(view):
    return {"quality": view.quality_plot, "rates": view.rates_plot}


def _pen(curve) -> QColor:
    return QColor(curve.opts["pen"].color())


def _switch(qtbot, view, mode: str) -> None:
    """Apply the theme like Settings does; the palette reaches the view by events."""
    dark = theme.apply_theme(QApplication.instance(), mode)

    def restyled() -> bool:
        chart_dark = view.quality_plot.background.lightness() < 128
        return theme.is_dark(view.palette()) is dark and chart_dark is dark

    qtbot.waitUntil(restyled, timeout=UI_MS)


def _check_readable(view, dark: bool) -> None:
    base = view.palette().color(view.palette().ColorRole.Base)
    assert theme.is_dark(view.palette()) is dark
    for key, chart in _charts(view).items():
        item = chart.item
        assert chart.background == base, key
        pixel = QColor(chart.widget.grab().toImage().pixel(3, 3))  # the painted corner
        assert theme.contrast(pixel, base) < 1.1, key
        for name in ("left", "bottom"):
            assert theme.contrast(item.getAxis(name).textPen().color(), base) >= TEXT_RATIO
        assert theme.contrast(QColor(item.titleLabel.opts["color"]), base) >= TEXT_RATIO
        labels = [label for _sample, label in chart.legend.items]
        assert len(labels) == len(view.curves[key]) > 0, key
        for label in labels:
            assert theme.contrast(QColor(label.opts["color"]), base) >= TEXT_RATIO, label.text
        for name, curve in view.curves[key].items():
            assert theme.contrast(_pen(curve), base) >= LINE_RATIO, (key, name)


def test_charts_follow_the_theme_when_it_changes(qtbot, view, takes) -> None:
    _switch(qtbot, view, "light")
    data = progress([(e, take_of(e)) for e in (takes.a, takes.b)])
    view.show_progress(data)
    _check_readable(view, dark=False)
    light_bg = view.quality_plot.background
    _switch(qtbot, view, "dark")  # at runtime, after drawing
    _check_readable(view, dark=True)
    assert view.quality_plot.background != light_bg
    assert view.curves["quality"]["CQI"].getData()[1].tolist() == pytest.approx(
        [p.quality["CQI"] for p in data.points])  # redrawn, same data
    _switch(qtbot, view, "light")
    _check_readable(view, dark=False)


def test_every_series_on_a_chart_has_its_own_colour(view, takes) -> None:
    real = progress([(e, take_of(e)) for e in (takes.a, takes.b)])
    every_type = {t: float(i) for i, t in enumerate(SIGNAL_TYPES)}
    made = Progress([Point(1, "one", 1.7e9, {"CQI": 60.0}, every_type),
                     Point(2, "two", 1.7e9 + 86400, {"CQI": 65.0}, every_type)])
    for data in (real, made):
        view.show_progress(data)
        for key in ("quality", "rates"):
            pens = [_pen(c).name() for c in view.curves[key].values()]
            assert len(pens) == len(set(pens)), (key, pens)
    assert len(view.curves["rates"]) == len(SIGNAL_TYPES)
    assert len(real.quality_series()) >= 3  # the real takes: the index and its dimensions
