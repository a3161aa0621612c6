"""An audio-only live session: microphone → s16le PCM segments → the V2 stream (inter-2-audio).

The same :class:`~interhuman_desktop.session.live.LiveSession` as a camera session (outbox,
reconnect with backoff, offset table, journal), with options that make it open
``/v2/stream/analyze?model=inter-2-audio``, declare ``audio_format`` in the session config and
send each segment's raw samples with ``send_audio`` (``session.pump``). The segments are WAV
files (:mod:`.pcm_writer`); at the end they are joined into ``recording.wav``
(:mod:`.audio_finalize`), and the timeline and raw events are saved beside it, so the folder
goes into the library like a camera session's. Start and stop orders are the video
pipeline's: session → writer → source; source stops → writer flushes → session drains → save.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from interhuman_desktop.capture.base import AudioSource
from interhuman_desktop.core.clock import now
from interhuman_desktop.session.audio_finalize import finish_audio
from interhuman_desktop.session.journal import SEGMENTS
from interhuman_desktop.session.live import LiveOptions, LiveSession, LiveState
from interhuman_desktop.session.pcm_writer import PCM_RATE, PcmSegmentWriter
from interhuman_desktop.session.pipeline import PipelineResult
from interhuman_desktop.session.pipeline_figures import (
    drain_and_stop,
    session_figures,
    write_results,
)
from interhuman_desktop.session.preflight import Check, run_audio_preflight

log = logging.getLogger(__name__)

AUDIO_MODEL = "inter-2-audio"
PCM_FORMAT = {"encoding": "pcm_s16le", "sample_rate": PCM_RATE, "channels": 1}
SEGMENT_SECONDS = 2.0  # "keep each frame small (1–3 s of media)" (the V2 stream guide)


@dataclass
class AudioLiveOptions(LiveOptions):
    """A live session on the V2 stream's audio model, sending raw PCM."""

    api: str = "v2"
    model: str | None = AUDIO_MODEL
    audio_format: dict[str, Any] | None = field(default_factory=lambda: dict(PCM_FORMAT))


class AudioPipeline:
    """Microphone (or a file's sound) → PCM segments → live session, with health figures."""

    audio_only = True

    def __init__(self, session: LiveSession, audio: AudioSource, *,
                 segment_seconds: float = SEGMENT_SECONDS, keep_segments: bool = False) -> None:
        self.session, self.audio, self.keep_segments = session, audio, keep_segments
        self.writer = PcmSegmentWriter(session.folder / SEGMENTS, audio.blocks,
                                       audio.sample_rate, on_segment=session.segment_ready,
                                       segment_seconds=segment_seconds)
        self.started_at: float | None = None

    async def preflight(self, seconds: float = 1.5) -> list[Check]:
        """Is the microphone hearing something (a warning, never a blocker)."""
        self.session.state = LiveState.PREFLIGHT
        checks = await asyncio.to_thread(run_audio_preflight, self.audio, seconds)
        self.session.state = LiveState.IDLE
        return checks

    async def start(self) -> None:
        await self.session.start()
        self.started_at = now()
        self.writer.start(t0=self.started_at)
        await asyncio.to_thread(self.audio.start)

    @property
    def elapsed(self) -> float:
        return 0.0 if self.started_at is None else now() - self.started_at

    def latest_frame(self) -> None:
        """No picture: an audio-only session has no camera."""
        return None

    async def stop(self) -> PipelineResult:
        """Stop the microphone, flush, drain the analysis, save. Never loses a segment."""
        await asyncio.to_thread(self.audio.stop)
        await drain_and_stop(self.writer, self.session, "audio writer")
        return await self._save()

    async def _save(self) -> PipelineResult:
        folder = self.session.folder
        ordered = sorted(self.session.segments.values(), key=lambda s: s.index)
        media = await asyncio.to_thread(finish_audio, folder, [s.path for s in ordered],
                                        keep_segments=self.keep_segments)
        timeline_path, events_path = await write_results(self.session)
        health = self.health()
        self.session.close_journal()
        return PipelineResult(media.recording, timeline_path, events_path, health)

    def health(self) -> dict[str, Any]:
        """The video pipeline's figures (no frames here) plus the microphone's level."""
        w = self.writer.health()
        s = self.session
        return {
            "state": s.state.value, "elapsed": round(self.elapsed, 2), "audio_only": True,
            "level_db": self.audio.level_db, "fps_in": None, "fps_out": None,  # no camera
            "frames_captured": 0, "frames_dropped": 0,
            "blocks_captured": w.blocks_in, "blocks_dropped": w.blocks_dropped,
            "seconds_recorded": w.seconds_out, "audio_reanchors": w.reanchors,
            "encode_lag": round(w.encode_lag, 3), "queue_depth": w.queue_depth,
            **session_figures(s),
        }
