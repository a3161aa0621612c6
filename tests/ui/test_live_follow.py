"""Issue 12 item 2: the live lanes keep following the recording whatever the user does.

The report: after a marker with a note and typing in the note field, the clock reached 1:06
while the lanes stayed on 0:00–0:35; the now-line and the lag shading vanished and a marker at
0:44.7 never appeared. This drives 90 s of recording time through the real LiveController
and LiveView (real key presses: M, a typed note, Enter) and checks at every tick that the
view contains "now", the lag shading and every marker. The cause was the x limits that
``SignalLanesWidget.fit()`` set when the session attached (an empty recording: at most 35 s):
past them pyqtgraph clamps the range, so the view stopped at 0–35 s whatever happened.
"""

from __future__ import annotations

from live_helpers import ClockHandle
from PySide6.QtCore import Qt
from waiting import until

from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_controller import LiveController

LAG_S = 4.0


def test_lanes_follow_90_s_of_recording_with_noted_markers(qtbot, qasync_loop) -> None:
    handle = ClockHandle()

    async def factory(_request):
        return handle

    view = LiveView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    controller = LiveController(view, factory)

    async def scenario() -> None:
        controller.start()
        await until(lambda: controller.handle is not None, what="the session")
        for step in range(1, 61):
            t = step * 1.5
            handle.elapsed = t
            _analysed_until(handle, t - LAG_S)
            if step % 14 == 0:  # a marker, then its note typed and entered
                qtbot.keyClick(view.preview, Qt.Key.Key_M)
                view.marker_note.setFocus()
                qtbot.keyClicks(view.marker_note, f"moment {int(t)}")
                qtbot.keyClick(view.marker_note, Qt.Key.Key_Return)
            controller._tick()  # the 2 Hz tick, without waiting 90 s of wall time
            view.redraw()
            _assert_follows(view, t)

    qasync_loop.run_until_complete(scenario())
    assert [note for _t, note in handle.markers if note] == [
        "moment 21", "moment 42", "moment 63", "moment 84"]
    assert len(view.lanes.drawn()["markers"]) == len(handle.timeline.markers) == 4
    controller.stop()


def _analysed_until(handle: ClockHandle, t: float) -> None:
    """Stand-in analysis: one engagement change per 10 s, ``LAG_S`` behind the recording."""
    if t > 0:
        state = "engaged" if int(t / 10) % 2 else "neutral"
        handle.timeline.engagement_changed(state, t)
        handle.timeline.media_end = t


def _assert_follows(view: LiveView, now: float) -> None:
    x0, x1 = view.lanes.x_range()
    drawn = view.lanes.drawn()
    assert x0 <= now <= x1, f"now {now:.1f} s outside the lanes' view {x0:.1f}–{x1:.1f}"
    assert drawn["now"] == now
    lag = drawn["lag"]
    if now > LAG_S:
        assert lag is not None and x0 <= lag[0] < lag[1] <= x1, (lag, x0, x1)
    for t in drawn["markers"]:
        if now - t < view.lanes.follow_window:
            assert x0 <= t <= x1
