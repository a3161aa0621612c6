"""End to end on the app's real loop: consent → Live start (test pattern) → local engine →
marker with a note → stop → saved in the library → Review."""

from __future__ import annotations

import asyncio

import pytest

from interhuman_desktop.app import BackendProvider, live_checker, live_factory
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow
from interhuman_desktop.ui.settings_store import AppSettings, MemorySettingsStore


async def wait_for(predicate, seconds: float) -> None:
    for _ in range(int(seconds * 10)):
        if predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("timed out")


@pytest.mark.slow
def test_live_session_streams_to_the_local_engine_and_is_kept_in_the_library(
        qtbot, qasync_loop, qsettings, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INTERHUMAN_DESKTOP_HOME", str(tmp_path / "home"))
    store = MemorySettingsStore(AppSettings(segment_seconds=3.0, camera="synthetic"))
    provider = BackendProvider(store.load, lambda _text: None)
    window = MainWindow(store, qsettings=qsettings, client_provider=provider.client,
                        live_factory=live_factory(provider, store.load),
                        live_checker=live_checker(), library=AsyncLibrary(tmp_path / "lib"))
    qtbot.addWidget(window)
    live = window.live

    async def scenario() -> None:
        assert live.setup.video_spec() == "synthetic"
        window.live_session.check()  # pre-flight of the test pattern, before starting
        await wait_for(lambda: "✔" in live.setup.results.text(), 10)
        live.empty.button.click()
        box = window.live_session.consent_box
        assert box is not None and not box.isHidden()  # the first recording asks first
        next(b for b in box.buttons() if "agree" in b.text()).click()
        assert store.load().consent_given
        await wait_for(lambda: window.live_session.handle is not None, 20)
        handle = window.live_session.handle
        await wait_for(lambda: handle.timeline.revision > 0, 30)  # first analysis events
        await wait_for(lambda: live.preview.frames_shown > 0, 5)
        assert "in " in live.health.text() and live.preview.recording
        assert not live.rec_label.isHidden()
        live.marker_note.setText("good opening")
        live.marker_button.click()
        assert "good opening" in live.marker_label.text()
        live.stop_button.click()
        await wait_for(lambda: window.current_view_name() == "Review", 60)
        await window.aclose()
        await provider.aclose()

    qasync_loop.run_until_complete(scenario())
    timeline = window.review.timeline
    assert timeline is not None and [m.note for m in timeline.markers] == ["good opening"]
    entry = window.library.entries[0]
    assert entry.kind == "live" and entry.media is not None and entry.media.exists()
    assert window.review.media_path == entry.media
    assert live._pages.currentIndex() == 0
    window.review.unload()
