"""The live side of the composition root (no Qt): capture sources for the Live view's choice,
the session factory, the pre-flight checker and the device lister. ``app.py`` re-exports them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class LiveHandle:
    """What the Live view drives: a ``session.pipeline.LivePipeline`` that is recording."""

    def __init__(self, pipeline: Any, notes: list[str], source: str = "camera") -> None:
        self.pipeline, self.notes, self.source = pipeline, notes, source
        self.timeline = pipeline.session.timeline
        self.folder: Path = pipeline.session.folder

    @property
    def elapsed(self) -> float:
        return float(self.pipeline.elapsed)

    def latest_frame(self) -> Any:
        return self.pipeline.video.latest_frame()

    def health(self) -> dict[str, Any]:
        return self.pipeline.health()

    def add_marker(self, t: float, note: str = "") -> None:
        self.pipeline.session.add_marker(t, note)

    async def stop(self) -> Any:
        return await self.pipeline.stop()


def open_request_sources(video: str, microphone: str = "") -> tuple[Any, Any]:
    """Capture sources for the Live view's choice (``camera:ID`` + microphone, ``synthetic``,
    ``file:PATH``); runs on a worker thread."""
    from interhuman_desktop.capture import CameraSource, CaptureError, MicrophoneSource
    from interhuman_desktop.commands.live import open_sources

    if not video.startswith("camera:"):
        return open_sources(video)
    ident = video[len("camera:"):]
    camera = CameraSource(int(ident) if ident.isdigit() else ident)
    if microphone == "none":
        return camera, None
    try:
        device = int(microphone) if microphone.isdigit() else (microphone or None)
        return camera, MicrophoneSource(device)
    except CaptureError as exc:
        log.warning("no microphone (%s); recording video only", exc)
        return camera, None


def _video_spec(request: Any, source: str | None) -> str:
    import os

    return source or os.environ.get("INTERHUMAN_DESKTOP_SOURCE") or request.video or "camera:0"


def live_factory(provider: Any, settings: Callable[[], Any],
                 source: str | None = None) -> Callable[[Any], Any]:
    """Start capture → segments → stream for the Live view's ``LiveRequest`` (``source`` or
    ``$INTERHUMAN_DESKTOP_SOURCE`` override the picked video: ``synthetic`` or ``file:PATH``)."""

    async def start(request: Any) -> LiveHandle:
        import time

        from interhuman_desktop.config.paths import sessions_dir
        from interhuman_desktop.session.live import LiveOptions, LiveSession
        from interhuman_desktop.session.pipeline import LivePipeline

        client = await provider.client()
        spec = _video_spec(request, source)
        await _permissions(spec, request.microphone)
        video, audio = await asyncio.to_thread(open_request_sources, spec, request.microphone)
        folder = sessions_dir() / time.strftime("%Y%m%d-%H%M%S")
        folder.mkdir(parents=True, exist_ok=True)
        options = LiveOptions(goal_dimensions=tuple(request.goals) or None)
        session = LiveSession(client, provider.base_url or "", folder, options)
        pipeline = LivePipeline(session, video, audio,
                                segment_seconds=float(settings().segment_seconds))
        notes = [f"{c.message} {c.fix}".strip() for c in await pipeline.preflight() if not c.ok]
        await pipeline.start()
        log.info("live session recording into %s from %s", folder, spec.split(":")[0])
        return LiveHandle(pipeline, notes, "test pattern" if spec == "synthetic" else spec)

    return start


async def _permissions(video_spec: str, microphone: str) -> None:
    """Camera/microphone access through the OS prompt where there is one (macOS, Windows)."""
    from interhuman_desktop.capture.types import CaptureError
    from interhuman_desktop.ui.first_run import ensure_permission

    needed = (["camera"] if video_spec.startswith("camera") else []) + (
        ["microphone"] if microphone != "none" else [])
    for kind in needed:
        problem = await ensure_permission(kind)
        if problem is not None:
            raise CaptureError(problem)


def live_checker(source: str | None = None) -> Callable[[Any], Any]:
    """The Live view's "Check camera and sound": the pre-flight alone, sources closed after."""

    async def check(request: Any) -> list[Any]:
        from interhuman_desktop.session.preflight import run_preflight

        spec = _video_spec(request, source)
        video, audio = await asyncio.to_thread(open_request_sources, spec, request.microphone)
        return await asyncio.to_thread(run_preflight, video, audio, 1.5)

    return check


def list_devices() -> tuple[list[Any], list[Any]]:
    """Cameras and microphones (blocking: the Live controller calls it on a worker thread)."""
    from interhuman_desktop.capture import list_cameras, list_microphones

    return list_cameras(), list_microphones()
