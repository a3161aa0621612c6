"""One job's analysis, on a worker thread: decode, measure cues, build the V2 result.

``inter-2`` (and ``inter-2-deep``) decode picture and sound (``decode_upload``, frames measured
as they decode); ``inter-2-audio`` decodes the audio track alone (any container PyAV reads).
Every result is checked with the SDK's ``UploadJobResult`` before it is stored.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.analysis.base import FrameConsumer, VideoSample
from interhuman_desktop.engine.analysis.cues import CueTimeline
from interhuman_desktop.engine.errors import EngineError
from interhuman_desktop.engine.media import MediaError, decode_upload

from . import errors as _v2_errors  # noqa: F401 - adds the V2 ids
from .media import check_duration, decode_audio
from .result import job_result

log = logging.getLogger(__name__)

DEEP_FPS_FACTOR = 2.0  # inter-2-deep: twice the analysis frames …
DEEP_MAX_WIDTH = 480  # … at a larger size


@dataclass(frozen=True)
class AnalysisConfig:
    analysis_fps: float
    max_width: int
    prefer_mesh: bool
    max_duration: float
    stop: threading.Event = field(default_factory=threading.Event)  # set: the engine is stopping


def analyse_job(path: Path, model: str, include: list[str], cfg: AnalysisConfig) -> dict[str, Any]:
    """The job's ``result`` payload; EngineError when the media cannot be analysed."""
    from interhumanai.types import UploadJobResult

    audio_only = model == "inter-2-audio"
    timeline = CueTimeline(prefer_mesh=cfg.prefer_mesh and not audio_only)
    try:
        if audio_only:
            media = decode_audio(path)
        else:
            deep = model == "inter-2-deep"
            fps = cfg.analysis_fps * (DEEP_FPS_FACTOR if deep else 1.0)
            width = max(cfg.max_width, DEEP_MAX_WIDTH) if deep else cfg.max_width
            try:
                media = decode_upload(path, analysis_fps=fps, max_width=width,
                                      on_frame=_stoppable(timeline.add_frame, cfg.stop))
            except MediaError as exc:
                raise EngineError(exc.code, exc.message) from None
            if not media.has_audio:
                raise EngineError(ErrorId.NO_AUDIO_STREAM, "The file has no audible audio track.")
        check_duration(media.duration, cfg.max_duration)
        _check(cfg.stop)
        timeline.add(media)
        result = job_result(timeline, media.end, include, audible_only=audio_only)
    finally:
        timeline.close()
    UploadJobResult.model_validate(result)  # every reply must parse with the SDK
    log.info("job (%s): %.1f s, %d windows", model, media.duration, len(result["windows"]))
    return result


def _check(stop: threading.Event) -> None:
    if stop.is_set():
        raise EngineError(ErrorId.JOB_INTERRUPTED,
                          "The engine stopped during the analysis: submit again.")


def _stoppable(add: Callable[[VideoSample], None], stop: threading.Event) -> FrameConsumer:
    """A frame consumer that ends the decode (ih1004) once the engine is stopping, so a long
    job does not hold the process open."""

    def consume(sample: VideoSample) -> None:
        _check(stop)
        add(sample)

    return consume
