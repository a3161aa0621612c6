"""Coverage bands on the lanes: where coverage.* said, a legend entry, a tooltip with the reason,
and the same bands after the entry is reopened in Review from the library."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF

from interhuman_desktop.ui.widgets.lane_coverage import reason_text
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget


@pytest.fixture
def lanes(qtbot):
    widget = SignalLanesWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def hover(lanes: SignalLanesWidget, x: float, y: float) -> str:
    scene = lanes.plot_item.getViewBox().mapViewToScene(QPointF(x, y))
    lanes._on_hover(scene)
    return lanes._plot.toolTip()


def test_bands_are_drawn_where_coverage_said_with_legend_and_tooltip(lanes, timeline) -> None:
    assert "not analysed" not in lanes.legend.text()  # no bands, no legend entry
    timeline.coverage_reported("dropped", 2.2, 2.9)
    timeline.coverage_reported("degraded", 5.6, 5.9, "video_gap")
    lanes.set_timeline(timeline)
    assert lanes.coverage.spans("dropped") == [(2.2, 2.9)]
    assert lanes.coverage.spans("degraded") == [(5.6, 5.9)]
    assert "not analysed" in lanes.legend.text() and "partly analysed" in lanes.legend.text()
    tip = hover(lanes, 2.5, 0.5)  # the confidence lane has no bar there: the band's reason
    assert tip.startswith("Not analysed 2.2–2.9 s") and "not billed" in tip
    assert "video frames were missing" in hover(lanes, 5.7, 0.5)
    assert hover(lanes, 2.5, 1.5).startswith("Stress · likelihood medium")  # a bar wins
    assert "; 0.7 s not analysed, 0.3 s partly analysed" in lanes.accessibleDescription()
    assert hover(lanes, 1.0, 3.5) == ""  # outside every band and bar
    timeline.coverage.clear()
    timeline.revision += 1
    lanes.refresh()
    assert lanes.coverage.spans("dropped") == [] and "not analysed" not in lanes.legend.text()


def test_the_reason_text_of_an_unknown_degradation_says_what_came() -> None:
    from interhuman_desktop.session.coverage import CoverageRange

    assert reason_text(CoverageRange("degraded", 1, 2, "low_light")).endswith("reason: low_light")
