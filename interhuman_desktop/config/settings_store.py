"""The settings in a JSON file: read once, cached, written through; the key read off-thread.

``load()`` returns the cached :class:`AppSettings` (the file is read on the first call only);
``save()`` updates the cache and replaces the file atomically, so every caller sharing the
store sees a change at once. The API key comes from an :class:`ApiKeySecret` (the OS keyring),
read once in a short-lived worker thread started with the store (:meth:`preload`); ``load()``
waits for it only if called before it finished, and :meth:`aload` awaits it without blocking
the event loop. The key is never logged and never goes into the file unless
``keep_api_key=True``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from concurrent.futures import Future
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any

from interhuman_desktop.config.settings import (
    KEEP_RECORDING,
    LIVE_APIS,
    LIVE_MODELS,
    ApiKeySecret,
    AppSettings,
    MemorySecret,
)

log = logging.getLogger(__name__)


class JsonSettingsStore:
    """Settings in a JSON file; unknown keys are ignored, bad values fall back to defaults."""

    def __init__(self, path: Path, keep_api_key: bool = False,
                 secret: ApiKeySecret | None = None) -> None:
        self.path = path
        self.keep_api_key = keep_api_key
        self.secret: ApiKeySecret = secret or MemorySecret()
        self._lock = threading.Lock()
        self._cached: AppSettings | None = None
        self._key: Future[str] | None = None

    def preload(self) -> None:
        """Start reading the API key in a worker thread (once); returns at once."""
        if self.keep_api_key:
            return
        with self._lock:
            if self._key is not None:
                return
            self._key = Future()
        threading.Thread(target=self._read_key, args=(self._key,), name="settings-key",
                         daemon=True).start()

    def load(self) -> AppSettings:
        with self._lock:
            if self._cached is None:
                self._cached = self._read() or AppSettings()
            cached = self._cached
        if self.keep_api_key:
            return cached
        return replace(cached, api_key=self._wait_key())

    async def aload(self) -> AppSettings:
        """:meth:`load` for coroutines: awaits the key read instead of blocking the loop."""
        if not self.keep_api_key:
            self.preload()
            assert self._key is not None
            await asyncio.wrap_future(self._key)
        return self.load()

    def save(self, settings: AppSettings) -> None:
        data = asdict(settings)
        if not self.keep_api_key:
            key = data.pop("api_key")
            if key != self._wait_key():
                self.secret.set(key)
                with self._lock:
                    self._key = _done(key)
        with self._lock:
            self._cached = replace(settings, api_key=settings.api_key if self.keep_api_key else "")
            self._write(data)
        log.debug("settings saved to %s", self.path)

    def _wait_key(self) -> str:
        self.preload()
        assert self._key is not None
        return self._key.result()

    def _read_key(self, future: Future[str]) -> None:
        try:
            future.set_result(self.secret.get())
        except Exception:  # catch-all: the future must get a result; SecretStore handles
            log.exception("cannot read the API key; none is used")  # KeyringError, so: a bug
            future.set_result("")

    def _read(self) -> AppSettings | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("cannot read settings %s: %s; using defaults", self.path, exc)
            return None
        return _parse(data, self.path)

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(self.path)


def _parse(data: Any, path: Path) -> AppSettings | None:
    known = {f.name for f in fields(AppSettings)}
    try:
        settings = AppSettings(**{k: v for k, v in data.items() if k in known})
        return replace(settings, segment_seconds=float(settings.segment_seconds),
                       goals=tuple(str(g) for g in settings.goals),
                       camera=str(settings.camera), microphone=str(settings.microphone),
                       consent_given=bool(settings.consent_given),
                       welcome_seen=bool(settings.welcome_seen),
                       keep_recording=settings.keep_recording
                       if settings.keep_recording in KEEP_RECORDING else "always",
                       live_api=_one_of(settings.live_api, LIVE_APIS, "v1"),
                       live_model=_one_of(settings.live_model, LIVE_MODELS, "inter-2"))
    except (TypeError, ValueError, AttributeError) as exc:
        log.warning("bad settings in %s: %s; using defaults", path, exc)
        return None


def _one_of(value: Any, allowed: dict[str, str], default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default


def _done(value: str) -> Future[str]:
    future: Future[str] = Future()
    future.set_result(value)
    return future
