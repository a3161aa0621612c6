"""The backfill of a microphone-only session (see :mod:`.backfill`): the WAV segments of a
stretch the stream never answered, with the context before them, joined into one WAV and
analysed by a V2 upload job on ``inter-2-audio`` (V1 upload needs a video track). Returns the
stretch's timeline (file time 0 = the first joined segment) or None when it could not be
analysed; the segments stay on disk either way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from interhumanai import InterhumanClient, InterhumanError

from interhuman_desktop.api.v2_result import analysis_from_job
from interhuman_desktop.session.audio_finalize import join_wavs, wav_seconds
from interhuman_desktop.session.from_result import timeline_from_result
from interhuman_desktop.session.timeline import SessionTimeline

log = logging.getLogger(__name__)

MODEL = "inter-2-audio"
MIN_SECONDS = 3.0  # shorter uploads are refused (ih4007)
WAIT_SECONDS = 600.0


async def analyse_sound(client: InterhumanClient, paths: Sequence[Path], workdir: Path,
                        include: Sequence[str]) -> SessionTimeline | None:
    joined = workdir / "stretch.wav"
    await asyncio.to_thread(join_wavs, paths, joined)
    seconds = await asyncio.to_thread(wav_seconds, joined)
    if seconds < MIN_SECONDS:
        log.warning("a %.1f-s stretch is too short to analyse by upload", seconds)
        return None
    try:
        job = await client.upload.submit(joined, model=MODEL, include=["signals", *include])
        job = await client.upload.wait_for_job(job, timeout=WAIT_SECONDS, poll_interval=1.0)
    except (InterhumanError, OSError) as exc:
        log.warning("the upload of a %.1f-s stretch failed: %s", seconds, exc)
        return None
    if job.status.value != "completed" or job.result is None:
        log.warning("the upload job of a %.1f-s stretch ended %s: %s", seconds,
                    job.status.value, job.error)
        return None
    return timeline_from_result(analysis_from_job(job.result))
