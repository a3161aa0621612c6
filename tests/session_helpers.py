"""Helpers for live-session tests: real 3-s mp4 segments and a coroutine that runs a session."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path

from interhumanai import InterhumanClient
from media_factory import make_clip

from interhuman_desktop.session.journal import SEGMENTS, segment_name
from interhuman_desktop.session.live import LiveOptions, LiveSession

SEGMENT_SECONDS = 3.0


@dataclass
class FakeSegmentInfo:
    """What the encoder reports; the files themselves are real mp4 segments."""

    index: int
    path: Path
    media_duration: float
    last_frame_t: float | None = None


def make_segment_template(path: Path) -> Path:
    return make_clip(path, seconds=SEGMENT_SECONDS, width=320, height=240, fps=15, face=True,
                     speech=[(0.2, 1.4), (1.6, 2.8)])


def place_segments(folder: Path, template: Path, count: int) -> list[FakeSegmentInfo]:
    """Copy the template into the session folder as segments 1..count (written before sent)."""
    (folder / SEGMENTS).mkdir(parents=True, exist_ok=True)
    infos = []
    for i in range(1, count + 1):
        path = folder / SEGMENTS / segment_name(i)
        shutil.copyfile(template, path)
        infos.append(FakeSegmentInfo(i, path, SEGMENT_SECONDS))
    return infos


async def run_session(base_url: str, key: str, folder: Path, infos: list[FakeSegmentInfo],
                      options: LiveOptions | None = None, *, pace: float = 0.0,
                      between=None, finish_timeout: float = 90.0) -> LiveSession:
    """Start a session, feed the segments (``between(i)`` may act after each), finish it."""
    client = InterhumanClient(access_token=key, base_url=base_url)
    options = options or LiveOptions(quiet_period=30.0)  # a loaded engine answers slowly
    session = LiveSession(client, base_url, folder, options)
    await session.start()
    try:
        for i, info in enumerate(infos):
            session.segment_ready(info)
            await asyncio.sleep(pace)
            if between is not None:
                await between(i)
        session.input_finished()
        await session.finish(give_up_after=finish_timeout)
    finally:
        session.close_journal()
    return session
