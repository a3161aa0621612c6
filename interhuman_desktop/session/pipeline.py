"""The whole live pipeline: capture sources → segment writer → live session, with health.

Start order: session (connects in the background) → writer → sources. Stop order (architecture
"Shutdown order"): sources stop → the writer flushes the last segment → the session drains and
closes → the segments are joined into one recording (checked, then the segment files are
deleted: one copy of the media), and the timeline and raw events are saved beside it. Sources
are opened on a worker thread (a camera open or a PortAudio start can block for seconds).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interhuman_desktop.capture.base import AudioSource, VideoSource
from interhuman_desktop.core.clock import now
from interhuman_desktop.encode.segment_writer import SegmentWriter
from interhuman_desktop.encode.segments import EncoderSettings
from interhuman_desktop.session.finalize import finish_media
from interhuman_desktop.session.journal import SEGMENTS
from interhuman_desktop.session.live import LiveSession, LiveState
from interhuman_desktop.session.pipeline_figures import (
    drain_and_stop,
    median,
    session_figures,
    write_results,
)
from interhuman_desktop.session.preflight import Check, run_preflight

log = logging.getLogger(__name__)



@dataclass
class PipelineResult:
    recording: Path | None
    timeline_path: Path
    events_path: Path
    health: dict[str, Any]


class LivePipeline:
    def __init__(self, session: LiveSession, video: VideoSource, audio: AudioSource | None,
                 *, segment_seconds: float = 3.0, settings: EncoderSettings | None = None,
                 keep_segments: bool = False) -> None:
        self.session = session
        self.keep_segments, self.segment_seconds = keep_segments, segment_seconds
        self.video = video
        self.audio = audio
        self.writer = SegmentWriter(
            session.folder / SEGMENTS, video=video.frames,
            audio=audio.blocks if audio is not None else None,
            on_segment=session.segment_ready, segment_seconds=segment_seconds,
            settings=settings)
        self.started_at: float | None = None

    async def preflight(self, seconds: float = 1.5) -> list[Check]:
        """Check devices, light, face and sound before recording (warnings, not blockers)."""
        self.session.state = LiveState.PREFLIGHT
        checks = await asyncio.to_thread(run_preflight, self.video, self.audio, seconds)
        self.session.state = LiveState.IDLE
        return checks

    async def start(self) -> None:
        await self.session.start()
        self.started_at = now()
        self.writer.start(t0=self.started_at)
        await asyncio.to_thread(self.video.start)
        if self.audio is not None and not _same(self.audio, self.video):
            await asyncio.to_thread(self.audio.start)

    @property
    def elapsed(self) -> float:
        return 0.0 if self.started_at is None else now() - self.started_at

    async def stop(self) -> PipelineResult:
        """Stop capture, flush, drain the analysis, save everything. Never loses a segment."""
        for source in {id(s): s for s in (self.video, self.audio) if s is not None}.values():
            await asyncio.to_thread(source.stop)
        await drain_and_stop(self.writer, self.session, "encoder")
        return await self._save()

    async def _save(self) -> PipelineResult:
        folder = self.session.folder
        ordered = sorted(self.session.segments.values(), key=lambda s: s.index)
        paths = [s.path for s in ordered if s.path.exists()]
        span = ordered[-1].recording_end - ordered[0].recording_start if ordered else None
        media = await asyncio.to_thread(finish_media, folder, paths, span,
                                        keep_segments=self.keep_segments)
        timeline_path, events_path = await write_results(self.session)
        health = self.health()
        self.session.close_journal()
        return PipelineResult(media.recording, timeline_path, events_path, health)

    def health(self) -> dict[str, Any]:
        """The OBS-style figures: capture, encoder, outbox, connection, analysis."""
        w = self.writer.health()
        stats = self.video.stats()
        s = self.session
        elapsed = max(self.elapsed, 1e-6)
        return {
            "state": s.state.value,
            "api": s.options.api,
            "segment_seconds": self.segment_seconds,
            "elapsed": round(self.elapsed, 2),
            "fps_in": round(w.frames_in / elapsed, 2),
            "fps_out": round(w.frames_out / elapsed, 2),
            "frames_captured": stats.frames_captured,
            "frames_dropped": stats.frames_dropped + w.frames_late,
            "encode_lag": round(w.encode_lag, 3),
            "queue_depth": w.queue_depth,
            "encode_seconds_per_segment_median": median(
                [x.encode_seconds for x in self.writer.segments]),
            **session_figures(self.session),
        }


def _same(a: object, b: object) -> bool:
    """One object serving as both sources (a file or the test pattern)."""
    return a is b

