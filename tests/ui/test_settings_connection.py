"""An honest Settings: "Test connection" makes a real authenticated call (the local engine on
loopback, a loopback stand-in for the cloud), the status bar follows the backend in use, and a
plain-file key store says so in the Settings view."""

from __future__ import annotations

from dataclasses import replace

from fake_cloud import FakeCloud
from keyring.backends import fail
from waiting import UI_MS, until

from interhuman_desktop.api.backend import make_http_client
from interhuman_desktop.api.connection_check import check_connection
from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.storage.secrets import SecretStore, key_storage_note
from interhuman_desktop.ui.main_window import MainWindow


def _state(window: MainWindow) -> str:
    return window.backend_status.state.text()


def test_cloud_key_is_really_checked_and_the_status_bar_follows_the_backend(
        qtbot, qasync_loop, qsettings) -> None:
    store = MemorySettingsStore(AppSettings(backend="cloud", api_key="made-up-key"))
    holder: list[MainWindow] = []
    provider = BackendProvider(store.load, lambda text: holder[0].set_backend_state(text))
    window = MainWindow(store, tester=provider.test, qsettings=qsettings)
    holder.append(window)
    qtbot.addWidget(window)
    view = window.settings_view
    assert window.backend_status.label.text() == "Backend: Interhuman cloud"
    assert "not checked" in _state(window)  # not "ready" before anything was checked

    async def scenario(cloud: FakeCloud) -> None:
        provider.cloud_base_url = cloud.base_url
        results: list[bool] = []
        view.testFinished.connect(lambda ok, _m: results.append(ok))
        view.test_button.click()
        await until(lambda: results, UI_MS / 1000, "the first test")
        assert results == [False]
        shown = view.test_result.text()
        assert "refused the key (HTTP 401)" in shown and "✖" in shown
        assert f"correlation id {cloud.last_correlation_id}" in shown
        assert "test failed" in _state(window)
        view.api_key.setText("ih_good")
        view.save()
        view.test_button.click()
        await until(lambda: len(results) == 2, UI_MS / 1000, "the second test")
        assert results[1] is True, view.test_result.text()
        shown = view.test_result.text()
        assert shown.startswith("✔ Key accepted by the Interhuman cloud")
        assert "scopes: interhumanai.upload, interhumanai.stream" in shown and " ms" in shown
        assert len(cloud.revoked) == 1  # the test token did not outlive the test
        assert [p for p, _ in cloud.requests] == [
            "/v1/upload/analyze", "/v1/upload/analyze", "/v1/client_tokens",
            "/v1/client_tokens/revoke"]
        assert _state(window) == "· key accepted"
        view.backend.setCurrentIndex(view.backend.findData("local"))  # back to Local
        await until(lambda: window.backend_status.label.text() == "Backend: Local engine")
        assert "cloud" not in _state(window) and "key" not in _state(window)
        await window.aclose()
        await provider.aclose()

    with FakeCloud("ih_good") as cloud:
        qasync_loop.run_until_complete(scenario(cloud))


def test_local_engine_test_authenticates_and_a_wrong_key_is_refused(
        qtbot, qasync_loop) -> None:
    store = MemorySettingsStore(AppSettings())
    provider = BackendProvider(store.load, lambda _t: None)

    async def scenario() -> None:
        report = await provider.test(store.load())
        assert report.ok and report.latency_ms > 0, report.text()
        assert report.text().startswith("Key accepted by the local engine at http://127.0.0.1:")
        engine = provider._engine
        assert engine is not None
        async with make_http_client() as http:
            wrong = await check_connection(http, engine.base_url, "not-the-key", "the engine")
        assert not wrong.ok and "refused the key (HTTP 401)" in wrong.message
        assert wrong.correlation_id  # the engine's id for this refusal
        await provider.aclose()

    qasync_loop.run_until_complete(scenario())


def test_a_plain_file_key_store_says_so_in_settings(qtbot, tmp_path, qsettings) -> None:
    plain = SecretStore(tmp_path, fail.Keyring())
    note = key_storage_note(plain)
    assert note is not None and str(tmp_path / "secrets.json") in note
    window = MainWindow(MemorySettingsStore(), qsettings=qsettings)
    qtbot.addWidget(window)
    view = window.settings_view
    window.show()
    window.show_view("Settings")
    assert not view.key_storage.isVisible()
    view.set_key_storage(note)
    assert view.key_storage.isVisible() and "plain file" in view.key_storage.text()
    store = MemorySettingsStore(replace(AppSettings(), backend="cloud"))
    assert store.load().backend == "cloud"
