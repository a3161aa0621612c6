"""A small settings store for the GUI (no Qt): a dataclass persisted as JSON.

Kept deliberately simple so the real ``config`` module can replace it: anything with
``load() -> AppSettings`` and ``save(AppSettings)`` works where a store is injected.
The API key never goes into the JSON file unless asked (``keep_api_key=True``): it goes to a
``SecretStore`` (``get()``/``set(value)``; the app adapts ``storage.secrets``, the OS keyring;
memory otherwise).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

BACKENDS = {"local": "Local engine", "cloud": "Interhuman cloud"}


@dataclass(frozen=True)
class AppSettings:
    backend: str = "local"  # "local" or "cloud"
    api_key: str = ""
    segment_seconds: float = 5.0
    theme: str = "system"  # "system", "light" or "dark"
    goals: tuple[str, ...] = ()  # coaching goals: CQI dimensions the feedback aims at
    camera: str = ""  # live video source: "camera:ID", "synthetic" or "file:PATH"
    microphone: str = ""  # "" (system default), "none" or a device id
    consent_given: bool = False  # the recording consent note was accepted once
    conversation_context: str = ""  # Analyze: one line describing the conversation
    welcome_seen: bool = False  # the first-run welcome was shown

    @property
    def effective_backend(self) -> str:
        """The cloud only once it has a key; the local engine otherwise."""
        return "cloud" if self.backend == "cloud" and self.api_key else "local"

    @property
    def backend_label(self) -> str:
        return BACKENDS.get(self.effective_backend, self.effective_backend)


class SettingsStoreLike(Protocol):
    def load(self) -> AppSettings: ...

    def save(self, settings: AppSettings) -> None: ...


class SecretStore(Protocol):
    def get(self) -> str: ...

    def set(self, value: str) -> None: ...


class MemorySecret:
    def __init__(self, value: str = "") -> None:
        self.value = value

    def get(self) -> str:
        return self.value

    def set(self, value: str) -> None:
        self.value = value


class MemorySettingsStore:
    """Keeps settings in memory (tests, demos)."""

    def __init__(self, settings: AppSettings | None = None) -> None:
        self._settings = settings or AppSettings()

    def load(self) -> AppSettings:
        return self._settings

    def save(self, settings: AppSettings) -> None:
        self._settings = settings


class JsonSettingsStore:
    """Settings in a JSON file; unknown keys are ignored, bad values fall back to defaults."""

    def __init__(self, path: Path, keep_api_key: bool = False,
                 secret: SecretStore | None = None) -> None:
        self.path = path
        self.keep_api_key = keep_api_key
        self.secret = secret or MemorySecret()

    def load(self) -> AppSettings:
        settings = self._read() or AppSettings()
        if not self.keep_api_key:
            settings = replace(settings, api_key=self.secret.get())
        return settings

    def _read(self) -> AppSettings | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("cannot read settings %s: %s; using defaults", self.path, exc)
            return None
        known = {f.name for f in fields(AppSettings)}
        try:
            settings = AppSettings(**{k: v for k, v in data.items() if k in known})
            return replace(settings, segment_seconds=float(settings.segment_seconds),
                           goals=tuple(str(g) for g in settings.goals),
                           camera=str(settings.camera), microphone=str(settings.microphone),
                           consent_given=bool(settings.consent_given),
                           welcome_seen=bool(settings.welcome_seen))
        except (TypeError, ValueError, AttributeError) as exc:
            log.warning("bad settings in %s: %s; using defaults", self.path, exc)
            return None

    def save(self, settings: AppSettings) -> None:
        data = asdict(settings)
        if not self.keep_api_key and data.pop("api_key") != self.secret.get():
            self.secret.set(settings.api_key)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        tmp.replace(self.path)
        log.debug("settings saved to %s", self.path)
