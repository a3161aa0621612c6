"""The API key the settings store keeps, in :class:`~.secrets.SecretStore` (OS keyring first).

:class:`KeyringApiKey` is the production ``config.settings.ApiKeySecret`` (a structural protocol,
so this module needs nothing of ``config``): config stays below storage in the layers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interhuman_desktop.storage.secrets import API_KEY, SecretStore


class KeyringApiKey:
    """The API key in ``storage.secrets.SecretStore`` (OS keyring, 0600-file fallback).

    The CLI reads the same entry, so a key saved in Settings also serves ``analyze``/``live``.
    """

    def __init__(self, config_dir: Path | None = None, backend: Any = None) -> None:
        self._store, self._name = SecretStore(config_dir, backend), API_KEY

    def get(self) -> str:
        return self._store.get(self._name) or ""

    def set(self, value: str) -> None:
        if value:
            self._store.set(self._name, value)
        else:
            self._store.delete(self._name)
