"""Settings: the settings view (save on change, connection test)."""

from __future__ import annotations

from waiting import UI_MS

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.config.settings_store import JsonSettingsStore
from interhuman_desktop.ui.views.settings import SettingsView


def test_settings_view_round_trip(qtbot, tmp_path) -> None:
    store = JsonSettingsStore(tmp_path / "s.json", keep_api_key=True)
    view = SettingsView(store)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.settingsChanged, timeout=UI_MS):
        view.backend.setCurrentIndex(view.backend.findData("cloud"))
    view.api_key.setText("abc")
    view.api_key.editingFinished.emit()
    view.segment.setValue(8.0)
    view.theme.setCurrentIndex(view.theme.findData("light"))
    view.goals["rapport"].setChecked(True)
    view.goals["clarity"].setChecked(True)
    assert view.api_key.echoMode() == view.api_key.EchoMode.Password
    saved = store.load()
    assert saved == AppSettings(backend="cloud", api_key="abc", segment_seconds=8.0,
                                theme="light", goals=("clarity", "rapport"))
    again = SettingsView(store)
    qtbot.addWidget(again)
    assert again.settings() == saved


def test_test_connection_calls_the_injected_coroutine(qtbot, store) -> None:
    calls = []

    async def ok(settings: AppSettings) -> str:
        calls.append(settings.backend)
        return "Connected to the local engine"

    async def bad(settings: AppSettings) -> str:
        raise ConnectionError("401 invalid key")

    view = SettingsView(store, ok)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.testFinished, timeout=UI_MS) as blocker:
        view.test_button.click()
    assert blocker.args == [True, "Connected to the local engine"] and calls == ["local"]
    view.tester = bad
    with qtbot.waitSignal(view.testFinished, timeout=UI_MS) as blocker:
        view.test_button.click()
    assert blocker.args[0] is False and "401" in view.test_result.text()
    assert view._form.isRowVisible(view.test_result)
    view.backend.setCurrentIndex(view.backend.findData("cloud"))  # the result was about local
    assert not view._form.isRowVisible(view.test_result)


def test_the_status_bar_says_local_engine_until_a_cloud_key_exists(qtbot, qsettings) -> None:
    from interhuman_desktop.ui.main_window import MainWindow

    store = MemorySettingsStore(AppSettings(backend="cloud"))
    window = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(window)
    assert window.backend_status.label.text().startswith("Backend: Local engine")
    window.settings_view.api_key.setText("key-123")
    window.settings_view.save()
    assert window.backend_status.label.text() == "Backend: Interhuman cloud"


def test_upload_model_is_saved_and_picks_the_v2_target(qtbot, tmp_path) -> None:
    from interhuman_desktop.session.v2_upload import v2_target_for

    store = JsonSettingsStore(tmp_path / "s.json", keep_api_key=True)
    view = SettingsView(store)
    qtbot.addWidget(view)
    assert store.load().upload_model == "inter-2"  # V2 jobs by default
    with qtbot.waitSignal(view.settingsChanged, timeout=UI_MS):
        view.upload_model.setCurrentIndex(view.upload_model.findData("inter-2-audio"))
    saved = JsonSettingsStore(tmp_path / "s.json", keep_api_key=True).load()
    assert saved.upload_model == "inter-2-audio"
    target = v2_target_for(saved, library=object())
    assert target is not None and (target.model, target.service) == ("inter-2-audio", "local")
    view.upload_model.setCurrentIndex(view.upload_model.findData("v1"))
    assert v2_target_for(store.load(), library=object()) is None


def test_an_upload_sent_to_v1_by_goals_says_so() -> None:
    from pathlib import Path

    from interhuman_desktop.session.file_analysis import AnalysisRequest, FileJob, JobState
    from interhuman_desktop.session.v2_upload import V2Target
    from interhuman_desktop.ui.views.analyze_controller import describe

    target = V2Target("inter-2", ledger=None, service="local")  # type: ignore[arg-type]
    goals = FileJob(Path("a.mp4"), AnalysisRequest(goal_dimensions=("clarity",), v2=target),
                    state=JobState.UPLOADING)
    plain = FileJob(Path("a.mp4"), AnalysisRequest(v2=target), state=JobState.UPLOADING)
    assert "Inter-1 upload" in describe(goals) and "Inter-1" not in describe(plain)
