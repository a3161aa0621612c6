"""The cue analyser's per-session stream state: hop boundaries → protocol events."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import DecodedMedia, Event, SessionOptions, StreamAnalysis
from .cqi import CQAccumulator, values
from .cues import PAUSE_CONTEXT, CueTimeline
from .feedback import tips
from .signal import SignalEstimate
from .windows import WINDOW, WindowOutcome, analyse, boundaries, tail_window

log = logging.getLogger(__name__)

CQ_OVERALL = "conversation_quality_overall"
CQ_TIMELINE = "conversation_quality_timeline"


@dataclass
class _Open:
    start: float
    estimate: SignalEstimate


def signal_data(sig: SignalEstimate, start: float) -> dict[str, Any]:
    return {
        "signal_type": sig.type,
        "start": round(start, 3),
        "probability": sig.probability,
        "rationale": sig.rationale,
        "modality": list(sig.modality),
    }


class CueStream(StreamAnalysis):
    """Cues are measured on every feed; windows are analysed as hop boundaries pass."""

    def __init__(self, options: SessionOptions, prefer_mesh: bool = True) -> None:
        self._lock = threading.Lock()
        self._timeline = CueTimeline(prefer_mesh)
        self._prefetch = self._timeline.prefetcher()
        self._last_boundary = 0.0
        self._open: dict[str, _Open] = {}
        self._last_end: dict[str, float] = {}
        self._state: str | None = None
        self._cq = CQAccumulator()
        self._tip_key: str | None = None
        self._finished = False
        self._include: set[str] = set()
        self._goals: list[str] = []
        self.configure(options)

    def configure(self, options: SessionOptions) -> None:
        with self._lock:
            self._include = {f for f in options.include if f in (CQ_OVERALL, CQ_TIMELINE)}
            goals = list(options.goal_dimensions or [])
            if goals != self._goals:
                self._tip_key = None  # new goals: the next useful tip is worth sending
            self._goals = goals

    def prefetch(self, image: np.ndarray) -> None:
        """An analysis picture of the segment being decoded, in order (the decoder's
        ``on_image``): FaceMesh starts on it now (prefetch.py); ``feed`` uses the result."""
        if self._prefetch is not None and not self._finished:
            self._prefetch.put(image)

    def feed(self, media: DecodedMedia) -> list[Event]:
        with self._lock:
            if self._finished:
                return []
            found = self._prefetch.take() if self._prefetch is not None else None
            self._timeline.add(media, found)
            events: list[Event] = []
            for boundary in boundaries(self._last_boundary, self._timeline.end):
                outcome = analyse(
                    self._timeline, boundary - WINDOW, boundary, self._last_boundary
                )
                events += self._transitions(outcome)
                self._last_boundary = boundary
            # keep what the next window or the tail window [end - 8, end) may still need
            self._timeline.prune(self._last_boundary - WINDOW - PAUSE_CONTEXT)
            return events

    def finish(self) -> list[Event]:
        with self._lock:
            if self._finished:
                return []
            self._finished = True
            self._close_prefetch()
            self._timeline.close()
            end = round(self._timeline.end, 3)
            events: list[Event] = []
            tail = tail_window(self._last_boundary, end)
            if tail is not None:
                events += self._transitions(
                    analyse(self._timeline, tail[0], tail[1], self._last_boundary)
                )
            for kind in sorted(self._open):
                events.append(("signal.ended", {"signal_type": kind, "end": round(end, 3)}))
            self._open.clear()
            return events

    def close(self) -> None:
        with self._lock:  # waits for a feed still running on a worker
            self._finished = True
            self._close_prefetch()
            self._timeline.close()

    def _close_prefetch(self) -> None:
        if self._prefetch is not None:
            self._prefetch.close()  # before the tracker closes: a picture may be in FaceMesh

    def _transitions(self, o: WindowOutcome) -> list[Event]:
        events = self._signal_events(o)
        for start, state in o.states:
            if state != self._state:
                self._state = state
                events.append(("engagement.updated", {"state": state, "start": start}))
        self._cq.add(o.scores)
        if self._include:
            events.append(("conversation_quality.updated", self._cq_data(o)))
        events += self._feedback(o)
        return events

    def _signal_events(self, o: WindowOutcome) -> list[Event]:
        events: list[Event] = []
        for kind in sorted(set(self._open) - set(o.signals)):
            del self._open[kind]
            self._last_end[kind] = o.period_start  # end of the last window that had it
            events.append(("signal.ended", {"signal_type": kind, "end": o.period_start}))
        for kind, sig in sorted(o.signals.items()):
            current = self._open.get(kind)
            if current is None:
                start = max(o.window_start, self._last_end.get(kind, 0.0))
                self._open[kind] = _Open(start, sig)
                events.append(("signal.detected", signal_data(sig, start)))
            elif (sig.probability, sig.rationale) != (
                current.estimate.probability,
                current.estimate.rationale,
            ):
                current.estimate = sig
                events.append(("signal.updated", signal_data(sig, current.start)))
        return events

    def _cq_data(self, o: WindowOutcome) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if CQ_OVERALL in self._include:
            data["overall"] = self._cq.overall()
            data["basis"] = self._cq.basis()  # the cues behind it so far, as the upload sends
        if CQ_TIMELINE in self._include:
            scores = values(o.scores.values)
            data["timeline"] = [{"start": o.period_start, "end": o.period_end, "values": scores}]
        return data

    def _feedback(self, o: WindowOutcome) -> list[Event]:
        if not self._goals:
            return []
        found = tips(o.cues, self._goals)
        if not found or found[0].key == self._tip_key:
            return []
        self._tip_key = found[0].key
        return [("feedback.generated", {"feedback": found[0].message})]
