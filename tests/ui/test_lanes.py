"""SignalLanesWidget: drawing, click-to-seek, click-on-signal, refresh by revision, speed."""

from __future__ import annotations

import time

import pytest
from hour_timeline import hour_timeline
from PySide6.QtCore import QPoint, QPointF, Qt
from waiting import UI_MS

from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget


@pytest.fixture
def lanes(qtbot):
    widget = SignalLanesWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def viewport_point(lanes: SignalLanesWidget, x: float, y: float) -> QPoint:
    view = lanes.plot_item.getViewBox()
    scene = view.mapViewToScene(QPointF(x, y))
    return lanes._plot.mapFromScene(scene)


def test_lanes_follow_the_timeline(lanes, timeline) -> None:
    lanes.set_timeline(timeline)
    assert lanes.lanes == ["confidence", "stress", "other", "Engagement", "Quality index"]
    assert not lanes.refresh()  # same revision: nothing to redraw
    lanes.grab()


def test_click_on_empty_space_requests_a_seek(qtbot, lanes, timeline) -> None:
    lanes.set_timeline(timeline)
    qtbot.wait(50)
    pos = viewport_point(lanes, 2.5, 0.5)  # confidence lane, between its two bars
    with qtbot.waitSignal(lanes.seekRequested, timeout=UI_MS) as blocker:
        qtbot.mouseClick(lanes._plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args[0] == pytest.approx(2.5, abs=0.1)


def test_click_on_a_bar_emits_the_signal(qtbot, lanes, timeline) -> None:
    tl = timeline
    lanes.set_timeline(tl)
    qtbot.wait(50)
    pos = viewport_point(lanes, 2.5, 1.5)  # stress lane, inside 2.0–3.0
    with qtbot.waitSignal(lanes.signalClicked, timeout=UI_MS) as blocker:
        qtbot.mouseClick(lanes._plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args[0] is tl.signals[1]


def test_open_interval_grows_to_now_and_refresh_tracks_revision(lanes, timeline) -> None:
    tl = timeline
    tl.signal_detected("interest", 5.0, "medium")
    lanes.set_timeline(tl)
    lanes.set_now(7.0)
    bars = lanes.bars.items[("interest", "medium")]
    assert float(bars.opts["x1"][0]) == pytest.approx(7.0)
    lanes.set_now(9.0)
    assert float(bars.opts["x1"][0]) == pytest.approx(9.0)
    tl.signal_ended("interest", 9.5)
    assert lanes.refresh()
    assert not lanes.refresh()


def test_an_hour_of_events_draws_and_redraws(lanes) -> None:
    # the redraw time is measured in bench/gui.py (no timing asserts here: they fail under load)
    tl = hour_timeline()
    t0 = time.perf_counter()
    lanes.set_timeline(tl)
    lanes.grab()
    first = time.perf_counter() - t0
    tl.revision += 1
    t0 = time.perf_counter()
    assert lanes.refresh()  # a new revision is redrawn
    lanes.grab()
    again = time.perf_counter() - t0
    print(f"hour of events: first draw {first * 1000:.0f} ms, redraw {again * 1000:.0f} ms")
    assert not lanes.refresh()


def test_hovering_a_bar_shows_its_evidence_as_tooltip(qtbot, lanes, timeline) -> None:
    lanes.set_timeline(timeline)
    qtbot.wait(50)
    view = lanes.plot_item.getViewBox()
    lanes._on_hover(view.mapViewToScene(QPointF(2.5, 1.5)))
    assert lanes._plot.toolTip().startswith("Stress · likelihood medium")
    assert "stress rationale" in lanes._plot.toolTip()
    lanes._on_hover(view.mapViewToScene(QPointF(2.5, 0.5)))
    assert lanes._plot.toolTip() == ""
    assert "4 signals" in lanes.accessibleDescription()


def test_stretches_analysed_after_the_session_are_marked(lanes, timeline) -> None:
    timeline.after_session = [(3.0, 9.0), (12.0, 15.0)]
    lanes.set_timeline(timeline)
    assert lanes.after_session_stretches() == [(3.0, 9.0), (12.0, 15.0)]
    assert "2 stretches analysed after the session" in lanes.accessibleDescription()
    timeline.after_session = []
    timeline.revision += 1
    lanes.refresh()
    assert lanes.after_session_stretches() == []
