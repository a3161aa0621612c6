"""End to end on the app's real loop: Live start (synthetic camera) → local engine → Review."""

from __future__ import annotations

import asyncio

from PySide6.QtTest import QSignalSpy

from interhuman_desktop.app import BackendProvider, live_factory
from interhuman_desktop.ui.main_window import MainWindow
from interhuman_desktop.ui.settings_store import AppSettings, MemorySettingsStore


def test_live_session_streams_to_the_local_engine_and_opens_in_review(
        qtbot, qasync_loop, qsettings, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INTERHUMAN_DESKTOP_HOME", str(tmp_path / "home"))
    store = MemorySettingsStore(AppSettings(segment_seconds=3.0))
    provider = BackendProvider(store.load, lambda _text: None)
    window = MainWindow(store, qsettings=qsettings, client_provider=provider.client,
                        live_factory=live_factory(provider, store.load, "synthetic"))
    qtbot.addWidget(window)
    live = window.live
    finished = QSignalSpy(window.live_session.finished)

    async def wait_for(predicate, seconds: float) -> None:
        for _ in range(int(seconds * 10)):
            if predicate():
                return
            await asyncio.sleep(0.1)
        raise AssertionError("timed out")

    async def scenario() -> None:
        assert live.empty.button.isEnabled()
        live.empty.button.click()
        await wait_for(lambda: window.live_session.handle is not None, 20)
        handle = window.live_session.handle
        await wait_for(lambda: handle.timeline.revision > 0, 30)  # first analysis events
        await wait_for(lambda: live.preview.frames_shown > 0, 5)
        assert "in " in live.health.text() and live.preview.recording
        live.marker_button.click()
        live.stop_button.click()
        await wait_for(lambda: finished.count() == 1, 60)
        await window.analysis.aclose()
        await provider.aclose()

    qasync_loop.run_until_complete(scenario())
    assert window.current_view_name() == "Review"
    assert window.review.timeline is not None and window.review.timeline.markers
    assert live._pages.currentIndex() == 0
    window.review.unload()
