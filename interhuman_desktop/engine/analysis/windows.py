"""Window schedule (8-s windows on a 3-s hop) and the analysis of one window.

Window *k* covers ``[3k, 3k + 8)`` and closes at its end, the boundary ``3k + 8``. Each
closed window owns the *period* since the previous boundary (the first owns ``[0, 8)``), so
periods tile the timeline: engagement state and the CQI timeline are reported per period,
signals per window. Media shorter than 8 s, and a tail of at least :data:`MIN_TAIL` seconds
after the last boundary, are analysed as one extra window ending at the media end.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .cqi import Scores, window_scores
from .cues import CueTimeline, WindowCues
from .mapping import DISENGAGED_FACE_MAX, engagement_state, window_signals
from .signal import SignalEstimate

WINDOW = 8.0
HOP = 3.0
MIN_TAIL = 1.0
STATE_STEP = 1.0  # seconds: the engagement state is refined on this grid inside a period


@dataclass(frozen=True)
class WindowOutcome:
    """One analysed window and the period it reports for."""

    period_start: float
    period_end: float
    cues: WindowCues
    signals: dict[str, SignalEstimate]
    engagement: str
    scores: Scores
    states: tuple[tuple[float, str], ...] = ()  # (start, state) changes inside the period

    @property
    def window_start(self) -> float:
        return self.cues.start

    @property
    def window_end(self) -> float:
        return self.cues.end


def boundaries(after: float, upto: float) -> Iterator[float]:
    """Window ends ``8 + 3k`` with ``after < end <= upto``."""
    k = max(0, int((after - WINDOW) // HOP))
    while True:
        end = WINDOW + k * HOP
        if end > upto + 1e-9:
            return
        if end > after + 1e-9:
            yield end
        k += 1


def tail_window(last_boundary: float, media_end: float) -> tuple[float, float] | None:
    """The extra (start, end) window at the end of media, when one is due."""
    tail = media_end - last_boundary
    if media_end <= 0 or tail <= 1e-9:
        return None
    if last_boundary > 0 and tail < MIN_TAIL:
        return None
    return max(0.0, media_end - WINDOW), media_end


def analyse(timeline: CueTimeline, start: float, end: float, period_start: float) -> WindowOutcome:
    cues = timeline.window(start, end)
    state = engagement_state(cues)
    return WindowOutcome(
        period_start=period_start,
        period_end=end,
        cues=cues,
        signals=window_signals(cues),
        engagement=state,
        scores=window_scores(cues),
        states=period_states(timeline, state, period_start, end),
    )


def period_states(
    timeline: CueTimeline, state: str, start: float, end: float
) -> tuple[tuple[float, str], ...]:
    """The window's state refined per :data:`STATE_STEP` second of its period: a second with the
    face toward the camera in under half its frames is ``disengaged``; a second with the face
    back in a ``disengaged`` window is ``neutral``; seconds without frames keep the window's
    state. Only changes are listed (the first entry is at ``start``)."""
    changes: list[tuple[float, str]] = []
    t = start
    while t < end - 1e-9:
        step_end = min(t + STATE_STEP, end)
        faces = timeline.faces_in(t, step_end)
        here = state
        if faces:
            away = sum(f.facing for f in faces) / len(faces) < DISENGAGED_FACE_MAX
            here = "disengaged" if away else ("neutral" if state == "disengaged" else state)
        if not changes or changes[-1][1] != here:
            changes.append((round(t, 3), here))
        t = step_end
    return tuple(changes)


def all_windows(timeline: CueTimeline, media_end: float) -> list[WindowOutcome]:
    """Every window of a whole file (uploads); the last period is stretched to the media end."""
    outcomes, last = [], 0.0
    for boundary in boundaries(0.0, media_end):
        outcomes.append(analyse(timeline, boundary - WINDOW, boundary, last))
        last = boundary
    tail = tail_window(last, media_end)
    if tail is not None:
        outcomes.append(analyse(timeline, tail[0], tail[1], last))
    elif outcomes and outcomes[-1].period_end < media_end:
        o = outcomes[-1]
        outcomes[-1] = WindowOutcome(
            o.period_start, media_end, o.cues, o.signals, o.engagement, o.scores,
            o.states + period_states(timeline, o.engagement, o.period_end, media_end),
        )
    return outcomes
