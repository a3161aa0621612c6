"""Settings: JSON store round-trip and the settings view (save on change, connection test)."""

from __future__ import annotations

from waiting import UI_MS

from interhuman_desktop.ui.settings_store import AppSettings, JsonSettingsStore, MemorySettingsStore
from interhuman_desktop.ui.views.settings import SettingsView


def test_json_store_round_trip(tmp_path) -> None:
    store = JsonSettingsStore(tmp_path / "s.json", keep_api_key=True)
    assert store.load() == AppSettings()
    wanted = AppSettings(backend="cloud", api_key="k-123", segment_seconds=7.5, theme="dark",
                         goals=("energy",))
    store.save(wanted)
    assert JsonSettingsStore(tmp_path / "s.json", keep_api_key=True).load() == wanted


def test_json_store_keeps_the_key_out_of_the_file_by_default(tmp_path) -> None:
    path = tmp_path / "s.json"
    store = JsonSettingsStore(path)
    store.save(AppSettings(backend="cloud", api_key="secret"))
    assert "secret" not in path.read_text()
    assert store.load().api_key == "secret"  # same process keeps it in memory
    path.write_text("{not json")
    assert JsonSettingsStore(path).load() == AppSettings()


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


def test_api_key_goes_to_the_secret_store_not_the_file(tmp_path) -> None:
    from interhuman_desktop.ui.settings_store import MemorySecret

    secret = MemorySecret()
    path = tmp_path / "s.json"
    JsonSettingsStore(path, secret=secret).save(AppSettings(backend="cloud", api_key="k-9"))
    assert secret.get() == "k-9" and "k-9" not in path.read_text()
    assert JsonSettingsStore(path, secret=secret).load().api_key == "k-9"  # a "restart"


def test_devices_consent_and_analyze_options_round_trip(tmp_path) -> None:
    path = tmp_path / "s.json"
    saved = AppSettings(camera="camera:2", microphone="5", consent_given=True,
                        goals=("rapport",), conversation_context="a sales call")
    JsonSettingsStore(path).save(saved)
    assert JsonSettingsStore(path).load() == saved


def test_the_status_bar_says_local_engine_until_a_cloud_key_exists(qtbot, qsettings) -> None:
    from interhuman_desktop.ui.main_window import MainWindow

    store = MemorySettingsStore(AppSettings(backend="cloud"))
    window = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(window)
    assert window._backend_label.text().startswith("Backend: Local engine")
    window.settings_view.api_key.setText("key-123")
    window.settings_view.save()
    assert window._backend_label.text() == "Backend: Interhuman cloud"
