"""Issue 12 item 4 (summary at Stop) and item 6 (quitting while recording asks first)."""

from __future__ import annotations

import json
from pathlib import Path

from live_helpers import ClockHandle
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.timeline import DIMENSIONS, SessionTimeline
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.live_summary import base_title, top_moments
from interhuman_desktop.ui.main_window import MainWindow
from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_controller import LiveController

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.mp4"


def _session(values: float) -> SessionTimeline:
    tl = SessionTimeline()
    for kind, t, prob, end in (("confidence", 3.0, "high", 9.0), ("stress", 5.0, "medium", 6.0),
                               ("interest", 20.0, "medium", 30.0), ("confusion", 40.0, "low", 45),
                               ("agreement", 50.0, "high", 51.0), ("doubt", 52.0, "high", 53)):
        tl.signal_detected(kind, t, prob, f"{kind} seen")
        tl.signal_ended(kind, end)
    tl.quality_updated(dict.fromkeys(DIMENSIONS, values), [])
    tl.media_end = 60.0
    return tl


def test_top_moments_are_the_strongest_apart_in_time_order() -> None:
    moments = top_moments(_session(60.0))
    assert [(m.t, m.title) for m in moments] == [
        (3.0, "Confidence (high)"), (20.0, "Interest (medium)"), (50.0, "Agreement (high)")]
    assert base_title("Live session 2026-12-07 12:40") == "live session"
    assert base_title("Pitch practice") == "pitch practice"


def test_stop_shows_the_summary_against_the_previous_session(
        qtbot, qasync_loop, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INTERHUMAN_DESKTOP_HOME", str(tmp_path / "home"))
    library = AsyncLibrary(tmp_path / "lib")
    handle = ClockHandle()
    handle.timeline = _session(70.0)

    async def factory(_request):
        return handle

    view = LiveView()
    qtbot.addWidget(view)
    controller = LiveController(view, factory)
    wanted: list[tuple[str, float]] = []
    view.summary.momentRequested.connect(lambda kind, t: wanted.append((kind, t)))

    async def scenario() -> None:
        old = await library.call("new_folder")
        (old / "timeline.json").write_text(json.dumps(_session(60.0).to_dict()))
        await library.call("add", folder=old, kind="live", title="Live session 2026-12-06 09:00",
                           created_at="2026-12-06T09:00:00+00:00")
        entry = await library.call("add", folder=await library.call("new_folder"), kind="live",
                                   title="Live session 2026-12-07 10:00", media=SAMPLE,
                                   created_at="2026-12-07T10:00:00+00:00")
        controller.start()
        await until(lambda: controller.handle is not None, what="the session")
        handle.elapsed = 92.0
        handle.add_marker(12.0, "good opening")
        controller.stop()
        await until(lambda: view.page() == 2, what="the summary page")
        await controller.summarise(SAMPLE, library, entry)

    qasync_loop.run_until_complete(scenario())
    summary = view.summary
    assert "01:32.0 recorded" in summary.heading.text()  # the clock: the entry has no length
    assert "<b>70</b>" in summary.quality_title.text() and "+10" in summary.quality_title.text()
    assert "Live session 2026-12-06 09:00" in summary.compared.text()
    assert [b.text()[:5] for b in summary.moment_buttons] == ["00:03", "00:20", "00:50"]
    summary.moment_buttons[1].click()
    assert wanted == [("interest", 20.0)]
    text = summary.delivery.text()  # measured for real from the sample clip's sound
    assert "Talk time" in text and "syllables/min" in text and "semitones" in text
    assert "good opening" in summary.markers.text()
    library.close()


def test_quitting_while_recording_asks_and_stop_and_quit_keeps_the_recording(
        qtbot, qasync_loop, qsettings) -> None:
    handle = ClockHandle()

    async def factory(_request):
        return handle

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    quits = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # as app.py does
    store = MemorySettingsStore(AppSettings(consent_given=True))
    window = MainWindow(store, qsettings=qsettings, live_factory=factory)
    qtbot.addWidget(window)
    window.show()

    async def scenario() -> None:
        window.live_session.start()
        await until(lambda: window.live_session.recording, what="the session")
        window.close()  # what Ctrl+Q and the title bar do
        box = window.quit_guard.box
        assert box is not None and box.isVisible() and window.isVisible()
        next(b for b in box.buttons() if b.text() == "Keep recording").click()
        assert window.isVisible() and window.live_session.recording and not handle.stopped
        window.close()
        next(b for b in window.quit_guard.box.buttons() if b.text() == "Stop and quit").click()
        assert not window.isVisible()
        await window.aclose()  # what the app does once the window closed

    try:
        qasync_loop.run_until_complete(scenario())
    finally:
        app.setQuitOnLastWindowClosed(quits)
    assert handle.stopped and not window.live_session.recording
