"""SetupDriver: the Live set-up's side of the controller: devices listed off the GUI thread and
remembered, goals remembered, and the pre-flight check with a live preview and a level meter.

The checker is ``checker(request, monitor)``: it calls ``monitor(video, audio)`` with the opened
sources before it runs them, and the driver then pulls the newest frame and sound level at
~30 Hz until the check is over (pull, as the session preview does: capture never waits).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QTimer

from interhuman_desktop.config.settings import SettingsStoreLike
from interhuman_desktop.core.errors import user_message
from interhuman_desktop.ui.views.live_setup import LiveSetup

log = logging.getLogger(__name__)
Monitor = Callable[[Any, Any], None]
Checker = Callable[[Any, Monitor], Awaitable[Sequence[Any]]]
DeviceLister = Callable[[], tuple[list[Any], list[Any]]]
Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Task[None] | None"]


class SetupDriver(QObject):
    def __init__(self, setup: LiveSetup, request: Callable[[], Any], spawn: Spawn, *,
                 store: SettingsStoreLike | None, checker: Checker | None,
                 devices: DeviceLister | None) -> None:
        super().__init__(setup)
        self.setup, self.request, self.spawn = setup, request, spawn
        self.store, self.checker, self.devices = store, checker, devices
        self._sources: tuple[Any, Any] | None = None
        self._probe = QTimer(self)
        self._probe.setInterval(33)
        self._probe.timeout.connect(self._pull)
        setup.checkRequested.connect(self.check)
        setup.devicesChanged.connect(self._remember_devices)
        setup.goalsChanged.connect(self._remember_goals)

    def check(self) -> asyncio.Task[None] | None:
        if self.checker is None:
            self.setup.show_checks(None, "The pre-flight check is not available here.")
            return None
        self.setup.show_checks(None, "Checking the sound…" if self.setup.audio_only()
                               else "Checking the camera, the light and the sound…")
        return self.spawn(self._check())

    def refresh(self) -> asyncio.Task[None] | None:
        if self.devices is None:
            return None
        return self.spawn(self._list_devices())

    def show_devices(self, cameras: list[Any], microphones: list[Any],
                     listed: bool = False) -> None:
        """``listed``: the devices were listed (no microphone then means none is there)."""
        s = self.store.load() if self.store is not None else None
        self.setup.set_devices(cameras, microphones, s.camera if s else "",
                               s.microphone if s else "", listed=listed,
                               audio_microphone=s.audio_microphone if s else "")
        self.setup.set_goals(s.goals if s else ())

    def _monitor(self, video: Any, audio: Any) -> None:
        """From the checker's thread: one attribute write; the GUI timer does the rest."""
        self._sources = (video, audio)

    async def _check(self) -> None:
        assert self.checker is not None
        self._sources = None
        self.setup.set_probe_visible(True)
        self._probe.start()
        try:
            checks = await self.checker(self.request(), self._monitor)
        except Exception as exc:  # noqa: BLE001 - e.g. the device cannot open: that is the answer
            log.info("pre-flight failed: %s", exc)
            self.setup.show_checks(None, f"Could not check: {user_message(exc)}")
            return
        finally:
            self._probe.stop()
            self._pull()
            self._sources = None
        self.setup.show_checks(list(checks))

    def _pull(self) -> None:
        if self._sources is None:
            return
        video, audio = self._sources
        frame = video.latest_frame() if video is not None else None
        level = getattr(audio, "level_db", None) if audio is not None else None
        self.setup.show_probe(getattr(frame, "image", None), level)

    async def _list_devices(self) -> None:
        assert self.devices is not None
        try:
            cameras, microphones = await asyncio.to_thread(self.devices)
        except Exception:  # no devices is a normal answer
            log.exception("listing devices failed")
            self.show_devices([], [])
            return
        self.show_devices(cameras, microphones, listed=True)

    def _remember_devices(self) -> None:
        if self.store is not None:
            setup = self.setup
            self.store.save(replace(self.store.load(), camera=setup.video_spec(),
                                    microphone=setup.microphone_spec(),
                                    audio_microphone=setup.audio_mic))

    def _remember_goals(self, goals: tuple[str, ...]) -> None:
        if self.store is not None:
            self.store.save(replace(self.store.load(), goals=tuple(goals)))
