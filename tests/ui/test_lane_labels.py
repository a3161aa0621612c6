"""The lanes' marker labels and legend, by geometry (issue 12 leftovers): labels of nearby
markers never overlap and stay inside the plot (the whole note on hover), and the legend under
the lanes never covers the time axis, at 1000×700 and at the window's minimum size."""

from __future__ import annotations

import contextlib
import itertools

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication
from waiting import UI_MS

from interhuman_desktop.session.timeline import DIMENSIONS, SessionTimeline
from interhuman_desktop.ui.widgets.lane_marker_labels import full_note
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget

NOTES = ((0.05, "asked about pricing and the delivery date for the second order"),
         (0.3, "long pause"), (0.5, "smiled"), (0.7, "again"), (3.0, ""),
         (5.95, "closing question about next steps and who signs the contract"))


def _shown(lanes: SignalLanesWidget):
    QApplication.processEvents()
    lanes.grab()  # a paint: the labels' transforms are those on screen
    return lanes._overlays.marker_labels.shown()


@pytest.mark.parametrize("size", [(1000, 320), (520, 260)])
def test_marker_labels_do_not_overlap_and_stay_inside_the_plot(qtbot, timeline, size) -> None:
    for t, note in NOTES:
        timeline.add_marker(t, note)
    lanes = SignalLanesWidget()
    qtbot.addWidget(lanes)
    lanes.resize(*size)
    lanes.set_timeline(timeline)
    lanes.show()
    qtbot.waitExposed(lanes)
    view = lanes._view.sceneBoundingRect()
    for zoom in (1.0, 0.5):  # as shown, then zoomed in around the first markers
        lanes.zoom(zoom, 0.5)
        shown = _shown(lanes)
        assert len(shown) >= 3, "most labels are shown"
        rects = [item.sceneBoundingRect() for item in shown]
        for rect in rects:
            assert view.contains(rect), (rect, view)  # not clipped at the top or the right
        for a, b in itertools.combinations(rects, 2):
            assert not a.intersects(b), (a, b)
    items = lanes._overlays.marker_labels.items
    assert [item.toolTip() for item in items] == [full_note(m) for m in
                                                  sorted(timeline.markers, key=lambda m: m.t)]
    first = items[0].textItem.toPlainText()
    assert first.endswith("…") and len(first) < len(NOTES[0][1])  # elided, whole on hover
    note = lanes._overlays.marker_note(5.95, lanes._seconds_per_pixel())
    assert note.endswith("who signs the contract")


KINDS = ("confidence", "stress", "interest", "confusion", "agreement", "doubt", "hesitation",
         "engagement", "disengagement", "frustration")


def _many_lanes() -> SessionTimeline:
    """Ten signal lanes (the most a recording of the local engine gets), markers, CQI."""
    tl = SessionTimeline()
    for i, kind in enumerate(KINDS):
        tl.signal_detected(kind, i * 3.0, "high", f"{kind} seen", ["video"])
        tl.signal_ended(kind, i * 3.0 + 2.0)
    tl.engagement_changed("engaged", 0.0)
    tl.quality_updated(dict.fromkeys(DIMENSIONS, 60.0), [])
    for t, note in NOTES:
        tl.add_marker(t * 5, note)
    tl.media_end = 40.0
    return tl


@pytest.mark.parametrize("lanes_of", ["few", "many"])
@pytest.mark.parametrize("size", ["1000x700", "minimum"])
def test_the_legend_does_not_cover_the_time_axis(qtbot, store, qsettings, timeline, size,
                                                  lanes_of) -> None:
    from interhuman_desktop.ui.main_window import MainWindow

    window = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    window.show_result(None, timeline if lanes_of == "few" else _many_lanes())
    lanes = window.review.lanes

    def problems() -> list[str]:
        """What is wrong with the layout now (empty once Qt laid it out as it stays)."""
        if size == "minimum":  # the minimum as it is once every widget knows its width
            window.resize(window.minimumSizeHint().expandedTo(window.minimumSize()))
        else:
            window.resize(1000, 700)
        QApplication.processEvents()
        axis = lanes.plot_item.getAxis("bottom")
        scene = axis.mapRectToScene(axis.boundingRect()).toRect()
        axis_rect = QRect(lanes._plot.mapTo(lanes, lanes._plot.mapFromScene(scene.topLeft())),
                          scene.size())
        legend, whole = lanes.legend.geometry(), lanes.rect()
        bottom = lanes.mapTo(window.review.ui, lanes.rect().bottomLeft()).y()
        checks = {
            "the window grew past 700": size == "minimum" or window.height() == 700,
            "the legend covers the axis": not axis_rect.intersects(legend),
            "the plot runs into the legend": lanes._plot.geometry().bottom() < legend.top(),
            "the legend is clipped": whole.contains(legend) and legend.height() >=
            lanes.legend.heightForWidth(legend.width()),
            "the axis is clipped": whole.contains(axis_rect),
            "the lanes are cut off": bottom <= window.review.ui.height(),
        }
        return [name for name, ok in checks.items() if not ok]

    qtbot.waitUntil(lanes.isVisible)
    with contextlib.suppress(qtbot.TimeoutError):  # then say what is wrong
        qtbot.waitUntil(lambda: problems() == [], timeout=UI_MS)
    assert problems() == []


def test_a_roomy_window_shows_the_side_column_whole(qtbot, store, qsettings, timeline) -> None:
    """Only a short window scrolls Review's side column (evidence, gauge, delivery, tabs)."""
    from interhuman_desktop.ui.main_window import MainWindow

    window = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    window.show_result(None, _many_lanes())
    window.resize(1400, 880)
    side = window.review.ui.side
    scroll = side.parentWidget().parentWidget()  # the viewport's scroll area
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() == 0, timeout=UI_MS)
    assert side.height() >= side.minimumSizeHint().height()
    window.resize(1000, 700)  # short: it scrolls rather than squeeze the lanes
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0, timeout=UI_MS)
