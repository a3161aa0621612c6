"""storage/secrets.py: keyring when usable, else a 0600 file with a warning (no key in logs)."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import keyring.backend
from keyring.backends import chainer, fail

from interhuman_desktop.storage.secrets import (
    API_KEY,
    Credentials,
    SecretStore,
    keyring_usable,
)

KEY = "ih_live_TOP_SECRET_999"


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.data:
            raise keyring.errors.PasswordDeleteError(username)
        del self.data[(service, username)]


def test_usable_detection() -> None:
    assert not keyring_usable(fail.Keyring())

    class EmptyChainer(chainer.ChainerBackend):
        backends = ()  # type: ignore[assignment]  # a chainer with nothing behind it

    assert not keyring_usable(EmptyChainer())
    assert keyring_usable(MemoryKeyring())


def test_fallback_file_is_0600_and_warns_without_the_key(tmp_path: Path, caplog) -> None:
    store = SecretStore(tmp_path / "cfg", backend=fail.Keyring())
    assert not store.uses_keyring
    with caplog.at_level(logging.WARNING, logger="interhuman_desktop.storage.secrets"):
        store.set(API_KEY, KEY)
    assert "No usable OS keyring" in caplog.text
    assert KEY not in caplog.text
    path = store.fallback_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert SecretStore(tmp_path / "cfg", backend=fail.Keyring()).get(API_KEY) == KEY
    store.delete(API_KEY)
    assert store.get(API_KEY) is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keyring_used_when_usable(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    store = SecretStore(tmp_path, backend=ring)
    store.set_credentials(Credentials(key_id="kid", key_secret="ksec"))
    assert ring.data[("interhuman-desktop", "key_id")] == "kid"
    assert not store.fallback_path.exists()
    creds = store.get_credentials()
    assert creds.usable and creds.api_key is None and creds.key_secret == "ksec"
    assert "ksec" not in repr(creds)
    store.delete("never-set")  # deleting a missing secret is fine


def test_broken_keyring_falls_back(tmp_path: Path) -> None:
    class Broken(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.KeyringLocked("locked")

    store = SecretStore(tmp_path, backend=Broken())
    store.set(API_KEY, KEY)
    assert store.fallback_path.exists() and store.get(API_KEY) == KEY
