"""The Live view's service (no Qt): start a recording session, check the devices, list them.

The composition root builds one :class:`LiveService` and hands its bound methods to the Live
controller: ``start(request)`` (capture → segments → stream; returns a :class:`LiveHandle`),
``check(request)`` (the pre-flight alone, sources closed after) and ``devices()``. ``source`` or
``$INTERHUMAN_DESKTOP_SOURCE`` override the picked video (``synthetic`` or ``file:PATH``).
A request whose video is ``none`` ("Microphone only") records the microphone alone (or the
override / a ``file:PATH`` microphone, its sound played as the microphone) into an audio-only
session (:mod:`.audio_live`): only the microphone permission is asked, no camera is opened.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from interhumanai import InterhumanClient

from interhuman_desktop.capture import (
    CaptureError,
    DeviceInfo,
    VideoFrame,
    list_cameras,
    list_microphones,
)
from interhuman_desktop.capture.spec import open_microphone, open_picked_sources
from interhuman_desktop.session.audio_live import AudioLiveOptions, AudioPipeline
from interhuman_desktop.session.live import LiveOptions, LiveSession
from interhuman_desktop.session.live_options import stream_label
from interhuman_desktop.session.pipeline import LivePipeline, PipelineResult
from interhuman_desktop.session.preflight import Check, run_audio_preflight, run_preflight
from interhuman_desktop.session.timeline import SessionTimeline

log = logging.getLogger(__name__)

SOURCE_ENV = "INTERHUMAN_DESKTOP_SOURCE"
CHECK_SECONDS = 2.5  # long enough to see the preview and the level move
Monitor = Callable[[Any, Any], None]  # (video source, audio source or None)
PermissionAsker = Callable[[str], Awaitable[str | None]]  # kind → None if granted, else help
NO_CAMERA = "none"  # the video of a "Microphone only" request


class LiveChoice(Protocol):
    """What the user picked: ``video`` is ``camera:ID``, ``synthetic`` or ``file:PATH``."""

    @property
    def video(self) -> str: ...

    @property
    def microphone(self) -> str: ...

    @property
    def goals(self) -> tuple[str, ...]: ...


class ClientSource(Protocol):
    """The app's SDK client and the address it talks to (``session.backend.BackendProvider``)."""

    @property
    def base_url(self) -> str | None: ...

    async def client(self) -> InterhumanClient: ...


class LiveSettings(Protocol):
    @property
    def segment_seconds(self) -> float: ...


class LiveHandle:
    """What the Live view drives: a :class:`LivePipeline` (or an audio-only
    :class:`AudioPipeline`) that is recording."""

    def __init__(self, pipeline: LivePipeline | AudioPipeline, notes: list[str],
                 source: str = "camera") -> None:
        self.pipeline, self.notes, self.source = pipeline, notes, source
        self.timeline: SessionTimeline = pipeline.session.timeline
        self.folder: Path = pipeline.session.folder

    @property
    def elapsed(self) -> float:
        return float(self.pipeline.elapsed)

    @property
    def audio_only(self) -> bool:
        return isinstance(self.pipeline, AudioPipeline)

    def latest_frame(self) -> VideoFrame | None:
        if isinstance(self.pipeline, AudioPipeline):
            return None  # no camera
        return self.pipeline.video.latest_frame()

    def health(self) -> dict[str, Any]:
        health = self.pipeline.health()
        label = stream_label(self.pipeline.session.options, health.get("segment_seconds"))
        return {**health, "stream": label}

    def add_marker(self, t: float, note: str = "") -> None:
        self.pipeline.session.add_marker(t, note)

    async def stop(self) -> PipelineResult:
        return await self.pipeline.stop()


class LiveService:
    def __init__(self, provider: ClientSource, settings: Callable[[], LiveSettings],
                 permission: PermissionAsker, source: str | None = None) -> None:
        self._provider, self._settings = provider, settings
        self._permission, self._source = permission, source

    def video_spec(self, request: LiveChoice) -> str:
        return (self._source or os.environ.get(SOURCE_ENV) or request.video
                or "camera:0")

    def microphone_spec(self, request: LiveChoice) -> str:
        """The sound of a "Microphone only" request (the override stands in for it too)."""
        return self._source or os.environ.get(SOURCE_ENV) or request.microphone

    async def start(self, request: LiveChoice) -> LiveHandle:
        if request.video == NO_CAMERA:
            return await self.start_audio(request)
        client = await self._provider.client()
        spec = self.video_spec(request)
        await self._permissions(spec, request.microphone)
        video, audio = await asyncio.to_thread(open_picked_sources, spec, request.microphone)
        options = LiveOptions(goal_dimensions=tuple(request.goals) or None,
                              api=getattr(request, "api", "v1"),  # Settings "Live stream"
                              model=getattr(request, "model", None))
        session = LiveSession(client, self._provider.base_url or "", _new_folder(), options)
        pipeline = LivePipeline(session, video, audio,
                                segment_seconds=float(self._settings().segment_seconds))
        notes = [f"{c.message} {c.fix}".strip() for c in await pipeline.preflight() if not c.ok]
        await pipeline.start()
        log.info("live session recording into %s from %s", session.folder, spec.split(":")[0])
        return LiveHandle(pipeline, notes, "test pattern" if spec == "synthetic" else spec)

    async def start_audio(self, request: LiveChoice) -> LiveHandle:
        """Microphone only: the V2 stream's inter-2-audio model, raw PCM, no camera."""
        client = await self._provider.client()
        spec = self.microphone_spec(request)
        if not spec.startswith(("file:", "synthetic")):  # a file brings its own sound
            await self._permissions("microphone", "")
        audio = await asyncio.to_thread(open_microphone, spec)
        options = AudioLiveOptions(goal_dimensions=tuple(request.goals) or None)
        session = LiveSession(client, self._provider.base_url or "", _new_folder(), options)
        pipeline = AudioPipeline(session, audio)
        notes = [f"{c.message} {c.fix}".strip() for c in await pipeline.preflight() if not c.ok]
        await pipeline.start()
        log.info("audio-only live session recording into %s", session.folder)
        return LiveHandle(pipeline, notes, spec if spec.startswith("file:") else "microphone")

    async def check(self, request: LiveChoice, monitor: Monitor | None = None) -> list[Check]:
        """The "Check camera and sound": the pre-flight alone, sources closed after;
        ``monitor(video, audio)`` gets the sources first, for a preview and level meters."""
        if request.video == NO_CAMERA:
            microphone = await asyncio.to_thread(open_microphone, self.microphone_spec(request))
            if monitor is not None:
                monitor(None, microphone)
            return await asyncio.to_thread(run_audio_preflight, microphone, CHECK_SECONDS)
        spec = self.video_spec(request)
        video, audio = await asyncio.to_thread(open_picked_sources, spec, request.microphone)
        if monitor is not None:
            monitor(video, audio)
        return await asyncio.to_thread(run_preflight, video, audio, CHECK_SECONDS)

    @staticmethod
    def devices() -> tuple[list[DeviceInfo], list[DeviceInfo]]:
        """Cameras and microphones (blocking: the Live controller calls it on a worker thread)."""
        return list_cameras(), list_microphones()

    async def _permissions(self, video_spec: str, microphone: str) -> None:
        """Camera/microphone access through the OS prompt where there is one (macOS, Windows)."""
        camera = video_spec.startswith("camera")  # a file or the test pattern brings its sound
        needed = ["camera", "microphone"] if camera and microphone != "none" else (
            ["camera"] if camera else [])
        if video_spec == "microphone":  # "Microphone only"
            needed = ["microphone"]
        for kind in needed:
            problem = await self._permission(kind)
            if problem is not None:
                raise CaptureError(problem)


def _new_folder() -> Path:
    from interhuman_desktop.config.paths import sessions_dir

    folder = sessions_dir() / time.strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
