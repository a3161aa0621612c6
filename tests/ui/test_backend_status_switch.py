"""The status bar follows the backend in use and its real state whatever the switching history:
Local → Cloud → Local keeps saying what the local engine really does (ready, analysing), with
the app's own wiring (``app.build_window``) and a real local engine on loopback."""

from __future__ import annotations

from media_factory import make_clip
from waiting import until

from interhuman_desktop.app import build_window
from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.file_analysis import JobState

FINAL = (JobState.DONE, JobState.FAILED, JobState.REFUSED)


def test_local_cloud_local_shows_the_engines_real_state(qtbot, qasync_loop, tmp_path) -> None:
    store = MemorySettingsStore(AppSettings())
    provider = BackendProvider(store.load, lambda _text: None)
    window = build_window(store, provider, None)
    qtbot.addWidget(window)
    view, status = window.settings_view, window.backend_status
    shown: list[str] = []
    set_text = status.state.setText
    status.state.setText = lambda text: (shown.append(text), set_text(text))  # type: ignore

    async def analyse(name: str) -> None:
        clip = make_clip(tmp_path / f"{name}.mp4", seconds=3)
        window.open_files([clip])
        job = window.analysis.jobs[clip]
        await until(lambda: job.state in FINAL, 300, f"the analysis of {name}")
        assert job.state == JobState.DONE, job.error

    async def scenario() -> None:
        assert status.state.text() == "· idle (starts when needed)"
        await analyse("first")
        assert any("analysing" in s for s in shown), shown  # said while it ran
        await until(lambda: status.state.text() == "· local engine ready", 30, "ready")
        view.api_key.setText("ih_some_key")
        view.backend.setCurrentIndex(view.backend.findData("cloud"))
        assert status.label.text() == "Backend: Interhuman cloud"
        assert "not checked" in status.state.text()
        view.backend.setCurrentIndex(view.backend.findData("local"))  # back to Local
        assert status.label.text() == "Backend: Local engine"
        assert status.state.text() == "· local engine ready"  # it still runs: not "idle"
        shown.clear()
        await analyse("second")
        assert any("analysing" in s for s in shown), shown
        assert status.state.text() == "· local engine ready"
        await window.aclose()
        await provider.aclose()
        assert status.state.text() == "· idle"  # the engine stopped: the bar says so

    qasync_loop.run_until_complete(scenario())
