"""The app's settings model (no Qt): one frozen dataclass, and the stores that keep it.

Anything with ``load() -> AppSettings`` and ``save(AppSettings)`` works where a store is
injected (:class:`SettingsStoreLike`). The JSON store (:mod:`.settings_store`) reads its file
once, caches, and writes through; the API key never goes into the JSON file unless asked: it
goes to an :class:`ApiKeySecret` (the OS keyring through ``storage.api_key.KeyringApiKey``,
memory in tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

BACKENDS = {"local": "Local engine", "cloud": "Interhuman cloud"}
UPLOAD_MODELS = {"inter-2": "Inter-2: picture and sound (V2 job)",
                 "inter-2-audio": "Inter-2 audio: voice only (V2 job)",
                 "inter-2-deep": "Inter-2 deep (V2 job, where the key may use it)",
                 "v1": "Inter-1 (V1 upload)"}
LIVE_APIS = {"v1": "V1 (one file per segment)", "v2": "V2 (one continuous stream)"}
LIVE_MODELS = {"inter-2": "Inter-2: picture and sound",
               "inter-2-audio": "Inter-2 audio: voice only"}
SETTINGS_FILE = "gui-settings.json"
KEEP_RECORDING = {"always": "Always", "ask": "Ask after each analysis",
                  "never": "Never (keep the results only)"}


@dataclass(frozen=True)
class AppSettings:
    backend: str = "local"  # "local" or "cloud"
    api_key: str = ""
    segment_seconds: float = 5.0
    theme: str = "system"  # "system", "light" or "dark"
    goals: tuple[str, ...] = ()  # coaching goals: CQI dimensions the feedback aims at
    camera: str = ""  # live video source: "camera:ID", "synthetic" or "file:PATH"
    microphone: str = ""  # "" (system default), "none" or a device id
    audio_microphone: str = ""  # microphone-only sessions' microphone (may be "file:PATH")
    consent_given: bool = False  # the recording consent note was accepted once
    conversation_context: str = ""  # Analyze: one line describing the conversation
    welcome_seen: bool = False  # the first-run welcome was shown
    keep_recording: str = "always"  # privacy: "always", "ask" or "never" (see KEEP_RECORDING)
    upload_model: str = "inter-2"  # file uploads: a V2 job model, or "v1" (the V1 upload)
    live_api: str = "v1"  # live sessions: "v1" (a file per segment) or "v2" (one continuous stream)
    live_model: str = "inter-2"  # the V2 stream's model (see LIVE_MODELS); unused on V1

    @property
    def effective_backend(self) -> str:
        """The cloud only once it has a key; the local engine otherwise."""
        return "cloud" if self.backend == "cloud" and self.api_key else "local"

    @property
    def live_stream(self) -> tuple[str, str | None]:
        """(api, model) for a live session: the model only on V2."""
        v2 = self.live_api == "v2"
        return ("v2", self.live_model) if v2 else ("v1", None)

    @property
    def backend_label(self) -> str:
        return BACKENDS.get(self.effective_backend, self.effective_backend)


class SettingsStoreLike(Protocol):
    def load(self) -> AppSettings: ...

    def save(self, settings: AppSettings) -> None: ...


class ApiKeySecret(Protocol):
    """Where the API key lives: ``get()`` may be slow (the OS keyring), so stores call it once,
    off the GUI thread."""

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


def settings_path() -> Path:
    """The GUI settings file in the user config dir (``INTERHUMAN_DESKTOP_HOME`` honoured)."""
    from interhuman_desktop.config.paths import config_dir

    return config_dir() / SETTINGS_FILE
