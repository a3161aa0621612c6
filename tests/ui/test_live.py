"""LiveView: the display side of a live session, redrawn from the model on a timer."""

from __future__ import annotations

import numpy as np
from waiting import UI_MS, until

from interhuman_desktop.session.timeline import DIMENSIONS, QualityPeriod
from interhuman_desktop.ui.views.live import LiveView


def test_live_view_attaches_redraws_and_detaches(qtbot, timeline) -> None:
    view = LiveView()
    qtbot.addWidget(view)
    view.show()
    assert view._pages.currentIndex() == 0  # empty state until a session attaches
    frame = np.full((120, 160, 3), 90, np.uint8)
    view.attach(timeline, lambda: frame)
    view.set_recording(True)
    view.set_now(6.5)
    view.set_lag(9.5)
    view.set_health({"fps_in": 30, "socket": "open"})
    timeline.signal_detected("interest", 6.0, "high", "leans in")
    timeline.quality_updated(None, [QualityPeriod(0, 5, dict.fromkeys(DIMENSIONS, 70.0))])
    qtbot.waitUntil(lambda: "Interest" in view.cue.title, timeout=UI_MS)
    qtbot.waitUntil(lambda: view.preview.frames_shown > 0, timeout=UI_MS)
    assert view.gauge.index == 70.0
    assert view.lag.label.text() == "Analysis 9.5 s behind"
    x0, x1 = view.lanes.x_range()
    assert x0 <= 6.5 <= x1
    view.detach()
    assert not view.preview.running and view._pages.currentIndex() == 0


def test_a_live_start_failure_is_explained_and_start_stays_usable(qtbot, qasync_loop) -> None:
    from interhuman_desktop.ui.views.live_controller import LiveController

    async def no_camera(_request):
        raise RuntimeError("no camera at index 0")

    view = LiveView()
    qtbot.addWidget(view)
    controller = LiveController(view, no_camera)
    failures: list[str] = []
    controller.failed.connect(failures.append)

    async def scenario() -> None:
        view.empty.button.click()
        await until(lambda: failures, what="the start failure")

    qasync_loop.run_until_complete(scenario())
    assert failures == ["no camera at index 0"]
    assert view.empty.button.isEnabled() and "no camera" in view.empty.note.text()
    assert controller.handle is None
