"""Hold logic for the live cue: a shown cue stays at least ``hold`` seconds (no Qt).

New cues that arrive while one is held wait as "pending" (only the newest is kept) and are
shown once the hold expires, so the glanceable cue never flickers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from interhuman_desktop.session.timeline import SessionTimeline

NOTABLE = ("medium", "high")


@dataclass(frozen=True)
class Cue:
    """What the live cue shows: a title, its rationale and the recording time it refers to
    (``t``: a feedback's time, a signal's end, or its last update while it is still going on:
    ``ongoing``, since ``since``)."""

    key: tuple[str, float]
    title: str
    detail: str = ""
    t: float = 0.0
    kind: str = "signal"  # "signal" or "feedback"
    ongoing: bool = False
    since: float = 0.0


class CueHold:
    """Shows a cue for at least ``hold`` seconds; the newest pending cue replaces it after."""

    def __init__(self, hold: float = 4.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.hold = hold
        self._clock = clock
        self._current: Cue | None = None
        self._shown_at = 0.0
        self._pending: Cue | None = None

    @property
    def current(self) -> Cue | None:
        return self._current

    def offer(self, cue: Cue | None) -> Cue | None:
        """Propose a cue; returns what should be shown now."""
        if cue is not None and self._current is not None and cue.key == self._current.key:
            self._current = cue  # the same cue, updated (e.g. it ended): no new hold
            if self._pending is not None and self._pending.key == cue.key:
                self._pending = None
        elif cue is not None and cue != self._current:
            self._pending = cue
        return self.tick()

    def tick(self) -> Cue | None:
        """Advance time: promote the pending cue once the hold has expired."""
        now = self._clock()
        if self._pending is not None and (
            self._current is None or now - self._shown_at >= self.hold
        ):
            self._current, self._pending = self._pending, None
            self._shown_at = now
        return self._current

    def clear(self) -> None:
        self._current = self._pending = None


def cue_from_timeline(timeline: SessionTimeline) -> Cue | None:
    """The newest of: the latest feedback text, the latest notable (medium/high) signal."""
    best: Cue | None = None
    for interval in timeline.signals:
        if interval.probability not in NOTABLE:
            continue
        t = interval.history[-1][0] if interval.history else interval.start
        t = t if interval.end is None else max(t, interval.end)
        if best is None or t >= best.t:
            title = f"{interval.signal_type.capitalize()} ({interval.probability})"
            best = Cue((interval.signal_type, interval.start), title, interval.rationale or "",
                       t, "signal", interval.end is None, interval.start)
    if timeline.feedback:
        t, text = timeline.feedback[-1]
        if best is None or t >= best.t:
            best = Cue(("feedback", t), "Feedback", text, t, "feedback")
    return best


FRESH_S = 10.0  # a cue this recent is shown at full strength
FADED_S = 40.0  # ... and fades linearly to FADED_OPACITY by this age
FADED_OPACITY = 0.3
GONE_S = 90.0  # older than this, the overlay goes back to "Listening…"


def cue_age_text(age: float) -> str:
    """How long ago the cue's moment was: "just now", "3 s ago", "1 min 5 s ago"."""
    seconds = max(0, int(age))
    if seconds < 1:
        return "just now"
    if seconds < 60:
        return f"{seconds} s ago"
    return f"{seconds // 60} min {seconds % 60} s ago"


def cue_when_text(cue: Cue, now: float) -> str:
    """"now · for 22 s" while the cue's signal goes on; else its age from its end."""
    if cue.ongoing:
        lasted = max(0, int(now - cue.since))
        return "now" if lasted < 1 else f"now · for {cue_age_text(lasted).removesuffix(' ago')}"
    return cue_age_text(now - cue.t)


def cue_age(cue: Cue, now: float) -> float:
    """Seconds since the cue's moment: 0 while its signal goes on."""
    return 0.0 if cue.ongoing else max(0.0, now - cue.t)


def cue_opacity(age: float) -> float:
    """1 while fresh, then a linear fade to :data:`FADED_OPACITY` (never invisible)."""
    if age <= FRESH_S:
        return 1.0
    if age >= FADED_S:
        return FADED_OPACITY
    share = (age - FRESH_S) / (FADED_S - FRESH_S)
    return 1.0 - share * (1.0 - FADED_OPACITY)
