"""config/settings_store.py: a real JSON file, read once, cached, written through; the API key
read once off the calling thread, kept out of the file, and in a 0600 file without a keyring."""

from __future__ import annotations

import asyncio
import json
import logging
import stat
import threading
from dataclasses import replace

from keyring.backends import fail

from interhuman_desktop.config.settings import AppSettings, MemorySecret
from interhuman_desktop.config.settings_store import JsonSettingsStore
from interhuman_desktop.storage.api_key import KeyringApiKey


class CountingSecret(MemorySecret):
    """Counts reads and remembers the thread each one ran on."""

    def __init__(self, value: str = "") -> None:
        super().__init__(value)
        self.threads: list[threading.Thread] = []

    def get(self) -> str:
        self.threads.append(threading.current_thread())
        return super().get()


def test_round_trip_on_a_real_file(tmp_path) -> None:
    path = tmp_path / "s.json"
    store = JsonSettingsStore(path, keep_api_key=True)
    assert store.load() == AppSettings()
    assert not path.exists()  # nothing written until a save
    wanted = AppSettings(backend="cloud", api_key="k-123", segment_seconds=7.5, theme="dark",
                         goals=("energy",), camera="camera:2", microphone="5",
                         consent_given=True, conversation_context="a sales call")
    store.save(wanted)
    assert json.loads(path.read_text())["theme"] == "dark"
    assert JsonSettingsStore(path, keep_api_key=True).load() == wanted  # a "restart"


def test_the_file_is_read_once_then_served_from_the_cache(tmp_path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"theme": "dark"}))
    store = JsonSettingsStore(path)
    assert store.load().theme == "dark"
    path.write_text(json.dumps({"theme": "light"}))  # changed behind the store's back
    assert [store.load().theme for _ in range(5)] == ["dark"] * 5
    assert JsonSettingsStore(path).load().theme == "light"  # a new store does read it


def test_a_save_is_seen_by_every_later_load_and_written_through(tmp_path) -> None:
    path = tmp_path / "s.json"
    store = JsonSettingsStore(path)
    first, other = store, store  # two views holding the same store
    first.save(replace(first.load(), consent_given=True))
    other.save(replace(other.load(), goals=("rapport",)))
    assert store.load().consent_given and store.load().goals == ("rapport",)
    on_disk = json.loads(path.read_text())
    assert on_disk["consent_given"] is True and on_disk["goals"] == ["rapport"]
    assert not path.with_suffix(".tmp").exists()  # replaced atomically, nothing left over


def test_bad_files_fall_back_to_defaults(tmp_path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{not json")
    assert JsonSettingsStore(path).load() == AppSettings()
    path.write_text(json.dumps({"segment_seconds": "many", "unknown": 1}))
    assert JsonSettingsStore(path).load() == AppSettings()


def test_the_key_is_read_once_off_the_calling_thread_and_kept_out_of_the_file(tmp_path) -> None:
    secret = CountingSecret("k-9")
    path = tmp_path / "s.json"
    store = JsonSettingsStore(path, secret=secret)
    store.preload()
    assert [store.load().api_key for _ in range(3)] == ["k-9"] * 3
    assert len(secret.threads) == 1 and secret.threads[0] is not threading.current_thread()
    store.save(replace(store.load(), api_key="k-10", theme="dark"))
    assert secret.value == "k-10" and "k-10" not in path.read_text()
    assert store.load().api_key == "k-10" and len(secret.threads) == 1  # no re-read
    assert JsonSettingsStore(path, secret=secret).load().api_key == "k-10"  # a "restart"


def test_aload_awaits_the_key_without_blocking_the_loop(tmp_path) -> None:
    release = threading.Event()

    class SlowSecret(CountingSecret):
        def get(self) -> str:
            release.wait()
            return super().get()

    store = JsonSettingsStore(tmp_path / "s.json", secret=SlowSecret("k-slow"))

    async def main() -> str:
        pending = asyncio.ensure_future(store.aload())
        await asyncio.sleep(0)  # the loop keeps running while the key is being read
        assert not pending.done()
        release.set()
        return (await pending).api_key

    assert asyncio.run(main()) == "k-slow"


def test_without_a_keyring_the_key_goes_to_a_0600_file_with_a_warning(tmp_path, caplog) -> None:
    cfg, path = tmp_path / "cfg", tmp_path / "s.json"
    store = JsonSettingsStore(path, secret=KeyringApiKey(cfg, backend=fail.Keyring()))
    with caplog.at_level(logging.WARNING):
        store.save(AppSettings(backend="cloud", api_key="sk-secret-value"))
    fallback = cfg / "secrets.json"
    assert stat.S_IMODE(fallback.stat().st_mode) == 0o600
    assert "sk-secret-value" not in path.read_text()
    assert "keyring" in caplog.text.lower() and "sk-secret-value" not in caplog.text
    again = JsonSettingsStore(path, secret=KeyringApiKey(cfg, backend=fail.Keyring()))
    assert again.load().api_key == "sk-secret-value"
    again.save(replace(again.load(), api_key=""))  # clearing the key removes it
    assert "sk-secret-value" not in fallback.read_text()
