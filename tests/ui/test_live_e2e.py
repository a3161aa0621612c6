"""End to end on the app's real loop: consent → Live start (test pattern) → local engine →
marker with a note → stop → summary → saved in the library → Review."""

from __future__ import annotations

import pytest
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.live_service import LiveService
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.first_run import ensure_permission
from interhuman_desktop.ui.main_window import MainWindow
from interhuman_desktop.ui.timefmt import fmt_length


@pytest.mark.slow
def test_live_session_streams_to_the_local_engine_and_is_kept_in_the_library(
        qtbot, qasync_loop, qsettings, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INTERHUMAN_DESKTOP_HOME", str(tmp_path / "home"))
    store = MemorySettingsStore(AppSettings(segment_seconds=5.0, camera="synthetic"))
    provider = BackendProvider(store.load, lambda _text: None)
    service = LiveService(provider, store.load, ensure_permission)
    window = MainWindow(store, qsettings=qsettings, client_provider=provider.client,
                        live_factory=service.start, live_checker=service.check,
                        library=AsyncLibrary(tmp_path / "lib"))
    qtbot.addWidget(window)
    live = window.live

    async def scenario() -> None:
        assert live.setup.video_spec() == "synthetic"
        window.live_session.check()  # pre-flight of the test pattern, before starting
        await until(lambda: "✔" in live.setup.results.text(), 120, "the pre-flight")
        live.empty.button.click()
        box = window.live_session.consent_box
        assert box is not None and not box.isHidden()  # the first recording asks first
        next(b for b in box.buttons() if "agree" in b.text()).click()
        assert store.load().consent_given
        await until(lambda: window.live_session.handle is not None, 180, "the session start")
        handle = window.live_session.handle
        await until(lambda: handle.timeline.revision > 0, 180, "the first analysis events")
        await until(lambda: live.preview.frames_shown > 0, 60, "a preview frame")
        assert "fps_in" in str(handle.health()) and live.preview.recording
        assert handle.health()["stream"] == "V1 stream · 5-s segments"  # Settings' length
        assert live.health.light.level in ("green", "amber"), live.health.light
        assert not live.rec_label.isHidden()
        live.marker_note.setText("good opening")
        live.marker_button.click()
        assert "good opening" in live.marker_label.text()
        live.stop_button.click()
        await until(lambda: live.page() == 2, 240, "the summary at Stop")
        await until(lambda: "Talk time" in live.summary.delivery.text()
                    or "no sound" in live.summary.delivery.text(), 240, "the delivery metrics")
        live.summary.review_button.click()
        await until(lambda: window.current_view_name() == "Review", 240, "the Review view")
        await window.aclose()
        await provider.aclose()

    qasync_loop.run_until_complete(scenario())
    timeline = window.review.timeline
    assert timeline is not None and [m.note for m in timeline.markers] == ["good opening"]
    entry = window.library.entries[0]
    assert entry.kind == "live" and entry.media is not None and entry.media.exists()
    assert window.review.media_path == entry.media
    length = fmt_length(entry.duration)  # the recording's (probed), said the same everywhere
    assert live.summary.heading.text() == f"Session summary · {length} recorded"
    assert f"{length} long" in window.review.ui.header.text()
    assert window.review.ui.time_label.text().endswith(f" / {length}")
    assert live.page() == 2  # the summary stays until "New session"
    window.review.unload()
