"""Issue 13 end to end: a live session on the V2 stream chosen in Settings (the real widget),
a file played as the camera, the real local engine on port 0. The engine answers as /v2 does
(``session.ready`` lists the models, ``session.updated`` echoes ``inter-2``) and the signals
reach the lanes; an engine that sheds everything (``--v2-stream-max-lag 0``) gives
"not analysed" bands, live and again after the entry is reopened from the library."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.engine import child
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.live_service import LiveService
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.first_run import ensure_permission
from interhuman_desktop.ui.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.mp4"
pytestmark = pytest.mark.slow


def _window(qtbot, qsettings, store, root: Path, live: bool = True):
    provider = BackendProvider(store.load, lambda _text: None)
    service = LiveService(provider, store.load, ensure_permission)
    window = MainWindow(store, qsettings=qsettings, client_provider=provider.client,
                        live_factory=service.start if live else None,
                        live_checker=service.check, library=AsyncLibrary(root))
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    return window, provider


def _choose_v2(window) -> None:
    """What a user does in Settings: Live stream → V2, model Inter-2."""
    choice = window.settings_view.live_stream
    choice.api.setCurrentIndex(choice.api.findData("v2"))
    choice.model.setCurrentIndex(choice.model.findData("inter-2"))


async def _record(window, seconds: float, ready) -> object:
    live = window.live
    live.setup.use_file(SAMPLE)
    live.empty.button.click()
    await until(lambda: window.live_session.handle is not None, 180, "the session start")
    handle = window.live_session.handle
    await until(lambda: handle.elapsed > seconds and ready(handle), 240, "the analysis")
    live.stop_button.click()
    await until(lambda: live.page() == 2, 240, "the summary")
    await until(lambda: window.library.entries, 60, "the library entry")
    return handle


def _envelopes(entry) -> list[dict]:
    events = json.loads((entry.folder / "events.json").read_text())["events"]
    return [e["envelope"] for e in events]


def test_live_on_v2_chosen_in_settings_reaches_the_lanes(
        qtbot, qasync_loop, qsettings, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INTERHUMAN_DESKTOP_HOME", str(tmp_path / "home"))
    store = MemorySettingsStore(AppSettings(segment_seconds=3.0, consent_given=True))
    window, provider = _window(qtbot, qsettings, store, tmp_path / "lib")
    _choose_v2(window)
    assert store.load().live_stream == ("v2", "inter-2")
    seen: dict[str, str] = {}

    async def scenario() -> None:
        def signals_on_lanes(handle) -> bool:
            seen["details"] = window.live.health.details.text()
            return any(lane in handle.timeline.signal_types() for lane in window.live.lanes.lanes)

        await _record(window, 9.0, signals_on_lanes)
        await window.aclose()
        await provider.aclose()

    qasync_loop.run_until_complete(scenario())
    assert seen["details"].startswith("V2 stream · inter-2")  # the live view says so
    envelopes = _envelopes(window.library.entries[0])
    ready = next(e for e in envelopes if e["type"] == "session.ready")
    assert ready["data"]["supported_session_config_options"]["model"]  # /v2 lists models
    updated = [e for e in envelopes if e["type"] == "session.updated"]
    assert updated and all(e["data"]["model"] == "inter-2" for e in updated)
    signals = [e for e in envelopes if e["type"].startswith("signal.")]
    assert signals and all("modality" not in e["data"] for e in signals)
    assert not [e for e in envelopes if e["type"] == "error"]
    window.review.unload()


def test_shed_media_shows_as_not_analysed_live_and_in_review(
        qtbot, qasync_loop, qsettings, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INTERHUMAN_DESKTOP_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(child, "start_engine",  # media waiting at all is shed
                        functools.partial(child.start_engine,
                                          extra_args=["--v2-stream-max-lag", "0"]))
    store = MemorySettingsStore(AppSettings(segment_seconds=3.0, consent_given=True))
    window, provider = _window(qtbot, qsettings, store, tmp_path / "lib")
    _choose_v2(window)
    live_bands: list[tuple[float, float]] = []
    lights = []

    async def scenario() -> object:
        def banded(_handle) -> bool:
            live_bands[:] = window.live.lanes.coverage.spans("dropped")
            lights.append(window.live.health.light)
            return bool(live_bands) and live_bands[-1][1] > 6.0

        handle = await _record(window, 9.0, banded)
        await window.aclose()
        await provider.aclose()
        return handle

    handle = qasync_loop.run_until_complete(scenario())
    assert "not analysed" in window.live.lanes.legend.text()
    shed_lights = [x for x in lights if x.level == "red" and "skipped" in x.reason]
    assert shed_lights, lights[-3:]  # the shed media turns the light red, not "All good"
    entry = window.library.entries[0]
    saved = json.loads((entry.folder / "timeline.json").read_text())["coverage"]
    end = max(s.recording_end for s in handle.pipeline.session.segments.values())
    dropped = [(r["start"], r["end"]) for r in saved if r["kind"] == "dropped"]
    assert dropped and dropped[0][0] == pytest.approx(0.0, abs=0.5)  # from the start …
    assert dropped[-1][1] == pytest.approx(end, abs=1.0)  # … to the end of what was sent
    shed = sum(b - a for a, b in dropped)
    assert shed >= 0.9 * end, (dropped, end)  # everything waited, so nearly all is shed
    window.review.unload()

    async def reopen() -> list[tuple[float, float]]:  # a restart: Review reopens the entry
        again, _other = _window(qtbot, qsettings, store, tmp_path / "lib", live=False)
        again.start_services()
        await until(lambda: again.review.entry is not None, 60, "the reopened entry")
        bands = again.review.lanes.coverage.spans("dropped")
        tip = again.review.lanes.coverage.tooltip_at(dropped[0][0] + 0.1)
        assert "Not analysed" in tip and "not billed" in tip
        await again.aclose()
        again.review.unload()
        return bands

    bands = qasync_loop.run_until_complete(reopen())
    assert [t for band in bands for t in band] == pytest.approx([t for r in dropped for t in r])
