"""Issue 13, microphone only, end to end in the window on the local engine: the bundled clip's
sound played as the microphone (no sound card here); the check hears it, the session shows the
level meter and no picture, the cues on the lanes are audible ones, Stop gives the summary with
delivery figures, and the library entry keeps recording.wav, which Review opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.live_service import LiveService
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.first_run import ensure_permission
from interhuman_desktop.ui.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.mp4"
AUDIBLE = {"agreement", "confidence", "frustration", "hesitation", "interest", "uncertainty"}


@pytest.mark.slow
def test_a_microphone_only_session_in_the_window(
        qtbot, qasync_loop, qsettings, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INTERHUMAN_DESKTOP_HOME", str(tmp_path / "home"))
    store = MemorySettingsStore(AppSettings(consent_given=True))
    provider = BackendProvider(store.load, lambda _text: None)
    service = LiveService(provider, store.load, ensure_permission)
    window = MainWindow(store, qsettings=qsettings, client_provider=provider.client,
                        live_factory=service.start, live_checker=service.check,
                        library=AsyncLibrary(tmp_path / "lib"))
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    live = window.live

    async def scenario() -> None:
        live.setup.set_audio_only(True)
        live.setup.use_sound_file(SAMPLE)
        window.live_session.check()
        await until(lambda: "✔" in live.setup.results.text(), 120, "the pre-flight")
        assert "Sound level is fine" in live.setup.results.text()
        assert live.setup.preview.isHidden() and live.setup.level.value() > 20
        live.empty.button.click()
        await until(lambda: window.live_session.handle is not None, 180, "the session start")
        handle = window.live_session.handle
        assert handle.audio_only and handle.latest_frame() is None
        assert not live.sound_row.isHidden()
        await until(lambda: live.sound.value() > 0, 60, "the level meter moving")
        await until(lambda: handle.elapsed > 12.0 and handle.timeline.signals, 180,
                    "12 s of recording and a cue")
        assert live.preview.frames_shown == 0  # no picture was ever shown
        live.stop_button.click()
        await until(lambda: live.page() == 2, 240, "the summary")
        await until(lambda: "Talk time" in live.summary.delivery.text(), 240, "the delivery")
        await until(lambda: window.review.entry is not None, 60, "the entry in Review")
        assert window.review.media_path is not None
        assert window.review.media_path.name == "recording.wav"
        await until(lambda: window.review.player.duration() > 10.0, 60, "Review's player")
        await window.aclose()
        await provider.aclose()

    qasync_loop.run_until_complete(scenario())
    entry = window.library.entries[0]
    assert entry.kind == "live" and entry.media is not None
    assert entry.media.name == "recording.wav" and entry.source.endswith("sample.mp4")
    kinds = {s.signal_type for s in window.review.timeline.signals}
    assert kinds and kinds <= AUDIBLE, kinds
    window.review.unload()
