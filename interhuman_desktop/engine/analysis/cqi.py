"""Conversation Quality Index from measured cues (documented in docs/analyzer.md).

Each dimension starts at 50 ("no evidence") and moves only with a cue that bears on it; every
term is a clipped linear score in -1..1 times a weight. ``learning`` has no cue (it needs
words) and stays 50. ``quality_index`` is the mean of the five dimensions.

Every term names its cue (``Scores.basis``), and the overall section carries
``basis: {dimension: [cue, …]}`` (the cues that moved it, most windows first): the app shows
which cues a score came from, and "no evidence" for a dimension nothing bore on. The basis is
an extra field: SDK models ignore it, the numbers do not depend on it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from interhuman_desktop.core.quality import DIMENSIONS

from .cues import WindowCues

NEUTRAL = 50.0


def _clip(x: float) -> float:
    return max(-1.0, min(1.0, x))


@dataclass
class Scores:
    """One window's dimension scores and which dimensions had evidence."""

    values: dict[str, float] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, NEUTRAL))
    evidence: set[str] = field(default_factory=set)
    basis: dict[str, list[str]] = field(default_factory=dict)  # dimension → cues, in order

    def add(self, dim: str, points: float, cue: str) -> None:
        self.values[dim] = max(0.0, min(100.0, self.values[dim] + points))
        self.evidence.add(dim)
        cues = self.basis.setdefault(dim, [])
        if cue not in cues:
            cues.append(cue)


def window_scores(c: WindowCues) -> Scores:
    s = Scores()
    if c.speaking_ratio is not None:
        long_pauses = min(len(c.long_pauses), 4)
        s.add("clarity", 20 * _clip((c.speaking_ratio - 0.3) / 0.3) + 20 * (1 - long_pauses / 2),
              "speaking time and long pauses")
        s.add("energy", 20 * _clip((c.speaking_ratio - 0.4) / 0.4), "speaking time")
    if c.loudness_db is not None:
        s.add("energy", 15 * _clip((c.loudness_db + 28) / 10), "loudness")
    if c.pitch_spread_st is not None:  # a lively voice varies its pitch; a monotone one does not
        s.add("energy", 10 * _clip((c.pitch_spread_st - 2.0) / 2.0), "pitch variety")
    if c.loudness_spread_db is not None:
        s.add("authority", 20 * _clip((5 - c.loudness_spread_db) / 3), "steady loudness")
    if c.face_ratio is not None and c.centred_ratio is not None:
        facing = c.facing_ratio if c.facing_ratio is not None else c.face_ratio
        s.add("authority", 15 * _clip((facing - 0.5) / 0.4), "facing the camera")
        s.add("rapport", 25 * _clip((c.centred_ratio - 0.5) / 0.4), "centred in the frame")
    if c.gaze_ratio is not None:  # eye contact
        s.add("rapport", 10 * _clip((c.gaze_ratio - 0.5) / 0.4), "eye contact")
    if c.nods is not None and c.nods >= 2:  # nodding along: an attentive listener
        s.add("rapport", 5.0, "nodding")
    _expression_scores(s, c)
    return s


def _expression_scores(s: Scores, c: WindowCues) -> None:
    """Facial expression (FaceMesh + model): smiling warms rapport; an animated face (any
    expression but neutral) adds energy, a blank one takes a little."""
    if c.happy_ratio is not None:
        s.add("rapport", 15 * _clip(c.happy_ratio / 0.4), "smiling")
    if c.expression_mean is not None:
        expressive = 1.0 - c.expression_mean[0]  # expression.LABELS[0] is "neutral"
        s.add("energy", 10 * _clip((expressive - 0.2) / 0.3), "facial expression")


def values(dims: dict[str, float]) -> dict[str, float]:
    """A ``ConversationQualityValues`` payload: the five (rounded) plus their mean."""
    out = {d: round(dims[d], 1) for d in DIMENSIONS}
    return {"quality_index": round(sum(out.values()) / len(DIMENSIONS), 1), **out}


class CQAccumulator:
    """Overall CQI: per dimension, the mean over windows that had evidence for it (else 50)."""

    def __init__(self) -> None:
        self._sum = dict.fromkeys(DIMENSIONS, 0.0)
        self._count = dict.fromkeys(DIMENSIONS, 0)
        self._cues: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}

    def add(self, scores: Scores) -> None:
        for dim in scores.evidence:
            self._sum[dim] += scores.values[dim]
            self._count[dim] += 1
        for dim, cues in scores.basis.items():
            self._cues[dim].update(cues)

    def basis(self) -> dict[str, list[str]]:
        """Per dimension with evidence: its cues, the one in most windows first."""
        return {d: [cue for cue, _n in self._cues[d].most_common()]
                for d in DIMENSIONS if self._cues[d]}

    def overall(self) -> dict[str, float]:
        dims = {
            d: self._sum[d] / self._count[d] if self._count[d] else NEUTRAL for d in DIMENSIONS
        }
        return values(dims)
