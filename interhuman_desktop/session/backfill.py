"""Analyse after the session what the live stream never got answered (the backfill).

A stretch is a run of consecutive segments that no connection answered for (pending, or given
up on as ``no_answer``); segments the server *rejected* (``ih*`` codes) are not retried. Each
stretch is joined, with up to ``CONTEXT_SECONDS`` of the media before it so the analysis has a
full window, and sent through upload analysis (the same code path as a file analysis, to the
same backend). The result lands on the session timeline at the stretch's recording time; what it
says about the context (already answered live) is dropped, and everything merged is marked
``after_session``. The stretches are listed in ``timeline.after_session``. A microphone-only
session's stretches are WAV segments: they go to a V2 upload job on ``inter-2-audio`` instead
(:mod:`.audio_backfill`).
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path
from typing import Protocol

from interhumanai import InterhumanClient

from interhuman_desktop.core.error_ids import is_error_id
from interhuman_desktop.encode.remux import join_segments
from interhuman_desktop.session.audio_backfill import analyse_sound
from interhuman_desktop.session.file_analysis import AnalysisRequest, FileJob, JobState, run
from interhuman_desktop.session.journal import Journal
from interhuman_desktop.session.segments import Segment
from interhuman_desktop.session.timeline import SessionTimeline


class BackfillOptions(Protocol):
    @property
    def include(self) -> tuple[str, ...]: ...

    @property
    def goal_dimensions(self) -> tuple[str, ...] | None: ...


class LiveSession(Protocol):
    """What the backfill uses of a live session (a protocol, so session/live is not imported)."""

    @property
    def segments(self) -> dict[int, Segment]: ...

    timeline: SessionTimeline
    journal: Journal
    client: InterhumanClient

    @property
    def options(self) -> BackfillOptions: ...

    backfill_status: str | None


log = logging.getLogger(__name__)

CONTEXT_SECONDS = 8.0  # the engine's analysis window; the cloud's is no longer
EPS = 1e-3


def unanswered(segment: Segment) -> bool:
    return not segment.acked and (segment.failed is None or not is_error_id(segment.failed))


def stretches(segments: list[Segment]) -> list[list[Segment]]:
    """Runs of consecutive unanswered segments, in recording order."""
    runs: list[list[Segment]] = []
    for segment in sorted(segments, key=lambda s: s.index):
        if not unanswered(segment) or not segment.path.exists():
            continue
        if runs and runs[-1][-1].index == segment.index - 1:
            runs[-1].append(segment)
        else:
            runs.append([segment])
    return runs


def context_before(segments: list[Segment], stretch: list[Segment],
                   seconds: float = CONTEXT_SECONDS) -> list[Segment]:
    """The segments just before ``stretch`` covering up to ``seconds`` (on disk, consecutive)."""
    by_index = {s.index: s for s in segments}
    context: list[Segment] = []
    index, total = stretch[0].index - 1, 0.0
    while total < seconds and index in by_index and by_index[index].path.exists():
        context.insert(0, by_index[index])
        total += by_index[index].duration
        index -= 1
    return context


async def backfill(session: LiveSession) -> int:
    """Analyse every unanswered stretch by upload; returns how many segments it answered."""
    runs = stretches(list(session.segments.values()))
    answered = 0
    for i, stretch in enumerate(runs, 1):
        session.backfill_status = (f"Analysing after the session: stretch {i} of {len(runs)} "
                                   f"({len(stretch)} segments)")
        if await _one_stretch(session, stretch):
            answered += len(stretch)
    session.backfill_status = None
    return answered


async def _one_stretch(session: LiveSession, stretch: list[Segment]) -> bool:
    context = context_before(list(session.segments.values()), stretch)
    parts = context + stretch
    origin, floor = parts[0].recording_start, stretch[0].recording_start
    indexes = [s.index for s in stretch]
    session.journal.record("backfill", indexes=indexes, context=[s.index for s in context])
    with tempfile.TemporaryDirectory(prefix="ih-backfill-") as tmp:
        if getattr(session.options, "audio_format", None) is not None:  # microphone only
            result = await analyse_sound(session.client, [s.path for s in parts], Path(tmp),
                                         session.options.include)
        else:
            result = await _analyse_video(session, parts, Path(tmp))
    if result is None:
        log.warning("the analysis after the session of segments %s failed", indexes)
        return False
    end = stretch[-1].recording_end
    merge(session.timeline, result, origin, max(floor, _live_quality_end(session, end)), end)
    for segment in stretch:
        segment.acked, segment.failed, segment.backfilled = True, None, True
    session.journal.record("acked", indexes=indexes, after_session=True)
    log.info("segments %s analysed after the session", indexes)
    return True


async def _analyse_video(session: LiveSession, parts: list[Segment],
                         tmp: Path) -> SessionTimeline | None:
    joined = await asyncio.to_thread(join_segments, [s.path for s in parts], tmp / "stretch.mp4")
    request = AnalysisRequest(include=tuple(session.options.include),
                              goal_dimensions=tuple(session.options.goal_dimensions or ()))
    job = await run(FileJob(joined, request), session.client, workdir=tmp)
    if job.state != JobState.DONE or job.timeline is None:
        log.warning("the upload of a stretch failed: %s", job.error or job.state.value)
        return None
    return job.timeline


def _live_quality_end(session: LiveSession, before: float) -> float:
    ends = [p.end for p in session.timeline.quality_periods if p.end < before]
    return max(ends, default=0.0)


def merge(timeline: SessionTimeline, result: SessionTimeline, origin: float, floor: float,
          end: float) -> None:
    """Put ``result`` (file time 0 = recording ``origin``) onto ``timeline`` from ``floor`` on."""
    for s in result.signals:
        start, stop = s.start + origin, (s.end_or(result.media_end)) + origin
        if stop <= floor + EPS:
            continue
        s.start, s.end, s.after_session = max(start, floor), stop, True
        s.history = [(max(t + origin, floor), p, r) for t, p, r in s.history]
        timeline.signals.append(s)
    timeline.signals.sort(key=lambda x: x.start)
    for t, state in result.engagement:
        if t + origin >= floor - EPS:
            timeline.engagement.append((t + origin, state))
    timeline.engagement.sort(key=lambda e: e[0])
    for p in result.quality_periods:
        if p.end + origin > floor + EPS:
            p.start, p.end, p.after_session = max(p.start + origin, floor), p.end + origin, True
            timeline.quality_periods.append(p)
    timeline.quality_periods.sort(key=lambda p: p.start)
    if timeline.quality_overall is None:
        timeline.quality_overall = result.quality_overall
    for t, text in result.feedback:
        timeline.feedback.append((max(t + origin, floor), text))
    timeline.after_session.append((floor, end))
    timeline.media_end = max(timeline.media_end, end)
    timeline.revision += 1
