"""Issue 12 item 5 end to end: "play a file as camera" on the local engine. The check shows a
preview and the level, names the file's own sound; the recording carries the file's sound,
in step with the file; markers with notes; the summary at Stop with measured delivery."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.delivery.audio import load_mono
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.live_service import LiveService
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.first_run import ensure_permission
from interhuman_desktop.ui.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.mp4"
RATE, HOP = 16_000, 160  # 10-ms envelope


def envelope(samples: np.ndarray) -> np.ndarray:
    n = len(samples) // HOP
    frames = samples[: n * HOP].reshape(n, HOP).astype(np.float64)
    return np.log10(np.sqrt(np.mean(frames**2, axis=1)) + 1e-6)


def audio_lag(recording: np.ndarray, source: np.ndarray, max_lag: int = 100) -> float:
    """Seconds by which the source's sound appears later in the recording (negative: earlier),
    by cross-correlating the 10-ms loudness envelopes over ±``max_lag`` hops."""
    a, b = envelope(recording), envelope(source)
    n = min(len(a), len(b)) - 2 * max_lag
    ref = b[max_lag:max_lag + n] - b[max_lag:max_lag + n].mean()
    lags = range(-max_lag, max_lag + 1)
    scores = [float(np.dot(a[max_lag + k:max_lag + k + n]
                           - a[max_lag + k:max_lag + k + n].mean(), ref)) for k in lags]
    return lags[int(np.argmax(scores))] * HOP / RATE


@pytest.mark.slow
def test_a_file_as_camera_is_its_own_microphone_in_step(
        qtbot, qasync_loop, qsettings, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INTERHUMAN_DESKTOP_HOME", str(tmp_path / "home"))
    store = MemorySettingsStore(AppSettings(segment_seconds=3.0, consent_given=True))
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
        live.setup.use_file(SAMPLE)
        assert live.setup.video_spec() == f"file:{SAMPLE}"
        window.live_session.check()
        await until(lambda: "✔" in live.setup.results.text(), 120, "the pre-flight")
        assert "own sound is used as the microphone" in live.setup.results.text()
        assert live.setup.preview.frames_shown > 0 and live.setup.level.value() > 20
        live.empty.button.click()
        await until(lambda: window.live_session.handle is not None, 180, "the session start")
        handle = window.live_session.handle
        await until(lambda: handle.elapsed > 4.0, 60, "4 s of recording")
        qtbot.keyClick(live.preview, Qt.Key.Key_M)
        live.marker_note.setFocus()
        qtbot.keyClicks(live.marker_note, "made the main point")
        qtbot.keyClick(live.marker_note, Qt.Key.Key_Return)
        await until(lambda: handle.elapsed > 12.0 and handle.timeline.revision > 0, 180,
                    "12 s of recording and analysis")
        live.stop_button.click()
        await until(lambda: live.page() == 2, 240, "the summary")
        await until(lambda: "Talk time" in live.summary.delivery.text(), 240, "the delivery")
        moment = next(b for b in live.summary.moment_buttons if b.isEnabled())
        minutes, seconds = moment.text().split()[0].split(":")  # "00:11.0  Interest (high)…"
        t = int(minutes) * 60 + float(seconds)
        moment.click()  # a top moment opens Review at its time
        assert window.current_view_name() == "Review"
        await until(lambda: abs(window.review.player.position() - t) < 0.5, 60, "the seek")
        await window.aclose()
        await provider.aclose()

    qasync_loop.run_until_complete(scenario())
    entry = window.library.entries[0]
    assert [(m.note) for m in window.review.timeline.markers] == ["made the main point"]
    assert "made the main point" in live.summary.markers.text()
    recorded, source = load_mono(entry.media), load_mono(SAMPLE)
    lag = audio_lag(recorded[: 10 * RATE], source[: 10 * RATE])
    level = 20 * np.log10(np.sqrt(np.mean(recorded[: 10 * RATE] ** 2)))
    print(f"recording level {level:.1f} dBFS, file sound {lag * 1000:.0f} ms later")
    assert level > -40  # the file's speech, not a silent microphone
    assert abs(lag) <= 0.15  # in step with the file: within a few video frames
    window.review.unload()
