"""API credentials in the OS keyring (service ``interhuman-desktop``), with a file fallback.

Headless machines (CI, servers) often have no usable keyring backend (``keyring.backends.fail``,
or a chainer with nothing in it). Then the secrets go to ``secrets.json`` in the user config dir
with mode 0600, and a warning says so (never the key itself). The config dir is injectable for
tests.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import platformdirs

log = logging.getLogger(__name__)

SERVICE = "interhuman-desktop"
FALLBACK_NAME = "secrets.json"
API_KEY, KEY_ID, KEY_SECRET = "api_key", "key_id", "key_secret"


@dataclass(frozen=True)
class Credentials:
    """Either an API key or a key id + secret pair. ``repr`` never shows a secret."""

    api_key: str | None = field(default=None, repr=False)
    key_id: str | None = None
    key_secret: str | None = field(default=None, repr=False)

    @property
    def usable(self) -> bool:
        return bool(self.api_key) or bool(self.key_id and self.key_secret)


def keyring_usable(backend: Any) -> bool:
    """False for the ``fail`` backend, an empty chainer, or a backend with priority ≤ 0."""
    from keyring.backends import chainer, fail

    if isinstance(backend, fail.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    try:
        return float(getattr(backend, "priority", 1)) > 0
    except Exception:  # noqa: BLE001 - as keyring's own `viable`: a raising priority = unusable
        return False


class SecretStore:
    """get / set / delete one secret by name, in the keyring or the 0600 fallback file."""

    def __init__(self, config_dir: str | os.PathLike[str] | None = None, backend: Any = None):
        self.config_dir = Path(config_dir or platformdirs.user_config_dir(SERVICE))
        self._backend = backend if backend is not None else keyring.get_keyring()
        self._use_keyring = keyring_usable(self._backend)
        self._warned = False

    @property
    def fallback_path(self) -> Path:
        return self.config_dir / FALLBACK_NAME

    @property
    def uses_keyring(self) -> bool:
        return self._use_keyring

    def get(self, name: str) -> str | None:
        if self._use_keyring:
            try:
                value = self._backend.get_password(SERVICE, name)
            except keyring.errors.KeyringError as exc:
                self._fall_back(exc)
            else:
                if value is not None:
                    return value
        return self._read_file().get(name)  # also finds what a keyless session stored

    def set(self, name: str, value: str) -> None:
        if self._use_keyring:
            try:
                self._backend.set_password(SERVICE, name, value)
                return
            except keyring.errors.KeyringError as exc:
                self._fall_back(exc)
        self._warn_once()
        data = self._read_file()
        data[name] = value
        self._write_file(data)

    def delete(self, name: str) -> None:
        if self._use_keyring:
            try:
                self._backend.delete_password(SERVICE, name)
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError as exc:
                self._fall_back(exc)
        data = self._read_file()
        if data.pop(name, None) is not None:
            self._write_file(data)

    def get_credentials(self) -> Credentials:
        return Credentials(self.get(API_KEY), self.get(KEY_ID), self.get(KEY_SECRET))

    def set_credentials(self, creds: Credentials) -> None:
        for name, value in (
            (API_KEY, creds.api_key),
            (KEY_ID, creds.key_id),
            (KEY_SECRET, creds.key_secret),
        ):
            if value:
                self.set(name, value)
            else:
                self.delete(name)

    def _fall_back(self, exc: Exception) -> None:
        log.warning("The OS keyring failed (%s); using the fallback file", type(exc).__name__)
        self._use_keyring = False

    def _warn_once(self) -> None:
        if not self._warned:
            log.warning(
                "No usable OS keyring; the API credentials are stored in %s (mode 0600, "
                "readable only by you). Install a keyring backend to keep them there instead.",
                self.fallback_path,
            )
            self._warned = True

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.fallback_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return (
            {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}
        )

    def _write_file(self, data: dict[str, str]) -> None:
        self.config_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.fallback_path.with_suffix(".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), 0o600)
            json.dump(data, fh)
        os.replace(tmp, self.fallback_path)


def key_storage_note(store: SecretStore | None = None) -> str | None:
    """What Settings says when the key is not in the OS keyring (None when it is)."""
    store = store or SecretStore()
    if store.uses_keyring:
        return None
    return (f"No OS keyring is available: the API key is kept in a plain file, "
            f"{store.fallback_path} (mode 0600, readable only by you). Install a keyring "
            "(e.g. GNOME Keyring or KWallet) to keep it there instead.")


def get_secret(name: str, config_dir: str | os.PathLike[str] | None = None) -> str | None:
    return SecretStore(config_dir).get(name)


def set_secret(name: str, value: str, config_dir: str | os.PathLike[str] | None = None) -> None:
    SecretStore(config_dir).set(name, value)


def delete_secret(name: str, config_dir: str | os.PathLike[str] | None = None) -> None:
    SecretStore(config_dir).delete(name)
